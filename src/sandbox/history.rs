//! Setup steps that rewrite what a repository's history or stash already holds: a merge, and
//! dropping or clearing stash entries (for a lesson that starts after the accident).

use anyhow::{Context, Result, bail};
use git2::{BranchType, Repository, Signature, build::CheckoutBuilder};

use super::builder::with_newline;

/// `git merge --no-ff BRANCH`: a merge commit of HEAD and `branch`, its working tree and index
/// checked out; a conflict is refused (a setup has no one to resolve it).
pub fn merge(
    repo: &Repository,
    sig: &Signature,
    branch: &str,
    message: Option<&str>,
) -> Result<()> {
    let ours = repo
        .head()
        .context("HEAD has no commit yet: commit before merging")?
        .peel_to_commit()?;
    let theirs = repo
        .find_branch(branch, BranchType::Local)
        .with_context(|| format!("there is no branch {branch} to merge"))?
        .get()
        .peel_to_commit()?;
    if repo.graph_descendant_of(ours.id(), theirs.id())? || ours.id() == theirs.id() {
        bail!("{branch} is already merged: there is nothing to merge");
    }
    let mut index = repo.merge_commits(&ours, &theirs, None)?;
    if index.has_conflicts() {
        bail!("merging {branch} conflicts; a setup merge must merge cleanly");
    }
    let tree = repo.find_tree(index.write_tree_to(repo)?)?;
    // Checked out before HEAD moves: the checkout compares with HEAD's tree.
    repo.checkout_tree(tree.as_object(), Some(CheckoutBuilder::new().safe()))
        .with_context(|| {
            format!("cannot merge {branch}: uncommitted changes would be overwritten")
        })?;
    let message = message.map_or_else(|| format!("Merge branch '{branch}'"), str::to_string);
    repo.commit(
        Some("HEAD"),
        sig,
        sig,
        &with_newline(&message),
        &tree,
        &[&ours, &theirs],
    )
    .context("cannot commit the merge")?;
    Ok(())
}

/// `git stash drop stash@{index}`.
pub fn stash_drop(repo: &mut Repository, index: usize) -> Result<()> {
    let count = crate::repo::stash::read_stash(repo)?.len();
    if index >= count {
        bail!("there is no stash@{{{index}}} to drop: the stack holds {count} entries");
    }
    repo.stash_drop(index)
        .context("cannot drop the stash entry")
}

/// `git stash clear`.
pub fn stash_clear(repo: &mut Repository) -> Result<()> {
    let count = crate::repo::stash::read_stash(repo)?.len();
    if count == 0 {
        bail!("there is no stash to clear");
    }
    for _ in 0..count {
        repo.stash_drop(0).context("cannot clear the stash")?;
    }
    Ok(())
}
