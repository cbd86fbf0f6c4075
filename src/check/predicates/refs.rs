//! Branches, HEADs and commits.

use std::collections::{BTreeMap, BTreeSet};

use git2::{BranchType, Oid, Repository};

use super::ancestry::commits_since;
use super::{Finding, compare_text, list, one_line, plural};
use crate::check::context::{Context, Read, unreadable};
use crate::lesson::TextMatch;

fn git_err(what: &str, e: git2::Error) -> crate::check::context::Unreadable {
    unreadable(format!("cannot read {what}: {}", e.message()))
}

fn branch_tip(repo: &Repository, branch: &str) -> Read<Option<Oid>> {
    match repo.find_branch(branch, BranchType::Local) {
        Ok(b) => Ok(b.get().target()),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(git_err(&format!("branch {branch}"), e)),
    }
}

/// The name of the branch checked out in `repo`'s working tree, or a description of a detached HEAD.
pub fn current_branch(repo: &Repository) -> Read<Result<String, String>> {
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

pub fn head_is(
    ctx: &Context,
    repo: &Option<String>,
    worktree: &Option<String>,
    branch: &str,
) -> Read<Finding> {
    let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
    ctx.with_worktree(repo, worktree, |r| {
        Ok(match current_branch(r)? {
            Ok(current) if current == branch => Finding::yes(format!("{where_} is on {branch}")),
            Ok(current) => Finding::no(format!("{where_} is on {current}, not on {branch}")),
            Err(detached) => Finding::no(format!("in {where_} {detached}, not on {branch}")),
        })
    })
}

pub fn branch_exists(ctx: &Context, repo: &Option<String>, branch: &str) -> Read<Finding> {
    ctx.with_repo(repo, |r| {
        Ok(Finding::when(
            branch_tip(r, branch)?.is_some(),
            format!("branch {branch} exists"),
            format!("there is no branch {branch}"),
        ))
    })
}

pub fn branch_unchanged(ctx: &Context, repo: &Option<String>, branch: &str) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    ctx.with_repo(repo, |r| {
        let setup = ctx.resolve(&name, r, &format!("setup:{branch}"))?;
        let now = branch_tip(r, branch)?;
        Ok(match (setup, now) {
            (Some(a), Some(b)) if a == b => {
                Finding::yes(format!("{branch} still points where it did at the start"))
            }
            (Some(a), Some(b)) => match commits_since(r, a, b) {
                Ok(Some(ahead)) if ahead > 0 => Finding::no(format!(
                    "{branch} has {} since the start",
                    plural(ahead, "new commit", "new commits")
                )),
                _ => Finding::no(format!(
                    "{branch} has been moved or rewritten since the start"
                )),
            },
            (_, None) => Finding::no(format!("branch {branch} no longer exists")),
            (None, Some(_)) => Finding::no(format!("the setup made no branch {branch}")),
        })
    })
}

pub fn commits_ahead(
    ctx: &Context,
    repo: &Option<String>,
    branch: &str,
    base: &str,
    count: usize,
) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    let base_shown = base
        .strip_prefix("setup:")
        .map_or(base.to_string(), |b| format!("{b} as it was at the start"));
    ctx.with_repo(repo, |r| {
        let Some(tip) = branch_tip(r, branch)? else {
            return Ok(Finding::no(format!("there is no branch {branch}")));
        };
        let Some(base_id) = ctx.resolve(&name, r, base)? else {
            return Ok(Finding::no(format!("there is no {base} yet")));
        };
        let Some(n) = commits_since(r, base_id, tip).map_err(|e| git_err("history", e))? else {
            return Ok(Finding::no(format!(
                "{branch} does not start from {base_shown}: it was branched from somewhere else"
            )));
        };
        Ok(Finding::when(
            n == count,
            format!(
                "{branch} is {} ahead of {base_shown}",
                plural(n, "commit", "commits")
            ),
            format!(
                "{branch} is {} ahead of {base_shown}; expected {count}",
                plural(n, "commit", "commits")
            ),
        ))
    })
}

