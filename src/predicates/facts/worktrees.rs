//! Linked worktrees, judged by git's rules rather than libgit2's (see DEVELOPERS.md): a
//! registration is alive while the `.git` file its `gitdir` names exists.

use std::path::PathBuf;

use crate::paths::normalize;
use crate::predicates::context::{Context, Registration};

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
