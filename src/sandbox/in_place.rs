//! `reset` of a sandbox that cannot be moved: a mount point, a container volume or a bind
//! mount refuses to be renamed (EBUSY, or EXDEV across devices), and a sandbox whose parent
//! is not writable cannot be staged beside. Then the sandbox is rebuilt *inside* itself, as
//! `start` builds into an existing directory (claim.rs): the fresh sandbox is built in a
//! staging directory in the root, the old top-level entries are moved aside into a second one,
//! the fresh entries are moved up, and the old ones are removed: every rename stays within the
//! root's file system.
//!
//! Interrupted, nothing of the learner's is lost: the old entries live in
//! `ROOT/.git-kata-build-XXXXXX/old` until the swap is over, and the next `start` or `reset`
//! names that path (`interrupt::sweep` of the root).

use std::ffi::OsString;
use std::path::Path;

use anyhow::{Context, Result};

use super::interrupt::{self, STAGING_PREFIX};
use super::{Marker, build_for, marker::MARKER_DIR, staging_dir_in};
use crate::lesson::Loaded;

/// Rebuilds `lesson` inside the sandbox at `root`, replacing its top-level entries.
pub fn rebuild(lesson: &Loaded, root: &Path) -> Result<Marker> {
    // Registered: a Ctrl-C removes it. It only ever holds the fresh build, never the learner's.
    let fresh = staging_dir_in(root)?;
    let built = build_for(lesson, fresh.path(), root).and_then(|marker| {
        // Never registered: once it holds the learner's sandbox, only the learner deletes it.
        let aside = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(root)
            .with_context(|| format!("cannot create a temporary directory in {}", root.display()))?
            .keep();
        let old = aside.join("old");
        // The registry's lock is held through the swap: a Ctrl-C waits for it to finish or
        // to be undone instead of leaving the root half old, half new.
        let swapped = std::fs::create_dir(&old)
            .with_context(|| format!("cannot create {}", old.display()))
            .and_then(|()| interrupt::with(|_| swap(root, fresh.path(), &old)));
        // Kept only when an undone swap could not move everything back.
        let kept = swapped.is_err()
            && std::fs::read_dir(&old).is_ok_and(|mut listing| listing.next().is_some());
        if !kept {
            // Renamed first, so that a removal cut short leaves no `old` that the next start
            // would call the learner's previous sandbox.
            let _ = std::fs::rename(&old, aside.join("removed"));
            let _ = std::fs::remove_dir_all(&aside);
        }
        swapped.map(|()| marker)
    });
    interrupt::with(|p| {
        p.staging.retain(|d| d != fresh.path());
        drop(fresh);
    });
    built
}

/// Moves the top-level entries of `root` into `old` and those of `fresh` up into `root`. On
/// failure everything moved is moved back, or, where that fails too, the learner's entries
/// stay in `old` and the error says so.
///
/// The marker is the last entry moved aside and the first moved up, so the root reads as a
/// sandbox between every two renames but one, and a later `reset` finds it.
pub fn swap(root: &Path, fresh: &Path, old: &Path) -> Result<()> {
    let mut moved_aside: Vec<OsString> = Vec::new();
    let aside = to_move_aside(root).and_then(|names| {
        for name in names {
            rename(&root.join(&name), &old.join(&name))?;
            moved_aside.push(name);
        }
        Ok(())
    });
    let mut moved_up: Vec<OsString> = Vec::new();
    let up = aside.and_then(|()| {
        let mut names = listing(fresh)?;
        names.sort_by_key(|n| n != MARKER_DIR);
        for name in names {
            rename(&fresh.join(&name), &root.join(&name))?;
            moved_up.push(name);
        }
        Ok(())
    });
    let Err(e) = up else {
        return Ok(());
    };
    // Back as it was: the fresh entries (ours) out of the way, then the learner's back in.
    for name in &moved_up {
        let _ = std::fs::rename(root.join(name), fresh.join(name));
    }
    let mut kept = false;
    for name in moved_aside.iter().rev() {
        kept |= std::fs::rename(old.join(name), root.join(name)).is_err();
    }
    if kept {
        return Err(e.context(format!(
            "cannot rebuild {} in place; what could not be moved back is kept in {}",
            root.display(),
            old.display()
        )));
    }
    Err(e.context(format!("cannot rebuild {} in place", root.display())))
}

