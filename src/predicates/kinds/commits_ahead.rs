//! The `commits_ahead` predicate.

use crate::predicates::context::git_err;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef, plural};
use crate::repo::ancestry::commits_since;

use crate::repo::commits::branch_tip;

/// `base` is an ancestor of `branch` and `branch` has exactly `count` commits on top of it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitsAhead {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
    pub(crate) base: Rev,
    pub(crate) count: usize,
}

impl Kind for CommitsAhead {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let branch = self.branch.as_str();
        let base = &self.base;
        let count = self.count;
        let name = ctx.repo_name(repo).to_string();
        let base_shown = base.shown();
        ctx.with_repo(repo, |r| {
            let Some(tip) = branch_tip(r, branch)? else {
                return Ok(Finding::no(format!("there is no branch {branch}")));
            };
            let Some(base_id) = ctx.resolve(&name, r, base)? else {
                return Ok(Finding::no(format!("there is no {base} yet")));
            };
            let Some(n) = commits_since(r, base_id, tip).map_err(|e| git_err("history", e))? else {
                return Ok(Finding::no(format!(
                    "{branch} does not start from {base_shown}: it was branched from somewhere else"
                )));
            };
            Ok(Finding::when(
                n == count,
                format!(
                    "{branch} is {} ahead of {base_shown}",
                    plural(n, "commit", "commits")
                ),
                format!(
                    "{branch} is {} ahead of {base_shown}; expected {count}",
                    plural(n, "commit", "commits")
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), [&self.base])
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)?;
        Ok(())
    }
}
