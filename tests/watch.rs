//! `git-kata watch`, driven as a learner uses it: in a real terminal (tmux), an objective turns
//! green after the learner's git command with no keypress; and, without a terminal, the
//! checklist is printed again on every change and watch ends once the lesson is solved.
//!
//! Waits are bounded polls of what is on screen (never fixed sleeps used as assertions).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use git_kata::script::{Isolation, Outcome};

const BIN: &str = env!("CARGO_BIN_EXE_git-kata");
const PATIENCE: Duration = Duration::from_secs(10);

fn start(lesson: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("kata");
    let out = Command::new(BIN)
        .args(["start", lesson, "--dir"])
        .arg(&dir)
        .env("GIT_KATA_DATA_DIR", data_dir(&dir))
        .output()
        .expect("git-kata runs");
    assert!(out.status.success(), "start failed: {out:?}");
    (tmp, dir)
}

/// Progress goes next to the sandbox, never into the developer's own data directory.
fn data_dir(sandbox: &Path) -> PathBuf {
    sandbox.parent().expect("a parent").join("data")
}

/// The lesson watch should name once `id` is solved: the next one in course order (nothing else
/// is completed in a fresh data directory).
fn lesson_after(id: &str) -> String {
    let catalog = git_kata::lesson::Catalog::load(&[]).expect("the course loads");
    let ids: Vec<&str> = catalog.lessons.iter().map(|(_, l)| l.id()).collect();
    let here = ids
        .iter()
        .position(|l| *l == id)
        .expect("the lesson is in the course");
    ids[(here + 1) % ids.len()].to_string()
}

fn git(iso: &Isolation, script: &str, cwd: &Path) {
    let run = iso
        .bash(script, cwd, Duration::from_secs(30))
        .expect("bash runs");
    assert_eq!(run.outcome, Outcome::Exited(0), "{script}: {}", run.output);
}

/// Polls `probe` until it gives a value or PATIENCE runs out.
fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>, last: impl Fn() -> String) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(v) = probe() {
            return v;
        }
        if Instant::now() > deadline {
            panic!(
                "gave up after {} s waiting for {what}; last seen:\n{}",
                PATIENCE.as_secs(),
                last()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

// ---------------------------------------------------------------- in a real terminal (tmux)

/// A tmux server of our own (its own socket), killed however the test ends.
#[cfg(unix)] // tmux runs on Unix only; these tests do not exist on Windows.
struct Tmux {
    socket: String,
}

#[cfg(unix)] // tmux runs on Unix only; these tests do not exist on Windows.
impl Tmux {
    fn available() -> bool {
        Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "kata"]).stdout)
            .into_owned()
    }

    /// The line of the screen that mentions `text`.
    fn line_with(&self, text: &str) -> Option<String> {
        self.screen()
            .lines()
            .find(|l| l.contains(text))
            .map(str::to_string)
    }
}

#[cfg(unix)] // tmux runs on Unix only; these tests do not exist on Windows.
impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

#[cfg(unix)]
fn skip_loudly(why: &str) {
    // Straight to the process's stderr: the test harness captures eprintln!, and a skip must be
    // seen in CI's log, not pass silently.
    let _ = writeln!(
        std::io::stderr(),
        "\n*** SKIPPED watch_in_a_terminal: {why} ***\n"
    );
}

#[cfg(unix)]
fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

#[cfg(unix)] // needs tmux
#[test]
fn watch_in_a_terminal_turns_objectives_green_without_a_keypress() {
    if !Tmux::available() {
        skip_loudly("tmux is not installed (`apt-get install -y tmux`; .ci/run installs it)");
        return;
    }
    let iso = Isolation::new().expect("an isolated HOME");
    let (_tmp, dir) = start("orphaned-worktree");
    let repo = dir.join("k8s-operator");
    let tmux = Tmux {
        socket: format!("git-kata-watch-{}", std::process::id()),
    };
    // CI is unset inside the terminal: watch only takes the screen over when nobody said "CI".
    // The shell in the pane reports watch's exit code on the screen once it ends, and stays.
    let command = format!(
        "env -u CI NO_COLOR= GIT_KATA_DATA_DIR={} {} watch --dir {}; echo watch-exit=$?; sleep 60",
        shell_quote(&data_dir(&dir)),
        shell_quote(Path::new(BIN)),
        shell_quote(&dir)
    );
    let started = tmux.cmd(&[
        "-u",
        "new-session",
        "-d",
        "-s",
        "kata",
        "-x",
        "100",
        "-y",
        "60",
        &command,
    ]);
    assert!(started.status.success(), "tmux new-session: {started:?}");
    tmux.cmd(&["set-option", "-t", "kata", "remain-on-exit", "on"]);

    let objective = "No stale worktree registration is left";
    let before = eventually(
        "the first checklist",
        || tmux.line_with(objective),
        || tmux.screen(),
    );
    assert!(before.contains('✗'), "unmet at the start: {before}");
    assert!(
        tmux.screen().contains("prunable: the directory is gone"),
        "the picture of the sandbox is shown:\n{}",
        tmux.screen()
    );

    // The learner's command, in "another pane"; nothing is typed into watch.
    git(&iso, "git worktree prune", &repo);
    eventually(
        "the objective to turn green",
        || tmux.line_with(objective).filter(|l| l.contains('✓')),
        || tmux.screen(),
    );
    assert!(
        !tmux.screen().contains("prunable"),
        "the picture follows too:\n{}",
        tmux.screen()
    );

    // h shows the hint for the first unmet objective, in place.
    tmux.cmd(&["send-keys", "-t", "kata", "h"]);
    eventually(
        "the hint",
        || tmux.line_with("Hint 1 of 2"),
        || tmux.screen(),
    );

    git(&iso, "git checkout -q test-deployment", &repo);
    eventually(
        "the lesson to be complete, naming what comes next",
        || tmux.line_with("All 3 objectives met"),
        || tmux.screen(),
    );

    tmux.cmd(&["send-keys", "-t", "kata", "q"]);
    let exit = eventually(
        "watch to exit after q",
        || tmux.line_with("watch-exit="),
        || tmux.screen(),
    );
    assert_eq!(exit.trim(), "watch-exit=0", "watch exits with 0 after q");
}

