//! The `worktree_stale` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::worktree_at;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// A registration whose directory is gone (what `git worktree prune` would remove).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorktreeStale {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) path: String,
}

impl Kind for WorktreeStale {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let at = worktree_at(ctx, &self.repo, &self.path)?;
        let path = at.shown;
        Ok(match at.reg {
            Some(reg) if reg.is_stale() => Finding::yes(format!(
                "git still has a worktree registered at {path} (as `{}`), but its directory is gone",
                reg.name
            )),
            Some(_) => Finding::no(format!("the worktree registered at {path} is not stale")),
            None => Finding::no(format!("no worktree is registered at {path}")),
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
