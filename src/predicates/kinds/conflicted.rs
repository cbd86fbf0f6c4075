//! The `conflicted` predicate.

use crate::predicates::context::git_err;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};

/// An unresolved conflict in the index (a `stash pop` or merge that stopped half way).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflicted {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
}

impl Kind for Conflicted {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let worktree = &self.worktree;
        let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
        ctx.with_worktree(repo, worktree, |r| {
            let index = r.index().map_err(|e| git_err("the index", e))?;
            let mut paths: Vec<String> = index
                .conflicts()
                .map_err(|e| git_err("the index", e))?
                .filter_map(Result::ok)
                .filter_map(|c| c.our.or(c.their).or(c.ancestor))
                .map(|e| String::from_utf8_lossy(&e.path).into_owned())
                .collect();
            paths.sort();
            paths.dedup();
            Ok(Finding::when(
                !paths.is_empty(),
                format!("{where_} has unresolved conflicts in {}", list(&paths)),
                format!("{where_} has no unresolved conflicts"),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)?;
        Ok(())
    }
}
