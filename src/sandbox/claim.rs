//! Taking a directory for a new sandbox, atomically, and giving it back whole on failure.
//!
//! Two `start`s into one new directory used to both see it empty and both move their entries
//! in, one by one, so the loser's repositories landed in the winner's sandbox. Now the target
//! is claimed by creating a file in it with `create_new` (which one process wins, on every
//! file system git-kata runs on), and the sandbox is staged *inside* the target, so it moves
//! into place by renames within one directory: a mount point or a container volume as `--dir`
//! works, where a rename from its parent crossed devices. Whatever fails, or a Ctrl-C, takes
//! back exactly what this claim put there, and the directory too when the claim made it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::interrupt;
use crate::error;

/// The file that says a `start` is building into its directory.
pub const CLAIM_FILE: &str = ".git-kata-claim";

/// A directory taken for a new sandbox. Dropped without `finish`, it takes everything back.
pub struct Claim {
    pub dir: PathBuf,
    made_dir: bool,
    moved_in: Vec<OsString>,
    done: bool,
}

impl Claim {
    /// Takes `dir` (made if missing; an existing one must be an empty directory).
    pub fn take(dir: &Path) -> Result<Claim> {
        if let Ok(meta) = std::fs::symlink_metadata(dir)
            && meta.file_type().is_symlink()
            && !dir.exists()
        {
            return Err(error::usage(format!(
                "{} is a symbolic link to nothing; name a directory that exists or a new one",
                dir.display()
            )));
        }
        // Made and registered under the registry's lock, as everything below: a Ctrl-C
        // between the two would leave it behind.
        let create = |d: &Path| {
            interrupt::with(|p| {
                let made = std::fs::create_dir(d);
                if made.is_ok() {
                    p.made_dir = Some(d.to_path_buf());
                }
                made
            })
        };
        let made_dir = match create(dir) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let parent = dir.parent().unwrap_or(Path::new("."));
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
                match create(dir) {
                    Ok(()) => true,
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
                    Err(e) => {
                        return Err(e).with_context(|| format!("cannot create {}", dir.display()));
                    }
                }
            }
            Err(e) => return Err(e).with_context(|| format!("cannot create {}", dir.display())),
        };
        let dir = dir
            .canonicalize()
            .with_context(|| format!("cannot open {}", dir.display()))?;
        if !dir.is_dir() {
            return Err(error::usage(format!(
                "{} already exists and is not a directory; choose another --dir (git-kata never overwrites anything)",
                dir.display()
            )));
        }
        let claim = dir.join(CLAIM_FILE);
        let claimed = interrupt::with(|p| {
            let made = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&claim);
            if made.is_ok() {
                p.claim = Some(claim.clone());
            }
            made
        });
        match claimed {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                interrupt::release();
                return Err(error::usage(format!(
                    "another git-kata is building a sandbox in {} (it holds {CLAIM_FILE}); wait for it, or choose another --dir. If none is running, delete {}",
                    dir.display(),
                    claim.display()
                )));
            }
            Err(e) => {
                return Err(e).with_context(|| format!("cannot write in {}", dir.display()));
            }
        }
        let claimed = Claim {
            dir,
            made_dir,
            moved_in: Vec::new(),
            done: false,
        };
        // Holding the claim, no other build can be staging here: whatever staging is left
        // is an interrupted start's.
        interrupt::sweep(&claimed.dir, std::time::Duration::ZERO);
        if let Some(parent) = claimed.dir.parent() {
            interrupt::sweep(parent, interrupt::STALE_AFTER);
        }
        // Anything but our claim (and what an interrupted start left, swept above) means the
        // directory is someone's: refuse, and take the claim back.
        let others = std::fs::read_dir(&claimed.dir)
            .with_context(|| format!("cannot read {}", claimed.dir.display()))?
            .filter_map(Result::ok)
            .any(|e| e.file_name() != CLAIM_FILE);
        if others {
            return Err(error::usage(format!(
                "{} already exists and is not empty; choose another --dir (git-kata never overwrites a directory)",
                claimed.dir.display()
            )));
        }
        Ok(claimed)
    }

    /// Moves every entry of `staging` (a directory inside the claimed one) up into it.
    pub fn move_in(&mut self, staging: &Path) -> Result<()> {
        for entry in std::fs::read_dir(staging)
            .with_context(|| format!("cannot read {}", staging.display()))?
        {
            let name = entry?.file_name();
            let (from, to) = (staging.join(&name), self.dir.join(&name));
            interrupt::with(|p| {
                let moved = std::fs::rename(&from, &to);
                if moved.is_ok() {
                    p.entries.push(to.clone());
                }
                moved
            })
            .with_context(|| format!("cannot move the sandbox into {}", self.dir.display()))?;
            self.moved_in.push(name);
        }
        Ok(())
    }

    /// The sandbox is in place: the claim is given up and nothing is taken back.
    pub fn finish(mut self) {
        self.done = true;
        let _ = std::fs::remove_file(self.dir.join(CLAIM_FILE));
        interrupt::release();
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        for name in &self.moved_in {
            let _ = std::fs::remove_dir_all(self.dir.join(name));
            let _ = std::fs::remove_file(self.dir.join(name));
        }
        let _ = std::fs::remove_file(self.dir.join(CLAIM_FILE));
        if self.made_dir {
            // Only if empty: never a directory holding anything of anyone else's.
            let _ = std::fs::remove_dir(&self.dir);
        }
        interrupt::release();
    }
}
