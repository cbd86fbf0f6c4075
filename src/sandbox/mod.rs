//! Sandboxes: a directory holding a lesson's repositories, built deterministically, found again
//! from anywhere inside it, and rebuilt on request.

pub mod builder;
mod claim;
mod history;
mod init;
mod interrupt;
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
pub use repair::{relocate_remote_urls, relocate_worktree_links};

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

/// Builds `lesson` at `dir`, which must not exist or be empty. The directory is claimed
/// first (claim.rs), the build is staged inside it and moved into place at the end, and a
/// failure or an interruption leaves nothing behind.
pub fn create(lesson: &Loaded, dir: &Path) -> Result<Sandbox> {
    let mut claim = claim::Claim::take(dir)?;
    let target = claim.dir.clone();
    let staging = staging_dir_in(&target)?;
    let built = (|| -> Result<Marker> {
        let mut marker = builder::build_into(lesson, staging.path())?;
        marker.record_lesson(lesson);
        marker::write(staging.path(), &marker)?;
        relocate_worktree_links(staging.path(), staging.path(), &target)?;
        claim.move_in(staging.path())?;
        Ok(marker)
    })();
    interrupt::with(|p| {
        p.staging.retain(|d| d != staging.path());
        drop(staging);
    });
    let marker = built?;
    claim.finish();
    Ok(Sandbox {
        root: target,
        marker,
    })
}

/// A hidden build directory in `dir`, registered so that Ctrl-C removes it (`interrupt`).
fn staging_dir_in(dir: &Path) -> Result<tempfile::TempDir> {
    interrupt::with(|p| {
        let made = tempfile::Builder::new()
            .prefix(".git-kata-build-")
            .tempdir_in(dir);
        if let Ok(made) = &made {
            p.staging.push(made.path().to_path_buf());
        }
        made
    })
    .with_context(|| format!("cannot create a temporary directory in {}", dir.display()))
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
    interrupt::sweep(parent, interrupt::STALE_AFTER);
    let fresh_dir = staging_dir_in(parent)?;
    let fresh_root = fresh_dir.path().join("sandbox");
    let fresh = create(lesson, &fresh_root);
    let fresh = fresh.and_then(|fresh| {
        relocate_worktree_links(&fresh.root, &fresh.root, root)?;
        Ok(fresh)
    });
    // From here the staging directory may hold the learner's sandbox: an interruption keeps
    // it (RELIABILITY.md says where), and the next start or reset names it.
    interrupt::unguard_staging(fresh_dir.path());
    let fresh = fresh?;
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
