//! The command line as CONTRACT.md describes it: finding the sandbox from wherever the learner
//! stands, exit codes, start/reset/hint/list behaviour, and plain output when piped.

use std::path::Path;

use crate::common::*;

// ---------------------------------------------------------------------------------------------
// Discovery

#[test]
fn brief_shows_the_brief_again_from_a_linked_worktree_and_with_dir() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("mid-flight-hotfix", "sandbox");
    let repo = dir.join("k8s-fleet-manager");
    let hotfix = dir.join("fleet-manager-hotfix");
    env.git(
        &repo,
        &[
            "worktree",
            "add",
            "-b",
            "hotfix/image-patch",
            path_str(&hotfix),
            "main",
        ],
    );
    let sub = hotfix.join("deep/er");
    std::fs::create_dir_all(&sub).unwrap();

    let start_text = stdout(&env.kata(&["start", "mid-flight-hotfix", "--dir", "second"]));
    let brief_line = start_text
        .lines()
        .find(|l| l.contains("fleet-api:v1.0.1"))
        .expect("the brief names the target image")
        .to_string();
    for (cwd, args) in [
        (sub.as_path(), vec!["brief"]),
        (
            env.path("").as_path(),
            vec!["brief", "--dir", path_str(&dir)],
        ),
    ] {
        let out = env.kata_in(cwd, &args);
        assert_eq!(code(&out), 0, "{}", describe(&out));
        let text = stdout(&out);
        assert!(text.starts_with("mid-flight-hotfix — "), "{text}");
        assert!(text.contains(&brief_line), "{text}");
        assert!(text.contains(&format!("cd {}", repo.display())), "{text}");
    }

    let outside = env.kata_in(&env.path(""), &["brief"]);
    assert_eq!(code(&outside), 2, "{}", describe(&outside));
}

#[test]
fn check_and_hint_find_the_sandbox_from_anywhere_inside_it() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("mid-flight-hotfix", "sandbox");
    let repo = dir.join("k8s-fleet-manager");
    let subdir = repo.join("charts/templates");
    std::fs::create_dir_all(&subdir).unwrap();
    env.git(
        &repo,
        &["worktree", "add", "-q", "-b", "side", "../side-wt", "main"],
    );
    let elsewhere = env.root.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let outside = elsewhere.join("outside-wt");
    env.git(
        &repo,
        &[
            "worktree",
            "add",
            "-q",
            "-b",
            "outside",
            path_str(&outside),
            "main",
        ],
    );
    let outside_subdir = outside.join("nested");
    std::fs::create_dir_all(&outside_subdir).unwrap();

    let baseline = env.kata(&["check", "--dir", path_str(&dir)]);
    assert_eq!(code(&baseline), 1, "{}", describe(&baseline));
    assert!(stdout(&baseline).contains("mid-flight-hotfix"));

    let places: [(&str, &Path); 6] = [
        ("the sandbox", &dir),
        ("the repository", &repo),
        ("a subdirectory of the repository", &subdir),
        ("a linked worktree inside the sandbox", &dir.join("side-wt")),
        ("a linked worktree outside the sandbox", &outside),
        ("a subdirectory of that worktree", &outside_subdir),
    ];
    for (what, cwd) in places {
        let out = env.kata_in(cwd, &["check"]);
        assert_eq!(code(&out), 1, "check from {what}:\n{}", describe(&out));
        assert_eq!(
            stdout(&out),
            stdout(&baseline),
            "check from {what} reads another sandbox"
        );
        let out = env.kata_in(cwd, &["hint"]);
        assert_eq!(code(&out), 0, "hint from {what}:\n{}", describe(&out));
        assert!(
            stdout(&out).contains("Objective: hotfix/image-patch starts at main"),
            "hint from {what}:\n{}",
            describe(&out)
        );
    }

    // --dir names the sandbox from anywhere, by the sandbox or by anything inside it.
    for named in [&dir, &repo, &outside] {
        let out = env.kata_in(&elsewhere, &["check", "--dir", path_str(named)]);
        assert_eq!(code(&out), 1, "{}", describe(&out));
        assert_eq!(stdout(&out), stdout(&baseline));
    }
}

