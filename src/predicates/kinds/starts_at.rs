//! The `starts_at` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use git2::Oid;

use crate::predicates::common::{describe_commit, setup_tips};
use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef, list, plural};
use crate::repo::commits::branch_tip;

/// `branch` starts exactly at `at`: `at` is in its history and every commit it has beyond
/// `at` was made since the start. A branch made at a commit beyond `at` that already existed
/// (a stash's own index commit, a later tip) does not start at `at`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StartsAt {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
    pub(crate) at: Rev,
}

impl Kind for StartsAt {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (repo, branch, at) = (&self.repo, self.branch.as_str(), &self.at);

        let name = ctx.repo_name(repo).to_string();
        ctx.with_repo(repo, |r| {
        let Some(tip) = branch_tip(r, branch)? else {
            return Ok(Finding::no(format!("there is no branch {branch}")));
        };
        let Some(at_id) = ctx.resolve(&name, r, at)? else {
            return Ok(Finding::no(format!("`{at}` names no commit")));
        };
        let err = |e| git_err("history", e);
        let reaches = tip == at_id || r.graph_descendant_of(tip, at_id).map_err(err)?;
        if !reaches {
            return Ok(Finding::no(format!(
                "{branch} does not start at {}: that commit is not in its history",
                describe_commit(r, at_id)?
            )));
        }
        // Commits beyond `at` that were already there at the start: the branch was made at
        // one of them (a stash's index commit, a later tip), not at `at`.
        let mut walk = r.revwalk().map_err(err)?;
        walk.push(tip).map_err(err)?;
        walk.hide(at_id).map_err(err)?;
        let beyond: Vec<Oid> = walk.collect::<Result<_, _>>().map_err(err)?;
        let mut fresh = r.revwalk().map_err(err)?;
        fresh.push(tip).map_err(err)?;
        fresh.hide(at_id).map_err(err)?;
        for id in setup_tips(ctx, &name) {
            // A tip the branch cannot reach hides nothing; ignore ids this repository lacks.
            let _ = fresh.hide(id);
        }
        let made: Vec<Oid> = fresh.collect::<Result<_, _>>().map_err(err)?;
        let old: Vec<String> = beyond
            .iter()
            .filter(|id| !made.contains(id))
            .map(|id| describe_commit(r, *id))
            .collect::<Fact<_>>()?;
        Ok(if old.is_empty() {
            Finding::yes(format!(
                "{branch} starts at {}{}",
                describe_commit(r, at_id)?,
                if made.is_empty() {
                    String::new()
                } else {
                    format!(
                        " with {} of yours on top",
                        plural(made.len(), "commit", "commits")
                    )
                }
            ))
        } else {
            Finding::no(format!(
                "{branch} does not start at {}: it also holds {}, which existed before you began",
                describe_commit(r, at_id)?,
                list(&old)
            ))
        })
    })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), [&self.at])
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)
    }
}
