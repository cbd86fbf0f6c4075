//! The `dirty_paths` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};
use crate::repo::status::dirty;

/// Exactly these paths are changed or untracked.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirtyPaths {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    pub(crate) paths: Vec<String>,
}

impl Kind for DirtyPaths {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let worktree = &self.worktree;
        let expected = self.paths.as_slice();
        let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
        ctx.with_worktree(repo, worktree, |r| {
            let paths = dirty(r)?;
            let mut want = expected.to_vec();
            want.sort();
            Ok(if paths == want {
                Finding::yes(format!(
                    "in {where_} exactly {} {} uncommitted",
                    list(&paths),
                    if paths.len() == 1 { "is" } else { "are" }
                ))
            } else if paths.is_empty() {
                Finding::no(format!(
                    "the working tree of {where_} is clean; {} should be uncommitted there",
                    list(&want)
                ))
            } else {
                Finding::no(format!(
                    "in {where_} the uncommitted changes are {}; expected {}",
                    list(&paths),
                    list(&want)
                ))
            })
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)?;
        rules.paths(&self.paths)?;
        Ok(())
    }
}
