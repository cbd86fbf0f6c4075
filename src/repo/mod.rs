//! Facts read from git repositories: the stash stack, worktree registrations by git's rule,
//! branches and ancestry, what a working tree has changed, what setup left behind. The builder
//! records them, the checker's predicates judge them, `status` draws them. This floor uses
//! nothing else of ours, so every floor above can read git through it without reaching into
//! another.

pub mod ancestry;
pub mod commits;
pub mod config;
pub mod data;
pub(crate) mod dotenv;
pub mod integrity;
pub mod reflog;
pub mod remotes;
pub mod setup;
pub mod stash;
pub mod status;
mod workdir;
pub mod worktrees;
pub(crate) mod yaml;

/// A repository state that cannot be judged: the objective is reported as `error`, which is a
/// different answer from a wrong solution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

pub type Fact<T> = Result<T, Unreadable>;

pub fn unreadable(message: impl Into<String>) -> Unreadable {
    Unreadable(message.into())
}

/// A git2 error reading `what`, as the learner reads it; a damaged object store says so.
pub fn git_err(what: &str, e: git2::Error) -> Unreadable {
    integrity::read_err(what, &e)
}
