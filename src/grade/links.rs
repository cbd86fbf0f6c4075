//! A directory submission is graded only if nothing in it leads out of it. A student who
//! links `deployment.yaml` (or a whole repository, or its `.git`) to a file the grader can
//! read, a key or a CI token, would otherwise have it read and quoted in the report. Archives
//! already refuse links when they are unpacked (archive/unpack.rs); this holds directories to the
//! same rule, and names the link, never what it points at.

use std::path::{Path, PathBuf};

/// Entries looked at before giving up: a sandbox holds a few hundred; a submission with more
/// is refused rather than walked for ever.
const MAX_ENTRIES: usize = 200_000;

/// The first symbolic link under `root` whose target lies outside `root`, as a path relative
/// to `root`; links inside the submission and dangling links (which read as nothing) pass.
pub fn first_link_out(root: &Path) -> Result<Option<PathBuf>, String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", root.display()))?;
    let mut pending = vec![root.clone()];
    let mut seen = 0usize;
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries {
            seen += 1;
            if seen > MAX_ENTRIES {
                return Err(format!(
                    "{} holds more than {MAX_ENTRIES} files and directories; a git-kata sandbox holds a few hundred",
                    root.display()
                ));
            }
            let entry = entry.map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                pending.push(path);
            } else if kind.is_symlink()
                && let Ok(target) = path.canonicalize()
                && !target.starts_with(&root)
            {
                let inside = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
                return Ok(Some(inside));
            }
        }
    }
    Ok(None)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_out_are_found_links_inside_pass() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("alice");
        std::fs::create_dir_all(root.join("repo/k8s")).unwrap();
        std::fs::write(root.join("repo/a.txt"), "a").unwrap();
        std::os::unix::fs::symlink(root.join("repo/a.txt"), root.join("repo/b.txt")).unwrap();
        std::os::unix::fs::symlink("/nowhere/at/all", root.join("repo/dangling")).unwrap();
        assert_eq!(first_link_out(&root).unwrap(), None);
        std::fs::write(dir.path().join("secret"), "token").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("repo/k8s/d.yaml"))
            .unwrap();
        assert_eq!(
            first_link_out(&root).unwrap(),
            Some(PathBuf::from("repo/k8s/d.yaml"))
        );
    }
}
