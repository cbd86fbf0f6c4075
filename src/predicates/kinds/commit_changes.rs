//! The `commit_changes` predicate.

use crate::predicates::context::git_err;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef, list};

use crate::predicates::common::find_commit;
use crate::repo::commits::changed_paths;

/// The commit differs from its first parent in exactly these paths.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitChanges {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) rev: Rev,
    pub(crate) paths: Vec<String>,
}

impl Kind for CommitChanges {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let rev = &self.rev;
        let expected = self.paths.as_slice();
        let name = ctx.repo_name(repo).to_string();
        ctx.with_repo(repo, |r| {
            let Some(commit) = find_commit(ctx, &name, r, rev)? else {
                return Ok(Finding::no(format!("there is no {rev} yet")));
            };
            let tree = commit.tree().map_err(|e| git_err(rev.as_str(), e))?;
            // A root commit has no parent; a parent that cannot be read is damage.
            let parent_tree = match commit.parent_count() {
                0 => None,
                _ => Some(
                    commit
                        .parent(0)
                        .and_then(|p| p.tree())
                        .map_err(|e| git_err(rev.as_str(), e))?,
                ),
            };
            let actual = changed_paths(r, parent_tree.as_ref(), Some(&tree))?;
            let mut want: Vec<String> = expected.to_vec();
            want.sort();
            want.dedup();
            Ok(Finding::when(
                actual == want,
                format!("the commit at {rev} changes {}", list(&actual)),
                format!(
                    "the commit at {rev} changes {}; it should change only {}",
                    list(&actual),
                    list(&want)
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), [&self.rev])
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.paths(&self.paths)?;
        Ok(())
    }
}
