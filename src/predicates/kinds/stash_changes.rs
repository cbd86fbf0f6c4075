//! The `stash_changes` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::nth;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};
use crate::repo::stash::tracked_paths;

/// The tracked paths the entry changes, compared with the commit it was made on.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashChanges {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) index: usize,
    pub(crate) paths: Vec<String>,
}

impl Kind for StashChanges {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let index = self.index;
        let expected = self.paths.as_slice();
        ctx.with_repo(repo, |r| {
            let (_, commit) = match nth(r, index)? {
                Ok(found) => found,
                Err(missing) => return Ok(missing),
            };
            let actual = tracked_paths(r, &commit)?;
            let mut want = expected.to_vec();
            want.sort();
            let name = format!("stash@{{{index}}}");
            Ok(Finding::when(
                actual == want,
                format!("{name} holds changes to {}", list(&actual)),
                format!(
                    "{name} holds changes to {}; expected {}",
                    list(&actual),
                    list(&want)
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.paths(&self.paths)?;
        Ok(())
    }
}
