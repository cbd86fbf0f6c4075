//! The `worktree_gone` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::worktree_at;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// No worktree is registered at `path` and the directory is gone.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorktreeGone {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) path: String,
}

impl Kind for WorktreeGone {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let at = worktree_at(ctx, &self.repo, &self.path)?;
        let path = at.shown;
        Ok(match (at.reg, at.dir.exists()) {
            (None, false) => Finding::yes(format!(
                "no worktree is registered at {path} and the directory is gone"
            )),
            (Some(reg), false) => Finding::no(format!(
                "the directory {path} is gone but git still has it registered (as `{}`): it was deleted without `git worktree remove`",
                reg.name
            )),
            (Some(_), true) => Finding::no(format!("the worktree at {path} is still there")),
            (None, true) => Finding::no(format!(
                "{path} still exists on disk, though git no longer tracks it as a worktree"
            )),
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.path(&self.path)?;
        Ok(())
    }
}
