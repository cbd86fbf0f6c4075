//! The `upstream_is` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::commits::branch_tip;
use crate::repo::remotes::{short_ref, upstream_of};

/// The branch's upstream, what `git status` compares it with and a bare `git pull` or `git
/// push` uses, is `upstream` (a remote-tracking branch such as `origin/main`), however it was
/// set: by the clone, `git push -u`, `git branch -u` or `git switch --track`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpstreamIs {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
    /// `REMOTE/BRANCH`, as `git branch -vv` shows it.
    pub(crate) upstream: String,
}

impl Kind for UpstreamIs {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (branch, want) = (self.branch.as_str(), self.upstream.as_str());
        ctx.with_repo(&self.repo, |r| {
            if branch_tip(r, branch)?.is_none() {
                return Ok(Finding::no(format!("there is no branch {branch}")));
            }
            Ok(match upstream_of(r, branch)? {
                None => Finding::no(format!(
                    "{branch} has no upstream: `git push -u` or `git branch --set-upstream-to={want}` gives it one"
                )),
                Some(name) => Finding::when(
                    short_ref(&name) == want && name.starts_with("refs/remotes/"),
                    format!("{branch} tracks {want}"),
                    format!("{branch} tracks {}, not {want}", short_ref(&name)),
                ),
            })
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)?;
        match self.upstream.split_once('/') {
            Some((remote, branch)) if !remote.is_empty() => rules.branch(branch),
            _ => Err(format!(
                "`{}` is not a remote-tracking branch: write it as REMOTE/BRANCH, e.g. origin/main",
                self.upstream
            )),
        }
    }
}
