//! Sandboxes: a directory holding a lesson's repositories, built deterministically, found again
//! from anywhere inside it, and rebuilt on request.

pub mod builder;
mod claim;
mod history;
mod in_place;
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
    let built = build_for(lesson, staging.path(), &target).and_then(|marker| {
        claim.move_in(staging.path())?;
        Ok(marker)
    });
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

/// Builds `lesson` into the empty directory `staging`, ready to be moved to `target`: its
/// marker written and its worktree links already naming `target`.
fn build_for(lesson: &Loaded, staging: &Path, target: &Path) -> Result<Marker> {
    let mut marker = builder::build_into(lesson, staging)?;
    marker.record_lesson(lesson);
    marker::write(staging, &marker)?;
    relocate_worktree_links(staging, staging, target)?;
    Ok(marker)
}

/// A hidden build directory in `dir`, registered so that Ctrl-C removes it (`interrupt`).
fn staging_dir_in(dir: &Path) -> Result<tempfile::TempDir> {
    interrupt::with(|p| {
        let made = tempfile::Builder::new()
            .prefix(interrupt::STAGING_PREFIX)
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
    // An in-place reset (in_place.rs) keeps what it was interrupted with inside the root. A
    // reset that moved the whole root aside and removed it would take that kept sandbox with
    // it, so such a root is always reset in place, where staging entries are left alone.
    let kept_inside = interrupt::sweep(root, interrupt::STALE_AFTER);
    let marker = if kept_inside {
        in_place::rebuild(lesson, root)?
    } else {
        match rebuild_beside(lesson, root, parent)? {
            Some(marker) => marker,
            // Nothing has changed: the root cannot be moved (a mount point), or nothing can be
            // staged beside it. Every rename of the in-place route stays inside the root.
            None => in_place::rebuild(lesson, root)?,
        }
    };
    Ok(Sandbox {
        root: root.clone(),
        marker,
    })
}

/// Rebuilds the sandbox beside itself and swaps the two whole directories: two renames, the
/// fewest moments an interruption can fall between. `None` when the sandbox cannot be moved
/// aside or staged beside, with everything as it was.
fn rebuild_beside(lesson: &Loaded, root: &Path, parent: &Path) -> Result<Option<Marker>> {
    // The new sandbox is built straight into `PARENT/.git-kata-build-XXXXXX/s`, no claim and
    // no second staging directory inside it as `start` has: its deepest path is then no
    // longer than the one `start` made for this very sandbox (`PARENT/NAME/.git-kata-build-
    // XXXXXX/...`), so a sandbox near PATH_MAX that could be started can be reset.
    let Ok(fresh_dir) = staging_dir_in(parent) else {
        return Ok(None);
    };
    let fresh_root = fresh_dir.path().join("s");
    let fresh = std::fs::create_dir(&fresh_root)
        .with_context(|| format!("cannot create {}", fresh_root.display()))
        .and_then(|()| build_for(lesson, &fresh_root, root));
    // From here the staging directory may hold the learner's sandbox: an interruption keeps
    // it (RELIABILITY.md says where), and the next start or reset names it.
    interrupt::unguard_staging(fresh_dir.path());
    let marker = fresh?;
    // Move the old sandbox aside first: if anything fails from here the learner's work is still
    // on disk, next to the sandbox, rather than lost.
    let old = fresh_dir.path().join("old");
    if std::fs::rename(root, &old).is_err() {
        // A mount point refuses (EBUSY, or EXDEV across devices). The build staged here is
        // dropped with its directory and made again inside the root: it cannot cross over.
        return Ok(None);
    }
    if let Err(e) = std::fs::rename(&fresh_root, root) {
        let _ = std::fs::rename(&old, root);
        return Err(e)
            .with_context(|| format!("cannot move the rebuilt sandbox into {}", root.display()));
    }
    // The old sandbox sits deeper than it did and may pass PATH_MAX there; `remove_dir_all`
    // walks relative to open directories, so it goes all the same.
    drop(fresh_dir);
    Ok(Some(marker))
}
