//! The `worktree_at` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::worktree_at;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};

/// A linked worktree is registered at `path` and its directory exists.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorktreeAt {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) path: String,
    #[serde(default)]
    pub(crate) branch: Option<String>,
}

impl Kind for WorktreeAt {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let branch = self.branch.as_deref();
        let at = worktree_at(ctx, &self.repo, &self.path)?;
        let (regs, path) = (&at.regs, &at.shown);
        let Some(reg) = &at.reg else {
            // The worktree may exist elsewhere: say where, and how to put it where asked.
            if let Some(want) = branch
                && let Some(elsewhere) = regs
                    .iter()
                    .find(|r| r.present && r.branch.as_deref() == Some(want))
            {
                let there = ctx.rel(&elsewhere.dir);
                return Ok(Finding::no(format!(
                    "{want} is checked out in a worktree at {there}, not at {path}: `git worktree move {there} {path}` puts it where the brief asks"
                )));
            }
            let others: Vec<String> = regs.iter().map(|r| ctx.rel(&r.dir)).collect();
            let known = if others.is_empty() {
                "there are no linked worktrees".to_string()
            } else {
                format!("the linked worktrees are {}", list(&others))
            };
            return Ok(Finding::no(format!(
                "no worktree is registered at {path}; {known}"
            )));
        };
        if !reg.present {
            return Ok(Finding::no(format!(
                "a worktree is registered at {path} but its directory is gone"
            )));
        }
        Ok(match (branch, reg.branch.as_deref()) {
            (Some(want), Some(actual)) if want != actual => Finding::no(format!(
                "the worktree at {path} is on {actual}, not on {want}"
            )),
            (Some(want), None) => Finding::no(format!(
                "the worktree at {path} is not on a branch (detached HEAD); expected {want}"
            )),
            (_, Some(actual)) => Finding::yes(format!("a worktree at {path} is on {actual}")),
            (None, None) => Finding::yes(format!("a worktree is registered at {path}")),
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.path(&self.path)?;
        if let Some(branch) = &self.branch {
            rules.branch(branch)?;
        }
        Ok(())
    }
}
