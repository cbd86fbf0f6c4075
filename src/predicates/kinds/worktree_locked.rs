//! The `worktree_locked` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::{find, target};
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// The linked worktree at `path` is locked, with a reason that contains `reason` when given.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorktreeLocked {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) path: String,
    /// A word (or words) the lock reason must contain, in any case: `disk` is met by
    /// "USB Disk" but not by "diskette".
    #[serde(default)]
    pub(crate) reason: Option<String>,
}

impl Kind for WorktreeLocked {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let path = self.path.as_str();
        let reason = self.reason.as_deref();
        let regs = ctx.registrations(repo)?;
        let dir = target(ctx, path);
        // Say it the way the learner, standing in the main repository, would write it.
        let path = ctx.rel(&dir);
        let Some(reg) = find(&regs, &dir) else {
            return Ok(Finding::no(format!("no worktree is registered at {path}")));
        };
        Ok(match (&reg.locked, reason) {
            (None, _) => Finding::no(format!("the worktree at {path} is not locked")),
            (Some(actual), Some(want)) if actual.is_empty() => Finding::no(format!(
                "the worktree at {path} is locked, but without a reason; the reason should mention \"{want}\""
            )),
            (Some(actual), Some(want)) if !mentions(actual, want) => Finding::no(format!(
                "the worktree at {path} is locked, but its reason \"{actual}\" does not mention \"{want}\""
            )),
            (Some(actual), _) if actual.is_empty() => Finding::yes(format!(
                "the worktree at {path} is locked (no reason given)"
            )),
            (Some(actual), _) => {
                Finding::yes(format!("the worktree at {path} is locked: \"{actual}\""))
            }
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.path(&self.path)?;
        Ok(())
    }
}

/// Whether `text` has the word(s) `want`, in any case, as whole words (a plural `s` allowed).
fn mentions(text: &str, want: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let (have, want) = (words(text), words(want));
    if want.is_empty() {
        return true;
    }
    have.windows(want.len()).any(|run| {
        run.iter()
            .zip(&want)
            .all(|(h, w)| h == w || *h == format!("{w}s"))
    })
}
