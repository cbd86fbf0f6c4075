//! The `branch_exists` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::commits::branch_tip;

/// The local branch `branch` exists.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BranchExists {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
}

impl Kind for BranchExists {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let branch = self.branch.as_str();
        ctx.with_repo(repo, |r| {
            Ok(Finding::when(
                branch_tip(r, branch)?.is_some(),
                format!("branch {branch} exists"),
                format!("there is no branch {branch}"),
            ))
        })
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
