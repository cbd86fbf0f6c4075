//! The command line around the lessons: completions, the manual page, and `git-kata` alone
//! (the menu on a terminal; the lesson list anywhere else, as the contract says).

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_git-kata");

fn run(args: &[&str]) -> Output {
    // An empty data directory: no learner's progress may leak into what these tests see.
    let data = tempfile::tempdir().expect("a temporary directory");
    Command::new(BIN)
        .args(args)
        .env("GIT_KATA_DATA_DIR", data.path())
        .output()
        .expect("git-kata runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn completions_for_each_shell_name_the_new_commands() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = stdout(&out);
        for word in ["watch", "status", "start", "dir"] {
            assert!(text.contains(word), "{shell} completion lacks {word}");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = run(&["completions", "cmd.exe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

#[test]
fn the_manual_page_is_roff_and_can_be_written_per_command() {
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(page.starts_with(".ie") || page.contains(".TH"), "{page}");
    assert!(page.contains("git\\-kata") && page.contains("watch"));

    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("man1");
    let out = Command::new(BIN)
        .args(["man", "--out"])
        .arg(&dir)
        .output()
        .expect("git-kata runs");
    assert_eq!(out.status.code(), Some(0));
    for page in ["git-kata.1", "git-kata-watch.1", "git-kata-status.1"] {
        assert!(dir.join(page).is_file(), "{page} written");
    }
}

#[test]
fn git_kata_alone_without_a_terminal_lists_the_lessons() {
    let alone = run(&[]);
    let list = run(&["list"]);
    assert_eq!(alone.status.code(), Some(0));
    assert_eq!(stdout(&alone), stdout(&list));
    assert!(stdout(&alone).contains("orphaned-worktree"));
}
