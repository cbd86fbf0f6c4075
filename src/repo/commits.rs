//! Branches, HEADs and commits, and which paths a commit changes.

use std::collections::{BTreeMap, BTreeSet};

use git2::{BranchType, Oid, Repository};

use super::integrity::ensure_readable;
use super::{Fact, git_err};

/// The commit a local branch points at, read: `Ok(None)` when there is no such branch, an
/// error when the branch exists and its commit cannot be read (a damaged repository).
pub(crate) fn branch_tip(repo: &Repository, branch: &str) -> Fact<Option<Oid>> {
    match repo.find_branch(branch, BranchType::Local) {
        Ok(b) => match b.get().target() {
            Some(id) => {
                ensure_readable(repo, id, &format!("branch {branch}"))?;
                Ok(Some(id))
            }
            None => Ok(None),
        },
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(git_err(&format!("branch {branch}"), e)),
    }
}

/// The name of the branch checked out in `repo`'s working tree, or a description of a detached HEAD.
pub fn current_branch(repo: &Repository) -> Fact<Result<String, String>> {
    match repo.head() {
        Ok(head) if head.is_branch() => Ok(Ok(head.shorthand().unwrap_or("?").to_string())),
        Ok(head) => {
            let id = head
                .target()
                .map(|o| o.to_string()[..7].to_string())
                .unwrap_or_default();
            Ok(Err(format!("HEAD is detached at {id}")))
        }
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => {
            let name = repo
                .find_reference("HEAD")
                .ok()
                .and_then(|r| {
                    r.symbolic_target()
                        .ok()
                        .flatten()
                        .map(|s| s.trim_start_matches("refs/heads/").to_string())
                })
                .unwrap_or_default();
            Ok(Ok(name))
        }
        Err(e) => Err(git_err("HEAD", e)),
    }
}

/// Paths that differ between two trees (either may be absent: an empty tree), as
/// `git diff-tree -r --no-renames` lists them. Walked by hand: a libgit2 diff would take a
/// snapshot of the repository's config, copying every entry, for a comparison of object ids.
pub fn changed_paths(
    r: &Repository,
    old: Option<&git2::Tree>,
    new: Option<&git2::Tree>,
) -> Fact<Vec<String>> {
    let mut paths = BTreeSet::new();
    tree_changes(r, old, new, "", &mut paths).map_err(|e| git_err("a tree", e))?;
    Ok(paths.into_iter().collect())
}

fn tree_changes(
    r: &Repository,
    old: Option<&git2::Tree>,
    new: Option<&git2::Tree>,
    prefix: &str,
    out: &mut BTreeSet<String>,
) -> Result<(), git2::Error> {
    type Entry = (Oid, i32, Option<git2::ObjectType>);
    let entries = |tree: Option<&git2::Tree>| -> BTreeMap<Vec<u8>, Entry> {
        tree.map(|t| {
            t.iter()
                .map(|e| (e.name_bytes().to_vec(), (e.id(), e.filemode(), e.kind())))
                .collect()
        })
        .unwrap_or_default()
    };
    let (old, new) = (entries(old), entries(new));
    let names: BTreeSet<&Vec<u8>> = old.keys().chain(new.keys()).collect();
    for name in names {
        let (o, n) = (old.get(name), new.get(name));
        if let (Some(a), Some(b)) = (o, n)
            && a.0 == b.0
            && a.1 == b.1
        {
            continue;
        }
        let path = format!("{prefix}{}", String::from_utf8_lossy(name));
        let subtree = |e: Option<&Entry>| -> Result<Option<git2::Tree>, git2::Error> {
            match e {
                Some((id, _, Some(git2::ObjectType::Tree))) => r.find_tree(*id).map(Some),
                _ => Ok(None),
            }
        };
        let (old_tree, new_tree) = (subtree(o)?, subtree(n)?);
        if old_tree.is_some() || new_tree.is_some() {
            tree_changes(
                r,
                old_tree.as_ref(),
                new_tree.as_ref(),
                &format!("{path}/"),
                out,
            )?;
        }
        let is_file = |e: Option<&Entry>| e.is_some_and(|e| e.2 != Some(git2::ObjectType::Tree));
        if is_file(o) || is_file(n) {
            out.insert(path);
        }
    }
    Ok(())
}

/// The commit a tree pins a submodule to (its gitlink entry), if `path` is a submodule there.
pub(crate) fn gitlink(commit: &git2::Commit, path: &str) -> Fact<Option<Oid>> {
    let tree = commit.tree().map_err(|e| git_err("a commit's tree", e))?;
    match tree.get_path(std::path::Path::new(path)) {
        Ok(entry) => Ok((entry.kind() == Some(git2::ObjectType::Commit)).then(|| entry.id())),
        Err(e) if e.code() == git2::ErrorCode::NotFound && !super::integrity::is_damage(&e) => {
            Ok(None)
        }
        Err(e) => Err(git_err(path, e)),
    }
}

