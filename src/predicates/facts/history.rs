//! How the learner got here, not just where they are: reflogs and the object database remember
//! branch switches and stashes that the current state no longer shows.

use git2::{Oid, Repository};

/// Commits shaped like a stash entry: `WIP on ...`/`On ...` with an `index on ...` second parent.
pub(crate) fn is_stash_commit(r: &Repository, id: Oid) -> bool {
    let Ok(c) = r.find_commit(id) else {
        return false;
    };
    let message = c.message().unwrap_or("");
    (message.starts_with("WIP on ") || message.starts_with("On "))
        && c.parent_count() >= 2
        && c.parent(1)
            .is_ok_and(|p| p.message().unwrap_or("").starts_with("index on "))
}
