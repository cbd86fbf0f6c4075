//! A small harness shared by the integration tests of the authoring kit, the quiz and progress:
//! the built binary in an isolated environment.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod tmux;
pub use tmux::Tmux;

pub const BIN: &str = env!("CARGO_BIN_EXE_git-kata");

/// An isolated user: a temporary HOME (where libgit2 looks for a global config) and data dir.
pub struct User {
    pub home: tempfile::TempDir,
}

impl User {
    pub fn new() -> User {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join(".gitconfig"),
            "[user]\n\tname = Test\n\temail = test@example.invalid\n",
        )
        .unwrap();
        User { home }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.home.path().join("data")
    }

    pub fn command(&self, args: &[&str], cwd: &Path) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .current_dir(cwd)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap())
            .env("HOME", self.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.path().join(".gitconfig"))
            .env("GIT_KATA_DATA_DIR", self.data_dir())
            .env("NO_COLOR", "1");
        cmd
    }

    pub fn kata(&self, args: &[&str], cwd: &Path) -> Output {
        self.command(args, cwd).output().unwrap()
    }

    /// Runs a shell script as the learner would, with the real git CLI.
    pub fn bash(&self, script: &str, cwd: &Path) -> Output {
        let o = Command::new("bash")
            .args(["-ec", script])
            .current_dir(cwd)
            .env("HOME", self.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.path().join(".gitconfig"))
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "script failed: {script}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        o
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The worked example of CONTRIBUTING.md (a lesson with a quiz) as a one-lesson pack.
pub fn worked_example_pack() -> tempfile::TempDir {
    let guide = std::fs::read_to_string(repo_root().join("CONTRIBUTING.md")).unwrap();
    let start = guide.find("<!-- worked-example:start -->").expect("marker");
    let end = guide.find("<!-- worked-example:end -->").expect("marker");
    let yaml = guide[start..end]
        .split_once("```yaml\n")
        .unwrap()
        .1
        .rsplit_once("```")
        .unwrap()
        .0;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stash-peek.yaml"), yaml).unwrap();
    dir
}
