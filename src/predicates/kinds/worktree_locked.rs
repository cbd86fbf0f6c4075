//! The `worktree_locked` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::{find, target};
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// The linked worktree at `path` is locked, with a reason that contains `reason` when given.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorktreeLocked {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) path: String,
    /// Text the lock reason must contain.
    #[serde(default)]
    pub(crate) reason: Option<String>,
}

impl Kind for WorktreeLocked {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let path = self.path.as_str();
        let reason = self.reason.as_deref();
        let regs = ctx.registrations(repo)?;
        let dir = target(ctx, path);
        // Say it the way the learner, standing in the main repository, would write it.
        let path = ctx.rel(&dir);
        let Some(reg) = find(&regs, &dir) else {
            return Ok(Finding::no(format!("no worktree is registered at {path}")));
        };
        Ok(match (&reg.locked, reason) {
            (None, _) => Finding::no(format!("the worktree at {path} is not locked")),
            (Some(actual), Some(want)) if actual.is_empty() => Finding::no(format!(
                "the worktree at {path} is locked, but without a reason; the reason should mention \"{want}\""
            )),
            (Some(actual), Some(want)) if !actual.contains(want) => Finding::no(format!(
                "the worktree at {path} is locked, but its reason \"{actual}\" does not mention \"{want}\""
            )),
            (Some(actual), _) if actual.is_empty() => Finding::yes(format!(
                "the worktree at {path} is locked (no reason given)"
            )),
            (Some(actual), _) => {
                Finding::yes(format!("the worktree at {path} is locked: \"{actual}\""))
            }
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
