//! Sandboxes: a directory holding a lesson's repositories, built deterministically, found again
//! from anywhere inside it, and rebuilt on request.

pub mod builder;
mod history;
mod init;
pub mod marker;
#[allow(
    unsafe_code,
    reason = "libgit2's mempack backend has no safe binding in git2"
)]
mod objects;
pub mod place;
mod repair;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub use marker::{Marker, is_sandbox};
pub use repair::relocate_worktree_links;

use crate::error;
use crate::lesson::Loaded;

/// A sandbox found on disk.
#[derive(Debug, Clone)]
pub struct Sandbox {
    /// Canonical path of the sandbox directory.
    pub root: PathBuf,
    pub marker: Marker,
}

impl Sandbox {
    pub fn open(root: &Path) -> Result<Sandbox> {
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot open {}", root.display()))?;
        if !is_sandbox(&root) {
            return Err(error::not_sandbox(format!(
                "{} is not a git-kata sandbox; start one with `git-kata start LESSON --dir DIR`",
                root.display()
            )));
        }
        let marker = marker::read(&root)?;
        Ok(Sandbox { root, marker })
    }

    /// Finds the sandbox holding `start`: the sandbox itself, anything inside it, or a linked
    /// worktree of one of its repositories wherever that worktree lives.
    pub fn discover(start: &Path) -> Result<Sandbox> {
        let start = start
            .canonicalize()
            .with_context(|| format!("cannot open {}", start.display()))?;
        if let Some(root) = place::enclosing_sandbox(&start) {
            return Sandbox::open(&root);
        }
        Err(error::not_sandbox(format!(
            "{} is not inside a git-kata sandbox; `cd` into one, pass --dir DIR, or run `git-kata start LESSON`",
            start.display()
        )))
    }

    /// The lesson this sandbox was built from, found again where the marker says it came from.
    pub fn lesson(&self) -> Result<Loaded> {
        marker::lesson_of(&self.root, &self.marker)
    }

    /// The directory of one of the lesson's repositories.
    pub fn repo_dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }
}

/// Builds `lesson` at `dir`, which must not exist or be empty. The build happens in a temporary
/// sibling directory that is moved into place at the end, so a failure leaves nothing behind.
pub fn create(lesson: &Loaded, dir: &Path) -> Result<Sandbox> {
    if dir.exists() {
        let is_empty_dir = dir.is_dir()
            && std::fs::read_dir(dir)
                .with_context(|| format!("cannot read {}", dir.display()))?
                .next()
                .is_none();
        if !is_empty_dir {
            return Err(error::usage(format!(
                "{} already exists and is not empty; choose another --dir (git-kata never overwrites a directory)",
                dir.display()
            )));
        }
    }
    // An existing directory may be named `.` or `sub/..`, which have no name of their own.
    let canonical;
    let dir = if dir.exists() {
        canonical = dir
            .canonicalize()
            .with_context(|| format!("cannot open {}", dir.display()))?;
        canonical.as_path()
    } else {
        dir
    };
    let parent = absolute_parent(dir)?;
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let parent = parent
        .canonicalize()
        .with_context(|| format!("cannot open {}", parent.display()))?;
    let name = dir
        .file_name()
        .context("the sandbox directory needs a name")?;
    let target = parent.join(name);

    let staging = tempfile::Builder::new()
        .prefix(".git-kata-build-")
        .tempdir_in(&parent)
        .with_context(|| {
            format!(
                "cannot create a temporary directory in {}",
                parent.display()
            )
        })?;
    let mut marker = builder::build_into(lesson, staging.path())?;
    marker.record_lesson(lesson);
    marker::write(staging.path(), &marker)?;
    relocate_worktree_links(staging.path(), staging.path(), &target)?;
    if target.exists() {
        // An existing empty directory is kept (a shell may be sitting in it): its new content
        // moves in entry by entry, and the staging directory is deleted when dropped.
        for entry in std::fs::read_dir(staging.path())
            .with_context(|| format!("cannot read {}", staging.path().display()))?
        {
            let entry = entry?;
            std::fs::rename(entry.path(), target.join(entry.file_name()))
                .with_context(|| format!("cannot move the sandbox into {}", target.display()))?;
        }
    } else {
        let built = staging.keep();
        std::fs::rename(&built, &target)
            .with_context(|| format!("cannot move the sandbox into {}", target.display()))?;
    }
    Ok(Sandbox {
        root: target,
        marker,
    })
}

/// Rebuilds a sandbox from `lesson`, replacing its whole content. Only a directory carrying our
/// marker is ever replaced.
pub fn rebuild(sandbox: &Sandbox, lesson: &Loaded) -> Result<Sandbox> {
    let root = &sandbox.root;
    if !is_sandbox(root) {
        return Err(error::not_sandbox(format!(
            "{} is not a git-kata sandbox; refusing to touch it",
            root.display()
        )));
    }
    let parent = root
        .parent()
        .context("a sandbox cannot be the root directory")?;
    let fresh_dir = tempfile::Builder::new()
        .prefix(".git-kata-build-")
        .tempdir_in(parent)
        .with_context(|| {
            format!(
                "cannot create a temporary directory in {}",
                parent.display()
            )
        })?;
    let fresh_root = fresh_dir.path().join("sandbox");
    let fresh = create(lesson, &fresh_root)?;
    relocate_worktree_links(&fresh.root, &fresh.root, root)?;
    // Move the old sandbox aside first: if anything fails from here the learner's work is still
    // on disk, next to the sandbox, rather than lost.
    let old = fresh_dir.path().join("old");
    std::fs::rename(root, &old).with_context(|| format!("cannot move {} aside", root.display()))?;
    if let Err(e) = std::fs::rename(&fresh.root, root) {
        let _ = std::fs::rename(&old, root);
        return Err(e)
            .with_context(|| format!("cannot move the rebuilt sandbox into {}", root.display()));
    }
    drop(fresh_dir);
    Ok(Sandbox {
        root: root.clone(),
        marker: fresh.marker,
    })
}

fn absolute_parent(dir: &Path) -> Result<PathBuf> {
    let abs = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        crate::paths::current_dir()?.join(dir)
    };
    Ok(abs.parent().map(Path::to_path_buf).unwrap_or(abs))
}
