//! Objectives on the stash stack (read by `crate::repo::stash`).

use git2::{Commit, Repository};

use super::refs::changed_paths;
use crate::predicates::context::{Context, Read, unreadable};
use crate::predicates::{Finding, list, plural};
use crate::repo::stash::{Entry, read_stash};

/// The stash stack, `stash@{0}` first.
pub fn entries(r: &Repository) -> Read<Vec<Entry>> {
    read_stash(r).map_err(|e| unreadable(format!("cannot read the stash list: {}", e.message())))
}

pub(crate) fn nth<'r>(
    r: &'r Repository,
    index: usize,
) -> Read<Result<(Entry, Commit<'r>), Finding>> {
    let mut all = entries(r)?;
    if index >= all.len() {
        let holds = if all.is_empty() {
            "the stash stack is empty".to_string()
        } else {
            format!(
                "the stash stack holds only {}",
                plural(all.len(), "entry", "entries")
            )
        };
        return Ok(Err(Finding::no(format!(
            "there is no stash@{{{index}}}: {holds}"
        ))));
    }
    let entry = all.swap_remove(index);
    let commit = r
        .find_commit(entry.id)
        .map_err(|e| unreadable(format!("stash@{{{index}}} cannot be read: {}", e.message())))?;
    Ok(Ok((entry, commit)))
}

/// Untracked files a stash entry holds. git stores them as a third parent; with `-u` and nothing
/// untracked it still writes that parent, with an empty tree.
pub fn untracked_paths(r: &Repository, commit: &Commit) -> Read<Vec<String>> {
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
pub fn tracked_paths(r: &Repository, commit: &Commit) -> Read<Vec<String>> {
    let err = |e: git2::Error| unreadable(format!("cannot read a stash: {}", e.message()));
    let base = commit.parent(0).and_then(|p| p.tree()).map_err(err)?;
    let tree = commit.tree().map_err(err)?;
    changed_paths(r, Some(&base), Some(&tree))
}

/// The stash entries made at setup (newest first), as the marker recorded them.
pub fn setup_stashes(ctx: &Context, repo_name: &str) -> Vec<String> {
    ctx.setup
        .get(repo_name)
        .map(|rec| rec.stashes.clone())
        .unwrap_or_default()
}

/// The stack now compared with the stack at setup.
pub struct SinceSetup {
    pub setup: Vec<String>,
    pub now: Vec<String>,
    /// Setup entries no longer on the stack, named by their position at setup (`stash@{1}`).
    pub missing: Vec<String>,
}

pub fn since_setup(ctx: &Context, repo_name: &str, r: &Repository) -> Read<SinceSetup> {
    let setup = setup_stashes(ctx, repo_name);
    let now: Vec<String> = entries(r)?.iter().map(|e| e.id.to_string()).collect();
    let missing = setup
        .iter()
        .enumerate()
        .filter(|(_, id)| !now.contains(id))
        .map(|(i, _)| format!("stash@{{{i}}}"))
        .collect();
    Ok(SinceSetup {
        setup,
        now,
        missing,
    })
}

/// `stash@{1} is` / `stash@{0} and stash@{2} are`.
pub fn missing_phrase(missing: &[String]) -> String {
    format!(
        "{} from the start {}",
        list(missing),
        if missing.len() == 1 { "is" } else { "are" }
    )
}
