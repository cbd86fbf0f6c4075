//! The `worktree_removed` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::worktrees::Registration;

/// The worktree that held `branch` has been removed with git, wherever it was: no linked
/// worktree holds the branch, and none that held it at the start (moved or detached since) or
/// was made since the start and holds no branch is still registered, stale ones included. Pair
/// it with a `requires` that says there was one.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorktreeRemoved {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
}

impl Kind for WorktreeRemoved {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (repo, branch) = (&self.repo, self.branch.as_str());

        let name = ctx.repo_name(repo).to_string();
        let regs = ctx.registrations(repo)?;
        let record = ctx.setup.get(&name);
        let at_setup = |reg: &Registration| record.and_then(|rec| rec.worktrees.get(&reg.name));
        // The worktrees this branch lived in: those holding it now, those that held it at the
        // start (moved or detached since), and any made since the start that hold no branch.
        let held: Vec<&Registration> = regs
            .iter()
            .filter(|reg| {
                reg.branch.as_deref() == Some(branch)
                    || match at_setup(reg) {
                        Some(setup_branch) => setup_branch.as_deref() == Some(branch),
                        None => reg.branch.is_none(),
                    }
            })
            .collect();
        if let Some(reg) = held.iter().find(|reg| reg.present) {
            let path = ctx.rel(&reg.dir);
            let on = match &reg.branch {
                Some(b) => format!("on {b}"),
                None => "detached".to_string(),
            };
            return Ok(Finding::no(format!(
                "the worktree at {path} ({on}) is still there: `git worktree remove {path}` removes it"
            )));
        }
        if let Some(reg) = held.first() {
            return Ok(Finding::no(format!(
                "the directory {} is gone but git still has it registered (as `{}`): it was deleted without `git worktree remove`; `git worktree prune` clears the record",
                ctx.rel(&reg.dir),
                reg.name
            )));
        }
        Ok(Finding::yes(format!(
            "no worktree holds {branch} any more: it was removed with git"
        )))
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)
    }
}
