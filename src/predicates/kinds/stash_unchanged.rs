//! The `stash_unchanged` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::{missing_phrase, since_setup};
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, plural};

/// The stash stack holds exactly the entries made at setup, in the same order.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashUnchanged {
    #[serde(default)]
    pub(crate) repo: Option<String>,
}

impl Kind for StashUnchanged {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let name = ctx.repo_name(repo).to_string();
        ctx.with_repo(repo, |r| {
            let s = since_setup(ctx, &name, r)?;
            if s.now == s.setup {
                return Ok(Finding::yes(format!(
                    "the stash stack still holds its {} in their original order",
                    plural(s.setup.len(), "entry", "entries")
                )));
            }
            Ok(Finding::no(if !s.missing.is_empty() {
                format!(
                    "{} no longer on the stash stack",
                    missing_phrase(&s.missing)
                )
            } else if s.now.len() > s.setup.len() {
                format!(
                    "the stash stack has {} more than at the start",
                    plural(s.now.len() - s.setup.len(), "entry", "entries")
                )
            } else {
                "the stash stack holds the same entries as at the start, but in another order"
                    .to_string()
            }))
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
