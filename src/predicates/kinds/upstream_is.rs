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

#[cfg(test)]
mod tests {
    use crate::predicates::testing::{Scratch, judge, predicate};
    use crate::repo::setup::RepoRecord;

    fn says(s: &Scratch, yaml: &str) -> (bool, String) {
        let f = judge(s.path(), RepoRecord::default(), &predicate(yaml));
        (f.holds, f.says)
    }

    #[test]
    fn an_upstream_is_read_from_the_branch_config_and_the_remote_refspec() {
        let s = Scratch::new();
        // git2's init follows init.defaultBranch, which may say master.
        s.repo.set_head("refs/heads/main").unwrap();
        let first = s.commit("HEAD", "first\n", &[]);
        let p = "upstream_is: { branch: main, upstream: origin/main }";
        assert_eq!(
            says(&s, p),
            (
                false,
                "main has no upstream: `git push -u` or `git branch --set-upstream-to=origin/main` gives it one".into()
            )
        );
        let mut config = s.repo.config().unwrap();
        config.set_str("remote.origin.url", "/nowhere").unwrap();
        config
            .set_str("remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")
            .unwrap();
        config.set_str("branch.main.remote", "origin").unwrap();
        config
            .set_str("branch.main.merge", "refs/heads/trunk")
            .unwrap();
        s.repo
            .reference("refs/remotes/origin/trunk", first, false, "")
            .unwrap();
        assert_eq!(
            says(&s, p),
            (false, "main tracks origin/trunk, not origin/main".into())
        );
        config
            .set_str("branch.main.merge", "refs/heads/main")
            .unwrap();
        assert_eq!(says(&s, p), (true, "main tracks origin/main".into()));
        assert!(!says(&s, "upstream_is: { branch: other, upstream: origin/main }").0);
    }
}
