//! The `head_is` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::commits::current_branch;

/// The branch checked out in a working tree.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadIs {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    pub(crate) branch: String,
}

impl Kind for HeadIs {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let worktree = &self.worktree;
        let branch = self.branch.as_str();
        let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
        ctx.with_worktree(repo, worktree, |r| {
            Ok(match current_branch(r)? {
                Ok(current) if current == branch => {
                    Finding::yes(format!("{where_} is on {branch}"))
                }
                Ok(current) => Finding::no(format!("{where_} is on {current}, not on {branch}")),
                Err(detached) => Finding::no(format!("in {where_} {detached}, not on {branch}")),
            })
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)?;
        rules.branch(&self.branch)?;
        Ok(())
    }
}