fn find_commit<'r>(
    ctx: &Context,
    name: &str,
    r: &'r Repository,
    rev: &str,
) -> Read<Option<git2::Commit<'r>>> {
    match ctx.resolve(name, r, rev)? {
        Some(id) => r.find_commit(id).map(Some).map_err(|e| git_err(rev, e)),
        None => Ok(None),
    }
}

pub fn commit_message(
    ctx: &Context,
    repo: &Option<String>,
    rev: &str,
    want: &TextMatch,
) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    ctx.with_repo(repo, |r| {
        let Some(commit) = find_commit(ctx, &name, r, rev)? else {
            return Ok(Finding::no(format!("there is no {rev} yet")));
        };
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        let mut f = compare_text(&format!("the message of {rev}"), message.trim_end(), want);
        if !f.holds && f.diff.is_some() {
            f.says = format!("the message of {rev} is \"{}\"", one_line(&message));
        }
        Ok(f)
    })
}

/// Paths that differ between two trees (either may be absent: an empty tree), as
/// `git diff-tree -r --no-renames` lists them. Walked by hand: a libgit2 diff would take a
/// snapshot of the repository's config, copying every entry, for a comparison of object ids.
pub fn changed_paths(
    r: &Repository,
    old: Option<&git2::Tree>,
    new: Option<&git2::Tree>,
) -> Read<Vec<String>> {
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

pub fn commit_changes(
    ctx: &Context,
    repo: &Option<String>,
    rev: &str,
    expected: &[String],
) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    ctx.with_repo(repo, |r| {
        let Some(commit) = find_commit(ctx, &name, r, rev)? else {
            return Ok(Finding::no(format!("there is no {rev} yet")));
        };
        let tree = commit.tree().map_err(|e| git_err(rev, e))?;
        let parent_tree = match commit.parent(0) {
            Ok(p) => Some(p.tree().map_err(|e| git_err(rev, e))?),
            Err(_) => None,
        };
        let actual = changed_paths(r, parent_tree.as_ref(), Some(&tree))?;
        let mut want: Vec<String> = expected.to_vec();
        want.sort();
        want.dedup();
        Ok(Finding::when(
            actual == want,
            format!("the commit at {rev} changes {}", list(&actual)),
            format!(
                "the commit at {rev} changes {}; it should change only {}",
                list(&actual),
                list(&want)
            ),
        ))
    })
}

pub fn is_ancestor(
    ctx: &Context,
    repo: &Option<String>,
    ancestor: &str,
    of: &str,
) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    // `setup:main` reads, in a sentence, as "main as it was at the start".
    let shown = |rev: &str| {
        rev.strip_prefix("setup:")
            .map_or(rev.to_string(), |b| format!("{b} as it was at the start"))
    };
    let (ancestor_shown, of_shown) = (shown(ancestor), shown(of));
    ctx.with_repo(repo, |r| {
        let Some(a) = ctx.resolve(&name, r, ancestor)? else {
            return Ok(Finding::no(format!("there is no {ancestor} yet")));
        };
        let Some(b) = ctx.resolve(&name, r, of)? else {
            return Ok(Finding::no(format!("there is no {of} yet")));
        };
        let holds = commits_since(r, a, b)
            .map_err(|e| git_err("history", e))?
            .is_some();
        Ok(Finding::when(
            holds,
            format!("{ancestor_shown} is in the history of {of_shown}"),
            format!(
                "{ancestor_shown} is no longer in the history of {of_shown}: history was rewritten"
            ),
        ))
    })
}

/// The commit a tree pins a submodule to (its gitlink entry), if `path` is a submodule there.
fn gitlink(commit: &git2::Commit, path: &str) -> Option<Oid> {
    let entry = commit
        .tree()
        .ok()?
        .get_path(std::path::Path::new(path))
        .ok()?;
    (entry.kind() == Some(git2::ObjectType::Commit)).then(|| entry.id())
}

