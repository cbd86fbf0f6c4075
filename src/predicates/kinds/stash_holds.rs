//! The `stash_holds` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::nth;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};
use crate::repo::stash::whole;

/// What a stash entry holds as a whole, wherever git put each file (its working-tree commit, a
/// new file staged first, or the untracked-files part of `-u`/`-a`): exactly these changed
/// tracked files and these new files. Lessons that teach where `-u` puts files use
/// `stash_untracked` instead.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashHolds {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    /// Which entry: 0 for `stash@{0}`.
    #[serde(default)]
    pub(crate) index: usize,
    /// Tracked files the entry changes.
    #[serde(default)]
    pub(crate) changes: Vec<String>,
    /// Files the entry adds that the commit it was made on does not have.
    #[serde(default)]
    pub(crate) new_files: Vec<String>,
}

impl Kind for StashHolds {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (repo, index, changes, new_files) =
            (&self.repo, self.index, &self.changes, &self.new_files);

        ctx.with_repo(repo, |r| {
        let (_, commit) = match nth(r, index)? {
            Ok(found) => found,
            Err(missing) => return Ok(missing),
        };
        let (changed, added) = whole(r, &commit)?;
        let name = format!("stash@{{{index}}}");
        let sorted = |v: &[String]| {
            let mut v = v.to_vec();
            v.sort();
            v
        };
        let (want_changed, want_added) = (sorted(changes), sorted(new_files));
        let missing: Vec<String> = want_changed
            .iter()
            .chain(&want_added)
            .filter(|p| !changed.contains(p) && !added.contains(p))
            .cloned()
            .collect();
        let extra: Vec<String> = changed
            .iter()
            .chain(&added)
            .filter(|p| !want_changed.contains(p) && !want_added.contains(p))
            .cloned()
            .collect();
        let holds_now = || {
            let mut parts = Vec::new();
            if !changed.is_empty() {
                parts.push(format!("changes to {}", list(&changed)));
            }
            if !added.is_empty() {
                parts.push(format!("the new {}", list(&added)));
            }
            if parts.is_empty() {
                "nothing".to_string()
            } else {
                parts.join(" and ")
            }
        };
        Ok(if !missing.is_empty() {
            let new_missing = missing.iter().any(|p| want_added.contains(p));
            Finding::no(format!(
                "{name} does not hold {}: it holds {}{}",
                list(&missing),
                holds_now(),
                if new_missing {
                    ". A plain `git stash` leaves new files behind: -u takes untracked ones, -a ignored ones too"
                } else {
                    ""
                }
            ))
        } else if !extra.is_empty() {
            Finding::no(format!(
                "{name} also holds {}, which should not be in it",
                list(&extra)
            ))
        } else {
            Finding::yes(format!("{name} holds {}", holds_now()))
        })
    })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.paths(self.changes.iter().chain(&self.new_files))
    }
}
