//! How the learner got here, not just where they are: reflogs and the object database remember
//! branch switches and stashes that the current state no longer shows.

use git2::{ObjectType, Oid, Repository};

use super::{Finding, list};
use crate::check::context::{Context, Read, unreadable};

pub fn head_never_switched(
    ctx: &Context,
    repo: &Option<String>,
    worktree: &Option<String>,
) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
    ctx.with_worktree(repo, worktree, |r| {
        // For a linked worktree git2's `path()` is its admin directory, which holds its own HEAD log.
        let key = if r.is_worktree() {
            r.path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        } else {
            String::new()
        };
        let log = std::fs::read_to_string(r.path().join("logs/HEAD")).unwrap_or_default();
        let skip = ctx
            .marker
            .repos
            .get(&name)
            .and_then(|rec| rec.head_reflog.get(&key))
            .copied()
            .unwrap_or(0);
        let mut moves = Vec::new();
        for line in log.lines().skip(skip) {
            let Some((_, message)) = line.split_once('\t') else {
                continue;
            };
            if let Some(rest) = message.strip_prefix("checkout: moving from ")
                && let Some((from, to)) = rest.split_once(" to ")
                && from != to
            {
                moves.push(format!("{from} → {to}"));
            }
        }
        Ok(Finding::when(
            moves.is_empty(),
            format!("{where_} has stayed on its branch the whole time"),
            format!(
                "{where_} switched branches since the start ({})",
                list(&moves)
            ),
        ))
    })
}

/// Commits shaped like a stash entry: `WIP on ...`/`On ...` with an `index on ...` second parent.
fn is_stash_commit(r: &Repository, id: Oid) -> bool {
    let Ok(c) = r.find_commit(id) else {
        return false;
    };
    let message = c.message().unwrap_or("");
    (message.starts_with("WIP on ") || message.starts_with("On "))
        && c.parent_count() >= 2
        && c.parent(1)
            .is_ok_and(|p| p.message().unwrap_or("").starts_with("index on "))
}

pub fn stash_created(ctx: &Context, repo: &Option<String>) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    ctx.with_repo(repo, |r| {
        let setup = super::stash::setup_stashes(ctx, &name);
        let odb = r
            .odb()
            .map_err(|e| unreadable(format!("cannot read the object database: {}", e.message())))?;
        let mut commits = Vec::new();
        odb.foreach(|id| {
            if odb
                .read_header(*id)
                .is_ok_and(|(_, kind)| kind == ObjectType::Commit)
            {
                commits.push(*id);
            }
            true
        })
        .map_err(|e| unreadable(format!("cannot read the object database: {}", e.message())))?;
        let made = commits
            .into_iter()
            .filter(|id| !setup.contains(&id.to_string()))
            .filter(|id| is_stash_commit(r, *id))
            .count();
        Ok(Finding::when(
            made > 0,
            "a stash was made since the start",
            "no stash was made since the start",
        ))
    })
}

pub fn stash_dropped(ctx: &Context, repo: &Option<String>) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    ctx.with_repo(repo, |r| {
        let s = super::stash::since_setup(ctx, &name, r)?;
        Ok(Finding::when(
            !s.missing.is_empty(),
            format!(
                "{} no longer on the stack",
                super::stash::missing_phrase(&s.missing)
            ),
            "every stash from the start is still on the stack",
        ))
    })
}
