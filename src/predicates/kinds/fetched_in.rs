//! The `fetched_in` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// A `git fetch` (or `git pull`) was run in this working tree: git writes FETCH_HEAD into
/// each working tree's own git directory, so it records where a fetch ran, while the
/// remote-tracking branches the fetch updated are shared by every worktree. Under `not`:
/// this working tree never fetched (it did not need to).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FetchedIn {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
}

impl Kind for FetchedIn {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let place = ctx.rel(&ctx.worktree_dir(&self.repo, &self.worktree));
        ctx.with_worktree(&self.repo, &self.worktree, |r| {
            Ok(Finding::when(
                r.path().join("FETCH_HEAD").exists(),
                format!("a fetch was run in {place}"),
                format!("no fetch was run in {place}"),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)
    }
}

#[cfg(test)]
mod tests {
    use crate::predicates::testing::{Scratch, judge, predicate};
    use crate::repo::setup::RepoRecord;

    /// FETCH_HEAD in the main working tree's git directory is a fetch run there.
    #[test]
    fn fetch_head_says_where_a_fetch_ran() {
        let s = Scratch::new();
        s.commit("HEAD", "first\n", &[]);
        let p = predicate("fetched_in: {}");
        let f = judge(s.path(), RepoRecord::default(), &p);
        assert_eq!(
            (f.holds, f.says.as_str()),
            (false, "no fetch was run in app")
        );
        std::fs::write(s.repo.path().join("FETCH_HEAD"), "").unwrap();
        let f = judge(s.path(), RepoRecord::default(), &p);
        assert_eq!((f.holds, f.says.as_str()), (true, "a fetch was run in app"));
    }
}
