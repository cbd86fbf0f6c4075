//! Predicates: each reads one fact from the repositories and says, in a sentence a learner
//! understands, what it found, whether or not that is what the lesson wants.

// files, refs and stash are also read by `check::overview` (the picture drawn by `status`).
mod ancestry;
pub(crate) mod files;
mod history;
pub(crate) mod refs;
pub(crate) mod stash;
mod workdir;
mod worktrees;

use super::context::{Context, Read};
use crate::lesson::{Predicate, TextMatch};

/// What a predicate found. `says` describes the state as it is, so that it reads right both
/// when the predicate holds and, under `not`, when it must not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub holds: bool,
    pub says: String,
    /// Expected against actual file content, where content was compared.
    pub diff: Option<TextDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TextDiff {
    /// What was compared, e.g. `deployment.yaml in the working tree`.
    pub what: String,
    pub expected: String,
    pub actual: String,
}

impl Finding {
    pub fn yes(says: impl Into<String>) -> Finding {
        Finding {
            holds: true,
            says: says.into(),
            diff: None,
        }
    }
    pub fn no(says: impl Into<String>) -> Finding {
        Finding {
            holds: false,
            says: says.into(),
            diff: None,
        }
    }
    pub fn when(holds: bool, yes: impl Into<String>, no: impl Into<String>) -> Finding {
        if holds {
            Finding::yes(yes)
        } else {
            Finding::no(no)
        }
    }
}

pub fn eval(ctx: &Context, p: &Predicate) -> Read<Finding> {
    use Predicate as P;
    match p {
        P::All(list) => {
            let mut last = Finding::yes("");
            for q in list {
                let f = eval(ctx, q)?;
                if !f.holds {
                    return Ok(f);
                }
                last = f;
            }
            Ok(last)
        }
        P::Any(list) => {
            let mut misses = Vec::new();
            for q in list {
                let f = eval(ctx, q)?;
                if f.holds {
                    return Ok(f);
                }
                misses.push(f);
            }
            if misses.len() == 1 {
                return Ok(misses.remove(0));
            }
            let says: Vec<String> = misses.into_iter().map(|f| f.says).collect();
            Ok(Finding::no(says.join("; and ")))
        }
        P::Not(q) => {
            let f = eval(ctx, q)?;
            Ok(Finding {
                holds: !f.holds,
                says: f.says,
                diff: None,
            })
        }
        P::HeadIs {
            repo,
            worktree,
            branch,
        } => refs::head_is(ctx, repo, worktree, branch),
        P::BranchExists { repo, branch } => refs::branch_exists(ctx, repo, branch),
        P::BranchUnchanged { repo, branch } => refs::branch_unchanged(ctx, repo, branch),
        P::CommitsAhead {
            repo,
            branch,
            base,
            count,
        } => refs::commits_ahead(ctx, repo, branch, base, *count),
        P::CommitMessage {
            repo,
            rev,
            equals,
            contains,
            matches,
        } => refs::commit_message(ctx, repo, rev, &text(equals, contains, matches)),
        P::CommitChanges { repo, rev, paths } => refs::commit_changes(ctx, repo, rev, paths),
        P::File {
            repo,
            worktree,
            path,
            from,
            rev,
            equals,
            contains,
            matches,
        } => files::file(
            ctx,
            repo,
            worktree,
            path,
            *from,
            rev,
            &text(equals, contains, matches),
        ),
        P::FileStatus {
            repo,
            worktree,
            path,
            status,
        } => files::file_status(ctx, repo, worktree, path, *status),
        P::Clean { repo, worktree } => files::clean(ctx, repo, worktree),
        P::DirtyPaths {
            repo,
            worktree,
            paths,
        } => files::dirty_paths(ctx, repo, worktree, paths),
        P::Conflicted { repo, worktree } => files::conflicted(ctx, repo, worktree),
        P::StashCount { repo, count } => stash::count(ctx, repo, *count),
        P::StashMessage {
            repo,
            index,
            equals,
            contains,
            matches,
        } => stash::message(ctx, repo, *index, &text(equals, contains, matches)),
        P::StashUntracked { repo, index, paths } => {
            stash::untracked(ctx, repo, *index, paths.as_deref())
        }
        P::StashChanges { repo, index, paths } => stash::changes(ctx, repo, *index, paths),
        P::WorktreeAt { repo, path, branch } => worktrees::at(ctx, repo, path, branch.as_deref()),
        P::WorktreeGone { repo, path } => worktrees::gone(ctx, repo, path),
        P::WorktreeStale { repo, path } => worktrees::stale(ctx, repo, path),
        P::NoStaleWorktrees { repo } => worktrees::none_stale(ctx, repo),
        P::WorktreeLocked { repo, path, reason } => {
            worktrees::locked(ctx, repo, path, reason.as_deref())
        }
        P::CheckedOutIn {
            repo,
            branch,
            worktree,
        } => worktrees::checked_out_in(ctx, repo, branch, worktree),
        P::CheckedOutNowhere { repo, branch } => worktrees::checked_out_nowhere(ctx, repo, branch),
        P::HeadNeverSwitched { repo, worktree } => {
            history::head_never_switched(ctx, repo, worktree)
        }
        P::StashCreatedSinceSetup { repo } => history::stash_created(ctx, repo),
        P::StashDroppedSinceSetup { repo } => history::stash_dropped(ctx, repo),
        P::StashUnchanged { repo } => stash::unchanged(ctx, repo),
        P::IsAncestor { repo, ancestor, of } => refs::is_ancestor(ctx, repo, ancestor, of),
        P::BranchesOff {
            repo,
            branch,
            from,
            at,
        } => refs::branches_off(ctx, repo, branch, from, at),
        P::SubmodulePin {
            repo,
            rev,
            path,
            target_repo,
            target_rev,
            in_history,
        } => refs::submodule_pin(ctx, repo, rev, path, target_repo, target_rev, *in_history),
    }
}

