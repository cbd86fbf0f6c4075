//! Error kinds that decide the exit code, and the exit codes of the contract.

/// Exit codes shared by every command (see docs/CONTRACT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    /// The checks ran and at least one failed.
    Failed = 1,
    /// Usage error, invalid lesson, or not a sandbox.
    Usage = 2,
    /// `grade` only: at least one submission could not be graded at all.
    Ungradable = 3,
}

/// Errors that mean "the request cannot be carried out as asked" (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    InvalidLesson(String),
    #[error("{0}")]
    NotSandbox(String),
}

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Refusal::Usage(message.into()).into()
}

pub fn invalid_lesson(message: impl Into<String>) -> anyhow::Error {
    Refusal::InvalidLesson(message.into()).into()
}

pub fn not_sandbox(message: impl Into<String>) -> anyhow::Error {
    Refusal::NotSandbox(message.into()).into()
}

/// An error and its causes on one line, `outer: inner`, as `{:#}` prints them, except that
/// libgit2's errors keep only their message: its `; class=Reference (4); code=NotFound (-3)`
/// suffix means nothing to a learner or a lesson author.
pub fn one_line(err: &anyhow::Error) -> String {
    err.chain()
        .map(|cause| match cause.downcast_ref::<git2::Error>() {
            Some(git) => git.message().to_string(),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}