#[test]
fn outside_any_sandbox_check_hint_and_reset_say_so_and_exit_2() {
    let env = Env::new(Flavour::Normal);
    let plain_repo = env.path("plain-repo");
    std::fs::create_dir_all(&plain_repo).unwrap();
    env.git(&plain_repo, &["init", "-q"]);
    for cwd in [&env.work, &plain_repo] {
        for args in [
            &["check"][..],
            &["check", "--json"],
            &["hint"],
            &["reset", "--yes"],
        ] {
            let out = env.kata_in(cwd, args);
            assert_eq!(code(&out), 2, "{args:?}:\n{}", describe(&out));
            let err = stderr(&out);
            assert!(
                err.contains("is not inside a git-kata sandbox") && err.contains("--dir"),
                "{args:?}: {err}"
            );
            assert!(out.stdout.is_empty(), "{args:?}: {}", describe(&out));
        }
    }
    assert_eq!(
        std::fs::read_dir(&plain_repo).unwrap().count(),
        1,
        "reset touched a directory that is not a sandbox"
    );
    let out = env.kata(&["check", "--dir", path_str(&env.path("missing"))]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("missing"), "{}", describe(&out));
}

// ---------------------------------------------------------------------------------------------
// start

#[test]
fn start_refuses_a_non_empty_directory_and_leaves_it_alone() {
    let env = Env::new(Flavour::Normal);
    let dir = env.path("taken");
    std::fs::create_dir_all(dir.join("notes")).unwrap();
    std::fs::write(dir.join("keep.txt"), "mine\n").unwrap();
    let out = env.kata(&["start", "stash-untracked", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("not empty"), "{}", describe(&out));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["keep.txt", "notes"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("keep.txt")).unwrap(),
        "mine\n"
    );
    // Nothing was left next to it either.
    assert_eq!(std::fs::read_dir(&env.work).unwrap().count(), 1);
}

#[test]
fn start_builds_into_an_existing_empty_directory() {
    let env = Env::new(Flavour::Normal);
    let dir = env.path("empty");
    std::fs::create_dir(&dir).unwrap();
    let out = env.kata(&["start", "stash-untracked", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("stash-practice/config.txt")).unwrap(),
        "v1\n"
    );
    assert_eq!(code(&env.kata(&["check", "--dir", path_str(&dir)])), 1);
}

/// `mkdir kata && cd kata && git-kata start LESSON --dir .` is the obvious way to use an empty
/// directory one is already in.
#[test]
fn start_builds_into_the_current_empty_directory_named_dot() {
    let env = Env::new(Flavour::Normal);
    let here = env.path("here");
    std::fs::create_dir(&here).unwrap();
    for dot in [".", "./"] {
        let out = env.kata_in(&here, &["start", "stash-untracked", "--dir", dot]);
        assert_eq!(code(&out), 0, "--dir {dot}: {}", describe(&out));
        let repo = here.join("stash-practice");
        assert!(repo.join("config.txt").is_file(), "--dir {dot}");
        assert!(
            stdout(&out).contains(&format!("cd {}\n", repo.display())),
            "{}",
            describe(&out)
        );
        assert_eq!(code(&env.kata(&["check", "--dir", "here"])), 1);
        std::fs::remove_dir_all(&here).unwrap();
        std::fs::create_dir(&here).unwrap();
    }
}

