//! The `fetched` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::describe_commit;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::commits::branch_tip;

/// This repository's remote-tracking branch `REMOTE/BRANCH` is where `branch` is in the
/// remote's own repository (the sandbox repository `remote`'s URL names): fetched since the
/// remote last moved. Remote-tracking branches are shared by every worktree of a repository,
/// so a fetch in any of them holds for all.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fetched {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    /// The remote, as this repository names it.
    #[serde(default = "crate::predicates::common::origin")]
    pub(crate) remote: String,
    /// The branch in the remote's repository.
    pub(crate) branch: String,
}

impl Kind for Fetched {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (remote, branch) = (self.remote.as_str(), self.branch.as_str());
        let tracking = format!("{remote}/{branch}");
        let there = ctx.with_remote(&self.repo, remote, |_, r| branch_tip(r, branch))?;
        let Some(there) = there else {
            return Ok(Finding::no(format!("{remote} has no branch {branch}")));
        };
        ctx.with_repo(&self.repo, |r| {
            let here = r
                .refname_to_id(&format!("refs/remotes/{tracking}"))
                .ok();
            Ok(match here {
                None => Finding::no(format!(
                    "there is no {tracking} here yet: {remote}'s {branch} has not been fetched"
                )),
                Some(here) if here == there => {
                    Finding::yes(format!("{tracking} is up to date with {remote}"))
                }
                Some(here) => Finding::no(format!(
                    "{tracking} is at {}, behind {remote}'s {branch}: it was not fetched since {remote} moved",
                    describe_commit(r, here)?
                )),
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
