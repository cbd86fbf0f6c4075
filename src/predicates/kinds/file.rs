//! The `file` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::content;
use crate::predicates::context::{Context, Fact};
use crate::predicates::text::{Source, TextMatch};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef, compare_text, text};

/// A file's content in the working tree, the index, or a revision (`rev`, any git revision
/// such as `main`, `stash@{0}` or `stash@{0}^3`). Read from a stash entry itself
/// (`stash@{0}`), a new file is found wherever git put it: staged first, or in the
/// untracked-files part that `-u` and `-a` make. `equals` compares the text as a reader sees
/// it (CRLF or LF, final newline or not) unless `exact: true`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct File {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    pub(crate) path: String,
    #[serde(default)]
    pub(crate) from: Source,
    #[serde(default)]
    pub(crate) rev: Option<Rev>,
    #[serde(default)]
    pub(crate) equals: Option<String>,
    #[serde(default)]
    pub(crate) contains: Option<String>,
    #[serde(default)]
    pub(crate) matches: Option<String>,
    /// With `equals`: byte for byte, line endings and final newline included. Only for lessons
    /// that teach them; a reader cannot see either.
    #[serde(default)]
    pub(crate) exact: bool,
}

impl Kind for File {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let want = match text(&self.equals, &self.contains, &self.matches) {
            TextMatch::Equals(e) if self.exact => TextMatch::Exactly(e),
            t => t,
        };
        Ok(
            match content(
                ctx,
                &self.repo,
                &self.worktree,
                &self.path,
                self.from,
                &self.rev,
            )? {
                Ok((what, bytes)) => compare_text(&what, &String::from_utf8_lossy(&bytes), &want),
                Err(missing) => missing,
            },
        )
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), self.rev.as_ref())
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)?;
        rules.path(&self.path)?;
        if self.rev.is_some() && self.from != Source::Worktree {
            return Err("give either `rev` or `from`, not both".to_string());
        }
        if self.exact && self.equals.is_none() {
            return Err("`exact` goes with `equals` only".to_string());
        }
        rules.text(&self.equals, &self.contains, &self.matches)?;
        Ok(())
    }
}
