//! The `stash_name` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::nth;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::stash::{is_default_name, shown_name};

/// A stash entry's name as `git stash list` shows it, without git's `On BRANCH: ` prefix (which
/// `git stash push -m` adds and `git stash store -m` does not): exactly one of `equals` (that
/// text), `default: true` (git's automatic "WIP on BRANCH: <commit> <subject>", recognised
/// exactly) or `min_words: N` (a name of the learner's own of at least N words).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashName {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    /// Which entry: 0 for `stash@{0}`.
    #[serde(default)]
    pub(crate) index: usize,
    #[serde(default)]
    pub(crate) equals: Option<String>,
    #[serde(default)]
    pub(crate) default: bool,
    #[serde(default)]
    pub(crate) min_words: Option<usize>,
}

impl Kind for StashName {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (repo, index, equals, default, min_words) = (
            &self.repo,
            self.index,
            self.equals.as_deref(),
            self.default,
            self.min_words,
        );

        ctx.with_repo(repo, |r| {
            let (entry, _) = match nth(r, index)? {
                Ok(found) => found,
                Err(missing) => return Ok(missing),
            };
            let shown = shown_name(&entry.message);
            let called = format!("stash@{{{index}}} is called \"{shown}\"");
            let automatic = is_default_name(shown);
            Ok(if let Some(want) = equals {
                Finding::when(
                    shown == want.trim(),
                    called,
                    format!(
                        "stash@{{{index}}} is called \"{shown}\", not \"{}\"",
                        want.trim()
                    ),
                )
            } else if let Some(n) = min_words {
                let words = shown.split_whitespace().count();
                if automatic {
                    Finding::no(format!(
                        "{called}: git's automatic name, which says nothing about what it holds"
                    ))
                } else {
                    Finding::when(
                        words >= n,
                        format!("{called}, a name in your own words"),
                        format!(
                            "{called}: {} too few to say what it holds; use at least {n}",
                            if words == 1 {
                                "1 word is".to_string()
                            } else {
                                format!("{words} words are")
                            }
                        ),
                    )
                }
            } else {
                Finding::when(automatic == default, called.clone(), called)
            })
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        let set = usize::from(self.equals.is_some())
            + usize::from(self.default)
            + usize::from(self.min_words.is_some());
        if set != 1 {
            return Err(
                "`stash_name` takes exactly one of `equals`, `default: true` or `min_words`"
                    .to_string(),
            );
        }
        Ok(())
    }
}
