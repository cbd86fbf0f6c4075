//! The `worktree_locked` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::worktree_at;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// The linked worktree at `path` is locked, with a reason that contains `reason` when given.
/// With `from_the_start: true`, it was locked as it was added (`git worktree add --lock`), so
/// that it was never open to `git worktree prune`: git writes such a lock before the checkout
/// (its `locked` file is no newer than the registration's `commondir`), and a later
/// `git worktree lock` writes it after.
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
    #[serde(default)]
    pub(crate) from_the_start: bool,
}

impl Kind for WorktreeLocked {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let reason = self.reason.as_deref();
        let at = worktree_at(ctx, repo, &self.path)?;
        let path = at.shown;
        let Some(reg) = at.reg else {
            return Ok(Finding::no(format!("no worktree is registered at {path}")));
        };
        if self.from_the_start && reg.locked.is_some() {
            let admin = ctx.with_repo(repo, |r| {
                Ok(r.commondir().join("worktrees").join(&reg.name))
            })?;
            if !locked_at_creation(&admin, reg.locked.as_deref().unwrap_or("")) {
                return Ok(Finding::no(format!(
                    "the worktree at {path} is locked, but only since after it was added: `git worktree add --lock` locks it from the start"
                )));
            }
        }
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

/// Whether the lock in the registration `admin` was written as the worktree was added: git's
/// own reason for `add --lock` without `--reason`, or a `locked` file no newer than
/// `commondir`, which `git worktree add` writes once, after the lock and before the checkout.
/// Where the file system keeps whole seconds only, a lock made within the second of the add
/// reads as made by it.
fn locked_at_creation(admin: &std::path::Path, reason: &str) -> bool {
    if reason == "added with --lock" {
        return true;
    }
    let modified = |name: &str| std::fs::metadata(admin.join(name)).and_then(|m| m.modified());
    match (modified("locked"), modified("commondir")) {
        (Ok(locked), Ok(common)) => locked <= common,
        _ => false,
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
