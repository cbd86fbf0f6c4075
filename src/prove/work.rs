//! The learner's work, as contents: what a recovery must not lose. A content counts as kept
//! wherever git or the learner can still reach it (a file in a worktree, the index, a stash
//! entry, a commit on a ref), because advice that moves work between those places is fine and
//! advice that leaves it only in a reflog or on no path at all is not.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

/// Contents by a digest that ignores what a reader cannot see (CRLF against LF, the final
/// newline), each with one path it was seen at, for messages.
#[derive(Debug, Default, Clone)]
pub struct Contents(BTreeMap<Oid, String>);

impl Contents {
    fn add(&mut self, bytes: &[u8], at: impl FnOnce() -> String) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        if let Ok(id) = Oid::hash_object(ObjectType::Blob, &normalise(bytes)) {
            self.0.entry(id).or_insert_with(at);
        }
    }

    fn contains(&self, id: &Oid) -> bool {
        self.0.contains_key(id)
    }

    /// Those of `self` not in `other`.
    pub fn minus(&self, other: &Contents) -> Contents {
        Contents(
            self.0
                .iter()
                .filter(|(id, _)| !other.contains(id))
                .map(|(id, at)| (*id, at.clone()))
                .collect(),
        )
    }

    /// Those of `self` also in `other`.
    pub fn within(&self, other: &Contents) -> Contents {
        Contents(
            self.0
                .iter()
                .filter(|(id, _)| other.contains(id))
                .map(|(id, at)| (*id, at.clone()))
                .collect(),
        )
    }

    pub fn union(mut self, other: Contents) -> Contents {
        for (id, at) in other.0 {
            self.0.entry(id).or_insert(at);
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Where each content was seen, for a message.
    pub fn places(&self) -> Vec<String> {
        self.0.values().cloned().collect()
    }
}

fn normalise(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        out.push(*b);
    }
    while out.last() == Some(&b'\n') {
        out.pop();
    }
    out
}

/// What one state of the sandbox's repositories holds.
#[derive(Debug, Default)]
pub struct Holdings {
    /// Files in worktrees (ignored ones included), index entries and stash entries: work not
    /// (necessarily) in history.
    pub loose: Contents,
    /// Files of commits reachable from branches, tags, remotes and worktree HEADs.
    pub committed: Contents,
}

impl Holdings {
    /// Everything reachable.
    pub fn all(&self) -> Contents {
        self.loose.clone().union(self.committed.clone())
    }
}

/// Reads what the repositories `repos` (directories of the sandbox's main worktrees) hold.
pub fn holdings(repos: &[std::path::PathBuf]) -> Holdings {
    let mut h = Holdings::default();
    for dir in repos {
        let Ok(mut repo) = Repository::open(dir) else {
            continue;
        };
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A bare repository (a lesson's origin) has no working tree: its directory holds git's
        // own files (reflogs with the clock's time in them), not the learner's work.
        let mut worktrees = if repo.is_bare() {
            Vec::new()
        } else {
            vec![dir.clone()]
        };
        if let Ok(names) = repo.worktrees() {
            for wt in names.iter().flatten().flatten() {
                if let Ok(w) = repo.find_worktree(wt) {
                    worktrees.push(w.path().to_path_buf());
                }
            }
        }
        let mut seen_trees = HashSet::new();
        for wt in &worktrees {
            files(wt, &mut h.loose);
            if let Ok(r) = Repository::open(wt) {
                if let Ok(index) = r.index() {
                    for e in index.iter() {
                        if let Ok(blob) = r.find_blob(e.id) {
                            let path = String::from_utf8_lossy(&e.path).into_owned();
                            h.loose
                                .add(blob.content(), || format!("{name}: the index, {path}"));
                        }
                    }
                }
                if let Ok(head) = r.head().and_then(|h| h.peel_to_commit()) {
                    history(&r, head.id(), &name, &mut seen_trees, &mut h.committed);
                }
            }
        }
        let mut stashes = Vec::new();
        let _ = repo.stash_foreach(|i, _, id| {
            stashes.push((i, *id));
            true
        });
        for (i, id) in stashes {
            if let Ok(c) = repo.find_commit(id) {
                for tree in std::iter::once(c.tree().ok())
                    .chain(c.parents().skip(1).map(|p| p.tree().ok()))
                    .flatten()
                {
                    tree_contents(
                        &repo,
                        &tree,
                        &format!("{name}: stash@{{{i}}}"),
                        &mut h.loose,
                    );
                }
            }
        }
        let tips: Vec<Oid> = repo
            .references()
            .map(|refs| {
                refs.flatten()
                    .filter(|r| r.name().ok() != Some("refs/stash"))
                    .filter_map(|r| r.peel_to_commit().ok().map(|c| c.id()))
                    .collect()
            })
            .unwrap_or_default();
        for tip in tips {
            history(&repo, tip, &name, &mut seen_trees, &mut h.committed);
        }
    }
    h
}

/// Every file under `dir` but git's own directories, as the learner sees them.
fn files(dir: &Path, out: &mut Contents) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == ".git" {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            files(&path, out);
        } else if kind.is_file()
            && let Ok(bytes) = std::fs::read(&path)
        {
            out.add(&bytes, || path.display().to_string());
        }
    }
}

fn history(repo: &Repository, tip: Oid, name: &str, seen: &mut HashSet<Oid>, out: &mut Contents) {
    let Ok(mut walk) = repo.revwalk() else {
        return;
    };
    if walk.push(tip).is_err() {
        return;
    }
    for id in walk.flatten() {
        if let Ok(tree) = repo.find_commit(id).and_then(|c| c.tree())
            && seen.insert(tree.id())
        {
            tree_contents(repo, &tree, &format!("{name}: commit {id:.7}"), out);
        }
    }
}

fn tree_contents(repo: &Repository, tree: &git2::Tree, place: &str, out: &mut Contents) {
    let _ = tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        if entry.kind() == Some(ObjectType::Blob)
            && let Ok(blob) = repo.find_blob(entry.id())
        {
            let path = format!("{dir}{}", entry.name().unwrap_or("?"));
            out.add(blob.content(), || format!("{place}, {path}"));
        }
        TreeWalkResult::Ok
    });
}

/// `.git` files under `root` that point at the same worktree record: two directories sharing
/// one HEAD and index, where a commit in one silently rewrites what the other shows.
pub fn shared_records(root: &Path) -> Vec<String> {
    let mut by_target: BTreeMap<std::path::PathBuf, Vec<String>> = BTreeMap::new();
    git_files(root, &mut by_target);
    by_target
        .into_values()
        .filter(|dirs| dirs.len() > 1)
        .map(|dirs| dirs.join(" and "))
        .collect()
}

fn git_files(dir: &Path, out: &mut BTreeMap<std::path::PathBuf, Vec<String>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if entry.file_name() == ".git" {
            if kind.is_file()
                && let Ok(text) = std::fs::read_to_string(&path)
                && let Some(target) = text.trim().strip_prefix("gitdir: ")
            {
                let target = dir.join(target);
                let target = target.canonicalize().unwrap_or(target);
                out.entry(target)
                    .or_default()
                    .push(dir.display().to_string());
            }
        } else if kind.is_dir() {
            git_files(&path, out);
        }
    }
}