#[test]
fn start_without_dir_builds_in_a_directory_named_after_the_lesson() {
    let env = Env::new(Flavour::Normal);
    let out = env.kata(&["start", "orphaned-worktree"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let repo = env.path("orphaned-worktree/k8s-operator");
    assert!(repo.join(".git").is_dir());
    assert!(
        stdout(&out).contains(&format!("cd {}", repo.display())),
        "{}",
        describe(&out)
    );
}

#[test]
fn start_of_an_unknown_lesson_suggests_the_closest_and_points_to_list() {
    let env = Env::new(Flavour::Normal);
    let out = env.kata(&["start", "stash-untrakced", "--dir", "x"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let err = stderr(&out);
    assert!(err.contains("`stash-untrakced`"), "{err}");
    assert!(err.contains("Did you mean `stash-untracked`?"), "{err}");
    assert!(
        err.contains(&format!(
            "`git-kata list` shows all {} lessons",
            catalog().lessons.len()
        )),
        "{err}"
    );
    assert!(!env.path("x").exists());
    let far = env.kata(&["start", "zzzzzzzz", "--dir", "x"]);
    assert_eq!(code(&far), 2);
    assert!(
        !stderr(&far).contains("Did you mean"),
        "no far-fetched suggestion: {}",
        stderr(&far)
    );
}

#[test]
fn a_usage_error_exits_2() {
    let env = Env::new(Flavour::Normal);
    for args in [
        &["check", "--no-such-flag"][..],
        &["start"],
        &["frobnicate"],
    ] {
        let out = env.kata(args);
        assert_eq!(code(&out), 2, "{args:?}:\n{}", describe(&out));
    }
}

/// Linked worktrees record absolute paths; a sandbox built elsewhere and moved into place must
/// point at its final place.
#[test]
fn worktree_registrations_point_into_the_sandbox() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("orphaned-worktree", "sandbox");
    let repo = dir.join("k8s-operator");
    let list = env.git(&repo, &["worktree", "list", "--porcelain"]);
    let expected = format!("worktree {}\n", dir.join("testing-env").display());
    assert!(list.contains(&expected), "{list}");
    assert!(list.contains("prunable"), "{list}");
    assert!(!list.contains(".git-kata-build"), "{list}");
}

// ---------------------------------------------------------------------------------------------
// reset

#[test]
fn reset_without_yes_off_a_terminal_changes_nothing() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-untracked", "s");
    let repo = dir.join("stash-practice");
    env.bash_ok("echo v2 > config.txt && git switch -q -c mine", &repo);
    let out = env.kata_in(&repo, &["reset"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("--yes"), "{}", describe(&out));
    assert_eq!(
        std::fs::read_to_string(repo.join("config.txt")).unwrap(),
        "v2\n"
    );
    assert_eq!(env.git(&repo, &["branch", "--show-current"]), "mine\n");
}

#[test]
fn reset_yes_rebuilds_the_sandbox_as_new() {
    for lesson in ["mid-flight-hotfix", "orphaned-worktree"] {
        let env = Env::new(Flavour::Hostile);
        let dir = env.start(lesson, "s");
        let l = crate::common::lesson(lesson);
        let repo = dir.join(first_repo(&l));
        let before = fingerprint(&env, &repo);
        env.bash_ok(
            "git worktree add -q -b learner ../learner-wt HEAD\n\
             git worktree prune\n\
             echo scribble > scribble.txt\n\
             git add scribble.txt && git commit -q -m scribble",
            &repo,
        );
        env.kata_in(&repo, &["hint"]);
        assert_ne!(fingerprint(&env, &repo), before);

        let out = env.kata_in(&repo, &["reset", "--yes"]);
        assert_eq!(code(&out), 0, "{lesson}: {}", describe(&out));
        assert!(
            stdout(&out).contains(&format!("cd {}", repo.display())),
            "{}",
            describe(&out)
        );
        assert_eq!(
            fingerprint(&env, &repo),
            before,
            "{lesson}: other commit ids"
        );
        assert!(!repo.join("scribble.txt").exists());
        assert!(!dir.join("learner-wt").exists());
        let left: Vec<_> = std::fs::read_dir(&env.work)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left,
            ["s"],
            "{lesson}: reset left something next to the sandbox"
        );
        let list = env.git(&repo, &["worktree", "list", "--porcelain"]);
        assert!(
            !list.contains("learner-wt") && !list.contains(".git-kata-build"),
            "{list}"
        );
        // The hint counter starts again too.
        let hint = stdout(&env.kata_in(&repo, &["hint"]));
        assert!(hint.contains("Hint 1 of"), "{lesson}: {hint}");
        let (exit, _) = env.check_json(&dir);
        assert_eq!(exit, 1);
    }
}

#[test]
fn after_reset_a_shell_left_in_the_old_directory_is_told_to_cd_back() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-untracked", "s");
    let repo = dir.join(first_repo(&crate::common::lesson("stash-untracked")));
    // One shell, as the learner's: reset replaces the directory it stands in.
    let kata = env!("CARGO_BIN_EXE_git-kata");
    let out = env.bash(
        &format!("'{kata}' reset --yes >/dev/null\nexec '{kata}' check"),
        &repo,
    );
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert_no_panic(&out, "check in a deleted directory");
    let err = stderr(&out);
    assert!(
        err.contains("the current directory no longer exists"),
        "{err}"
    );
    assert!(err.contains(&format!("`cd {}`", repo.display())), "{err}");
    // Back in the rebuilt directory, check works again.
    assert_eq!(code(&env.kata_in(&repo, &["check"])), 1);
}

// ---------------------------------------------------------------------------------------------
// hint

#[test]
fn hints_come_one_at_a_time_for_the_first_unmet_objective() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-untracked", "s");
    let repo = dir.join("stash-practice");
    let l = lesson("stash-untracked");
    let first = &l.lesson.objectives[0];
    let n = first.hints.len();
    assert!(n >= 2, "the test needs an objective with several hints");
    for shown in 1..=n + 1 {
        let out = env.kata_in(&repo, &["hint"]);
        assert_eq!(code(&out), 0, "{}", describe(&out));
        let text = stdout(&out);
        let i = shown.min(n);
        assert!(
            text.contains(&format!("Objective: {}", first.title)),
            "{text}"
        );
        assert!(text.contains(&format!("Hint {i} of {n}:")), "{text}");
        assert!(text.contains(first.hints[i - 1].trim()), "{text}");
        assert_eq!(
            text.contains("That was the last hint"),
            i == n,
            "hint {shown}: {text}"
        );
        for (j, other) in first.hints.iter().enumerate() {
            if j != i - 1 {
                assert!(!text.contains(other.trim()), "two hints at once: {text}");
            }
        }
    }
    // Meeting the first objective by a classic mistake (.env left out of the stash): the hint
    // is the way back from that mistake, not the next objective's first hint.
    env.bash_ok(
        "echo v2 > config.txt && echo secret-key > .env\n\
         git stash push -q -m 'WIP on new config and secrets'",
        &repo,
    );
    let text = stdout(&env.kata_in(&repo, &["hint"]));
    assert!(
        text.contains("The way back from the mistake (forgot-untracked)"),
        "{text}"
    );
    assert!(!text.contains("Objective:"), "{text}");
    // Back on track, the hints move on to the first objective still unmet.
    env.bash_ok(
        "git stash pop -q\n\
         git stash push -q -u -m 'WIP on new config and secrets'",
        &repo,
    );
    let third = &l.lesson.objectives[2];
    let text = stdout(&env.kata_in(&repo, &["hint"]));
    assert!(
        text.contains(&format!("Objective: {}", third.title)),
        "{text}"
    );
    assert!(
        text.contains(&format!("Hint 1 of {}:", third.hints.len())),
        "{text}"
    );
}

