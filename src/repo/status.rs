//! What a working tree and its index have changed: the paths `git status` lists, and the
//! state of one path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use git2::{ErrorCode, Repository, Status, TreeWalkMode, TreeWalkResult};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Fact, git_err};

/// `stash@{N}` itself, not a revision inside it such as `stash@{0}^3`.
pub(crate) fn is_stash_entry(rev: &str) -> bool {
    rev.strip_prefix("stash@{")
        .and_then(|r| r.strip_suffix('}'))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        || rev == "stash"
}

/// A revision as a learner reads it: `main`, or `main (at the start)` for `setup:main`.
pub(crate) fn shown_rev(rev: &str) -> String {
    rev.strip_prefix("setup:")
        .map_or(rev.to_string(), |b| format!("{b} (at the start)"))
}

/// The content of the blob at `path` in `tree`, if there is one; an error when the tree
/// names a blob that cannot be read (a damaged repository), which is not "no such file".
pub(crate) fn blob_at(r: &Repository, tree: &git2::Tree, path: &str) -> Fact<Option<Vec<u8>>> {
    let entry = match tree.get_path(Path::new(path)) {
        Ok(entry) => entry,
        Err(e) if crate::repo::integrity::is_damage(&e) => return Err(git_err(path, e)),
        Err(_) => return Ok(None),
    };
    if entry.kind() != Some(git2::ObjectType::Blob) {
        return Ok(None);
    }
    let blob = r.find_blob(entry.id()).map_err(|e| git_err(path, e))?;
    Ok(Some(blob.content().to_vec()))
}

/// What `staged` finds, for a submodule's own status.
pub(crate) fn staged_paths(
    r: &Repository,
    index: &git2::Index,
) -> Result<BTreeSet<Vec<u8>>, git2::Error> {
    staged(r, index)
}

/// Paths with any change (staged, unstaged, untracked, conflicted), sorted: the paths
/// `git status` lists. The index is compared with HEAD and, in a plain working tree, with the
/// working tree by hand (`workdir`): a libgit2 status would run two diffs, each copying the
/// whole config.
pub fn dirty(r: &Repository) -> Fact<Vec<String>> {
    let index = r.index().map_err(|e| git_err("the index", e))?;
    let mut paths = staged(r, &index).map_err(|e| git_err("the index", e))?;
    paths.extend(super::workdir::changes(r, &index).map_err(|e| git_err("the working tree", e))?);
    Ok(paths
        .into_iter()
        .map(|p| String::from_utf8_lossy(&p).into_owned())
        .collect())
}

/// Paths whose index entry differs from HEAD (added, changed, mode changed, deleted) or is
/// conflicted, as `git diff --cached --name-only` lists them.
fn staged(r: &Repository, index: &git2::Index) -> Result<BTreeSet<Vec<u8>>, git2::Error> {
    let mut in_head: BTreeMap<Vec<u8>, (git2::Oid, u32)> = BTreeMap::new();
    match r.head().and_then(|h| h.peel_to_tree()) {
        Ok(tree) => tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            if entry.kind() != Some(git2::ObjectType::Tree) {
                let mut path = dir.as_bytes().to_vec();
                path.extend_from_slice(entry.name_bytes());
                in_head.insert(path, (entry.id(), entry.filemode() as u32));
            }
            TreeWalkResult::Ok
        })?,
        Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {}
        Err(e) => return Err(e),
    }
    let mut changed = BTreeSet::new();
    for entry in index.iter() {
        let same = stage(&entry) == 0 && in_head.get(&entry.path) == Some(&(entry.id, entry.mode));
        in_head.remove(&entry.path);
        if !same {
            changed.insert(entry.path);
        }
    }
    changed.extend(in_head.into_keys());
    Ok(changed)
}

pub(crate) fn state_of(r: &Repository, path: &str) -> Fact<FileState> {
    let exists = r.workdir().is_some_and(|w| w.join(path).exists());
    let status = match r.status_file(Path::new(path)) {
        Ok(s) => s,
        Err(e) if e.code() == git2::ErrorCode::NotFound => {
            return Ok(if exists {
                FileState::Untracked
            } else {
                FileState::Absent
            });
        }
        Err(e) => return Err(git_err(path, e)),
    };
    // Outside a sparse checkout git does not look at the working tree: a path there is as
    // committed, whatever libgit2 finds on disk.
    let sparse = r
        .index()
        .ok()
        .and_then(|i| i.get_path(Path::new(path), 0))
        .is_some_and(|e| super::workdir::skips_worktree(&e));
    let status = if sparse {
        status - (Status::WT_MODIFIED | Status::WT_DELETED | Status::WT_TYPECHANGE | Status::WT_NEW)
    } else {
        status
    };
    Ok(if status.contains(Status::CONFLICTED) {
        FileState::Conflicted
    } else if status.contains(Status::IGNORED) {
        FileState::Ignored
    } else if status.contains(Status::WT_NEW) {
        FileState::Untracked
    } else if status.intersects(
        Status::INDEX_NEW
            | Status::INDEX_MODIFIED
            | Status::INDEX_DELETED
            | Status::INDEX_RENAMED
            | Status::INDEX_TYPECHANGE,
    ) {
        FileState::Staged
    } else if status.intersects(
        Status::WT_MODIFIED | Status::WT_DELETED | Status::WT_TYPECHANGE | Status::WT_RENAMED,
    ) {
        FileState::Modified
    } else if exists || sparse {
        FileState::Clean
    } else {
        FileState::Absent
    })
}

