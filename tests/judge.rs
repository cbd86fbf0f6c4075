//! The judge's design rules (issue 12), each played with the real git CLI through the built
//! binary: objectives with nothing to judge say so, identity over paths, meaning over bytes.

use crate::common::*;

/// An objective about something the learner has not made yet is not ticked: it says what to
/// do first, counts as not met (`fail`, with `pending`), and shows a dash, not a tick or cross.
#[test]
fn an_objective_with_nothing_to_judge_says_what_to_do_first() {
    let env = Env::new(Flavour::Normal);
    // After `reset --hard v1.1.0` main holds no rollback commit at all.
    let dir = env.played("release-rollback", "reset", "git reset -q --hard v1.1.0");
    let (status, report) = env.check_json(&dir);
    assert_eq!(status, 1);
    let only = objective(&report, "only-manifest");
    assert_eq!(only["status"], "fail", "{only}");
    assert_eq!(only["pending"], true, "{only}");
    assert_eq!(
        only["message"],
        "Nothing to judge yet: make the rollback commit on top of main first."
    );
    let done = objective(&report, "manifest-110");
    assert!(done.get("pending").is_none(), "{done}");

    // A fresh mid-flight-hotfix: no hotfix worktree was ever made, so none is "gone".
    let dir = env.start("mid-flight-hotfix", "fresh");
    let (_, report) = env.check_json(&dir);
    let gone = objective(&report, "worktree-removed");
    assert_eq!(gone["status"], "fail");
    assert_eq!(gone["pending"], true);
    let out = env.kata(&["check", "--dir", path_str(&dir)]);
    let text = stdout(&out);
    assert!(
        text.contains("  – The hotfix worktree is gone, removed with git\n      Nothing to judge yet: make hotfix/image-patch"),
        "{text}"
    );
}

/// The gits a learner may have, each as the directory put first on PATH: "" for the git
/// already first there, and Debian's older one (the scenarios' `OLD_GIT_DIR`) where it is
/// installed, as tests/scenarios plays them.
fn gits() -> Vec<&'static str> {
    let old = crate::scenarios::OLD_GIT_DIR;
    let mut gits = vec![""];
    if std::path::Path::new(old).join("git").exists() {
        gits.push(old);
    }
    gits
}

/// Starts `lesson` and plays `script` as the learner with `git` (a directory from `gits()`)
/// first on PATH and `extra` appended to the learner's global config; returns the sandbox and
/// `check --json`'s report.
fn judged(
    env: &Env,
    git: &str,
    lesson_id: &str,
    name: &str,
    extra: &str,
    script: &str,
) -> (std::path::PathBuf, serde_json::Value) {
    let config = env.home.join(".gitconfig");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(extra);
    std::fs::write(&config, text).unwrap();
    let dir = env.start(lesson_id, name);
    let path = std::env::join_paths(
        std::iter::once(std::path::PathBuf::from(git))
            .filter(|dir| !dir.as_os_str().is_empty())
            .chain(std::env::split_paths(
                &std::env::var_os("PATH").unwrap_or_default(),
            )),
    )
    .unwrap();
    let out = env
        .command("bash", &dir.join(first_repo(&lesson(lesson_id))))
        .arg("-c")
        .arg(format!("set -e\n{script}"))
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{git}: {script}\n{}", describe(&out));
    let (_, report) = env.check_json(&dir);
    (dir, report)
}

fn status_of(report: &serde_json::Value, id: &str) -> String {
    objective(report, id)["status"]
        .as_str()
        .unwrap()
        .to_string()
}

