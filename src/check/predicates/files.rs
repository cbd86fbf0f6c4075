//! File contents and the status of working trees.

use std::path::Path;

use git2::{Repository, Status, StatusOptions};

use super::{Finding, compare_text, list};
use crate::check::context::{Context, Read, unreadable};
use crate::lesson::{FileState, Source, TextMatch};

fn git_err(what: &str, e: git2::Error) -> crate::check::context::Unreadable {
    unreadable(format!("cannot read {what}: {}", e.message()))
}

#[allow(clippy::too_many_arguments)]
pub fn file(
    ctx: &Context,
    repo: &Option<String>,
    worktree: &Option<String>,
    path: &str,
    from: Source,
    rev: &Option<String>,
    want: &TextMatch,
) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
    ctx.with_worktree(repo, worktree, |r| {
        let (what, content) = match (rev, from) {
            (Some(rev), _) => {
                let shown = rev
                    .strip_prefix("setup:")
                    .map_or(rev.clone(), |b| format!("{b} (at the start)"));
                let what = format!("{path} in {shown}");
                let Some(id) = ctx.resolve(&name, r, rev)? else {
                    return Ok(Finding::no(format!(
                        "there is no {rev} yet, so its {path} cannot be read"
                    )));
                };
                let commit = r.find_commit(id).map_err(|e| git_err(rev, e))?;
                let tree = commit.tree().map_err(|e| git_err(rev, e))?;
                let blob = match tree.get_path(Path::new(path)) {
                    Ok(entry) => entry.to_object(r).ok().and_then(|o| o.into_blob().ok()),
                    Err(_) => None,
                };
                match blob {
                    Some(b) => (what, b.content().to_vec()),
                    None => return Ok(Finding::no(format!("{what} does not exist"))),
                }
            }
            (None, Source::Index) => {
                let what = format!("{path} in the index of {where_}");
                let index = r.index().map_err(|e| git_err("the index", e))?;
                match index
                    .get_path(Path::new(path), 0)
                    .and_then(|e| r.find_blob(e.id).ok())
                {
                    Some(b) => (what, b.content().to_vec()),
                    None => {
                        return Ok(Finding::no(format!(
                            "{path} is not in the index of {where_}"
                        )));
                    }
                }
            }
            (None, Source::Worktree) => {
                let what = ctx.rel(&ctx.worktree_dir(repo, worktree).join(path));
                let workdir = r
                    .workdir()
                    .ok_or_else(|| unreadable(format!("{where_} has no working tree")))?;
                match std::fs::read(workdir.join(path)) {
                    Ok(bytes) => (what, bytes),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        return Ok(Finding::no(format!("{what} does not exist")));
                    }
                    Err(e) => return Err(unreadable(format!("cannot read {what}: {e}"))),
                }
            }
        };
        Ok(compare_text(
            &what,
            &String::from_utf8_lossy(&content),
            want,
        ))
    })
}

fn status_options() -> StatusOptions {
    let mut opts = StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .renames_head_to_index(false);
    opts
}

/// Paths with any change (staged, unstaged, untracked, conflicted), sorted.
pub fn dirty(r: &Repository) -> Read<Vec<String>> {
    let statuses = r
        .statuses(Some(&mut status_options()))
        .map_err(|e| git_err("the status", e))?;
    let mut paths: Vec<String> = statuses
        .iter()
        .filter(|s| !s.status().is_empty() && !s.status().contains(Status::IGNORED))
        .filter_map(|s| s.path().ok().map(str::to_string))
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}

pub fn clean(ctx: &Context, repo: &Option<String>, worktree: &Option<String>) -> Read<Finding> {
    let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
    ctx.with_worktree(repo, worktree, |r| {
        let paths = dirty(r)?;
        Ok(Finding::when(
            paths.is_empty(),
            format!("the working tree of {where_} is clean"),
            format!(
                "the working tree of {where_} has uncommitted changes: {}",
                list(&paths)
            ),
        ))
    })
}

