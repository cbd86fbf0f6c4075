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
    /// The machine refused, not the request: a file could not be read or written for lack of
    /// permission or space, on a read-only file system, or by an I/O error.
    Environment = 4,
}

/// The exit code an error calls for: an environment failure anywhere in its chain decides
/// first (its cause is the one the user can act on), then a `Refusal`; anything else is a
/// request that cannot be carried out as asked.
pub fn exit_code(err: &anyhow::Error) -> Exit {
    if environment(err).is_some() {
        return Exit::Environment;
    }
    err.chain()
        .find_map(|cause| cause.downcast_ref::<Refusal>())
        .map_or(Exit::Usage, Refusal::exit)
}

/// What the environment refused, when an error comes down to that: a short phrase naming the
/// condition, for the advice printed after the error.
pub fn environment(err: &anyhow::Error) -> Option<Environment> {
    err.chain().find_map(|cause| {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Environment::of_io(io);
        }
        let git = cause.downcast_ref::<git2::Error>()?;
        // libgit2 reports the system's own error text after its message.
        matches!(
            git.class(),
            git2::ErrorClass::Os | git2::ErrorClass::Filesystem
        )
        .then(|| Environment::of_text(git.message()))
        .flatten()
    })
}

/// An environment failure, each with what to do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    DiskFull,
    PermissionDenied,
    ReadOnly,
    Io,
}

impl Environment {
    fn of_io(e: &std::io::Error) -> Option<Environment> {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::StorageFull | K::QuotaExceeded => Some(Environment::DiskFull),
            K::PermissionDenied => Some(Environment::PermissionDenied),
            K::ReadOnlyFilesystem => Some(Environment::ReadOnly),
            _ => Environment::of_text(&e.to_string()),
        }
    }

    fn of_text(text: &str) -> Option<Environment> {
        if text.contains("No space left on device") || text.contains("Disk quota exceeded") {
            Some(Environment::DiskFull)
        } else if text.contains("Permission denied") || text.contains("Access is denied") {
            Some(Environment::PermissionDenied)
        } else if text.contains("Read-only file system") {
            Some(Environment::ReadOnly)
        } else if text.contains("Input/output error") {
            Some(Environment::Io)
        } else {
            None
        }
    }

    /// The advice printed after the error itself.
    pub fn advice(self) -> &'static str {
        match self {
            Environment::DiskFull => {
                "the disk is full: free some space (or choose another --dir) and run the command again"
            }
            Environment::PermissionDenied => {
                "permission was refused: choose a directory you can write to, or fix its permissions"
            }
            Environment::ReadOnly => {
                "the file system is read-only: choose a directory on a writable disk"
            }
            Environment::Io => "the disk reported an I/O error: check the disk, then try again",
        }
    }
}

/// Errors that mean "the request cannot be carried out as asked".
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    InvalidLesson(String),
    #[error("{0}")]
    NotSandbox(String),
}

impl Refusal {
    /// Every refusal is the contract's exit 2; the match keeps a new kind from slipping by.
    pub fn exit(&self) -> Exit {
        match self {
            Refusal::Usage(_) | Refusal::InvalidLesson(_) | Refusal::NotSandbox(_) => Exit::Usage,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;
    use std::io::{Error, ErrorKind};

    fn failed(kind: ErrorKind) -> anyhow::Error {
        Err::<(), _>(Error::from(kind))
            .context("cannot write /tmp/x/app/.git/objects/pack/p.pack")
            .unwrap_err()
    }

    #[test]
    fn the_environment_decides_before_anything_else() {
        assert_eq!(
            exit_code(&failed(ErrorKind::StorageFull)),
            Exit::Environment
        );
        assert_eq!(
            exit_code(&failed(ErrorKind::PermissionDenied)),
            Exit::Environment
        );
        assert_eq!(
            exit_code(&failed(ErrorKind::ReadOnlyFilesystem)),
            Exit::Environment
        );
        assert_eq!(
            environment(&failed(ErrorKind::StorageFull)),
            Some(Environment::DiskFull)
        );
        // ENOSPC as libgit2 reports it, with the system's text after its own.
        let git = git2::Error::new(
            git2::ErrorCode::GenericError,
            git2::ErrorClass::Os,
            "failed to write pack: No space left on device",
        );
        assert_eq!(exit_code(&anyhow::Error::new(git)), Exit::Environment);
        // A refusal wrapping a full disk is still about the disk.
        let wrapped = failed(ErrorKind::StorageFull).context(Refusal::Usage("start".into()));
        assert_eq!(exit_code(&wrapped), Exit::Environment);
    }

    #[test]
    fn refusals_and_everything_else_are_usage() {
        assert_eq!(exit_code(&usage("no such lesson")), Exit::Usage);
        assert_eq!(exit_code(&not_sandbox("not a sandbox")), Exit::Usage);
        assert_eq!(exit_code(&failed(ErrorKind::NotFound)), Exit::Usage);
        assert_eq!(environment(&failed(ErrorKind::NotFound)), None);
    }
}
