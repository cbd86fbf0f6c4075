//! The `root_commit` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::describe_commit;
use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef};

/// A history of its own. Without `unrelated_to`: the commit at `rev` is a root commit, with no
/// parent, as the first commit of a repository or of an orphan branch (`git switch --orphan`)
/// is. With `unrelated_to`: the histories of `rev` and of that revision share no commit at all
/// (an orphan branch that has grown since its first commit).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RootCommit {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) rev: Rev,
    #[serde(default)]
    pub(crate) unrelated_to: Option<Rev>,
}

impl Kind for RootCommit {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let name = ctx.repo_name(&self.repo).to_string();
        let rev = &self.rev;
        ctx.with_repo(&self.repo, |r| {
            let Some(id) = ctx.resolve(&name, r, rev)? else {
                return Ok(Finding::no(format!("there is no {rev} yet")));
            };
            let shown = rev.shown();
            let Some(other) = &self.unrelated_to else {
                let commit = r.find_commit(id).map_err(|e| git_err(rev.as_str(), e))?;
                let parents = commit.parent_count();
                return Ok(Finding::when(
                    parents == 0,
                    format!(
                        "{shown} ({}) is a root commit: it has no parent",
                        describe_commit(r, id)?
                    ),
                    format!(
                        "{shown} ({}) has {} parent{}: it is not where a history starts",
                        describe_commit(r, id)?,
                        parents,
                        if parents == 1 { "" } else { "s" }
                    ),
                ));
            };
            let Some(other_id) = ctx.resolve(&name, r, other)? else {
                return Ok(Finding::no(format!("there is no {other} to compare with")));
            };
            let other_shown = other.shown();
            match r.merge_base(id, other_id) {
                Ok(base) => Ok(Finding::no(format!(
                    "{shown} shares history with {other_shown}: both have {}",
                    describe_commit(r, base)?
                ))),
                Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(Finding::yes(format!(
                    "{shown} shares no commit with {other_shown}: its history is its own"
                ))),
                Err(e) => Err(git_err("history", e)),
            }
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(
            self.repo.as_deref(),
            std::iter::once(&self.rev).chain(self.unrelated_to.as_ref()),
        )
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)
    }
}

#[cfg(test)]
mod tests {
    use crate::predicates::testing::{Scratch, judge, predicate};
    use crate::repo::setup::RepoRecord;

    fn holds(root: &std::path::Path, yaml: &str) -> bool {
        judge(root, RepoRecord::default(), &predicate(yaml)).holds
    }

    /// main: two commits; pages: an orphan branch of two commits of its own.
    #[test]
    fn roots_and_unrelated_histories() {
        let s = Scratch::new();
        let m1 = s.commit("refs/heads/main", "m1\n", &[]);
        s.commit("refs/heads/main", "m2\n", &[m1]);
        let p1 = s.commit("refs/heads/pages", "p1\n", &[]);
        s.commit("refs/heads/pages", "p2\n", &[p1]);
        let dir = s.path();
        assert!(holds(dir, "root_commit: { rev: pages~1 }"));
        assert!(!holds(dir, "root_commit: { rev: pages }"));
        assert!(holds(
            dir,
            "root_commit: { rev: pages, unrelated_to: main }"
        ));
        assert!(!holds(
            dir,
            "root_commit: { rev: main, unrelated_to: main~1 }"
        ));
        assert!(!holds(dir, "root_commit: { rev: nowhere }"));
    }
}