pub fn dirty_paths(
    ctx: &Context,
    repo: &Option<String>,
    worktree: &Option<String>,
    expected: &[String],
) -> Read<Finding> {
    let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
    ctx.with_worktree(repo, worktree, |r| {
        let paths = dirty(r)?;
        let mut want = expected.to_vec();
        want.sort();
        Ok(if paths == want {
            Finding::yes(format!(
                "in {where_} exactly {} {} uncommitted",
                list(&paths),
                if paths.len() == 1 { "is" } else { "are" }
            ))
        } else if paths.is_empty() {
            Finding::no(format!(
                "the working tree of {where_} is clean; {} should still be uncommitted there",
                list(&want)
            ))
        } else {
            Finding::no(format!(
                "in {where_} the uncommitted changes are {}; expected {}",
                list(&paths),
                list(&want)
            ))
        })
    })
}

pub fn conflicted(
    ctx: &Context,
    repo: &Option<String>,
    worktree: &Option<String>,
) -> Read<Finding> {
    let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
    ctx.with_worktree(repo, worktree, |r| {
        let index = r.index().map_err(|e| git_err("the index", e))?;
        let mut paths: Vec<String> = index
            .conflicts()
            .map_err(|e| git_err("the index", e))?
            .filter_map(Result::ok)
            .filter_map(|c| c.our.or(c.their).or(c.ancestor))
            .map(|e| String::from_utf8_lossy(&e.path).into_owned())
            .collect();
        paths.sort();
        paths.dedup();
        Ok(Finding::when(
            !paths.is_empty(),
            format!("{where_} has unresolved conflicts in {}", list(&paths)),
            format!("{where_} has no unresolved conflicts"),
        ))
    })
}

pub fn file_status(
    ctx: &Context,
    repo: &Option<String>,
    worktree: &Option<String>,
    path: &str,
    want: FileState,
) -> Read<Finding> {
    let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
    ctx.with_worktree(repo, worktree, |r| {
        let actual = state_of(r, path)?;
        let describe = |s: FileState| match s {
            FileState::Clean => "committed and unchanged",
            FileState::Modified => "modified and not staged",
            FileState::Staged => "staged",
            FileState::Untracked => "untracked",
            FileState::Ignored => "ignored",
            FileState::Absent => "absent",
            FileState::Conflicted => "in conflict",
        };
        Ok(Finding::when(
            actual == want,
            format!("{path} in {where_} is {}", describe(actual)),
            format!(
                "{path} in {where_} is {}, not {}",
                describe(actual),
                describe(want)
            ),
        ))
    })
}

fn state_of(r: &Repository, path: &str) -> Read<FileState> {
    let exists = r.workdir().is_some_and(|w| w.join(path).exists());
    let status = match r.status_file(Path::new(path)) {
        Ok(s) => s,
        Err(e) if e.code() == git2::ErrorCode::NotFound => {
            return Ok(if exists {
                FileState::Untracked
            } else {
                FileState::Absent
            });
        }
        Err(e) => return Err(git_err(path, e)),
    };
    Ok(if status.contains(Status::CONFLICTED) {
        FileState::Conflicted
    } else if status.contains(Status::IGNORED) {
        FileState::Ignored
    } else if status.contains(Status::WT_NEW) {
        FileState::Untracked
    } else if status.intersects(
        Status::INDEX_NEW
            | Status::INDEX_MODIFIED
            | Status::INDEX_DELETED
            | Status::INDEX_RENAMED
            | Status::INDEX_TYPECHANGE,
    ) {
        FileState::Staged
    } else if status.intersects(
        Status::WT_MODIFIED | Status::WT_DELETED | Status::WT_TYPECHANGE | Status::WT_RENAMED,
    ) {
        FileState::Modified
    } else if exists {
        FileState::Clean
    } else {
        FileState::Absent
    })
}
