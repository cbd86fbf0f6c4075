//! Every built-in lesson, played through the built binary and the real git CLI, on a friendly and
//! on a hostile machine: not solved as built, solved by its solution, failed by each mistake with
//! that mistake recognised. Then the messages a learner reads for the classic mistakes, and the
//! determinism of the builder.

use crate::common::*;

/// Plays every lesson of the catalog (so that lessons added later are covered too) and returns
/// what went wrong, rather than stopping at the first problem.
fn play_every_lesson(flavour: Flavour) {
    let env = Env::new(flavour);
    let mut failures: Vec<String> = Vec::new();
    let catalog = catalog();
    assert!(!catalog.lessons.is_empty());
    for (_, lesson) in &catalog.lessons {
        let id = lesson.id();
        let repo = first_repo(lesson);
        let mut fail = |what: String| failures.push(format!("[{flavour:?}] {id}: {what}"));

        // As built: start succeeds, check runs and fails.
        let dir = env.start(id, &format!("{id}-fresh"));
        let (exit, report) = env.check_json(&dir);
        if exit != 1 || report["status"] != "fail" {
            fail(format!(
                "as built, check should exit 1 with status fail; got {exit} and {}",
                report["status"]
            ));
        }
        if let Some(problems) = fsck(&env, lesson, &dir) {
            fail(format!("as built, git fsck finds problems:\n{problems}"));
        }
        // The learner's own commits and tags work on this machine, without an identity of their own.
        let made = env.bash(
            "git commit --allow-empty -q -m 'learner commit'\n\
             git tag -a learner-tag -m 'learner tag'\n\
             git log -1 --format=%an",
            &dir.join(&repo),
        );
        if !made.status.success() {
            fail(format!(
                "the learner cannot commit or tag in a fresh sandbox:\n{}",
                describe(&made)
            ));
        }

        // The reference solution passes.
        let dir = env.start(id, &format!("{id}-solution"));
        let run = env.learner(&lesson.lesson.solution, &dir.join(&repo));
        if !run.status.success() {
            fail(format!("the solution fails:\n{}", describe(&run)));
        } else {
            let out = env.kata(&["check", "--dir", path_str(&dir)]);
            if code(&out) != 0 {
                fail(format!(
                    "check after the solution should exit 0:\n{}",
                    describe(&out)
                ));
            }
            if let Some(problems) = fsck(&env, lesson, &dir) {
                fail(format!(
                    "after the solution, git fsck finds problems:\n{problems}"
                ));
            }
        }

        // Each mistake fails the lesson and is recognised by its own id.
        for (i, mistake) in lesson.lesson.mistakes.iter().enumerate() {
            let mid = &mistake.id.value;
            let dir = env.start(id, &format!("{id}-mistake-{i}"));
            let run = env.learner(&mistake.commands, &dir.join(&repo));
            if !run.status.success() {
                fail(format!(
                    "the commands of mistake {mid} fail:\n{}",
                    describe(&run)
                ));
                continue;
            }
            let (exit, report) = env.check_json(&dir);
            if exit != 1 {
                fail(format!("after mistake {mid}, check exits {exit}, not 1"));
            }
            let seen = mistake_ids(&report);
            if !seen.contains(mid) {
                fail(format!(
                    "mistake {mid} is not recognised; recognised: {seen:?}\n{report:#}"
                ));
            }
            // The learner reads the mistake's message, every line of it, in the checklist.
            let human = stdout(&env.kata(&["check", "--dir", path_str(&dir)]));
            let heading = format!("Recognised mistake ({mid}):");
            if !human.contains(&heading)
                || !mistake
                    .message
                    .lines()
                    .all(|line| human.contains(line.trim()))
            {
                fail(format!(
                    "the checklist does not show mistake {mid}'s message:\n{human}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// What `git fsck --strict` finds wrong in the sandbox's repositories, if anything. git-kata
/// turns off libgit2's own checks of the objects it reads and writes (see `lib.rs`), so git
/// itself vouches for every object, ref and index the builder makes.
fn fsck(env: &Env, lesson: &git_kata::lesson::Loaded, dir: &std::path::Path) -> Option<String> {
    let problems: Vec<String> = lesson
        .lesson
        .repos
        .iter()
        .filter_map(|repo| {
            let name = &repo.name.value;
            let out = env.bash(
                "git fsck --strict --no-dangling --no-progress",
                &dir.join(name),
            );
            let quiet = out.stdout.is_empty() && out.stderr.is_empty();
            (!out.status.success() || !quiet).then(|| format!("{name}: {}", describe(&out)))
        })
        .collect();
    (!problems.is_empty()).then(|| problems.join("\n"))
}

#[test]
fn every_lesson_plays_through_with_a_normal_git_config() {
    play_every_lesson(Flavour::Normal);
}

#[test]
fn every_lesson_plays_through_with_a_hostile_git_config() {
    play_every_lesson(Flavour::Hostile);
}

/// Builds `lesson`, plays `mistake`'s commands, and returns the human checklist and the report.
fn after_mistake(env: &Env, lesson_id: &str, mistake: &str) -> (String, serde_json::Value) {
    let dir = env.played(
        lesson_id,
        &format!("{lesson_id}-{mistake}"),
        &mistake_commands(lesson_id, mistake),
    );
    let out = env.kata(&["check", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let (_, report) = env.check_json(&dir);
    (stdout(&out), report)
}

fn assert_mentions(text: &str, needles: &[&str], context: &str) {
    for needle in needles {
        assert!(
            text.contains(needle),
            "{context}: the learner should read `{needle}`:\n{text}"
        );
    }
}

#[test]
fn a_stash_without_u_is_explained_with_u() {
    let env = Env::new(Flavour::Normal);
    let (human, report) = after_mistake(&env, "stash-untracked", "forgot-untracked");
    assert_eq!(mistake_ids(&report), ["forgot-untracked"]);
    let untracked = objective(&report, "untracked-in-stash");
    assert_eq!(untracked["status"], "fail");
    assert_mentions(
        untracked["message"].as_str().unwrap(),
        &[".env", "-u"],
        "the untracked-in-stash objective",
    );
    assert_mentions(
        &human,
        &["git stash push -u", "git stash drop"],
        "checklist",
    );
}

#[test]
fn a_pop_is_explained_with_apply() {
    let env = Env::new(Flavour::Normal);
    let (human, report) = after_mistake(&env, "stash-untracked", "popped");
    assert_eq!(mistake_ids(&report), ["popped"]);
    assert_eq!(objective(&report, "stash-kept")["status"], "fail");
    assert_eq!(objective(&report, "restored")["status"], "pass");
    assert_mentions(&human, &["git stash pop", "git stash apply"], "checklist");
}

#[test]
fn a_stash_without_a_message_is_recognised() {
    let env = Env::new(Flavour::Normal);
    let (human, report) = after_mistake(&env, "stash-untracked", "default-message");
    assert_eq!(mistake_ids(&report), ["default-message"]);
    let stashed = objective(&report, "stashed");
    assert_eq!(stashed["status"], "fail");
    assert_mentions(
        stashed["message"].as_str().unwrap(),
        &["stash@{0} is called \"WIP on main:"],
        "the stashed objective",
    );
    assert_mentions(
        &human,
        &["-m \"WIP on new config and secrets\""],
        "checklist",
    );
}

#[test]
fn deleting_the_hotfix_worktree_by_hand_is_explained_with_prune_and_remove() {
    let env = Env::new(Flavour::Normal);
    let (human, report) = after_mistake(&env, "mid-flight-hotfix", "rm-rf-worktree");
    assert_eq!(mistake_ids(&report), ["rm-rf-worktree"]);
    let removed = objective(&report, "worktree-removed");
    assert_eq!(removed["status"], "fail");
    assert_mentions(
        removed["message"].as_str().unwrap(),
        &["fleet-manager-hotfix", "git worktree remove"],
        "the worktree-removed objective",
    );
    assert_mentions(
        &human,
        &["git worktree prune", "git worktree remove"],
        "checklist",
    );
}

#[test]
fn stashing_and_switching_in_the_feature_directory_points_to_a_worktree() {
    let env = Env::new(Flavour::Normal);
    let (human, report) = after_mistake(&env, "mid-flight-hotfix", "stash-and-switch");
    assert_eq!(mistake_ids(&report), ["stash-and-switch"]);
    let never = objective(&report, "never-switched");
    assert_eq!(never["status"], "fail");
    assert_mentions(
        never["message"].as_str().unwrap(),
        &["switched branches", "feature/reliability-upgrade → main"],
        "the never-switched objective",
    );
    // The hotfix itself was right; only the way there was wrong.
    assert_eq!(objective(&report, "hotfix-commit")["status"], "pass");
    assert_mentions(
        &human,
        &["worktree", "git worktree add -b hotfix/image-patch"],
        "checklist",
    );
}

#[test]
fn a_hotfix_carrying_the_feature_shows_a_diff() {
    let env = Env::new(Flavour::Normal);
    let (human, report) = after_mistake(&env, "mid-flight-hotfix", "feature-leaked");
    assert_eq!(mistake_ids(&report), ["feature-leaked"]);
    let commit = objective(&report, "hotfix-commit");
    assert_eq!(commit["status"], "fail");
    let diff = &commit["diff"];
    assert!(diff["actual"].as_str().unwrap().contains("livenessProbe"));
    assert!(!diff["expected"].as_str().unwrap().contains("livenessProbe"));
    assert_mentions(
        &human,
        &[
            "+        livenessProbe:",
            // A change shown as itself: main's file before, the hotfix's after.
            "--- before: deployment.yaml in main",
            "+++ after:  deployment.yaml in hotfix/image-patch",
            "git branch -D hotfix/image-patch",
        ],
        "checklist",
    );
}

#[test]
fn committing_the_feature_is_recognised() {
    let env = Env::new(Flavour::Normal);
    let (_, report) = after_mistake(&env, "mid-flight-hotfix", "wip-commit");
    assert_eq!(mistake_ids(&report), ["wip-commit"]);
    assert_eq!(objective(&report, "feature-no-commits")["status"], "fail");
    assert_eq!(objective(&report, "hotfix-commit")["status"], "pass");
}

#[test]
fn forcing_the_checkout_past_a_stale_worktree_is_explained_with_prune() {
    let env = Env::new(Flavour::Normal);
    let (human, report) = after_mistake(&env, "orphaned-worktree", "ignored-other-worktrees");
    assert_eq!(mistake_ids(&report), ["ignored-other-worktrees"]);
    let stale = objective(&report, "no-stale-worktree");
    assert_eq!(stale["status"], "fail");
    assert_mentions(
        stale["message"].as_str().unwrap(),
        &["testing-env"],
        "the no-stale-worktree objective",
    );
    assert_mentions(&human, &["git worktree prune"], "checklist");
}

#[test]
fn reviving_the_deleted_worktree_is_recognised() {
    let env = Env::new(Flavour::Normal);
    let (human, report) = after_mistake(&env, "orphaned-worktree", "revived-worktree");
    assert_eq!(mistake_ids(&report), ["revived-worktree"]);
    assert_eq!(objective(&report, "branch-here")["status"], "fail");
    assert_mentions(&human, &["git worktree remove ../testing-env"], "checklist");
}

/// The fingerprint of every repository of a fresh sandbox of `lesson`.
fn fingerprints(env: &Env, lesson: &git_kata::lesson::Loaded, name: &str) -> Vec<String> {
    let dir = env.start(lesson.id(), name);
    lesson
        .lesson
        .repos
        .iter()
        .map(|r| fingerprint(env, &dir.join(&r.name.value)))
        .collect()
}

#[test]
fn the_same_lesson_gives_the_same_commit_ids_anywhere_under_any_config() {
    let normal = Env::new(Flavour::Normal);
    let hostile = Env::new(Flavour::Hostile);
    for (_, lesson) in &catalog().lessons {
        let id = lesson.id();
        let here = fingerprints(&normal, lesson, &format!("{id}-here"));
        let elsewhere = fingerprints(&normal, lesson, &format!("elsewhere/deeper/{id}"));
        let hostile_machine = fingerprints(&hostile, lesson, id);
        assert!(
            here.iter().all(|f| f.contains("refs/heads/")),
            "{}: no branch was listed, so nothing was compared:\n{here:?}",
            lesson.id()
        );
        assert_eq!(
            here,
            elsewhere,
            "{}: the sandbox's path changed ids",
            lesson.id()
        );
        assert_eq!(
            here,
            hostile_machine,
            "{}: the global git config changed ids",
            lesson.id()
        );
    }
}

/// The commit ids of the seed lessons, pinned: a change to the builder that changes them must be
/// deliberate, because lesson checks and saved answers may name them.
#[test]
fn the_seed_lessons_commit_ids_are_pinned() {
    let env = Env::new(Flavour::Normal);
    let mut pinned = String::new();
    for id in ["stash-untracked", "mid-flight-hotfix", "orphaned-worktree"] {
        let l = lesson(id);
        let dir = env.start(id, id);
        let repo = dir.join(first_repo(&l));
        pinned.push_str(&format!("# {id}\n"));
        pinned.push_str(&env.git(
            &repo,
            &["for-each-ref", "--format=%(refname) %(objectname)"],
        ));
    }
    insta::assert_snapshot!("seed_lesson_ids", pinned);
}

/// The hostile flavour must really be hostile, or the tests above prove nothing: outside a
/// sandbox, git on that machine starts on master and cannot commit for three separate reasons.
#[test]
fn the_hostile_config_breaks_git_outside_a_sandbox() {
    let env = Env::new(Flavour::Hostile);
    let plain = env.path("plain");
    std::fs::create_dir_all(&plain).unwrap();
    let init = env.git_output(&plain, &["init", "-q"]);
    assert!(
        stderr(&init).contains("ref updates aborted by hook"),
        "{}",
        describe(&init)
    );
    let no_hooks = ["-c", "core.hooksPath=/dev/null"];
    env.git(&plain, &[&no_hooks[..], &["init", "-q"]].concat());
    let head = env.git(&plain, &["symbolic-ref", "HEAD"]);
    assert_eq!(head.trim(), "refs/heads/master");
    let ignored = env.git_output(&plain, &["check-ignore", "-q", "config.txt"]);
    assert!(
        ignored.status.success(),
        "the global ignore file is not in effect"
    );
    let templated = std::fs::read_to_string(plain.join(".git/info/exclude")).unwrap();
    assert_eq!(templated, "*\n", "the template directory is not in effect");
    let commit = ["commit", "--allow-empty", "-q", "-m", "first"];
    let identity = ["-c", "user.name=A", "-c", "user.email=a@example.com"];
    let out = env.git_output(&plain, &[&no_hooks[..], &commit].concat());
    assert!(
        stderr(&out).contains("no email was given"),
        "{}",
        describe(&out)
    );
    let out = env.git_output(&plain, &[&identity[..], &commit].concat());
    assert!(stderr(&out).contains("hostile hook"), "{}", describe(&out));
    let out = env.git_output(&plain, &[&no_hooks[..], &identity, &commit].concat());
    assert!(
        stderr(&out).contains("gpg failed to sign"),
        "{}",
        describe(&out)
    );
}
/// A lesson about untracked files is useless if `git status` hides them: the sandbox must not
/// inherit `status.showUntrackedFiles=no`.
#[test]
fn git_status_shows_untracked_files_in_a_sandbox_on_any_machine() {
    for flavour in FLAVOURS {
        let env = Env::new(flavour);
        let dir = env.start("stash-untracked", "s");
        let repo = dir.join("stash-practice");
        std::fs::write(repo.join(".env"), "secret-key\n").unwrap();
        let status = env.git(&repo, &["status", "--porcelain"]);
        assert_eq!(status, "?? .env\n", "{flavour:?}");
        let status = env.git(&repo, &["status"]);
        assert!(
            status.contains("Untracked files:"),
            "{flavour:?}:\n{status}"
        );
    }
}

/// A lesson may set some config itself (`config` steps): its values win over the sandbox's own
/// settings, subsections included, and every other sandbox setting is still there.
#[test]
fn a_lessons_config_steps_win_over_the_sandbox_settings() {
    let env = Env::new(Flavour::Hostile);
    let text = tiny_with(
        "      - commit: { message: First, all: true }",
        "      - config: { key: status.showUntrackedFiles, value: \"no\" }\n      \
         - config: { key: color.diff.meta, value: blue }\n      \
         - commit: { message: First, all: true }",
    );
    let (pack, _) = pack(&env, "config-steps", &text);
    let out = env.kata(&["--lessons", path_str(&pack), "start", "tiny", "--dir", "s"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let repo = env.path("s/tiny-repo");
    let local = |key: &str| env.git(&repo, &["config", "--local", "--get", key]);
    assert_eq!(local("status.showUntrackedFiles"), "no\n");
    assert_eq!(local("color.diff.meta"), "blue\n");
    assert_eq!(local("core.hooksPath"), "/dev/null\n");
    assert_eq!(local("user.name"), "Kata Learner\n");
    assert_eq!(local("gc.reflogExpire"), "never\n");
    let status = env.git(&repo, &["status", "--porcelain"]);
    std::fs::write(repo.join("new.txt"), "x\n").unwrap();
    assert_eq!(
        env.git(&repo, &["status", "--porcelain"]),
        status,
        "the lesson asked git status to hide untracked files"
    );
}
