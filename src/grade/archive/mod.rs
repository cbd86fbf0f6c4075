//! `git-kata submit` packs a sandbox into one `.tar.gz` a learner can commit and push; `grade
//! --archive` unpacks it anywhere and grades it.
//!
//! Pushing a repository loses what a lesson is about: stash entries below the newest, linked
//! worktrees, reflogs, uncommitted changes. The archive keeps the sandbox directory whole
//! (repositories with their `.git`, linked worktrees inside the sandbox, the marker) plus a
//! manifest naming the path it came from, so worktree links can be repaired wherever it lands.
//!
//! An archive is untrusted input. Unpacking refuses absolute paths, `..`, hard links, device
//! files and symbolic links that lead out of the sandbox, never writes through a symbolic link,
//! and caps the number of entries and the bytes written, so a tar bomb is an error, not a full
//! disk. `submit` holds the sandbox to the same rules (rules.rs) before it writes a byte: what
//! it writes, `grade` reads, and what `grade` would refuse, `submit` refuses up-front, naming
//! the path and why.

mod pack;
pub mod rules;
mod unpack;

use serde::{Deserialize, Serialize};

pub use pack::pack;
pub use unpack::{Unpacked, unpack};

pub const MANIFEST: &str = "git-kata-submission.json";
pub const ANSWERS: &str = "answers.yaml";
const SANDBOX: &str = "sandbox";
const FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The absolute path of the sandbox when it was packed: worktree links point below it.
    pub root: String,
    pub lesson: String,
    pub git_kata: String,
}
