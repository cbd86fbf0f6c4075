//! Linked worktrees, read from `.git/worktrees/<name>/` by git's own rules rather than
//! libgit2's: a registration is alive while the `.git` file its `gitdir` names exists, and a
//! stale registration still holds its branch.

use std::path::{Path, PathBuf};

use git2::Repository;

use crate::paths::normalize;

/// One registered linked worktree, read from `.git/worktrees/<name>/` by git's own rules.
#[derive(Debug, Clone)]
pub struct Registration {
    pub name: String,
    /// The working tree directory the registration names.
    pub dir: PathBuf,
    /// Whether the `.git` file the registration names exists (git's test for "not prunable").
    pub present: bool,
    pub locked: Option<String>,
    /// The branch its HEAD names, if it is on one.
    pub branch: Option<String>,
}

impl Registration {
    /// What `git worktree prune` would remove: gone from disk and not locked.
    pub fn is_stale(&self) -> bool {
        !self.present && self.locked.is_none()
    }
}

pub fn registrations(repo: &Repository) -> Vec<Registration> {
    let admin_root = repo.commondir().join("worktrees");
    let Ok(entries) = std::fs::read_dir(&admin_root) else {
        return Vec::new();
    };
    let mut out: Vec<Registration> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| {
            let admin = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            // git's rule: the registration is alive while the file its `gitdir` names exists.
            let gitdir = std::fs::read_to_string(admin.join("gitdir")).ok().map(|t| {
                let p = PathBuf::from(t.trim_end());
                if p.is_absolute() {
                    p
                } else {
                    normalize(&admin.join(p))
                }
            });
            let present = gitdir.as_ref().is_some_and(|p| p.exists());
            let dir = gitdir
                .as_ref()
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_default();
            let locked = std::fs::read_to_string(admin.join("locked"))
                .ok()
                .map(|r| r.trim().to_string());
            let branch = head_branch_of(&admin.join("HEAD"));
            Registration {
                name,
                dir,
                present,
                locked,
                branch,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Where each branch is checked out, by git's rule: the main HEAD plus every registered
/// worktree's HEAD, stale ones included. Places are `None` for the main working tree.
pub fn checkouts(r: &Repository) -> Vec<(Option<PathBuf>, String)> {
    let mut out = Vec::new();
    if let Some(branch) = head_branch_of(&r.path().join("HEAD")) {
        out.push((None, branch));
    }
    for reg in registrations(r) {
        if let Some(branch) = reg.branch {
            out.push((Some(reg.dir), branch));
        }
    }
    out
}

/// The branch a HEAD file names (`ref: refs/heads/x`), if any.
fn head_branch_of(head_file: &Path) -> Option<String> {
    let text = std::fs::read_to_string(head_file).ok()?;
    text.trim()
        .strip_prefix("ref: refs/heads/")
        .map(str::to_string)
}

/// An operation git left half done in this working tree, and how to finish or abandon it.
pub fn operation_in_progress(repo: &Repository) -> Option<&'static str> {
    use git2::RepositoryState as S;
    match repo.state() {
        S::Clean => None,
        S::Merge => Some(
            "a merge is in progress: finish it with `git commit` or abandon it with `git merge --abort`",
        ),
        S::Revert | S::RevertSequence => {
            Some("a revert is in progress: `git revert --continue` or `git revert --abort`")
        }
        S::CherryPick | S::CherryPickSequence => {
            Some("a cherry-pick is in progress: `git cherry-pick --continue` or `--abort`")
        }
        S::Rebase | S::RebaseInteractive | S::RebaseMerge => {
            Some("a rebase is in progress: `git rebase --continue` or `git rebase --abort`")
        }
        S::Bisect => Some("a bisect is in progress: `git bisect reset` ends it"),
        S::ApplyMailbox | S::ApplyMailboxOrRebase => {
            Some("`git am` is in progress: `git am --abort` ends it")
        }
    }
}
