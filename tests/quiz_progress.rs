//! The quiz (scripted, revealed, and interactive in a real terminal) and per-learner progress.

use std::process::Command;

use crate::support::{Tmux, User, repo_root, stderr, stdout, worked_example_pack};

#[test]
fn scripted_answers_are_graded_with_explanations() {
    let user = User::new();
    let pack = worked_example_pack();
    let p = pack.path().to_str().unwrap();
    let right = user.kata(
        &["--lessons", p, "quiz", "stash-peek", "--answers", "B"],
        &repo_root(),
    );
    assert_eq!(right.status.code(), Some(0), "{}", stderr(&right));
    assert!(stdout(&right).contains("Your answer: B. Correct."));
    assert!(
        stdout(&right).contains("prints a stash as a patch"),
        "the explanation follows every answer"
    );
    assert!(stdout(&right).contains("Score: 1 of 1."));

    let wrong = user.kata(
        &["--lessons", p, "quiz", "stash-peek", "--answers", "1"],
        &repo_root(),
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stdout(&wrong).contains("Not quite: the answer is B) git stash show -p stash@{1}"),
        "{}",
        stdout(&wrong)
    );
    assert!(stdout(&wrong).contains("prints a stash as a patch"));

    for bad in ["B,A", "Z", "0", "BB"] {
        let o = user.kata(
            &["--lessons", p, "quiz", "stash-peek", "--answers", bad],
            &repo_root(),
        );
        assert_eq!(o.status.code(), Some(2), "--answers {bad}");
        assert!(stderr(&o).starts_with("error: "), "{}", stderr(&o));
    }
}

#[test]
fn without_a_terminal_the_quiz_asks_for_answers_or_reveals_the_key() {
    let user = User::new();
    let pack = worked_example_pack();
    let p = pack.path().to_str().unwrap();
    let o = user.kata(&["--lessons", p, "quiz", "stash-peek"], &repo_root());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pass --answers"), "{}", stderr(&o));

    let key = user.kata(&["--lessons", p, "quiz", "--all", "--reveal"], &repo_root());
    assert_eq!(key.status.code(), Some(0));
    assert!(
        stdout(&key).contains("Answer: B) git stash show -p stash@{1}"),
        "{}",
        stdout(&key)
    );

    let none = user.kata(&["quiz"], &repo_root());
    assert_eq!(none.status.code(), Some(2));
}

