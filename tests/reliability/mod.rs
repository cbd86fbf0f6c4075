//! Corruption, hostile input, interruption and concurrency (RELIABILITY.md): each test builds
//! the broken state with the real git CLI, or by hand where git cannot, and holds one promise.
//! Commands here run with a deadline: a hang is a failure with a message, not a stuck suite.

mod corrupt;
mod escapes;
mod hostile;
mod in_place;
mod interrupt;
mod limits;
mod reset;
mod scale;
mod sparse;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::common::*;

/// Long enough for a debug build on a loaded machine; a hang is what it catches.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// Runs the built binary like `Env::kata_in`, but kills it at `DEADLINE` and fails the test.
pub fn kata_bounded(env: &Env, cwd: &Path, args: &[&str]) -> Output {
    kata_bounded_with(env, cwd, args, |_| {})
}

pub fn kata_bounded_with(
    env: &Env,
    cwd: &Path,
    args: &[&str],
    tweak: impl FnOnce(&mut Command),
) -> Output {
    let mut cmd = env.command(env!("CARGO_BIN_EXE_git-kata"), cwd);
    cmd.args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    tweak(&mut cmd);
    let mut child = cmd.spawn().expect("the git-kata binary runs");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "git-kata {} hung: killed after {} s",
                args.join(" "),
                DEADLINE.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    assert_no_panic(&out, &format!("git-kata {}", args.join(" ")));
    out
}
