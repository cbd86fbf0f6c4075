//! The `remote_contains` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::describe_commit;
use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef};
use crate::repo::ancestry::commits_since;
use crate::repo::commits::{branch_tip, patch_id, same_change_in};

/// What a push delivered: in the remote's own repository (the sandbox repository that
/// `remote`'s URL names, read directly, not through this repository's remote-tracking
/// branches), `branch` exists and, with `rev` (a revision of `repo`: `main`, `setup:main`),
/// has that commit in its history, or a commit making the same change (compared as `git
/// cherry` does, so a commit rebased by `git pull --rebase` before the push counts). A force
/// push that dropped the remote's own commits is caught by pairing it with `is_ancestor` on
/// the remote.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoteContains {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    /// The remote, as this repository names it.
    #[serde(default = "crate::predicates::common::origin")]
    pub(crate) remote: String,
    /// The branch in the remote's repository.
    pub(crate) branch: String,
    #[serde(default)]
    pub(crate) rev: Option<Rev>,
}

impl Kind for RemoteContains {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (remote, branch) = (self.remote.as_str(), self.branch.as_str());
        let name = ctx.repo_name(&self.repo).to_string();
        let wanted = match &self.rev {
            None => None,
            Some(rev) => {
                let id = ctx.with_repo(&self.repo, |r| {
                    Ok(match ctx.resolve(&name, r, rev)? {
                        Some(id) => Some((id, describe_commit(r, id)?, patch_id(r, id)?)),
                        None => None,
                    })
                })?;
                match id {
                    Some(found) => Some(found),
                    None => return Ok(Finding::no(format!("there is no {rev} in {name}"))),
                }
            }
        };
        ctx.with_remote(&self.repo, remote, |_, r| {
            let Some(tip) = branch_tip(r, branch)? else {
                return Ok(Finding::no(format!("{remote} has no branch {branch}")));
            };
            let Some((id, shown, change)) = wanted else {
                return Ok(Finding::yes(format!("{remote} has a branch {branch}")));
            };
            // A commit the remote never received is not in its object database at all.
            let same_commit = r.find_commit(id).is_ok()
                && commits_since(r, id, tip)
                    .map_err(|e| git_err("the remote's history", e))?
                    .is_some();
            let holds = same_commit
                || match change {
                    Some(change) => same_change_in(r, tip, change)?.is_some(),
                    None => false,
                };
            Ok(Finding::when(
                holds,
                format!("{remote}'s {branch} has {shown}"),
                format!("{remote}'s {branch} does not have {shown}: it has not been pushed there"),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), self.rev.iter())
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)
    }
}
