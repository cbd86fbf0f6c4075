//! Starting programs: which bash runs scripts, the environment a program needs to start at
//! all, and running a whole tree of processes that a timeout can end at once.
//!
//! A script's children (a `sleep`, a `git` waiting on an editor, a pager) must die with it:
//! on Unix the script leads a new process group and the group is killed; on Windows it runs
//! in a job object, and terminating the job ends every process in it. process-wrap does
//! both; this module is the one place that knows which.

use std::ffi::OsString;
use std::io;
use std::path::PathBuf;
use std::process::{ChildStdout, Command, ExitStatus};

use process_wrap::std::{ChildWrapper, CommandWrap};

/// The variable that names the bash to use, on every platform, before any search.
pub const BASH_VARIABLE: &str = "GIT_KATA_BASH";

/// Why no bash could be found, worded for the person who has to install one.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NoBash(String);

/// The bash that runs lesson proofs and `--script` solutions.
///
/// `GIT_KATA_BASH` first. Then on Windows the bash that Git for Windows ships (found beside
/// the `git` on PATH, then in Program Files), never `C:\Windows\System32\bash.exe`, which
/// starts WSL: its git and its paths are another machine's. Elsewhere, `bash` on PATH.
pub fn bash() -> Result<PathBuf, NoBash> {
    if let Some(named) = std::env::var_os(BASH_VARIABLE).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&named);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(NoBash(format!(
                "{BASH_VARIABLE} names {}, which is not a file",
                path.display()
            )))
        };
    }
    find_bash().ok_or_else(|| NoBash(NO_BASH.to_string()))
}

#[cfg(windows)]
const NO_BASH: &str = "bash was not found: lesson proofs and --script solutions are bash \
    scripts. Install Git for Windows (it ships bash), or set GIT_KATA_BASH to a bash.exe";

#[cfg(not(windows))]
const NO_BASH: &str = "bash was not found on PATH: lesson proofs and --script solutions are \
    bash scripts. Install bash, or set GIT_KATA_BASH to one";

#[cfg(not(windows))]
fn find_bash() -> Option<PathBuf> {
    on_path("bash")
}

#[cfg(windows)]
fn find_bash() -> Option<PathBuf> {
    // Git for Windows puts git.exe in <root>\cmd (the PATH entry its installer adds) or in
    // <root>\mingw64\bin, and bash.exe in <root>\bin.
    let beside_git = on_path("git.exe").and_then(|git| {
        git.ancestors()
            .skip(1)
            .take(3)
            .map(|root| root.join("bin").join("bash.exe"))
            .find(|bash| bash.is_file())
    });
    let installed = || {
        [
            "ProgramFiles",
            "ProgramW6432",
            "ProgramFiles(x86)",
            "LOCALAPPDATA",
        ]
        .iter()
        .filter_map(std::env::var_os)
        .flat_map(|base| {
            let base = PathBuf::from(base);
            [base.join("Git"), base.join("Programs").join("Git")]
        })
        .map(|root| root.join("bin").join("bash.exe"))
        .find(|bash| bash.is_file())
    };
    let on_path_not_wsl = || {
        on_path("bash.exe").filter(|bash| {
            !bash
                .to_string_lossy()
                .to_ascii_lowercase()
                .contains("\\windows\\system32\\")
        })
    };
    beside_git.or_else(installed).or_else(on_path_not_wsl)
}

/// The first `name` in a directory of PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Environment variables a program needs to start at all, kept when a script's environment
/// is otherwise cleared. Unix needs none; Windows programs (git's networking, temporary
/// files, bash's own start-up) fail without these.
pub fn essential_environment() -> Vec<(&'static str, OsString)> {
    #[cfg(windows)]
    const NAMES: &[&str] = &[
        "SYSTEMROOT",
        "SYSTEMDRIVE",
        "WINDIR",
        "COMSPEC",
        "PATHEXT",
        "TEMP",
        "TMP",
    ];
    #[cfg(not(windows))]
    const NAMES: &[&str] = &[];
    NAMES
        .iter()
        .filter_map(|name| std::env::var_os(name).map(|value| (*name, value)))
        .collect()
}

/// A started process and every process it starts, ended together by `kill`.
pub struct Tree {
    child: Box<dyn ChildWrapper>,
}

impl std::fmt::Debug for Tree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tree")
            .field("pid", &self.child.id())
            .finish()
    }
}

/// Starts `cmd` as the root of a tree of processes that `Tree::kill` ends whole: a new
/// process group on Unix, a job object on Windows.
pub fn spawn_tree(cmd: Command) -> io::Result<Tree> {
    let mut wrapped = CommandWrap::from(cmd);
    #[cfg(unix)]
    wrapped.wrap(process_wrap::std::ProcessGroup::leader());
    #[cfg(windows)]
    wrapped.wrap(process_wrap::std::JobObject);
    Ok(Tree {
        child: wrapped.spawn()?,
    })
}

impl Tree {
    /// The root's standard output, if it was piped (once).
    pub fn take_stdout(&mut self) -> Option<ChildStdout> {
        self.child.stdout().take()
    }

    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        self.child.try_wait()
    }

    /// Kills every process of the tree and reaps the root.
    pub fn kill(&mut self) -> io::Result<()> {
        self.child.start_kill()?;
        self.child.wait().map(|_| ())
    }
}

/// A closed pipe on standard output ends the process quietly, as it ends git and every Unix
/// tool (`git-kata list | head -1`). Rust's runtime ignores SIGPIPE, which would turn the
/// closed pipe into an error (or a panic in `println!`). Windows has no such signal: writing
/// to a closed pipe fails there, and main reports it as an ordinary error.
pub fn default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: resetting one signal's disposition to its default, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
