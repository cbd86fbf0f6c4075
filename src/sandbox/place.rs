//! Where a new sandbox may go. A sandbox built inside another one shows up in that lesson's
//! repositories as uncommitted changes and breaks it; one built inside a learner's own
//! project becomes untracked clutter in it. So `start` puts a sandbox beside the sandbox the
//! learner stands in, and refuses any directory inside a sandbox or a git working tree.

use std::path::{Path, PathBuf};

use super::{is_sandbox, marker};
use crate::error;
use crate::paths::shell_path;

/// Where `start` builds when no `--dir` is given.
pub struct Default {
    pub dir: PathBuf,
    /// The sandbox the learner stands in, when the new one goes beside it.
    pub beside: Option<PathBuf>,
}

/// The default place for lesson `id`: beside the sandbox holding `cwd`, else `cwd/id`.
pub fn default_dir(cwd: &Path, id: &str) -> Default {
    match enclosing_sandbox(cwd) {
        Some(root) => Default {
            dir: root.parent().unwrap_or(&root).join(id),
            beside: Some(root),
        },
        None => Default {
            dir: cwd.join(id),
            beside: None,
        },
    }
}

/// The root of the sandbox holding `start`: the sandbox itself, anything inside it, or a
/// linked worktree of one of its repositories wherever that worktree lives.
pub fn enclosing_sandbox(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    if let Some(root) = start.ancestors().find(|d| is_sandbox(d)) {
        return Some(root.to_path_buf());
    }
    let repo = git2::Repository::discover(&start).ok()?;
    repo.commondir()
        .ancestors()
        .find(|d| is_sandbox(d))
        .map(Path::to_path_buf)
}

/// Refuses `dir` when it is, or lies inside, a sandbox or a git working tree. `id` is the
/// lesson to be built, for the advice.
pub fn check(dir: &Path, id: &str) -> anyhow::Result<()> {
    let Some(existing) = nearest_existing(dir) else {
        return Ok(());
    };
    if let Some(root) = enclosing_sandbox(&existing) {
        // A reset of this sandbox, interrupted in place, kept the learner's previous one
        // inside it: say where, even though this start goes no further.
        super::interrupt::name_all_kept(&root);
        return Err(error::usage(inside_sandbox(dir, &root, id)));
    }
    if let Ok(repo) = git2::Repository::discover(&existing) {
        // libgit2 gives the working tree with a trailing slash.
        let tree: PathBuf = repo.workdir().unwrap_or(repo.path()).components().collect();
        let beside = tree.parent().unwrap_or(&tree).join(id);
        return Err(error::usage(format!(
            "{} is inside the git working tree {}: the lesson's repositories would sit in it as \
             untracked files. Choose a directory outside it, e.g. --dir {}",
            shell_path(dir),
            shell_path(&tree),
            shell_path(&beside)
        )));
    }
    Ok(())
}

fn inside_sandbox(dir: &Path, root: &Path, id: &str) -> String {
    let lesson = marker::read(root).map(|m| m.lesson).unwrap_or_default();
    let same_place = dir.canonicalize().is_ok_and(|d| d == root);
    if same_place && lesson == id {
        let repo = marker::read_lesson(root)
            .ok()
            .and_then(|l| l.lesson.repos.first().map(|r| root.join(&r.name.value)))
            .unwrap_or_else(|| root.to_path_buf());
        return format!(
            "{} already holds a sandbox of {id}: go on with `cd {}`, or start it over with \
             `git-kata reset --dir {}`",
            shell_path(root),
            shell_path(&repo),
            shell_path(root)
        );
    }
    let beside = root.parent().unwrap_or(root).join(id);
    let what = if same_place {
        format!("{} is the sandbox of {lesson}", shell_path(root))
    } else {
        format!(
            "{} is inside the sandbox of {lesson} at {}",
            shell_path(dir),
            shell_path(root)
        )
    };
    format!(
        "{what}: a sandbox built there would show up in that lesson's repositories. \
         Choose a directory outside it, e.g. --dir {}",
        shell_path(&beside)
    )
}

/// `dir` or its nearest ancestor that exists, canonical; `None` if none can be read.
fn nearest_existing(dir: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(dir).ok()?;
    absolute.ancestors().find_map(|a| a.canonicalize().ok())
}
