//! The `checked_out_in` predicate.

use crate::paths::normalize;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

use crate::predicates::common::{describe, target};
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};

/// Where a branch is checked out, by git's rule (stale registrations still hold their branch).
/// `worktree` is the sandbox-relative directory, or omitted for the main working tree.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckedOutIn {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
}

impl Kind for CheckedOutIn {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let branch = self.branch.as_str();
        let worktree = &self.worktree;
        let checkouts = ctx.checkouts(repo)?;
        let want = worktree.as_ref().map(|w| target(ctx, w));
        let places: Vec<&Option<PathBuf>> = checkouts
            .iter()
            .filter(|(_, b)| b == branch)
            .map(|(p, _)| p)
            .collect();
        let wanted_place = describe(ctx, repo, &want);
        let holds = places.len() == 1 && places[0].as_ref().map(|p| normalize(p)) == want;
        Ok(if holds {
            Finding::yes(format!("{branch} is checked out in {wanted_place}"))
        } else if places.is_empty() {
            Finding::no(format!(
                "{branch} is not checked out anywhere; it should be in {wanted_place}"
            ))
        } else {
            let shown: Vec<String> = places.iter().map(|p| describe(ctx, repo, p)).collect();
            Finding::no(format!(
                "{branch} is checked out in {}; it should be only in {wanted_place}",
                list(&shown)
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)?;
        rules.branch(&self.branch)?;
        Ok(())
    }
}