// ---------------------------------------------------------------- without a terminal

/// A child whose stdout lines are collected as they come, killed if the test fails.
struct Running {
    child: Child,
    output: Arc<Mutex<String>>,
}

impl Running {
    fn spawn(cmd: &mut Command) -> Running {
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("git-kata runs");
        let output = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&output);
        let stdout = child.stdout.take().expect("a stdout pipe");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        Running { child, output }
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Polls until what watch printed contains `text`.
    fn wait_for(&self, what: &str, text: &str) {
        eventually(
            what,
            || self.output().contains(text).then_some(()),
            || self.output(),
        );
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_without_a_terminal_prints_each_change_and_ends_when_solved() {
    let iso = Isolation::new().expect("an isolated HOME");
    let (_tmp, dir) = start("orphaned-worktree");
    let repo = dir.join("k8s-operator");
    let mut watch = Running::spawn(
        Command::new(BIN)
            .arg("watch")
            .current_dir(&repo)
            .env("GIT_KATA_DATA_DIR", data_dir(&dir)),
    );

    watch.wait_for("the first checklist", "1 of 3 objectives met");
    git(&iso, "git worktree prune", &repo);
    watch.wait_for(
        "the checklist printed again with the objective met",
        "✓ No stale worktree registration is left",
    );
    git(&iso, "git checkout -q test-deployment", &repo);
    let seen = Arc::clone(&watch.output);
    let status = eventually(
        "watch to end once every objective is met",
        || watch.child.try_wait().expect("waitable"),
        || seen.lock().unwrap().clone(),
    );
    assert_eq!(status.code(), Some(0));
    // The reader thread may still be draining the pipe.
    let out = eventually(
        "the last lines",
        || {
            let out = watch.output();
            out.contains(&format!(
                "Next lesson: {}",
                lesson_after("orphaned-worktree")
            ))
            .then_some(out)
        },
        || watch.output(),
    );
    assert!(out.contains("All 3 objectives met"), "{out}");
    assert!(
        !out.contains('\x1b'),
        "no colour or screen control in a pipe: {out:?}"
    );
}

#[test]
fn watch_with_poll_notices_changes_too() {
    let iso = Isolation::new().expect("an isolated HOME");
    let (_tmp, dir) = start("orphaned-worktree");
    let repo = dir.join("k8s-operator");
    let watch = Running::spawn(
        Command::new(BIN)
            .args(["watch", "--poll", "--dir"])
            .arg(&dir)
            .env("GIT_KATA_DATA_DIR", data_dir(&dir)),
    );
    eventually(
        "the polling notice and the first checklist",
        || {
            let out = watch.output();
            (out.contains("every 1 s: you asked for it with --poll") && out.contains("1 of 3"))
                .then_some(())
        },
        || watch.output(),
    );
    git(&iso, "git worktree prune", &repo);
    watch.wait_for(
        "the objective met, found by polling",
        "✓ No stale worktree registration is left",
    );
}

#[test]
fn watch_outside_a_sandbox_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let out = Command::new(BIN)
        .arg("watch")
        .current_dir(tmp.path())
        .output()
        .expect("git-kata runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not inside a git-kata sandbox"), "{err}");
}

/// A sandbox reset in place (a mount point, or, as here, one holding the previous sandbox an
/// interrupted reset kept inside it) keeps its directory: watch still notices the rebuild, by
/// the marker, and checks the new sandbox.
#[test]
fn watch_follows_a_sandbox_reset_in_place() {
    let iso = Isolation::new().expect("an isolated HOME");
    let (_tmp, dir) = start("orphaned-worktree");
    let kept = dir.join(".git-kata-build-K3pt00/old");
    std::fs::create_dir_all(&kept).unwrap();
    std::fs::write(kept.join("notes.txt"), "keep me\n").unwrap();
    let watch = Running::spawn(
        Command::new(BIN)
            .args(["watch", "--dir"])
            .arg(&dir)
            .env("GIT_KATA_DATA_DIR", data_dir(&dir)),
    );
    watch.wait_for("the first checklist", "1 of 3 objectives met");
    git(&iso, "git worktree prune", &dir.join("k8s-operator"));
    watch.wait_for("the objective met", "2 of 3 objectives met");

    let out = Command::new(BIN)
        .args(["reset", "--yes", "--dir"])
        .arg(&dir)
        .env("GIT_KATA_DATA_DIR", data_dir(&dir))
        .output()
        .expect("git-kata runs");
    assert!(out.status.success(), "reset failed: {out:?}");
    assert_eq!(
        std::fs::read_to_string(kept.join("notes.txt")).unwrap(),
        "keep me\n",
        "reset in place, around the kept sandbox"
    );
    watch.wait_for(
        "watch to notice the rebuild",
        "The sandbox was rebuilt; watching the new one.",
    );
    // The file events may have shown the fresh checklist before the rebuild was noticed.
    eventually(
        "the fresh sandbox's checklist last shown",
        || {
            let out = watch.output();
            let last = out.rfind(" of 3 objectives met")?;
            out[..last].ends_with('1').then_some(())
        },
        || watch.output(),
    );
}
