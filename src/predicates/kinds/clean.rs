//! The `clean` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};
use crate::repo::status::dirty;

/// No changes at all in the working tree and index (ignored files aside).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clean {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
}

impl Kind for Clean {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let worktree = &self.worktree;
        let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
        ctx.with_worktree(repo, worktree, |r| {
            let paths = dirty(r)?;
            Ok(Finding::when(
                paths.is_empty(),
                format!("the working tree of {where_} is clean"),
                format!(
                    "the working tree of {where_} has uncommitted changes: {}",
                    list(&paths)
                ),
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
