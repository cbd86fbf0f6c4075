//! The `stash_dropped_since_setup` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::{missing_phrase, since_setup};
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// Some stash made at setup is no longer on the stack; with `entry`, that one (its number at
/// the start), so that another entry dropped is not taken for it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashDroppedSinceSetup {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    /// Only this setup entry: 1 for what was `stash@{1}` at the start.
    #[serde(default)]
    pub(crate) entry: Option<usize>,
}

impl Kind for StashDroppedSinceSetup {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let name = ctx.repo_name(repo).to_string();
        ctx.with_repo(repo, |r| {
            let mut s = since_setup(ctx, &name, r)?;
            if let Some(n) = self.entry {
                let which = format!("stash@{{{n}}}");
                if !s.missing.contains(&which) {
                    return Ok(Finding::no(format!(
                        "{which} from the start is still on the stack"
                    )));
                }
                s.missing = vec![which];
            }
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
