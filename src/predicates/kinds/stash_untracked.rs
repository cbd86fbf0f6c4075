//! The `stash_untracked` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::nth;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};
use crate::repo::stash::untracked_paths;

/// The entry holds untracked files: exactly `paths` when given, at least one otherwise.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashUntracked {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) index: usize,
    #[serde(default)]
    pub(crate) paths: Option<Vec<String>>,
}

impl Kind for StashUntracked {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let index = self.index;
        let expected = self.paths.as_deref();
        ctx.with_repo(repo, |r| {
        let (_, commit) = match nth(r, index)? {
            Ok(found) => found,
            Err(missing) => return Ok(missing),
        };
        let actual = untracked_paths(r, &commit)?;
        let name = format!("stash@{{{index}}}");
        Ok(match expected {
            None => Finding::when(
                !actual.is_empty(),
                format!("{name} holds the untracked {}", list(&actual)),
                format!("{name} holds no untracked files"),
            ),
            Some(want) => {
                let mut want = want.to_vec();
                want.sort();
                if actual == want {
                    Finding::yes(format!("{name} holds the untracked {}", list(&actual)))
                } else if actual.is_empty() {
                    Finding::no(format!("{name} holds no untracked files: {} stayed in the working tree. Did you forget -u?", list(&want)))
                } else {
                    Finding::no(format!("{name} holds the untracked {}; expected {}", list(&actual), list(&want)))
                }
            }
        })
    })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.paths(self.paths.iter().flatten())?;
        Ok(())
    }
}
