//! The stash stack, read from the `refs/stash` reflog exactly as `git stash list` reads it.

use git2::{Commit, Oid, Repository};

use super::commits::changed_paths;
use super::{Fact, unreadable};

pub struct Entry {
    pub id: Oid,
    pub message: String,
}

/// The stash list, read without writing anything: libgit2 creates an empty
/// `.git/logs/refs/stash` when asked for the reflog of a ref that does not exist, so the ref is
/// looked up first. The builder records what setup stashed with it, and the checker judges the
/// learner's stash with it.
pub fn read_stash(r: &Repository) -> Result<Vec<Entry>, git2::Error> {
    match r.find_reference("refs/stash") {
        Ok(_) => {}
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    }
    Ok(r.reflog("refs/stash")?
        .iter()
        .map(|e| Entry {
            id: e.id_new(),
            message: e.message().ok().flatten().unwrap_or("").to_string(),
        })
        .collect())
}

/// The stash stack, `stash@{0}` first.
pub fn entries(r: &Repository) -> Fact<Vec<Entry>> {
    read_stash(r).map_err(|e| unreadable(format!("cannot read the stash list: {}", e.message())))
}

/// Untracked files a stash entry holds. git stores them as a third parent; with `-u` and nothing
/// untracked it still writes that parent, with an empty tree.
pub fn untracked_paths(r: &Repository, commit: &Commit) -> Fact<Vec<String>> {
    if commit.parent_count() < 3 {
        return Ok(Vec::new());
    }
    let tree = commit.parent(2).and_then(|p| p.tree()).map_err(|e| {
        unreadable(format!(
            "cannot read the untracked part of a stash: {}",
            e.message()
        ))
    })?;
    changed_paths(r, None, Some(&tree))
}

/// Tracked paths a stash entry changes, against the commit it was made on.
pub fn tracked_paths(r: &Repository, commit: &Commit) -> Fact<Vec<String>> {
    let err = |e: git2::Error| unreadable(format!("cannot read a stash: {}", e.message()));
    let base = commit.parent(0).and_then(|p| p.tree()).map_err(err)?;
    let tree = commit.tree().map_err(err)?;
    changed_paths(r, Some(&base), Some(&tree))
}

/// Commits shaped like a stash entry: `WIP on ...`/`On ...` with an `index on ...` second parent.
pub fn is_stash_commit(r: &Repository, id: Oid) -> bool {
    let Ok(c) = r.find_commit(id) else {
        return false;
    };
    let message = c.message().unwrap_or("");
    (message.starts_with("WIP on ") || message.starts_with("On "))
        && c.parent_count() >= 2
        && c.parent(1)
            .is_ok_and(|p| p.message().unwrap_or("").starts_with("index on "))
}

/// A stash entry as a whole: the working-tree commit with the untracked-files parent laid over
/// it, against the commit it was made on. Changed tracked paths and new paths, sorted.
pub(crate) fn whole(r: &Repository, commit: &Commit) -> Fact<(Vec<String>, Vec<String>)> {
    let err = |e: git2::Error| unreadable(format!("cannot read a stash: {}", e.message()));
    let base = commit.parent(0).and_then(|p| p.tree()).map_err(err)?;
    let tree = commit.tree().map_err(err)?;
    let mut changed = Vec::new();
    let mut added = Vec::new();
    for path in changed_paths(r, Some(&base), Some(&tree))? {
        if base.get_path(std::path::Path::new(&path)).is_ok() {
            changed.push(path);
        } else {
            added.push(path);
        }
    }
    for path in untracked_paths(r, commit)? {
        if !added.contains(&path) {
            added.push(path);
        }
    }
    changed.sort();
    added.sort();
    Ok((changed, added))
}

/// An entry's name as `git stash list` shows it, without git's `On BRANCH: ` prefix (which
/// `git stash push -m` adds and `git stash store -m` does not).
pub(crate) fn shown_name(message: &str) -> &str {
    let message = message.trim();
    match message
        .strip_prefix("On ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((branch, name)) if !branch.contains(' ') => name.trim(),
        _ => message,
    }
}

/// git's automatic name: `WIP on BRANCH: <abbreviated commit> <subject>`.
pub(crate) fn is_default_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("WIP on ") else {
        return false;
    };
    let Some((branch, after)) = rest.split_once(": ") else {
        return false;
    };
    let id = after.split(' ').next().unwrap_or("");
    !branch.contains(' ')
        && (id.len() >= 4 && id.chars().all(|c| c.is_ascii_hexdigit())
            || after.starts_with("(no branch)"))
}
