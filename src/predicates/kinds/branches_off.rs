//! The `branches_off` predicate.

use crate::predicates::context::git_err;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef};

use crate::predicates::common::describe_commit;
use crate::repo::commits::branch_tip;

/// `branch` parts from the history of `from` exactly at `at`: their merge base is `at`,
/// whatever either side has gained since (e.g. a branch made by `git stash branch` starts at
/// the stash's base commit, not at the tip `from` has moved on to).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BranchesOff {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
    pub(crate) from: Rev,
    pub(crate) at: Rev,
}

impl Kind for BranchesOff {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let branch = self.branch.as_str();
        let from = &self.from;
        let at = &self.at;
        let name = ctx.repo_name(repo).to_string();
        let from_shown = from
            .as_str()
            .strip_prefix("setup:")
            .unwrap_or(from.as_str());
        ctx.with_repo(repo, |r| {
            let Some(tip) = branch_tip(r, branch)? else {
                return Ok(Finding::no(format!("there is no branch {branch}")));
            };
            let Some(from_id) = ctx.resolve(&name, r, from)? else {
                return Ok(Finding::no(format!("`{from}` names no commit")));
            };
            let Some(at_id) = ctx.resolve(&name, r, at)? else {
                return Ok(Finding::no(format!("`{at}` names no commit")));
            };
            let base = match r.merge_base(tip, from_id) {
                Ok(id) => id,
                Err(e) if e.code() == git2::ErrorCode::NotFound => {
                    return Ok(Finding::no(format!(
                        "{branch} shares no history with {from_shown}"
                    )));
                }
                Err(e) => return Err(git_err("history", e)),
            };
            let found = describe_commit(r, base)?;
            Ok(Finding::when(
                base == at_id,
                format!("{branch} parts from {from_shown} at {found}"),
                format!(
                    "{branch} parts from {from_shown} at {found}, not at {}",
                    describe_commit(r, at_id)?
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), [&self.from, &self.at])
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)?;
        Ok(())
    }
}
