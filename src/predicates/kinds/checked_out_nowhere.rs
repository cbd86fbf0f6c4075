//! The `checked_out_nowhere` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::describe;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};

/// The branch is checked out in no worktree at all.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckedOutNowhere {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
}

impl Kind for CheckedOutNowhere {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let branch = self.branch.as_str();
        let checkouts = ctx.checkouts(repo)?;
        let shown: Vec<String> = checkouts
            .iter()
            .filter(|(_, b)| b == branch)
            .map(|(p, _)| describe(ctx, repo, p))
            .collect();
        Ok(Finding::when(
            shown.is_empty(),
            format!("{branch} is not checked out in any worktree"),
            format!("{branch} is checked out in {}", list(&shown)),
        ))
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)?;
        Ok(())
    }
}
