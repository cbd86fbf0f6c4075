//! The `stash_message` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::nth;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, compare_text, text};

/// The message of `stash@{index}`, as `git stash list` shows it: `equals`, `contains` or
/// `matches` it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashMessage {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) index: usize,
    #[serde(default)]
    pub(crate) equals: Option<String>,
    #[serde(default)]
    pub(crate) contains: Option<String>,
    #[serde(default)]
    pub(crate) matches: Option<String>,
}

impl Kind for StashMessage {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let index = self.index;
        let want = &text(&self.equals, &self.contains, &self.matches);
        ctx.with_repo(repo, |r| {
            let (entry, _) = match nth(r, index)? {
                Ok(found) => found,
                Err(missing) => return Ok(missing),
            };
            let mut f = compare_text(
                &format!("the message of stash@{{{index}}}"),
                &entry.message,
                want,
            );
            f.diff = None;
            if !f.holds {
                f.says = format!("stash@{{{index}}} is \"{}\"", entry.message);
            }
            Ok(f)
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.text(&self.equals, &self.contains, &self.matches)?;
        Ok(())
    }
}
