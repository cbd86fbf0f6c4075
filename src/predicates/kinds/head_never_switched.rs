//! The `head_never_switched` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Read};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};

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
    fn eval(&self, ctx: &Context) -> Read<Finding> {
        let repo = &self.repo;
        let worktree = &self.worktree;
        let name = ctx.repo_name(repo).to_string();
        let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
        ctx.with_worktree(repo, worktree, |r| {
            // For a linked worktree git2's `path()` is its admin directory, which holds its own HEAD log.
            let key = if r.is_worktree() {
                r.path()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let log = std::fs::read_to_string(r.path().join("logs/HEAD")).unwrap_or_default();
            let skip = ctx
                .setup
                .get(&name)
                .and_then(|rec| rec.head_reflog.get(&key))
                .copied()
                .unwrap_or(0);
            let mut moves = Vec::new();
            for line in log.lines().skip(skip) {
                let Some((_, message)) = line.split_once('\t') else {
                    continue;
                };
                if let Some(rest) = message.strip_prefix("checkout: moving from ")
                    && let Some((from, to)) = rest.split_once(" to ")
                    && from != to
                {
                    moves.push(format!("{from} → {to}"));
                }
            }
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
