//! Reading git: the facts predicates judge (branches and commits, files and working trees, the
//! stash stack, worktree registrations, reflogs). Shared by every predicate and by `status`.

pub mod ancestry;
pub mod files;
pub mod history;
pub mod refs;
pub mod stash;
mod workdir;
pub mod worktrees;

/// An index entry's merge stage: 0 for a resolved path, 1–3 for the sides of a conflict.
pub(crate) fn stage(entry: &git2::IndexEntry) -> u16 {
    (entry.flags >> 12) & 0x3
}

/// An index entry for `path` holding `id`: how the unit tests lay out trees and index states
/// (a mode, a conflict stage) that git2 offers no shorter way to make.
#[cfg(test)]
pub(crate) fn test_index_entry(
    id: git2::Oid,
    path: &str,
    mode: u32,
    stage: u16,
) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: stage << 12,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
