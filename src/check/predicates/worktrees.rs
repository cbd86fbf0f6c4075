//! Linked worktrees, judged by git's rules rather than libgit2's (see DEVELOPERS.md): a
//! registration is alive while the `.git` file its `gitdir` names exists.

use std::path::PathBuf;

use super::{Finding, list};
use crate::check::context::{Context, Read, Registration, normalize};

fn find(regs: &[Registration], dir: &PathBuf) -> Option<Registration> {
    regs.iter().find(|r| normalize(&r.dir) == *dir).cloned()
}

fn target(ctx: &Context, path: &str) -> PathBuf {
    normalize(&ctx.root.join(path))
}

pub fn at(ctx: &Context, repo: &Option<String>, path: &str, branch: Option<&str>) -> Read<Finding> {
    let regs = ctx.registrations(repo)?;
    let dir = target(ctx, path);
    // Say it the way the learner, standing in the main repository, would write it.
    let path = ctx.rel(&dir);
    let Some(reg) = find(&regs, &dir) else {
        let others: Vec<String> = regs.iter().map(|r| ctx.rel(&r.dir)).collect();
        let known = if others.is_empty() {
            "there are no linked worktrees".to_string()
        } else {
            format!("the linked worktrees are {}", list(&others))
        };
        return Ok(Finding::no(format!(
            "no worktree is registered at {path}; {known}"
        )));
    };
    if !reg.present {
        return Ok(Finding::no(format!(
            "a worktree is registered at {path} but its directory is gone"
        )));
    }
    Ok(match (branch, reg.branch.as_deref()) {
        (Some(want), Some(actual)) if want != actual => Finding::no(format!(
            "the worktree at {path} is on {actual}, not on {want}"
        )),
        (Some(want), None) => Finding::no(format!(
            "the worktree at {path} is not on a branch (detached HEAD); expected {want}"
        )),
        (_, Some(actual)) => Finding::yes(format!("a worktree at {path} is on {actual}")),
        (None, None) => Finding::yes(format!("a worktree is registered at {path}")),
    })
}

pub fn gone(ctx: &Context, repo: &Option<String>, path: &str) -> Read<Finding> {
    let regs = ctx.registrations(repo)?;
    let dir = target(ctx, path);
    // Say it the way the learner, standing in the main repository, would write it.
    let path = ctx.rel(&dir);
    let registered = find(&regs, &dir);
    Ok(match (registered, dir.exists()) {
        (None, false) => Finding::yes(format!(
            "no worktree is registered at {path} and the directory is gone"
        )),
        (Some(reg), false) => Finding::no(format!(
            "the directory {path} is gone but git still has it registered (as `{}`): it was deleted without `git worktree remove`",
            reg.name
        )),
        (Some(_), true) => Finding::no(format!("the worktree at {path} is still there")),
        (None, true) => Finding::no(format!(
            "{path} still exists on disk, though git no longer tracks it as a worktree"
        )),
    })
}

pub fn stale(ctx: &Context, repo: &Option<String>, path: &str) -> Read<Finding> {
    let regs = ctx.registrations(repo)?;
    let dir = target(ctx, path);
    // Say it the way the learner, standing in the main repository, would write it.
    let path = ctx.rel(&dir);
    Ok(match find(&regs, &dir) {
        Some(reg) if reg.is_stale() => Finding::yes(format!(
            "git still has a worktree registered at {path} (as `{}`), but its directory is gone",
            reg.name
        )),
        Some(_) => Finding::no(format!("the worktree registered at {path} is not stale")),
        None => Finding::no(format!("no worktree is registered at {path}")),
    })
}

pub fn none_stale(ctx: &Context, repo: &Option<String>) -> Read<Finding> {
    let regs = ctx.registrations(repo)?;
    let stale: Vec<String> = regs
        .iter()
        .filter(|r| r.is_stale())
        .map(|r| format!("{} ({})", r.name, ctx.rel(&r.dir)))
        .collect();
    Ok(Finding::when(
        stale.is_empty(),
        "no stale worktree registration is left",
        format!(
            "git still has registrations for worktrees whose directory is gone: {}",
            list(&stale)
        ),
    ))
}

pub fn locked(
    ctx: &Context,
    repo: &Option<String>,
    path: &str,
    reason: Option<&str>,
) -> Read<Finding> {
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
        (Some(actual), Some(want)) if !actual.contains(want) => Finding::no(format!(
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

fn describe(ctx: &Context, repo: &Option<String>, place: &Option<PathBuf>) -> String {
    match place {
        None => format!("the main working tree ({})", ctx.repo_name(repo)),
        Some(dir) => ctx.rel(dir),
    }
}

pub fn checked_out_in(
    ctx: &Context,
    repo: &Option<String>,
    branch: &str,
    worktree: &Option<String>,
) -> Read<Finding> {
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

pub fn checked_out_nowhere(ctx: &Context, repo: &Option<String>, branch: &str) -> Read<Finding> {
    let checkouts = ctx.checkouts(repo)?;
    let shown: Vec<String> = checkouts
        .iter()
        .filter(|(_, b)| b == branch)
        .map(|(p, _)| describe(ctx, repo, p))
        .collect();
    Ok(Finding::when(
        shown.is_empty(),
        format!("{branch} is not checked out in any worktree"),
        format!("{branch} is checked out in {}", list(&shown)),
    ))
}
