//! Objectives on the stash stack (read by `crate::repo::stash`).

use git2::{Commit, Repository};

use super::refs::changed_paths;
use super::{Finding, compare_text, list, plural};
use crate::check::context::{Context, Read, unreadable};
use crate::lesson::TextMatch;
use crate::repo::stash::{Entry, read_stash};

/// The stash stack, `stash@{0}` first.
pub fn entries(r: &Repository) -> Read<Vec<Entry>> {
    read_stash(r).map_err(|e| unreadable(format!("cannot read the stash list: {}", e.message())))
}

fn nth<'r>(r: &'r Repository, index: usize) -> Read<Result<(Entry, Commit<'r>), Finding>> {
    let mut all = entries(r)?;
    if index >= all.len() {
        let holds = if all.is_empty() {
            "the stash stack is empty".to_string()
        } else {
            format!(
                "the stash stack holds only {}",
                plural(all.len(), "entry", "entries")
            )
        };
        return Ok(Err(Finding::no(format!(
            "there is no stash@{{{index}}}: {holds}"
        ))));
    }
    let entry = all.swap_remove(index);
    let commit = r
        .find_commit(entry.id)
        .map_err(|e| unreadable(format!("stash@{{{index}}} cannot be read: {}", e.message())))?;
    Ok(Ok((entry, commit)))
}

/// Untracked files a stash entry holds. git stores them as a third parent; with `-u` and nothing
/// untracked it still writes that parent, with an empty tree.
pub fn untracked_paths(r: &Repository, commit: &Commit) -> Read<Vec<String>> {
    if commit.parent_count() < 3 {
        return Ok(Vec::new());
    }
    let tree = commit.parent(2).and_then(|p| p.tree()).map_err(|e| {
        unreadable(format!(
            "cannot read the untracked part of a stash: {}",
            e.message()
        ))
    })?;
    changed_paths(r, None, Some(&tree))
}

/// Tracked paths a stash entry changes, against the commit it was made on.
pub fn tracked_paths(r: &Repository, commit: &Commit) -> Read<Vec<String>> {
    let err = |e: git2::Error| unreadable(format!("cannot read a stash: {}", e.message()));
    let base = commit.parent(0).and_then(|p| p.tree()).map_err(err)?;
    let tree = commit.tree().map_err(err)?;
    changed_paths(r, Some(&base), Some(&tree))
}

pub fn count(ctx: &Context, repo: &Option<String>, want: usize) -> Read<Finding> {
    ctx.with_repo(repo, |r| {
        let n = entries(r)?.len();
        Ok(Finding::when(
            n == want,
            format!("the stash stack holds {}", plural(n, "entry", "entries")),
            format!(
                "the stash stack holds {}; expected {want}",
                plural(n, "entry", "entries")
            ),
        ))
    })
}

pub fn message(
    ctx: &Context,
    repo: &Option<String>,
    index: usize,
    want: &TextMatch,
) -> Read<Finding> {
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

pub fn untracked(
    ctx: &Context,
    repo: &Option<String>,
    index: usize,
    expected: Option<&[String]>,
) -> Read<Finding> {
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

pub fn changes(
    ctx: &Context,
    repo: &Option<String>,
    index: usize,
    expected: &[String],
) -> Read<Finding> {
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

/// The stash entries made at setup (newest first), as the marker recorded them.
pub fn setup_stashes(ctx: &Context, repo_name: &str) -> Vec<String> {
    ctx.marker
        .repos
        .get(repo_name)
        .map(|rec| rec.stashes.clone())
        .unwrap_or_default()
}

/// The stack now compared with the stack at setup.
pub struct SinceSetup {
    pub setup: Vec<String>,
    pub now: Vec<String>,
    /// Setup entries no longer on the stack, named by their position at setup (`stash@{1}`).
    pub missing: Vec<String>,
}

pub fn since_setup(ctx: &Context, repo_name: &str, r: &Repository) -> Read<SinceSetup> {
    let setup = setup_stashes(ctx, repo_name);
    let now: Vec<String> = entries(r)?.iter().map(|e| e.id.to_string()).collect();
    let missing = setup
        .iter()
        .enumerate()
        .filter(|(_, id)| !now.contains(id))
        .map(|(i, _)| format!("stash@{{{i}}}"))
        .collect();
    Ok(SinceSetup {
        setup,
        now,
        missing,
    })
}

/// `stash@{1} is` / `stash@{0} and stash@{2} are`.
pub fn missing_phrase(missing: &[String]) -> String {
    format!(
        "{} from the start {}",
        list(missing),
        if missing.len() == 1 { "is" } else { "are" }
    )
}

pub fn unchanged(ctx: &Context, repo: &Option<String>) -> Read<Finding> {
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
