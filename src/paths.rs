//! Paths from lessons are untrusted: they must stay inside the sandbox and out of `.git`.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Checks a lesson path (relative, no `..`, no `.git` component) and returns it as a `PathBuf`.
pub fn relative(path: &str) -> std::result::Result<PathBuf, String> {
    if path.is_empty() {
        return Err("the path is empty".into());
    }
    if path.contains('\0') || path.contains('\\') {
        return Err(format!(
            "`{path}` contains a NUL or a backslash; use `/` between parts"
        ));
    }
    let p = Path::new(path);
    let mut out = PathBuf::new();
    for component in p.components() {
        match component {
            Component::Normal(part) => {
                if names_git_dir(&part.to_string_lossy()) {
                    return Err(format!(
                        "`{path}` reaches into `.git`; lessons change repositories only through steps"
                    ));
                }
                out.push(part);
            }
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "`{path}` uses `..`; paths must stay inside the sandbox"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "`{path}` is absolute; paths are relative to the sandbox"
                ));
            }
        }
    }
    if out.as_os_str().is_empty() {
        return Err(format!("`{path}` names no file or directory"));
    }
    Ok(out)
}

/// Whether a path component names `.git` on some file system, by git's own rules
/// (`is_ntfs_dotgit`, `is_hfs_dotgit`): any case (`.GIT`), with trailing dots or spaces that
/// Windows drops (`.git.`), as an NTFS stream (`.git::$INDEX_ALLOCATION`), as the 8.3 short
/// name (`git~1`), or with the characters macOS ignores in names (zero-width joiners, bidi
/// marks, the byte-order mark) inserted.
pub fn names_git_dir(part: &str) -> bool {
    let hfs_ignored = |c: char| matches!(c, '\u{200C}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{206A}'..='\u{206F}' | '\u{FEFF}');
    let plain: String = part
        .chars()
        .filter(|c| !hfs_ignored(*c))
        .collect::<String>()
        .to_ascii_lowercase();
    let name = plain.split(':').next().unwrap_or("");
    let name = name.trim_end_matches(['.', ' ']);
    name == ".git" || name == "git~1"
}

/// Joins an already checked relative path to `root`, refusing to pass through a symbolic link:
/// a link could lead out of the sandbox, and no step ever needs to follow one.
pub fn inside(root: &Path, rel: &str) -> Result<PathBuf> {
    let rel = relative(rel).map_err(anyhow::Error::msg)?;
    let mut current = root.to_path_buf();
    for part in rel.components() {
        current.push(part);
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                bail!(
                    "{} is a symbolic link; git-kata does not follow links inside a sandbox",
                    current.display()
                )
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot inspect {}", current.display()));
            }
        }
    }
    Ok(current)
}

/// The path in `/` form relative to `base`, for messages and comparisons.
pub fn display_relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The current directory. When it was deleted under the shell (`git-kata reset` rebuilds the
/// sandbox, and a shell inside it stays in the old, deleted directory), the error says how to
/// get back instead of a bare "No such file or directory".
pub fn current_dir() -> Result<PathBuf> {
    std::env::current_dir().map_err(|e| {
        let back = match std::env::var("PWD") {
            Ok(pwd) if !pwd.is_empty() => format!("`cd {pwd}`"),
            _ => "`cd` into it".to_string(),
        };
        if e.kind() == std::io::ErrorKind::NotFound {
            crate::error::usage(format!(
                "the current directory no longer exists (after a `git-kata reset`, a shell \
                 that was inside the sandbox is still in the deleted one): {back} again"
            ))
        } else {
            anyhow::Error::new(e).context("cannot read the current directory")
        }
    })
}

/// `p` as a learner can paste it into a POSIX shell: quoted only when it needs to be.
pub fn shell_path(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Removes `.` and `..` without touching the disk (the path may not exist any more).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_of_dot_git_is_refused() {
        for alias in [
            ".git",
            ".GIT",
            ".Git",
            "git~1",
            "GIT~1",
            ".git.",
            ".git. . ",
            ".git::$INDEX_ALLOCATION",
            ".git:stream",
            ".g\u{200C}it",
            "\u{FEFF}.git",
        ] {
            assert!(names_git_dir(alias), "{alias:?}");
            assert!(relative(&format!("a/{alias}/x")).is_err(), "{alias:?}");
        }
        for fine in [
            ".github",
            "git",
            ".gitignore",
            "git~2",
            "my.git",
            ".git-kata",
        ] {
            assert!(!names_git_dir(fine), "{fine:?}");
        }
    }

    #[test]
    fn accepts_plain_relative_paths() {
        assert_eq!(relative("a/b.txt").unwrap(), PathBuf::from("a/b.txt"));
        assert_eq!(relative("./a").unwrap(), PathBuf::from("a"));
    }

    #[test]
    fn refuses_escapes() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            ".git/hooks/pre-commit",
            "a/.GIT/x",
            ".",
            "a\\b",
        ] {
            assert!(relative(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    #[cfg(unix)] // Windows needs a privilege to make a link; the refusal is the same code.
    fn refuses_symlinks_on_the_way() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/tmp", dir.path().join("out")).unwrap();
        let err = inside(dir.path(), "out/x").unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        assert!(inside(dir.path(), "in/x").is_ok());
    }
}