/// Lessons are validated on load, so exactly one field is set; `contains ""` is a safe fallback.
fn text(equals: &Option<String>, contains: &Option<String>, matches: &Option<String>) -> TextMatch {
    TextMatch::from_fields(equals, contains, matches).unwrap_or(TextMatch::Contains(String::new()))
}

/// Compares text and describes the result; `what` names the text ("the message of stash@{0}").
pub(crate) fn compare_text(what: &str, actual: &str, want: &TextMatch) -> Finding {
    match want {
        TextMatch::Equals(expected) => {
            if actual == expected {
                Finding::yes(format!("{what} is as expected"))
            } else {
                Finding {
                    holds: false,
                    says: format!("{what} differs from what is expected"),
                    diff: Some(TextDiff {
                        what: what.to_string(),
                        expected: expected.clone(),
                        actual: actual.to_string(),
                    }),
                }
            }
        }
        TextMatch::Contains(needle) => Finding::when(
            actual.contains(needle.as_str()),
            format!("{what} contains \"{}\"", needle.trim()),
            format!("{what} does not contain \"{}\"", needle.trim()),
        ),
        TextMatch::Matches(pattern) => match regex_lite::Regex::new(pattern) {
            Ok(re) => Finding::when(
                re.is_match(actual),
                format!("{what} matches /{pattern}/"),
                format!(
                    "{what} does not match /{pattern}/ (it is \"{}\")",
                    one_line(actual)
                ),
            ),
            Err(_) => Finding::no(format!("/{pattern}/ is not a valid pattern")),
        },
    }
}

/// Short single-line form of a text for a message.
pub(crate) fn one_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    if line.chars().count() > 72 {
        format!("{}...", line.chars().take(69).collect::<String>())
    } else {
        line.to_string()
    }
}

/// A list of paths for a message: `a, b and c`.
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => "nothing".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// An index entry's merge stage: 0 for a resolved path, 1–3 for the sides of a conflict.
fn stage(entry: &git2::IndexEntry) -> u16 {
    (entry.flags >> 12) & 0x3
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// An index entry for `path` holding `id`: how the unit tests lay out trees and index states
/// (a mode, a conflict stage) that git2 offers no shorter way to make.
#[cfg(test)]
fn test_index_entry(id: git2::Oid, path: &str, mode: u32, stage: u16) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: stage << 12,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
