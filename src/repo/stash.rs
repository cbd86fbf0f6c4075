//! The stash stack, read from the `refs/stash` reflog exactly as `git stash list` reads it.

use git2::{Oid, Repository};

pub struct Entry {
    pub id: Oid,
    pub message: String,
}

/// The stash list, read without writing anything: libgit2 creates an empty
/// `.git/logs/refs/stash` when asked for the reflog of a ref that does not exist, so the ref is
/// looked up first. The builder records what setup stashed with it, and the checker judges the
/// learner's stash with it.
pub fn read_stash(r: &Repository) -> Result<Vec<Entry>, git2::Error> {
    match r.find_reference("refs/stash") {
        Ok(_) => {}
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    }
    Ok(r.reflog("refs/stash")?
        .iter()
        .map(|e| Entry {
            id: e.id_new(),
            message: e.message().ok().flatten().unwrap_or("").to_string(),
        })
        .collect())
}
