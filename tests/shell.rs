//! The command line around the lessons: completions, the manual page, and `git-kata` alone
//! (the menu on a terminal; the lesson list anywhere else, as the contract says).

use std::path::Path;
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

/// A shell in tmux with git-kata's completion loaded, as a learner sets it up: keys are typed,
/// Tab pressed, and the screen read back.
struct Shell {
    tmux: crate::support::Tmux,
    _home: tempfile::TempDir,
}

impl Shell {
    /// `program` started in an empty HOME with git-kata on PATH; `setup` is typed first (and
    /// waited for).
    fn open(program: &str, setup: &str) -> Shell {
        let shell = program.split_whitespace().next().unwrap_or(program);
        assert!(
            which(shell),
            "{shell} is not installed, and this test plays its completion: install it \
             (Debian: apt-get install tmux zsh fish; README, \"Set-up: two commands\")"
        );
        let home = tempfile::tempdir().expect("a temporary directory");
        let bin_dir = Path::new(BIN).parent().expect("the binary's directory");
        let cmd = format!(
            "env HOME={home} GIT_KATA_DATA_DIR={home}/data PATH={bin}:$PATH {program}",
            home = home.path().display(),
            bin = bin_dir.display(),
        );
        let tmux = crate::support::Tmux::sized(&cmd, home.path(), 120, 30);
        std::thread::sleep(std::time::Duration::from_millis(300));
        // The marker is printed as READY but typed otherwise, so the typed line cannot match.
        tmux.keys(&[&format!("{setup}; echo RE''ADY"), "Enter"]);
        tmux.wait_for("READY");
        Shell { tmux, _home: home }
    }

    /// Types `line`, presses Tab (twice to list), and waits for `expect` on the screen; then
    /// clears the line.
    fn complete(&self, line: &str, tabs: usize, expect: &[&str]) {
        self.tmux.keys(&[line]);
        for _ in 0..tabs {
            std::thread::sleep(std::time::Duration::from_millis(200));
            self.tmux.keys(&["Tab"]);
        }
        for e in expect {
            self.tmux.wait_for(e);
        }
        self.tmux.keys(&["C-c"]);
        self.tmux.keys(&["clear", "Enter"]);
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
}

/// Whether `program` is on PATH.
fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

#[cfg(unix)] // needs tmux and a Unix shell
#[test]
fn bash_completes_subcommands_options_and_lesson_ids_for_git_kata_and_git_kata() {
    let sh = Shell::open(
        "bash --norc --noprofile",
        "PS1='$ '; source <(git-kata completions bash)",
    );
    sh.complete("git-kata sta", 2, &["start", "status"]);
    // Past the first word: an option of `start`, and a lesson id.
    sh.complete("git-kata start --d", 1, &["git-kata start --dir"]);
    sh.complete(
        "git-kata start mid",
        1,
        &["git-kata start mid-flight-hotfix"],
    );
    sh.complete("git-kata quiz stash-st", 1, &["git-kata quiz stash-stack"]);
    // `git kata ...` through git's own bash completion, where the system has it.
    let git_completion = "/usr/share/bash-completion/completions/git";
    if Path::new(git_completion).exists() {
        sh.tmux
            .keys(&[&format!("source {git_completion}; echo LOA''DED"), "Enter"]);
        sh.tmux.wait_for("LOADED");
        sh.complete("git kata start work", 1, &["git kata start worktree-"]);
        sh.complete("git kata quiz stash-st", 1, &["git kata quiz stash-stack"]);
    }
}

#[cfg(unix)] // needs tmux and a Unix shell
#[test]
fn zsh_completes_subcommands_and_lesson_ids() {
    let sh = Shell::open(
        "zsh -f",
        "PS1='%% '; autoload -Uz compinit && compinit -u -D; \
         git-kata completions zsh > ~/_git-kata; source ~/_git-kata",
    );
    sh.complete("git-kata sta", 1, &["start", "status"]);
    sh.complete(
        "git-kata start mid",
        1,
        &["git-kata start mid-flight-hotfix"],
    );
    sh.complete("git-kata quiz stash-st", 1, &["git-kata quiz stash-stack"]);
}

#[cfg(unix)] // needs tmux and a Unix shell
#[test]
fn fish_completes_subcommands_and_lesson_ids() {
    let sh = Shell::open("fish --no-config", "git-kata completions fish | source");
    sh.complete("git-kata sta", 1, &["start", "status"]);
    sh.complete(
        "git-kata start mid",
        1,
        &["git-kata start mid-flight-hotfix"],
    );
    sh.complete("git-kata quiz stash-st", 1, &["git-kata quiz stash-stack"]);
}

/// `git kata --help` is `git help kata`, which runs `man git-kata`: after `git-kata man
/// --install`, beside a binary installed as `cargo install` does (PREFIX/bin), man finds the
/// page with no MANPATH set, because man looks in PREFIX/share/man for PATH's PREFIX/bin.
#[test]
fn git_kata_help_opens_the_manual_once_it_is_installed() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let bin = tmp.path().join("prefix").join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(BIN, bin.join("git-kata")).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let help = || {
        Command::new("git")
            .args(["kata", "--help"])
            .env_clear()
            .env("PATH", &path)
            .env("HOME", tmp.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("MANWIDTH", "80")
            .output()
            .expect("git runs")
    };
    let before = help();
    assert!(!before.status.success(), "no page yet: {}", stdout(&before));

    let out = Command::new(bin.join("git-kata"))
        .args(["man", "--install"])
        .env("HOME", tmp.path())
        .output()
        .expect("git-kata runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = stdout(&out);
    let pages = tmp.path().join("prefix/share/man/man1");
    assert!(pages.join("git-kata.1").is_file(), "{said}");
    assert!(said.contains("git kata --help"), "{said}");

    let after = help();
    assert!(
        after.status.success(),
        "{}",
        String::from_utf8_lossy(&after.stderr)
    );
    let page = stdout(&after);
    assert!(page.contains("git-kata"), "{page}");
    assert!(page.contains("Learn git stash and git worktree"), "{page}");
}
