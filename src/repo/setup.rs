//! What setup left in each repository, recorded by the builder in the sandbox's marker: the
//! baseline predicates compare the learner's work with ("main as it was at the start").

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What one repository looked like when setup finished.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct RepoRecord {
    /// Full ref name (`refs/heads/main`, `refs/tags/v1`, `refs/remotes/origin/main`) to the
    /// object id it pointed at.
    pub refs: BTreeMap<String, String>,
    /// Stash commits, newest first (`stash@{0}` first).
    pub stashes: Vec<String>,
    /// Number of HEAD reflog entries per working tree: `""` for the main one, otherwise the
    /// linked worktree's administrative name. Later entries are the learner's.
    pub head_reflog: BTreeMap<String, usize>,
    /// Each linked worktree's administrative name to the branch it had checked out at setup
    /// (none when detached): a worktree is followed by this identity, wherever it moves.
    #[serde(default)]
    pub worktrees: BTreeMap<String, Option<String>>,
    /// Stash entries a setup step named, to their commits, kept after a step dropped them:
    /// what `setup:NAME` means for a stash.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub named_stashes: BTreeMap<String, String>,
}

impl RepoRecord {
    /// What `setup:NAME` names: branch NAME, else tag NAME, else remote-tracking branch NAME
    /// (`origin/main`), as setup left them (git's own order of lookup), else the stash entry
    /// the setup named NAME.
    pub fn setup_object(&self, name: &str) -> Option<&str> {
        ["refs/heads/", "refs/tags/", "refs/remotes/"]
            .iter()
            .find_map(|prefix| self.refs.get(&format!("{prefix}{name}")))
            .or_else(|| self.named_stashes.get(name))
            .map(String::as_str)
    }
}
