//! The `file_status` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::text::FileState;
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::status::state_of;

/// What git would say of one path in a working tree: clean, modified, staged, untracked,
/// ignored, absent or conflicted.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileStatus {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    pub(crate) path: String,
    pub(crate) status: FileState,
}

impl Kind for FileStatus {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let worktree = &self.worktree;
        let path = self.path.as_str();
        let want = self.status;
        let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
        ctx.with_worktree(repo, worktree, |r| {
            let actual = state_of(r, path)?;
            let describe = |s: FileState| match s {
                FileState::Clean => "committed and unchanged",
                FileState::Modified => "modified and not staged",
                FileState::Staged => "staged",
                FileState::Untracked => "untracked",
                FileState::Ignored => "ignored",
                FileState::Absent => "absent",
                FileState::Conflicted => "in conflict",
            };
            Ok(Finding::when(
                actual == want,
                format!("{path} in {where_} is {}", describe(actual)),
                format!(
                    "{path} in {where_} is {}, not {}",
                    describe(actual),
                    describe(want)
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
        rules.path(&self.path)?;
        Ok(())
    }
}
