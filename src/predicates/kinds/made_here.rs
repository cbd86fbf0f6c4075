//! The `made_here` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::commits::branch_tip;
use crate::repo::reflog::{committed, received};

/// The branch was worked on in this repository: something was committed on it in one of its
/// working trees, and its present commit was not received from another repository by a push
/// or fetch (a clone used instead of a worktree), nor only set with `git branch` to a commit
/// made some other way.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MadeHere {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
}

impl Kind for MadeHere {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (repo, branch) = (&self.repo, self.branch.as_str());

        ctx.with_repo(repo, |r| {
        if branch_tip(r, branch)?.is_none() {
            return Ok(Finding::no(format!("there is no branch {branch}")));
        }
        let refname = format!("refs/heads/{branch}");
        let log = r.reflog(&refname).map_err(|e| git_err("a reflog", e))?;
        let messages: Vec<String> = log
            .iter()
            .map(|e| e.message().ok().flatten().unwrap_or("").trim().to_string())
            .collect();
        // The newest entry gave the branch its present commit: work redone here after a push
        // from a clone counts as made here.
        Ok(if messages.first().is_some_and(|m| received(m)) {
            Finding::no(format!(
                "{branch} was pushed or fetched here from another repository (a clone?), not built in a worktree of this one"
            ))
        } else if !messages.iter().any(|m| committed(m)) {
            Finding::no(format!(
                "nothing has been committed on {branch} in a working tree of this repository (a branch only set to a commit made elsewhere does not count)"
            ))
        } else {
            Finding::yes(format!("{branch} was built in this repository"))
        })
    })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)
    }
}