fn message_of(report: &serde_json::Value, id: &str) -> String {
    objective(report, id)["message"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Class 1: a worktree is followed by its registration and branch, not by a path. One left at
/// another path is not "gone"; a clone pushed back is not a worktree.
#[test]
fn worktrees_are_judged_by_identity_not_by_path() {
    for git in gits() {
        let env = Env::new(Flavour::Normal);
        let fix = "cd ../hotfix && sed -i 's/v1.0.0/v1.0.1/' deployment.yaml && git commit -qam Hotfix && cd -";
        let (_, report) = judged(
            &env,
            git,
            "mid-flight-hotfix",
            "left",
            "",
            &format!("git worktree add -q -b hotfix/image-patch ../hotfix main\n{fix}"),
        );
        assert_eq!(status_of(&report, "worktree-removed"), "fail", "{git}");
        let said = message_of(&report, "worktree-removed");
        assert!(
            said.contains("../hotfix") && said.contains("git worktree remove"),
            "{said}"
        );

        let (_, report) = judged(
            &env,
            git,
            "mid-flight-hotfix",
            "removed",
            "",
            &format!(
                "git worktree add -q -b hotfix/image-patch ../hotfix main\n{fix}\ngit worktree remove ../hotfix"
            ),
        );
        assert_eq!(report["status"], "pass", "{git}: {report:#}");

        let (_, report) = judged(
            &env,
            git,
            "mid-flight-hotfix",
            "cloned",
            "",
            "git clone -q . ../clone\ncd ../clone\ngit switch -q -c hotfix/image-patch origin/main\nsed -i 's/v1.0.0/v1.0.1/' deployment.yaml\ngit -c user.name=L -c user.email=l@x commit -qam Hotfix\ngit push -q origin hotfix/image-patch\ncd -\nrm -rf ../clone",
        );
        assert_eq!(status_of(&report, "worktree-removed"), "fail", "{git}");
        assert!(message_of(&report, "worktree-removed").contains("pushed or fetched here"));

        // No worktree at all (stash and switch): nothing was removed, so "gone" is not met.
        let (_, report) = judged(
            &env,
            git,
            "mid-flight-hotfix",
            "stashed",
            "",
            "git stash -q\ngit switch -q main\ngit switch -q -c hotfix/image-patch\nsed -i 's/v1.0.0/v1.0.1/' deployment.yaml\ngit commit -qam Hotfix\ngit switch -q feature/reliability-upgrade\ngit stash pop -q",
        );
        assert_eq!(status_of(&report, "worktree-removed"), "fail", "{git}");
        assert!(
            message_of(&report, "worktree-removed").contains("not in a linked worktree"),
            "{git}: {report:#}"
        );

        // A worktree in the wrong place is named where it is.
        let (_, report) = judged(
            &env,
            git,
            "parallel-features",
            "elsewhere",
            "",
            "git worktree add -q ../somewhere-a feature/a-awesome-feature",
        );
        let said = message_of(&report, "worktree-a");
        assert!(
            said.contains("../somewhere-a") && said.contains("git worktree move"),
            "{said}"
        );

        // Outside the sandbox, at an absolute path: named as it is, so that the command
        // quoted works as written (not `..//tmp/...`).
        let outside = env.path(&format!("outside-{}", git.len()));
        let (_, report) = judged(
            &env,
            git,
            "mid-flight-hotfix",
            "absolute",
            "",
            &format!(
                "git worktree add -q -b hotfix/image-patch '{}' main",
                outside.display()
            ),
        );
        let said = message_of(&report, "worktree-removed");
        let quoted = format!("git worktree remove {}", outside.display());
        assert!(said.contains(&quoted) && !said.contains("..//"), "{said}");
    }
}

/// Class 2: files by meaning. No final newline, CRLF, a comment after a value: the same
/// content. A value under the wrong key, or another key changed too: not the same. Patterns
/// are never shown.
#[test]
fn content_is_judged_by_meaning_not_bytes() {
    for git in gits() {
        let env = Env::new(Flavour::Normal);
        let (_, report) = judged(
            &env,
            git,
            "stash-untracked",
            "newline",
            "",
            "echo v2 > config.txt\nprintf secret-key > .env\ngit stash push -q -u -m 'WIP on new config and secrets'\ngit stash apply -q stash@{0}",
        );
        assert_eq!(report["status"], "pass", "{git}: {report:#}");

        let features = "git worktree add -q ../core-feature-a feature/a-awesome-feature\ngit worktree add -q ../core-feature-b feature/b-search\n";
        let (_, report) = judged(
            &env,
            git,
            "parallel-features",
            "comment",
            "",
            &format!(
                "{features}cd ../core-feature-a\nsed -i 's/awesome: false/awesome: true  # note/' services/service-a/config.yaml\ngit commit -qam A\ncd ../core-feature-b\nsed -i 's/enabled: false/enabled: true/' services/service-b/config.yaml\ngit commit -qam B"
            ),
        );
        assert_eq!(report["status"], "pass", "{git}: {report:#}");

        let (_, report) = judged(
            &env,
            git,
            "parallel-features",
            "wrong-key",
            "",
            &format!(
                "{features}cd ../core-feature-b\nprintf 'enabled: true\\n' >> services/service-b/config.yaml\nsed -i 's/port: 8081/port: 9090/' services/service-b/config.yaml\ngit commit -qam B"
            ),
        );
        assert_eq!(status_of(&report, "feature-b-commit"), "fail");
        let said = message_of(&report, "feature-b-commit");
        assert!(
            said.contains("port (now 9090)") && said.contains("enabled"),
            "{said}"
        );
        let all = report.to_string();
        assert!(
            !all.contains("(?m)") && !all.contains("\\\\s"),
            "a pattern was shown: {all}"
        );
    }
}

/// Class 3: a stash holding the right files passes wherever git put the new one (staged
/// first, it sits in the index part rather than the untracked parent).
#[test]
fn stash_content_is_judged_regardless_of_layout() {
    for git in gits() {
        let env = Env::new(Flavour::Normal);
        let (_, report) = judged(
            &env,
            git,
            "stash-untracked",
            "staged",
            "",
            "echo v2 > config.txt\necho secret-key > .env\ngit add .env\ngit stash push -q -m 'WIP on new config and secrets'\ngit stash apply -q stash@{0}",
        );
        assert_eq!(report["status"], "pass", "{git}: {report:#}");
    }
}

/// Class 4: stash names as `git stash list` shows them; word tests ignore case.
#[test]
fn names_are_judged_as_git_shows_them() {
    for git in gits() {
        let env = Env::new(Flavour::Normal);
        let (_, report) = judged(
            &env,
            git,
            "stash-message",
            "store",
            "",
            "id=$(git stash create)\ngit stash store -m 'Black Friday sizing: more replicas' \"$id\"\ngit restore values.yaml",
        );
        assert_eq!(report["status"], "pass", "{git}: {report:#}");
        assert_eq!(report["mistakes"].as_array().unwrap().len(), 0);

        let (_, report) = judged(
            &env,
            git,
            "stash-untracked",
            "store-default",
            "",
            "echo v2 > config.txt\necho secret-key > .env\nid=$(git stash create)\ngit stash store -m 'WIP on new config and secrets' \"$id\"\ngit restore config.txt",
        );
        // Named right, and not taken for git's automatic name.
        assert_eq!(status_of(&report, "stashed"), "pass", "{report:#}");
        assert!(!mistake_ids(&report).contains(&"default-message".to_string()));

        let (_, report) = judged(
            &env,
            git,
            "worktree-lock",
            "upper",
            "",
            "git worktree lock --reason 'On the USB DISK' ../usb-disk/k8s-operator-soak",
        );
        assert_eq!(report["status"], "pass", "{git}: {report:#}");
    }
}

/// Class 5: a branch made at the stash's index commit has the right base as an ancestor, but
/// does not start there.
#[test]
fn bases_are_judged_exactly() {
    for git in gits() {
        let env = Env::new(Flavour::Normal);
        let (_, report) = judged(
            &env,
            git,
            "stash-branch",
            "index-commit",
            "",
            "git branch recovered-auth-work 'stash@{0}^2'",
        );
        assert_eq!(status_of(&report, "branch-at-stash-base"), "fail");
        assert!(message_of(&report, "branch-at-stash-base").contains("existed before you began"));
        assert!(!mistake_ids(&report).contains(&"branched-from-tip".to_string()));
    }
}

/// Class 6: the learner's own config. With core.autocrlf=true a submodule the learner cloned
/// is clean when `git status` says so; a guard set globally is caught, with how to unset it.
#[test]
fn the_learners_config_is_read_where_git_reads_it() {
    let solution = &lesson("feature-submodule").lesson.solution;
    for git in gits() {
        let env = Env::new(Flavour::Normal);
        let (dir, report) = judged(
            &env,
            git,
            "feature-submodule",
            "crlf",
            "[core]\n\tautocrlf = true\n",
            solution,
        );
        let repo = dir.join("core-project");
        assert_eq!(
            env.git(&repo, &["status", "--porcelain"]),
            "",
            "git says clean"
        );
        assert_eq!(report["status"], "pass", "{git}: {report:#}");

        let (_, report) = judged(
            &env,
            git,
            "feature-submodule",
            "guard",
            "[protocol \"file\"]\n\tallow = always\n",
            solution,
        );
        assert_eq!(status_of(&report, "guard-kept"), "fail");
        assert!(
            message_of(&report, "guard-kept")
                .contains("git config --global --unset protocol.file.allow")
        );
    }
}

/// Class 8: a mistake is reported only when its whole condition holds.
#[test]
fn diagnoses_need_their_whole_condition() {
    let env = Env::new(Flavour::Normal);
    // Another entry dropped is not the database entry popped.
    let (_, report) = judged(
        &env,
        "",
        "stash-stack",
        "other-dropped",
        "",
        "git stash apply -q 'stash@{1}'\ngit stash drop -q 'stash@{0}'",
    );
    assert!(
        !mistake_ids(&report).contains(&"popped".to_string()),
        "{report:#}"
    );

    // A dropped stash in stash-branch is recognised, and "the stash is gone" is not ticked.
    let (_, report) = judged(&env, "", "stash-branch", "dropped", "", "git stash drop -q");
    assert_eq!(mistake_ids(&report), ["stash-dropped"]);
    assert_eq!(objective(&report, "stash-gone")["pending"], true);

    // .gitmodules left uncommitted is not an embedded repository.
    let (_, report) = judged(
        &env,
        "",
        "feature-submodule",
        "uncommitted-gitmodules",
        "",
        "git -c protocol.file.allow=always submodule add -q ../feature-a-repo services/feature-a\ngit commit -qm 'Add feature-a' -- services/feature-a",
    );
    assert!(
        !mistake_ids(&report).contains(&"embedded-repo".to_string()),
        "{report:#}"
    );
}
