//! The `head_never_switched` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};
use crate::repo::reflog::{branch_switches, head_log_key};

/// The working tree's HEAD has not moved to another branch since setup (from its reflog).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadNeverSwitched {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
}

impl Kind for HeadNeverSwitched {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let worktree = &self.worktree;
        let name = ctx.repo_name(repo).to_string();
        let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
        ctx.with_worktree(repo, worktree, |r| {
            let skip = ctx
                .setup
                .get(&name)
                .and_then(|rec| rec.head_reflog.get(&head_log_key(r)))
                .copied()
                .unwrap_or(0);
            let moves = branch_switches(r, skip);
            Ok(Finding::when(
                moves.is_empty(),
                format!("{where_} has stayed on its branch the whole time"),
                format!(
                    "{where_} switched branches since the start ({})",
                    list(&moves)
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)?;
        Ok(())
    }
}
