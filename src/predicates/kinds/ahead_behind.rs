//! The `ahead_behind` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rules, SetupRef, plural};
use crate::repo::commits::branch_tip;
use crate::repo::remotes::{short_ref, upstream_of};

/// The branch against its upstream, as `git status` counts it: `ahead` commits of its own not
/// in the upstream, `behind` commits of the upstream not in it (each checked when given; `0`
/// and `0`: in sync). The upstream is the remote-tracking branch as last fetched, so "not
/// behind" means nothing the learner has fetched is missing; whether the remote itself has
/// more is `fetched`'s question.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AheadBehind {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
    #[serde(default)]
    pub(crate) ahead: Option<usize>,
    #[serde(default)]
    pub(crate) behind: Option<usize>,
}

impl Kind for AheadBehind {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let branch = self.branch.as_str();
        ctx.with_repo(&self.repo, |r| {
            let Some(tip) = branch_tip(r, branch)? else {
                return Ok(Finding::no(format!("there is no branch {branch}")));
            };
            let Some(upstream) = upstream_of(r, branch)? else {
                return Ok(Finding::no(format!(
                    "{branch} has no upstream to compare with: `git push -u` or `git branch --set-upstream-to` gives it one"
                )));
            };
            let shown = short_ref(&upstream);
            let Ok(theirs) = r.refname_to_id(&upstream) else {
                return Ok(Finding::no(format!(
                    "{branch}'s upstream {shown} does not exist: fetch it first"
                )));
            };
            let (ahead, behind) = r
                .graph_ahead_behind(tip, theirs)
                .map_err(|e| git_err("history", e))?;
            let holds =
                self.ahead.is_none_or(|a| a == ahead) && self.behind.is_none_or(|b| b == behind);
            let state = if ahead == 0 && behind == 0 {
                format!("{branch} is up to date with {shown}")
            } else {
                let mut parts = Vec::new();
                if ahead > 0 {
                    parts.push(format!("{} ahead of", plural(ahead, "commit", "commits")));
                }
                if behind > 0 {
                    parts.push(format!("{} behind", plural(behind, "commit", "commits")));
                }
                format!("{branch} is {} {shown}", parts.join(" and "))
            };
            Ok(Finding::when(holds, state.clone(), state))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)?;
        if self.ahead.is_none() && self.behind.is_none() {
            return Err("give `ahead`, `behind` or both: the counts to hold".to_string());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::predicates::testing::{Scratch, judge, predicate};
    use crate::repo::setup::RepoRecord;

    #[test]
    fn counts_are_git_status_counts_against_the_remote_tracking_branch() {
        let s = Scratch::new();
        // git2's init follows init.defaultBranch, which may say master.
        s.repo.set_head("refs/heads/main").unwrap();
        let base = s.commit("HEAD", "base\n", &[]);
        let theirs = s.commit("refs/remotes/origin/main", "theirs\n", &[base]);
        s.commit("HEAD", "ours\n", &[base]);
        let mut config = s.repo.config().unwrap();
        config
            .set_str("remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")
            .unwrap();
        config.set_str("remote.origin.url", "/nowhere").unwrap();
        config.set_str("branch.main.remote", "origin").unwrap();
        config
            .set_str("branch.main.merge", "refs/heads/main")
            .unwrap();
        let judged = |yaml: &str| {
            let f = judge(s.path(), RepoRecord::default(), &predicate(yaml));
            (f.holds, f.says)
        };
        let diverged = "main is 1 commit ahead of and 1 commit behind origin/main".to_string();
        assert_eq!(
            judged("ahead_behind: { branch: main, ahead: 1 }"),
            (true, diverged.clone())
        );
        assert_eq!(
            judged("ahead_behind: { branch: main, ahead: 0, behind: 0 }"),
            (false, diverged)
        );
        s.repo
            .reference("refs/heads/main", theirs, true, "")
            .unwrap();
        assert_eq!(
            judged("ahead_behind: { branch: main, ahead: 0, behind: 0 }"),
            (true, "main is up to date with origin/main".into())
        );
    }
}