#[allow(clippy::too_many_arguments)]
pub fn submodule_pin(
    ctx: &Context,
    repo: &Option<String>,
    rev: &str,
    path: &str,
    target_repo: &str,
    target_rev: &str,
    in_history: bool,
) -> Read<Finding> {
    let target_name = Some(target_repo.to_string());
    let want = ctx.with_repo(&target_name, |t| ctx.resolve(target_repo, t, target_rev))?;
    let Some(want) = want else {
        return Ok(Finding::no(format!(
            "there is no {target_rev} in {target_repo}"
        )));
    };
    let want_short = want.to_string()[..7].to_string();
    let name = ctx.repo_name(repo).to_string();
    ctx.with_repo(repo, |r| {
        let Some(tip) = find_commit(ctx, &name, r, rev)? else {
            return Ok(Finding::no(format!("there is no {rev} in {name}")));
        };
        if in_history {
            let mut walk = r.revwalk().map_err(|e| git_err("history", e))?;
            walk.push(tip.id()).map_err(|e| git_err("history", e))?;
            let found = walk
                .filter_map(Result::ok)
                .filter_map(|id| r.find_commit(id).ok())
                .any(|c| gitlink(&c, path) == Some(want));
            return Ok(Finding::when(
                found,
                format!("a commit in the history of {rev} pins {path} to {target_repo} {target_rev} ({want_short})"),
                format!("no commit in the history of {rev} pins {path} to {target_repo} {target_rev} ({want_short})"),
            ));
        }
        Ok(match gitlink(&tip, path) {
            Some(id) if id == want => Finding::yes(format!("{rev} pins {path} to {target_repo} {target_rev} ({want_short})")),
            Some(id) => Finding::no(format!(
                "{rev} pins {path} to {}, not to {target_repo} {target_rev} ({want_short})",
                &id.to_string()[..7]
            )),
            None => Finding::no(format!("{path} is not a committed submodule in {rev}")),
        })
    })
}

/// A commit as a learner recognises it in `git log --oneline`: short id and subject.
fn describe_commit(r: &Repository, id: Oid) -> String {
    let short = id.to_string()[..7].to_string();
    match r.find_commit(id) {
        Ok(c) => format!(
            "{short} \"{}\"",
            one_line(c.summary().ok().flatten().unwrap_or(""))
        ),
        Err(_) => short,
    }
}

pub fn branches_off(
    ctx: &Context,
    repo: &Option<String>,
    branch: &str,
    from: &str,
    at: &str,
) -> Read<Finding> {
    let name = ctx.repo_name(repo).to_string();
    let from_shown = from.strip_prefix("setup:").unwrap_or(from);
    ctx.with_repo(repo, |r| {
        let Some(tip) = branch_tip(r, branch)? else {
            return Ok(Finding::no(format!("there is no branch {branch}")));
        };
        let Some(from_id) = ctx.resolve(&name, r, from)? else {
            return Ok(Finding::no(format!("`{from}` names no commit")));
        };
        let Some(at_id) = ctx.resolve(&name, r, at)? else {
            return Ok(Finding::no(format!("`{at}` names no commit")));
        };
        let base = match r.merge_base(tip, from_id) {
            Ok(id) => id,
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                return Ok(Finding::no(format!(
                    "{branch} shares no history with {from_shown}"
                )));
            }
            Err(e) => return Err(git_err("history", e)),
        };
        let found = describe_commit(r, base);
        Ok(Finding::when(
            base == at_id,
            format!("{branch} parts from {from_shown} at {found}"),
            format!(
                "{branch} parts from {from_shown} at {found}, not at {}",
                describe_commit(r, at_id)
            ),
        ))
    })
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
            let entry = super::super::test_index_entry(id, path, mode, 0);
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
                    old.map(|t| t.id()),
                    new.map(|t| t.id())
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
