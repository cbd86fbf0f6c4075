//! Linked worktrees record absolute paths in two files, and remotes their URL in the config.
//! When a sandbox moves (built in a temporary directory, unpacked elsewhere) those paths are
//! rewritten, as `git worktree repair` and `git remote set-url` would, and libgit2's absolute
//! `commondir` is replaced by git's relative one.

use std::path::Path;

use anyhow::{Context, Result};

/// Rewrites every worktree link and remote URL under `root` that points below `old` to point
/// below `new`. Works whether the files have already moved or not.
pub fn relocate_worktree_links(root: &Path, old: &Path, new: &Path) -> Result<()> {
    relocate_remote_urls(root, old, new)?;
    // Both git and libgit2 write these links as `config_path` does: forward slashes on
    // Windows, never a verbatim `\\?\` prefix (which a canonical root has there).
    let old = crate::platform::fs::config_path(old);
    let new = crate::platform::fs::config_path(new);
    let root_plain = dunce::simplified(root);
    let moved = |path: &str| -> Option<String> {
        let rest = path.strip_prefix(&old)?;
        rest.starts_with('/').then(|| format!("{new}{rest}"))
    };
    for entry in
        std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))?
    {
        let admin_root = entry?.path().join(".git").join("worktrees");
        let Ok(admins) = std::fs::read_dir(&admin_root) else {
            continue;
        };
        for admin in admins {
            let admin = admin?.path();
            // libgit2 records the common directory as an absolute path; git itself writes
            // `../..`, which survives any move.
            let commondir_file = admin.join("commondir");
            if std::fs::read_to_string(&commondir_file).is_ok_and(|c| moved(c.trim_end()).is_some())
            {
                std::fs::write(&commondir_file, "../..\n")
                    .with_context(|| format!("cannot update {}", commondir_file.display()))?;
            }
            let gitdir_file = admin.join("gitdir");
            let Ok(gitdir) = std::fs::read_to_string(&gitdir_file) else {
                continue;
            };
            let old_link = gitdir.trim_end();
            let Some(new_link) = moved(old_link) else {
                continue;
            };
            std::fs::write(&gitdir_file, format!("{new_link}\n"))
                .with_context(|| format!("cannot update {}", gitdir_file.display()))?;
            // The worktree's own `.git` file points back at the admin directory. It is absent
            // when the lesson deleted the worktree on purpose (an orphan).
            // Only files inside the tree being relocated are touched: the other place may hold
            // someone else's sandbox (the one being replaced, or the original of an archive).
            for dot_git in [old_link, new_link.as_str()] {
                if !Path::new(dot_git).starts_with(root_plain) {
                    continue;
                }
                let Ok(content) = std::fs::read_to_string(dot_git) else {
                    continue;
                };
                if let Some(target) = content.trim_end().strip_prefix("gitdir: ").and_then(moved) {
                    std::fs::write(dot_git, format!("gitdir: {target}\n"))
                        .with_context(|| format!("cannot update {dot_git}"))?;
                }
                break;
            }
        }
    }
    Ok(())
}

/// Rewrites every remote URL (`remote.*.url`, `remote.*.pushurl`) of the repositories directly
/// under `root` that names a path below `old` to name the same path below `new`. Only the
/// configs inside `root` are written.
pub fn relocate_remote_urls(root: &Path, old: &Path, new: &Path) -> Result<()> {
    let old = crate::platform::fs::config_path(old);
    let new = crate::platform::fs::config_path(new);
    for entry in
        std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))?
    {
        let dir = entry?.path();
        // A bare repository keeps its config at the top, the others in `.git`.
        for file in [dir.join(".git").join("config"), dir.join("config")] {
            // Most sandboxes have no remote at all: their configs are read, never rewritten.
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            if !text.contains("[remote ") {
                continue;
            }
            let mut config = git2::Config::open(&file)
                .with_context(|| format!("cannot open {}", file.display()))?;
            let mut moved = Vec::new();
            let mut entries = config.entries(Some(r"^remote\..*\.(url|pushurl)$"))?;
            while let Some(entry) = entries.next() {
                let entry = entry?;
                // `value` panics on a key written without `=`; such a url is nothing to move.
                if entry.has_value()
                    && let (Ok(key), Ok(value)) = (entry.name(), entry.value())
                    && let Some(rest) = value.strip_prefix(&old)
                    && rest.starts_with('/')
                {
                    moved.push((key.to_string(), format!("{new}{rest}")));
                }
            }
            drop(entries);
            for (key, value) in moved {
                config
                    .set_str(&key, &value)
                    .with_context(|| format!("cannot update {key} in {}", file.display()))?;
            }
        }
    }
    Ok(())
}