#[test]
fn progress_follows_the_learner_and_next_starts_the_first_unfinished_lesson() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let list = |u: &User| stdout(&u.kata(&["list"], work.path()));
    assert!(list(&user).contains("0 of "), "{}", list(&user));

    // `next` starts the first lesson of the course.
    let catalog = git_kata::lesson::Catalog::load(&[]).unwrap();
    let first = catalog.lessons[0].1.id().to_string();
    let o = user.kata(&["next", "--dir", "first"], work.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains(&first));
    assert!(
        list(&user).contains(&format!("~ {first}")),
        "started lessons are marked:\n{}",
        list(&user)
    );

    // Two hints, then the reference solution and a passing check.
    let repo = work
        .path()
        .join("first")
        .join(&catalog.lessons[0].1.lesson.repos[0].name.value);
    user.kata(&["hint"], &repo);
    user.kata(&["hint"], &repo);
    user.bash(&catalog.lessons[0].1.lesson.solution, &repo);
    let o = user.kata(&["check"], &repo);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let shown = list(&user);
    assert!(shown.contains(&format!("✓ {first}")), "{shown}");
    assert!(shown.contains("2 hints used"), "{shown}");
    assert!(shown.contains("1 of "), "{shown}");

    // `next` now moves on to the second lesson.
    let second = catalog.lessons[1].1.id();
    let o = user.kata(&["next", "--dir", "second"], work.path());
    assert!(stdout(&o).contains(second), "{}", stdout(&o));

    // The progress file is JSON and nothing temporary is left next to it.
    let files: Vec<String> = std::fs::read_dir(user.data_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, vec!["progress.json".to_string()]);
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(user.data_dir().join("progress.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        json["lessons"][&first]["completed"],
        serde_json::json!(true)
    );

    // Forgetting progress asks for confirmation when it cannot ask.
    let o = user.kata(&["reset", "--all"], work.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(list(&user).contains("1 of "));
    let o = user.kata(&["reset", "--all", "--yes"], work.path());
    assert_eq!(o.status.code(), Some(0));
    assert!(list(&user).contains("0 of "), "{}", list(&user));
    assert!(
        work.path().join("first").exists(),
        "reset --all leaves sandboxes alone"
    );
}

#[test]
fn quiz_scores_are_remembered() {
    let user = User::new();
    let pack = worked_example_pack();
    let p = pack.path().to_str().unwrap();
    user.kata(
        &["--lessons", p, "quiz", "stash-peek", "--answers", "A"],
        &repo_root(),
    );
    let o = user.kata(&["--lessons", p, "list"], &repo_root());
    assert!(stdout(&o).contains("quiz 0 of 1"), "{}", stdout(&o));
    user.kata(
        &["--lessons", p, "quiz", "stash-peek", "--answers", "B"],
        &repo_root(),
    );
    let o = user.kata(&["--lessons", p, "list"], &repo_root());
    assert!(stdout(&o).contains("quiz 1 of 1"), "{}", stdout(&o));
}

#[cfg(unix)] // needs tmux
#[test]
fn the_quiz_is_interactive_in_a_real_terminal() {
    let user = User::new();
    let pack = worked_example_pack();
    let cmd = format!(
        "env HOME={} GIT_KATA_DATA_DIR={} {} --lessons {} quiz stash-peek",
        user.home.path().display(),
        user.data_dir().display(),
        crate::support::BIN,
        pack.path().display()
    );
    let tmux = Tmux::start(&cmd, &repo_root());
    tmux.wait_for("Press a letter");
    // The list starts on A; one step down is B, the right answer.
    tmux.keys(&["Down"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("Correct."), "{screen}");
    assert!(screen.contains("prints a stash as a patch"), "{screen}");
    assert!(screen.contains("EXIT=0"), "{screen}");
}

#[cfg(unix)] // needs tmux
#[test]
fn a_letter_key_answers_and_every_choice_shows_once() {
    let user = User::new();
    let cmd = format!(
        "env HOME={} GIT_KATA_DATA_DIR={} {} quiz stash-stack",
        user.home.path().display(),
        user.data_dir().display(),
        crate::support::BIN,
    );
    let tmux = Tmux::start(&cmd, &repo_root());
    tmux.wait_for("Press a letter");
    // B, typed as a learner would (lower case), answers at once: no Enter.
    tmux.keys(&["b"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("Your answer: B. Correct."), "{screen}");
    assert!(screen.contains("EXIT=0"), "{screen}");
    for choice in [
        "A) `git stash apply stash@{1}`, then `git diff`",
        "B) `git stash show -p stash@{1}`",
        "C) `git stash list`",
    ] {
        assert_eq!(screen.matches(choice).count(), 1, "{choice}\n{screen}");
    }
    assert_eq!(screen.matches("Your answer").count(), 1, "{screen}");
    let o = user.kata(&["list"], &repo_root());
    assert!(stdout(&o).contains("quiz 1 of 1"), "{}", stdout(&o));
}

#[cfg(unix)] // needs tmux
#[test]
fn the_menu_shows_the_brief_again() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("kata");
    let out = user.kata(
        &["start", "mid-flight-hotfix", "--dir", dir.to_str().unwrap()],
        work.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let cmd = format!(
        "env HOME={} GIT_KATA_DATA_DIR={} {}",
        user.home.path().display(),
        user.data_dir().display(),
        crate::support::BIN,
    );
    let tmux = Tmux::start(&cmd, &dir.join("k8s-fleet-manager"));
    tmux.wait_for("Continue mid-flight-hotfix");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Brief: the situation and your task, again");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("The lesson's main repository:");
    assert!(screen.contains("fleet-api:v1.0.1"), "{screen}");
}

#[cfg(unix)] // needs tmux
#[test]
fn the_menu_finds_a_sandbox_made_with_dir_from_anywhere() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("courses").join("hotfix");
    let out = user.kata(
        &["start", "mid-flight-hotfix", "--dir", dir.to_str().unwrap()],
        work.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let elsewhere = work.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let cmd = format!(
        "env HOME={} GIT_KATA_DATA_DIR={} {}",
        user.home.path().display(),
        user.data_dir().display(),
        crate::support::BIN,
    );
    // Wide enough for the sandbox's temporary path on the lesson's line.
    let tmux = Tmux::sized(&cmd, &elsewhere, 200, 40);
    let screen = tmux.wait_for("mid-flight-hotfix");
    let canonical = dir.canonicalize().unwrap();
    assert!(
        screen.contains(&format!("(sandbox in {}", canonical.display())),
        "{screen}"
    );
}

#[cfg(unix)] // needs tmux
#[test]
fn reset_on_a_terminal_lists_what_it_throws_away_before_asking() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("kata");
    let out = user.kata(
        &["start", "mid-flight-hotfix", "--dir", dir.to_str().unwrap()],
        work.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let repo = dir.join("k8s-fleet-manager");
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(&repo)
            .env("HOME", user.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
    };
    git(&["stash", "push", "-q", "-m", "parked"]);
    git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "hotfix/image-patch",
        "../fleet-manager-hotfix",
        "main",
    ]);
    let cmd = format!(
        "env HOME={} GIT_KATA_DATA_DIR={} {} reset",
        user.home.path().display(),
        user.data_dir().display(),
        crate::support::BIN,
    );
    let tmux = Tmux::start(&cmd, &repo);
    let screen = tmux.wait_for("and rebuild it?");
    assert!(screen.contains("A reset throws away:"), "{screen}");
    assert!(screen.contains("1 stash in k8s-fleet-manager"), "{screen}");
    assert!(
        screen.contains("the linked worktree fleet-manager-hotfix"),
        "{screen}"
    );
    assert!(
        screen.contains("branch hotfix/image-patch in k8s-fleet-manager, made by you"),
        "{screen}"
    );
    // Saying no keeps everything.
    tmux.keys(&["n"]);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("Nothing changed."), "{screen}");
    assert!(dir.join("fleet-manager-hotfix").is_dir());
}