#[test]
fn hint_on_a_solved_lesson_says_there_is_nothing_left() {
    let env = Env::new(Flavour::Normal);
    let solution = lesson("orphaned-worktree").lesson.solution;
    let dir = env.played("orphaned-worktree", "s", &solution);
    let out = env.kata(&["hint", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        stdout(&out).contains("Every objective is met"),
        "{}",
        describe(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// list and output

#[test]
fn list_json_names_every_lesson_in_course_order() {
    let env = Env::new(Flavour::Normal);
    let out = env.kata(&["list", "--json"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("list --json is JSON");
    let ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let catalog = catalog();
    let expected: Vec<&str> = catalog.lessons.iter().map(|(_, l)| l.id()).collect();
    assert_eq!(ids, expected);
    for row in rows.as_array().unwrap() {
        assert!(
            row["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{row}"
        );
        assert!(
            row["summary"].as_str().is_some_and(|t| !t.is_empty()),
            "{row}"
        );
    }
}

#[test]
fn no_arguments_off_a_terminal_is_list() {
    let env = Env::new(Flavour::Normal);
    let list = env.kata(&["list"]);
    let bare = env.kata(&[]);
    assert_eq!(code(&bare), 0, "{}", describe(&bare));
    assert_eq!(stdout(&bare), stdout(&list));
    for (_, l) in &catalog().lessons {
        assert!(stdout(&bare).contains(l.id()));
    }
}

#[test]
fn piped_output_has_no_colour_even_without_no_color() {
    let env = Env::new(Flavour::Hostile);
    env.played(
        "mid-flight-hotfix",
        "s",
        &mistake_commands("mid-flight-hotfix", "feature-leaked"),
    );
    let colourful = |c: &mut std::process::Command| {
        c.env_remove("NO_COLOR")
            .env("TERM", "xterm-256color")
            .env("COLORTERM", "truecolor");
    };
    let runs: [&[&str]; 6] = [
        &["list"],
        &["start", "stash-untracked", "--dir", "other"],
        &["check", "--dir", "s"],
        &["hint", "--dir", "s"],
        &["start", "no-such-lesson"],
        &[],
    ];
    for args in runs {
        let out = env.kata_with(&env.work, args, colourful);
        assert!(
            !out.stdout.contains(&0x1b) && !out.stderr.contains(&0x1b),
            "{args:?} printed escape codes:\n{}",
            describe(&out)
        );
    }
    // The check above did show the diff, so there was something to colour.
    let check = env.kata_with(&env.work, &["check", "--dir", "s"], colourful);
    assert!(stdout(&check).contains("+        livenessProbe:"));
}

/// The sandbox carries no answer key: only the marker (lesson id, version, digest, where the
/// lesson came from, what setup made) and the hint counter. Neither the reference solution nor
/// any mistake's text can be found in it, yet `check`, `hint` and `brief` still work.
#[test]
fn the_sandbox_holds_no_answer_key() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-untracked", "builtin");
    let hint = env.kata(&["hint", "--dir", path_str(&dir)]);
    assert_eq!(code(&hint), 0, "{}", describe(&hint));
    let lesson = lesson("stash-untracked");
    let secrets: Vec<&str> = lesson
        .lesson
        .solution
        .lines()
        .chain(lesson.lesson.mistakes.iter().map(|m| m.id.value.as_str()))
        .filter(|l| l.len() > 12)
        .collect();
    assert!(!secrets.is_empty());
    let marker = dir.join(".git-kata");
    for entry in std::fs::read_dir(&marker).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            ["sandbox.json", "state.json"].contains(&name.as_str()),
            "unexpected {name} in the sandbox"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        for secret in &secrets {
            assert!(!text.contains(secret), "{name} holds `{secret}`");
        }
    }
    let recorded: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(marker.join("sandbox.json")).unwrap())
            .unwrap();
    assert_eq!(recorded["source"], "builtin");
    assert_eq!(recorded["digest"].as_str().unwrap().len(), 64);
    let (status, report) = env.check_json(&dir);
    assert_eq!(status, 1);
    assert_eq!(report["lesson"], "stash-untracked");
}

/// A pack lesson is read again from its file; once that file changes, `check` refuses to judge
/// by the new text (the setup may differ) and says how to rebuild, and `grade` with the edited
/// pack refuses the sandbox as built from another version.
#[test]
fn a_pack_lesson_edited_after_start_is_refused() {
    let env = Env::new(Flavour::Normal);
    let pack = env.path("pack");
    std::fs::create_dir_all(&pack).unwrap();
    let builtin = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons/stash-untracked.yaml");
    // Any difference makes it a lesson of its own rather than a copy of the built-in one.
    let text = std::fs::read_to_string(builtin).unwrap() + "# an instructor's copy\n";
    let file = pack.join("stash-untracked.yaml");
    std::fs::write(&file, &text).unwrap();
    let dir = env.path("packed");
    let out = env.kata(&[
        "--lessons",
        path_str(&pack),
        "start",
        "stash-untracked",
        "--dir",
        path_str(&dir),
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let out = env.kata(&["check", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 1, "{}", describe(&out));

    let edited = text.replacen(
        "title: .env went into the same stash",
        "title: The secrets file went into the stash",
        1,
    );
    std::fs::write(&file, edited).unwrap();
    let out = env.kata(&["check", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let said = stderr(&out);
    assert!(
        said.contains("has changed since") && said.contains("git-kata reset"),
        "{said}"
    );

    let out = env.kata(&[
        "--lessons",
        path_str(&pack),
        "grade",
        "--format",
        "json",
        "--dir",
        path_str(&dir),
    ]);
    let report = stdout(&out);
    assert!(
        report.contains("another version of lesson"),
        "{}",
        describe(&out)
    );

    // The marker names the pack file: reset finds it again without --lessons.
    let out = env.kata(&["reset", "--yes", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let out = env.kata(&["check", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(stdout(&out).contains("The secrets file went into the stash"));
}

/// The contract: installed on PATH, git-kata also runs as `git kata ...`.
#[test]
fn git_finds_it_as_a_subcommand() {
    let env = Env::new(Flavour::Normal);
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_git-kata"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = env
        .command("git", &env.work)
        .args(["kata", "list", "--json"])
        .env("PATH", path)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let lessons: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(lessons.as_array().unwrap().len(), catalog().lessons.len());
}

/// `GIT_KATA_LESSONS=` (set, empty) means the built-in course, as an empty variable means
/// "not set" to most programs; it used to be refused as `--lessons` without a value.
#[test]
fn an_empty_lesson_pack_variable_means_the_built_in_course() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_git-kata"))
        .arg("list")
        .env("GIT_KATA_LESSONS", "")
        .env("GIT_KATA_DATA_DIR", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("mid-flight-hotfix"));
}
