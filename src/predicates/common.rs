//! Helpers several kinds share that need the checker's context or speak in findings: a
//! revision as a commit, a stash entry by position, the stash stack against setup, a worktree
//! by its sandbox path. Plain git facts live in `crate::repo`.

use std::path::PathBuf;

use git2::{Commit, Oid, Repository};

use crate::paths::normalize;
use crate::predicates::context::{Context, Fact, git_err, unreadable};
use crate::predicates::{Finding, Rev, list, one_line, plural};
use crate::repo::stash::{Entry, entries};
use crate::repo::worktrees::Registration;

pub(crate) fn find(regs: &[Registration], dir: &PathBuf) -> Option<Registration> {
    regs.iter().find(|r| normalize(&r.dir) == *dir).cloned()
}

pub(crate) fn target(ctx: &Context, path: &str) -> PathBuf {
    normalize(&ctx.root.join(path))
}

pub(crate) fn describe(ctx: &Context, repo: &Option<String>, place: &Option<PathBuf>) -> String {
    match place {
        None => format!("the main working tree ({})", ctx.repo_name(repo)),
        Some(dir) => ctx.rel(dir),
    }
}

pub(crate) fn find_commit<'r>(
    ctx: &Context,
    name: &str,
    r: &'r Repository,
    rev: &Rev,
) -> Fact<Option<git2::Commit<'r>>> {
    match ctx.resolve(name, r, rev)? {
        Some(id) => r
            .find_commit(id)
            .map(Some)
            .map_err(|e| git_err(rev.as_str(), e)),
        None => Ok(None),
    }
}

pub(crate) fn nth<'r>(
    r: &'r Repository,
    index: usize,
) -> Fact<Result<(Entry, Commit<'r>), Finding>> {
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

/// The stash entries made at setup (newest first), as the marker recorded them.
pub fn setup_stashes(ctx: &Context, repo_name: &str) -> Vec<String> {
    ctx.setup
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

pub fn since_setup(ctx: &Context, repo_name: &str, r: &Repository) -> Fact<SinceSetup> {
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

/// A commit as a learner recognises it in `git log --oneline`: short id and subject.
pub(crate) fn describe_commit(r: &Repository, id: Oid) -> String {
    let short = id.to_string()[..7].to_string();
    match r.find_commit(id) {
        Ok(c) => format!(
            "{short} \"{}\"",
            one_line(c.summary().ok().flatten().unwrap_or(""))
        ),
        Err(_) => short,
    }
}
