//! Running a learner's shell commands with the real git CLI, isolated from the user's own
//! configuration: a temporary HOME, no system config, stdin closed, and a timeout that kills the
//! whole tree of processes (platform::process says how on each system).
//!
//! This isolates git's configuration and the learner's dotfiles, not the machine: a script can
//! still read and write anything the user can. It is meant for lesson proofs and graded
//! solutions, not for code you do not trust.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::platform::process as platform;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Exited(i32),
    /// Killed by a signal (no exit code).
    Signalled,
    TimedOut,
}

#[derive(Debug, Clone)]
pub struct Run {
    pub outcome: Outcome,
    /// stdout and stderr, interleaved as the script wrote them, at most `MAX_OUTPUT` bytes.
    pub output: String,
    /// Whether the script wrote more than `MAX_OUTPUT` bytes (the rest was read and dropped).
    pub truncated: bool,
}

/// A script that prints without end must not fill memory before its timeout kills it.
pub const MAX_OUTPUT: usize = 1024 * 1024;

/// An isolated environment: its own HOME holding a minimal global gitconfig.
pub struct Isolation {
    home: tempfile::TempDir,
}

impl Isolation {
    pub fn new() -> Result<Isolation> {
        let home = tempfile::Builder::new()
            .prefix("git-kata-home-")
            .tempdir()
            .context("cannot create a temporary HOME")?;
        // Nothing that would make a learner's `git commit` fail or prompt.
        std::fs::write(
            home.path().join(".gitconfig"),
            "[advice]\n\tdetachedHead = false\n[core]\n\tpager = cat\n[init]\n\tdefaultBranch = main\n",
        )
        .context("cannot write the isolated gitconfig")?;
        Ok(Isolation { home })
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Runs `script` with bash in `cwd`; output is captured and the run stopped after `timeout`.
    pub fn bash(&self, script: &str, cwd: &Path, timeout: Duration) -> Result<Run> {
        let mut cmd = self.command(cwd)?;
        cmd.arg("-c").arg(format!("exec 2>&1\nset -e\n{script}"));
        run_with_timeout(cmd, timeout)
    }

    /// Runs the script file at `path` exactly as `bash FILE` would (no `set -e` added), with
    /// stderr folded into the captured output.
    pub fn bash_file(&self, path: &Path, cwd: &Path, timeout: Duration) -> Result<Run> {
        let mut cmd = self.command(cwd)?;
        cmd.arg("-c").arg("exec 2>&1\n. \"$0\"").arg(path);
        run_with_timeout(cmd, timeout)
    }

    fn command(&self, cwd: &Path) -> Result<Command> {
        let bash = platform::bash()?;
        let mut cmd = Command::new(bash);
        cmd.current_dir(cwd)
            .env_clear()
            .envs(platform::essential_environment())
            .env(
                "PATH",
                std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()),
            )
            .env("HOME", self.home())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home().join(".gitconfig"))
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_EDITOR", "true")
            .env("LC_ALL", "C")
            .env("TERM", "dumb")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        Ok(cmd)
    }
}

fn run_with_timeout(cmd: Command, timeout: Duration) -> Result<Run> {
    let program = cmd.get_program().to_owned();
    let mut child = platform::spawn_tree(cmd)
        .with_context(|| format!("cannot start {}", Path::new(&program).display()))?;
    let mut stdout = child.take_stdout().context("no stdout pipe")?;
    // The reader keeps what it has read in `kept`, so that whatever arrived can be shown even
    // when something still holds the pipe open; `done` says it reached the end.
    let kept = std::sync::Arc::new(std::sync::Mutex::new((Vec::new(), false)));
    let (done, finished) = std::sync::mpsc::channel::<()>();
    let shared = kept.clone();
    std::thread::spawn(move || {
        // Keep draining the pipe so the script never blocks on a full one, keeping only the start.
        let mut chunk = [0u8; 8192];
        loop {
            match stdout.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let mut kept = shared
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    let room = MAX_OUTPUT.saturating_sub(kept.0.len());
                    kept.0.extend_from_slice(&chunk[..n.min(room)]);
                    kept.1 |= n > room;
                }
            }
        }
        let _ = done.send(());
    });
    let started = Instant::now();
    let outcome = loop {
        if let Some(status) = child.try_wait().context("cannot wait for bash")? {
            // What the script left running in the background (`sleep 600 &`, a server) would
            // outlive it and hold its pipe: the whole group goes with it.
            let _ = child.kill();
            break match status.code() {
                Some(code) => Outcome::Exited(code),
                None => Outcome::Signalled,
            };
        }
        if started.elapsed() >= timeout {
            // The script may have started children of its own; take the whole tree down.
            let _ = child.kill();
            break Outcome::TimedOut;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    // A grandchild that escaped the group could hold the pipe open; never wait on it forever.
    let wait = if outcome == Outcome::TimedOut {
        Duration::from_millis(500)
    } else {
        Duration::from_secs(5)
    };
    let _ = finished.recv_timeout(wait);
    let kept = kept
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok(Run {
        outcome,
        output: String::from_utf8_lossy(&kept.0).into_owned(),
        truncated: kept.1,
    })
}

/// A fresh directory for a throw-away sandbox.
pub fn scratch_dir() -> Result<(tempfile::TempDir, PathBuf)> {
    let tmp = tempfile::Builder::new()
        .prefix("git-kata-proof-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let dir = tmp.path().join("sandbox");
    Ok((tmp, dir))
}
