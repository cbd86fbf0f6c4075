//! The `stash_dropped_since_setup` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::{missing_phrase, since_setup};
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// Some stash made at setup is no longer on the stack.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashDroppedSinceSetup {
    #[serde(default)]
    pub(crate) repo: Option<String>,
}

impl Kind for StashDroppedSinceSetup {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let name = ctx.repo_name(repo).to_string();
        ctx.with_repo(repo, |r| {
            let s = since_setup(ctx, &name, r)?;
            Ok(Finding::when(
                !s.missing.is_empty(),
                format!("{} no longer on the stack", missing_phrase(&s.missing)),
                "every stash from the start is still on the stack",
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        Ok(())
    }
}
