//! The `stash_count` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, plural};
use crate::repo::stash::entries;

/// The stash stack holds exactly `count` entries.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashCount {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) count: usize,
}

impl Kind for StashCount {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let want = self.count;
        ctx.with_repo(repo, |r| {
            let n = entries(r)?.len();
            Ok(Finding::when(
                n == want,
                format!("the stash stack holds {}", plural(n, "entry", "entries")),
                format!(
                    "the stash stack holds {}; expected {want}",
                    plural(n, "entry", "entries")
                ),
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
