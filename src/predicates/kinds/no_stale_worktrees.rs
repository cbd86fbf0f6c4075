//! The `no_stale_worktrees` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};

/// No registration anywhere is stale.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoStaleWorktrees {
    #[serde(default)]
    pub(crate) repo: Option<String>,
}

impl Kind for NoStaleWorktrees {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let regs = ctx.registrations(repo)?;
        let stale: Vec<String> = regs
            .iter()
            .filter(|r| r.is_stale())
            .map(|r| format!("{} ({})", r.name, ctx.rel(&r.dir)))
            .collect();
        Ok(Finding::when(
            stale.is_empty(),
            "no stale worktree registration is left",
            format!(
                "git still has registrations for worktrees whose directory is gone: {}",
                list(&stale)
            ),
        ))
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        Ok(())
    }
}
