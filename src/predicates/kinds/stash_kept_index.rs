//! The `stash_kept_index` predicate: the trace `git stash push --keep-index` leaves.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::nth;
use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// The stash entry was made with `--keep-index` (or `-k`): what it staged is still staged in the
/// working tree's index. git writes no flag for it; this is the trace it leaves, and it lasts
/// while the entry is on the stack and the index is untouched (a commit of the staged part or
/// `git stash pop` ends it). A plain `git stash` leaves an index equal to HEAD instead.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashKeptIndex {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    /// Which entry: 0 for `stash@{0}` (the default).
    #[serde(default)]
    pub(crate) index: usize,
}

impl Kind for StashKeptIndex {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let which = format!("stash@{{{}}}", self.index);
        let where_ = ctx.rel(&ctx.worktree_dir(&self.repo, &self.worktree));
        ctx.with_worktree(&self.repo, &self.worktree, |r| {
            let (_, commit) = match nth(r, self.index)? {
                Ok(found) => found,
                Err(finding) => return Ok(finding),
            };
            let err = |e: git2::Error| git_err(&which, e);
            let base = commit.parent(0).and_then(|p| p.tree()).map_err(err)?;
            let staged = commit.parent(1).and_then(|p| p.tree()).map_err(err)?;
            if staged.id() == base.id() {
                return Ok(Finding::no(format!(
                    "{which} was made with nothing staged, so there was no index to keep"
                )));
            }
            let mut index_now = BTreeMap::new();
            let index = r.index().map_err(|e| git_err("the index", e))?;
            // Conflict stages aside: only what is staged to commit.
            for entry in index.iter().filter(|e| (e.flags >> 12) & 3 == 0) {
                let path = String::from_utf8_lossy(&entry.path).into_owned();
                index_now.insert(path, entry.id);
            }
            let mut in_stash = BTreeMap::new();
            staged
                .walk(git2::TreeWalkMode::PreOrder, |dir, e| {
                    if e.kind() == Some(git2::ObjectType::Blob) {
                        in_stash.insert(format!("{dir}{}", e.name().unwrap_or("")), e.id());
                    }
                    git2::TreeWalkResult::Ok
                })
                .map_err(err)?;
            Ok(Finding::when(
                index_now == in_stash,
                format!("the index of {where_} still holds what {which} staged: it was made with --keep-index"),
                format!(
                    "the index of {where_} no longer holds what {which} staged (as `git stash push --keep-index` would have left it)"
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)
    }
}