/// The entries of the root a swap moves aside: all but staging directories (ours, and
/// sandboxes kept by earlier interruptions), with the marker last.
fn to_move_aside(root: &Path) -> Result<Vec<OsString>> {
    let mut names = listing(root)?;
    names.retain(|n| !n.to_string_lossy().starts_with(STAGING_PREFIX));
    names.sort_by_key(|n| n == MARKER_DIR);
    Ok(names)
}

fn listing(dir: &Path) -> Result<Vec<OsString>> {
    std::fs::read_dir(dir)
        .and_then(|l| l.map(|e| e.map(|e| e.file_name())).collect())
        .with_context(|| format!("cannot read {}", dir.display()))
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to)
        .with_context(|| format!("cannot move {} to {}", from.display(), to.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    fn dirs(root: &Path, list: &[&str]) {
        for d in list {
            std::fs::create_dir_all(root.join(d)).unwrap();
            std::fs::write(root.join(d).join("f"), d).unwrap();
        }
    }

    /// The root: the learner's sandbox, a kept sandbox of an earlier interruption, and the
    /// two staging directories of this swap.
    fn layout() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().join("sb");
        dirs(
            &root,
            &[MARKER_DIR, "repo", "mine", ".git-kata-build-kept/old"],
        );
        let fresh = root.join(".git-kata-build-fresh");
        dirs(&fresh, &[MARKER_DIR, "repo"]);
        let old = root.join(".git-kata-build-aside/old");
        std::fs::create_dir_all(&old).unwrap();
        (t, root, fresh, old)
    }

    #[test]
    fn the_marker_goes_aside_last() {
        let t = tempfile::tempdir().unwrap();
        dirs(t.path(), &["a", MARKER_DIR, "z"]);
        let order = to_move_aside(t.path()).unwrap();
        assert_eq!(order.last().unwrap(), MARKER_DIR);
    }

    #[test]
    fn a_swap_replaces_the_sandbox_and_leaves_staging_entries_alone() {
        let (_t, root, fresh, old) = layout();
        swap(&root, &fresh, &old).unwrap();
        assert_eq!(
            names(&root),
            [
                ".git-kata",
                ".git-kata-build-aside",
                ".git-kata-build-fresh",
                ".git-kata-build-kept",
                "repo"
            ]
        );
        assert_eq!(names(&old), [".git-kata", "mine", "repo"]);
        assert_eq!(names(&fresh), Vec::<String>::new());
        assert!(root.join(".git-kata-build-kept/old/f").is_file());
    }

    #[test]
    fn a_swap_that_fails_half_way_puts_the_learners_sandbox_back() {
        let (_t, root, fresh, old) = layout();
        // A fresh entry that cannot move up: its name is taken by a directory a swap skips.
        dirs(&fresh, &[".git-kata-build-kept"]);
        let err = swap(&root, &fresh, &old).unwrap_err();
        assert!(format!("{err:#}").contains("in place"), "{err:#}");
        assert_eq!(
            names(&root),
            [
                ".git-kata",
                ".git-kata-build-aside",
                ".git-kata-build-fresh",
                ".git-kata-build-kept",
                "mine",
                "repo"
            ]
        );
        assert_eq!(
            std::fs::read_to_string(root.join("mine/f")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("repo/f")).unwrap(),
            "repo",
            "the learner's repo, not the fresh one"
        );
        assert_eq!(names(&old), Vec::<String>::new());
        assert_eq!(names(&fresh), [".git-kata", ".git-kata-build-kept", "repo"]);
    }
}