/// An index entry's merge stage: 0 for a resolved path, 1–3 for the sides of a conflict.
pub fn stage(entry: &git2::IndexEntry) -> u16 {
    (entry.flags >> 12) & 0x3
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// Tracked and identical in HEAD, index and working tree.
    Clean,
    /// Changed in the working tree and not staged.
    Modified,
    /// Changes staged in the index.
    Staged,
    Untracked,
    Ignored,
    /// Neither in HEAD, the index nor the working tree.
    Absent,
    /// An unresolved conflict in the index.
    Conflicted,
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

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{IndexEntry, Signature};

    /// libgit2's own status, which `dirty` replaces: the oracle.
    fn status_paths(r: &Repository) -> Vec<String> {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .renames_head_to_index(false);
        let mut paths: Vec<String> = r
            .statuses(Some(&mut opts))
            .unwrap()
            .iter()
            .filter(|s| !s.status().is_empty())
            .map(|s| s.path().unwrap().to_string())
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    fn write(r: &Repository, path: &str, content: &str) {
        let file = r.workdir().unwrap().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, content).unwrap();
    }

    fn add(r: &Repository, path: &str) {
        let mut index = r.index().unwrap();
        index.add_path(Path::new(path)).unwrap();
        index.write().unwrap();
    }

    /// A repository with one commit of a.txt, k8s/deployment.yaml and run.sh.
    fn committed() -> (tempfile::TempDir, Repository) {
        let dir = tempfile::tempdir().unwrap();
        let r = Repository::init(dir.path()).unwrap();
        for (path, content) in [
            ("a.txt", "a\n"),
            ("k8s/deployment.yaml", "v1\n"),
            ("run.sh", "x\n"),
        ] {
            write(&r, path, content);
            add(&r, path);
        }
        {
            let tree = r
                .find_tree(r.index().unwrap().write_tree().unwrap())
                .unwrap();
            let sig = Signature::new("t", "t@example.invalid", &git2::Time::new(0, 0)).unwrap();
            r.commit(Some("HEAD"), &sig, &sig, "first\n", &tree, &[])
                .unwrap();
        }
        (dir, r)
    }

    fn entry(r: &Repository, path: &str, content: &str, mode: u32, stage: u16) -> IndexEntry {
        let id = r.blob(content.as_bytes()).unwrap();
        super::test_index_entry(id, path, mode, stage)
    }

    #[test]
    fn dirty_lists_what_a_libgit2_status_lists() {
        type Change = fn(&Repository);
        let cases: [(&str, Change); 12] = [
            ("clean", |_| {}),
            ("staged new file in a new directory", |r| {
                write(r, "new/dir/file", "n\n");
                add(r, "new/dir/file");
            }),
            ("staged change", |r| {
                write(r, "k8s/deployment.yaml", "v2\n");
                add(r, "k8s/deployment.yaml");
            }),
            ("staged deletion", |r| {
                std::fs::remove_file(r.workdir().unwrap().join("a.txt")).unwrap();
                let mut index = r.index().unwrap();
                index.remove_path(Path::new("a.txt")).unwrap();
                index.write().unwrap();
            }),
            ("unstaged change", |r| write(r, "a.txt", "changed\n")),
            ("deleted from the working tree", |r| {
                std::fs::remove_file(r.workdir().unwrap().join("run.sh")).unwrap();
            }),
            ("untracked files, nested", |r| {
                write(r, ".env", "secret\n");
                write(r, "tmp/deep/notes", "n\n");
            }),
            ("ignored files are not listed", |r| {
                write(r, ".gitignore", "*.log\n");
                add(r, ".gitignore");
                write(r, "debug.log", "noise\n");
            }),
            ("staged mode change", |r| {
                let mut index = r.index().unwrap();
                index.add(&entry(r, "run.sh", "x\n", 0o100755, 0)).unwrap();
                index.write().unwrap();
            }),
            ("conflict", |r| {
                let mut index = r.index().unwrap();
                index.remove_path(Path::new("a.txt")).unwrap();
                for (stage, content) in [(1, "base\n"), (2, "ours\n"), (3, "theirs\n")] {
                    index
                        .add(&entry(r, "a.txt", content, 0o100644, stage))
                        .unwrap();
                }
                index.write().unwrap();
            }),
            ("staged and changed again, with a file that is both", |r| {
                write(r, "a.txt", "staged\n");
                add(r, "a.txt");
                write(r, "a.txt", "changed again\n");
                write(r, "run.sh", "y\n");
            }),
            ("everything staged away", |r| {
                let mut index = r.index().unwrap();
                index.clear().unwrap();
                index.write().unwrap();
            }),
        ];
        for (name, change) in cases {
            let (_dir, r) = committed();
            change(&r);
            assert_eq!(dirty(&r).unwrap(), status_paths(&r), "{name}");
        }
        // No commit yet: everything in the index is new.
        let dir = tempfile::tempdir().unwrap();
        let r = Repository::init(dir.path()).unwrap();
        write(&r, "first.txt", "1\n");
        add(&r, "first.txt");
        write(&r, "second.txt", "2\n");
        assert_eq!(dirty(&r).unwrap(), ["first.txt", "second.txt"]);
        assert_eq!(dirty(&r).unwrap(), status_paths(&r), "unborn HEAD");
    }
}