/// The patch id of a commit against its first parent, as `git patch-id` and `git cherry`
/// compare commits: the same change gives the same id after a rebase, whatever its new
/// commit id. `None` for a merge or a root commit, which `git cherry` does not compare either.
pub fn patch_id(repo: &Repository, id: Oid) -> Fact<Option<Oid>> {
    let commit = repo.find_commit(id).map_err(|e| git_err("a commit", e))?;
    if commit.parent_count() != 1 {
        return Ok(None);
    }
    let parent = commit
        .parent(0)
        .and_then(|p| p.tree())
        .map_err(|e| git_err("a commit's parent", e))?;
    let tree = commit.tree().map_err(|e| git_err("a commit's tree", e))?;
    let diff = repo
        .diff_tree_to_tree(Some(&parent), Some(&tree), None)
        .map_err(|e| git_err("a commit's change", e))?;
    diff.patchid(None)
        .map(Some)
        .map_err(|e| git_err("a commit's change", e))
}

/// How far back [`same_change_in`] looks: far beyond any lesson's history, and a bound on
/// the cost of a repository a learner has filled with commits.
const CHERRY_LIMIT: usize = 500;

/// A commit in the history of `tip` that makes the change whose patch id is `change`.
pub fn same_change_in(repo: &Repository, tip: Oid, change: Oid) -> Fact<Option<Oid>> {
    let mut walk = repo.revwalk().map_err(|e| git_err("history", e))?;
    walk.push(tip).map_err(|e| git_err("history", e))?;
    for id in walk.take(CHERRY_LIMIT) {
        let id = id.map_err(|e| git_err("history", e))?;
        if patch_id(repo, id)? == Some(change) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree of `files` (path, content, executable); paths with `/` make subtrees.
    fn tree<'r>(r: &'r Repository, files: &[(&str, &str, bool)]) -> git2::Tree<'r> {
        let mut index = git2::Index::new().unwrap();
        for (path, content, exec) in files {
            let id = r.blob(content.as_bytes()).unwrap();
            let mode = if *exec { 0o100755 } else { 0o100644 };
            let entry = crate::repo::status::test_index_entry(id, path, mode, 0);
            index.add(&entry).unwrap();
        }
        r.find_tree(index.write_tree_to(r).unwrap()).unwrap()
    }

    /// libgit2's tree diff, which the hand walk replaces: the oracle.
    fn diffed(r: &Repository, old: Option<&git2::Tree>, new: Option<&git2::Tree>) -> Vec<String> {
        let diff = r.diff_tree_to_tree(old, new, None).unwrap();
        let mut paths = BTreeSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                paths.insert(file.path().unwrap().to_string_lossy().into_owned());
            }
        }
        paths.into_iter().collect()
    }

    #[test]
    fn changed_paths_agree_with_a_libgit2_diff() {
        let dir = tempfile::tempdir().unwrap();
        let r = Repository::init(dir.path()).unwrap();
        let base = [
            ("a.txt", "a", false),
            ("k8s/deployment.yaml", "v1", false),
            ("k8s/svc/service.yaml", "s", false),
            ("run.sh", "echo", false),
            ("same/x", "x", false),
        ];
        let changed = [
            ("a", "now a directory", false),
            ("a.txt", "a", false),
            ("k8s/deployment.yaml", "v2", false),
            ("run.sh", "echo", true),
            ("same/x", "x", false),
            ("new/deep/file", "n", false),
        ];
        let retyped = [("a.txt/inner", "a file became a directory", false)];
        let trees = [
            tree(&r, &base),
            tree(&r, &changed),
            tree(&r, &retyped),
            tree(&r, &[]),
        ];
        let sides = trees.iter().map(Some).chain([None]);
        for old in sides.clone() {
            for new in sides.clone() {
                assert_eq!(
                    changed_paths(&r, old, new).unwrap(),
                    diffed(&r, old, new),
                    "{:?} -> {:?}",
                    old.map(git2::Tree::id),
                    new.map(git2::Tree::id)
                );
            }
        }
        assert_eq!(
            changed_paths(&r, Some(&trees[0]), Some(&trees[1])).unwrap(),
            [
                "a",
                "k8s/deployment.yaml",
                "k8s/svc/service.yaml",
                "new/deep/file",
                "run.sh"
            ]
        );
    }
}
