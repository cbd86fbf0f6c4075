//! A damaged object store told apart from a name that resolves to nothing.
//!
//! libgit2 answers "not found" both when a revision names nothing (`no-such-branch`) and when
//! a ref that exists points at an object that is gone or cannot be inflated (what a crash, a
//! full disk or a cut-short copy leaves). The first is a learner's state to judge; the second
//! is a repository git itself refuses ("fatal: bad object HEAD"), which the contract reports
//! as `error`, never as a wrong answer with statements about history nobody could read. So
//! names are looked up first, and only then their objects read.

use std::path::{Path, PathBuf};

use git2::{ErrorClass, ErrorCode, Oid, Repository};

use super::{Fact, Unreadable, unreadable};

/// Whether a git2 error comes from the object store itself (a missing or unreadable object,
/// a pack that does not match its index, inflation that fails) rather than from a name.
pub fn is_damage(e: &git2::Error) -> bool {
    match e.class() {
        ErrorClass::Odb
        | ErrorClass::Zlib
        | ErrorClass::Indexer
        | ErrorClass::Sha1
        | ErrorClass::Os
        | ErrorClass::Filesystem => true,
        // "failed to parse bad commit object" and the like; a peel to the wrong kind is also
        // of this class, and is a fact about the learner's state, not damage.
        ErrorClass::Object => e.message().contains("parse") || e.message().contains("corrupt"),
        _ => false,
    }
}

/// The sentence for an object `what` names that cannot be read.
pub fn damaged(what: &str, id: Option<Oid>, e: &git2::Error) -> Unreadable {
    let object = id.map_or_else(String::new, |id| format!(" ({})", &id.to_string()[..7]));
    unreadable(format!(
        "{what} names an object{object} that cannot be read: the repository is damaged ({}). \
         `git fsck` lists what is lost; `git-kata reset` starts again",
        e.message()
    ))
}

/// Reads the object `id` that `what` names, or says the repository is damaged.
pub fn ensure_readable(repo: &Repository, id: Oid, what: &str) -> Fact<()> {
    repo.find_object(id, None)
        .map(|_| ())
        .map_err(|e| damaged(what, Some(id), &e))
}

/// A git2 error while reading `what`: damage in the words above, anything else as it came.
pub fn read_err(what: &str, e: &git2::Error) -> Unreadable {
    if is_damage(e) {
        damaged(what, None, e)
    } else {
        unreadable(format!("cannot read {what}: {}", e.message()))
    }
}

/// A revision as a commit. `Ok(None)`: the revision names nothing, or names something that is
/// not a commit. `Err`: a name that exists leads to an object that cannot be read.
/// `what` names the revision in messages.
pub fn resolve_commit(repo: &Repository, spec: &str, what: &str) -> Fact<Option<Oid>> {
    match repo.revparse_single(spec) {
        Ok(object) => match object.peel_to_commit() {
            Ok(c) => Ok(Some(c.id())),
            Err(e) if is_damage(&e) => Err(damaged(what, Some(object.id()), &e)),
            Err(_) => Ok(None),
        },
        Err(e) if is_damage(&e) => {
            let id = named(repo, spec).filter(|id| repo.find_object(*id, None).is_err());
            Err(damaged(what, id, &e))
        }
        Err(e) if matches!(e.code(), ErrorCode::NotFound | ErrorCode::InvalidSpec) => {
            // revparse says "not found" also when the name exists and its object is gone:
            // look the name up on its own and read what it names.
            match named(repo, spec) {
                Some(id) => ensure_readable(repo, id, what).map(|()| None),
                None => Ok(None),
            }
        }
        Err(e) => Err(read_err(what, &e)),
    }
}

/// The object the name at the start of `spec` points at, without reading it: a full object
/// id, a ref (`main`, `refs/tags/v1`, `stash`), or a reflog entry (`stash@{2}`).
fn named(repo: &Repository, spec: &str) -> Option<Oid> {
    let end = spec.find(['~', '^', ':', '@']).unwrap_or(spec.len());
    let base = &spec[..end];
    if base.is_empty() {
        return None;
    }
    if base.len() == 40
        && let Ok(id) = Oid::from_str(base)
    {
        return Some(id);
    }
    let reference = repo.resolve_reference_from_short_name(base).ok()?;
    let reference = reference.resolve().ok()?;
    let entry = spec[end..]
        .strip_prefix("@{")
        .and_then(|rest| rest.split_once('}'))
        .and_then(|(n, _)| n.parse::<usize>().ok());
    match entry {
        None => reference.target(),
        Some(n) => {
            // libgit2 creates a missing reflog file when asked to read it: look first.
            let name = reference.name().ok()?;
            if !repo.commondir().join("logs").join(name).is_file() {
                return None;
            }
            let log = repo.reflog(name).ok()?;
            log.get(n).map(|e| e.id_new())
        }
    }
}

/// Files libgit2 opens and reads when it opens a repository or its index and refs. A FIFO at
/// one of them makes it wait for a writer for ever, a device makes it read without end; git
/// only ever writes regular files there.
const GIT_FILES: &[&str] = &[
    "HEAD",
    "config",
    "config.worktree",
    "index",
    "packed-refs",
    "commondir",
    "gitdir",
    "shallow",
    "objects/info/alternates",
    "info/exclude",
    "info/attributes",
    "info/sparse-checkout",
];

/// The repository's git directory as the working tree at `dir` names it: `.git` itself, or
/// where a `.git` file (a linked worktree, a submodule) points.
fn git_dir_of(dir: &Path) -> Option<PathBuf> {
    let dot = dir.join(".git");
    let meta = std::fs::metadata(&dot).ok()?;
    if meta.is_dir() {
        return Some(dot);
    }
    let text = crate::platform::fs::read_regular(&dot, 64 * 1024).ok()?;
    let text = String::from_utf8_lossy(&text);
    let target = text.strip_prefix("gitdir:")?.trim();
    Some(dir.join(target))
}

/// A file git keeps in the repository at `dir` that is not a regular file (a FIFO, a device, a
/// socket), as the sentence that names it: opening the repository would hang on it.
pub fn special_git_file(dir: &Path) -> Option<Unreadable> {
    let dot = dir.join(".git");
    let mut dirs = Vec::new();
    match std::fs::metadata(&dot) {
        Ok(meta) if !meta.is_dir() && !meta.is_file() => return Some(special(&dot)),
        Ok(_) => dirs.extend(git_dir_of(dir)),
        Err(_) => return None,
    }
    if let Some(git_dir) = dirs.first().cloned()
        && let Ok(text) = crate::platform::fs::read_regular(&git_dir.join("commondir"), 4096)
    {
        dirs.push(git_dir.join(String::from_utf8_lossy(&text).trim()));
    }
    dirs.iter()
        .flat_map(|d| GIT_FILES.iter().map(move |f| d.join(f)))
        .find(|f| std::fs::metadata(f).is_ok_and(|m| !m.is_file() && !m.is_dir()))
        .map(|f| special(&f))
}

fn special(file: &Path) -> Unreadable {
    unreadable(format!(
        "{} is not a regular file (a FIFO, a device or a socket) where git keeps one: the repository cannot be read. Replace it with what git wrote, or `git-kata reset`",
        file.display()
    ))
}

/// Every ref's object, the HEAD one and each stash entry, read once: the first that cannot
/// be read, as the sentence that names it. A repository whose refs lead nowhere readable is
/// one git refuses (`git log --all`, `git fsck`), and nothing judged in it would be true.
pub fn first_unreadable_tip(repo: &Repository) -> Option<Unreadable> {
    let mut tips: Vec<(String, Oid)> = Vec::new();
    if let Ok(head) = repo.find_reference("HEAD")
        && let Ok(direct) = head.resolve()
        && let Some(id) = direct.target()
    {
        tips.push(("HEAD".to_string(), id));
    }
    let refs = match repo.references() {
        Ok(refs) => refs,
        Err(e) => return Some(read_err("the repository's refs", &e)),
    };
    for r in refs {
        // A ref that cannot be parsed (a garbled packed-refs) is damage, not an absent ref.
        let r = match r {
            Ok(r) => r,
            Err(e) => return Some(read_err("the repository's refs", &e)),
        };
        if let (Ok(name), Some(id)) = (r.name(), r.target()) {
            tips.push((name.to_string(), id));
        }
    }
    // read_stash looks the ref up first: asking libgit2 for the reflog of a ref that does not
    // exist creates an empty one, and read-only commands write nothing.
    if let Ok(stash) = super::stash::read_stash(repo) {
        for (i, e) in stash.iter().enumerate() {
            tips.push((format!("stash@{{{i}}}"), e.id));
        }
    }
    if let Some(damage) = tips
        .iter()
        .find_map(|(what, id)| ensure_readable(repo, *id, what).err())
    {
        return Some(damage);
    }
    // The trees of HEAD and of every branch, and that their blobs exist: what the learner's
    // files and every judged commit are read from. Bounded: sandboxes hold a few dozen files.
    let mut budget = TREE_ENTRY_BUDGET;
    let mut seen = std::collections::HashSet::new();
    let odb = repo.odb().ok()?;
    for (what, id) in &tips {
        if what.starts_with("refs/tags/") || what.starts_with("stash@") || what == "refs/stash" {
            continue;
        }
        let Ok(commit) = repo.find_commit(*id) else {
            continue;
        };
        if let Err(damage) = walk_tree(repo, &odb, commit.tree_id(), what, &mut seen, &mut budget) {
            return Some(damage);
        }
    }
    every_object_reads(&odb)
}

/// Objects `every_object_reads` inflates before it stops: a sandbox holds a few hundred, and
/// a repository far larger is not a lesson's.
const OBJECT_BUDGET: usize = 4_000;

/// Every object in the store inflates (zlib's checksum catches a flipped byte): a damaged
/// pack is found even where the objects a lesson judges happen to be whole, as `git fsck`
/// finds it. Only objects that exist are listed; missing ones are the walks' above.
fn every_object_reads(odb: &git2::Odb) -> Option<Unreadable> {
    let mut ids = Vec::new();
    let listed = odb.foreach(|id| {
        ids.push(*id);
        ids.len() < OBJECT_BUDGET
    });
    if let Err(e) = listed
        && e.code() != ErrorCode::User
    {
        return Some(read_err("the object store", &e));
    }
    ids.into_iter().find_map(|id| {
        odb.read(id)
            .err()
            .map(|e| damaged("the object store", Some(id), &e))
    })
}

/// Tree entries `first_unreadable_tip` looks at in all before it stops looking.
const TREE_ENTRY_BUDGET: usize = 20_000;

fn walk_tree(
    repo: &Repository,
    odb: &git2::Odb,
    tree: Oid,
    what: &str,
    seen: &mut std::collections::HashSet<Oid>,
    budget: &mut usize,
) -> Fact<()> {
    if !seen.insert(tree) || *budget == 0 {
        return Ok(());
    }
    let t = repo
        .find_tree(tree)
        .map_err(|e| damaged(&format!("a tree of {what}"), Some(tree), &e))?;
    for entry in &t {
        *budget = budget.saturating_sub(1);
        match entry.kind() {
            Some(git2::ObjectType::Tree) => walk_tree(repo, odb, entry.id(), what, seen, budget)?,
            Some(git2::ObjectType::Blob) if !odb.exists(entry.id()) => {
                let path = String::from_utf8_lossy(entry.name_bytes()).into_owned();
                return Err(unreadable(format!(
                    "{what} holds {path} as an object ({}) that cannot be read (it is missing): the repository is damaged. `git fsck` lists what is lost; `git-kata reset` starts again",
                    &entry.id().to_string()[..7]
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(r: &Repository, refname: &str) -> Oid {
        let sig = git2::Signature::new("t", "t@example.invalid", &git2::Time::new(0, 0)).unwrap();
        let tree = r
            .find_tree(r.treebuilder(None).unwrap().write().unwrap())
            .unwrap();
        r.commit(Some(refname), &sig, &sig, "c\n", &tree, &[])
            .unwrap()
    }

    #[test]
    fn a_ref_to_a_missing_object_is_damage_a_missing_name_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let r = Repository::init(dir.path()).unwrap();
        let good = commit(&r, "refs/heads/main");
        let gone = Oid::from_str("0123456789abcdef0123456789abcdef01234567").unwrap();
        // By hand: libgit2 refuses to make a ref to an object it does not have.
        std::fs::write(r.path().join("refs/heads/broken"), format!("{gone}\n")).unwrap();

        assert_eq!(resolve_commit(&r, "main", "x").unwrap(), Some(good));
        assert_eq!(resolve_commit(&r, "no-such-branch", "x").unwrap(), None);
        assert_eq!(resolve_commit(&r, "main~3", "x").unwrap(), None);
        let e = resolve_commit(&r, "broken", "x").unwrap_err();
        assert!(e.0.contains("x names an object (0123456)"), "{e:?}");
        assert!(resolve_commit(&r, "broken~1", "x").is_err());
        assert!(resolve_commit(&r, &gone.to_string(), "x").is_err());
        let tip = first_unreadable_tip(&r).expect("the broken branch is found");
        assert!(tip.0.contains("refs/heads/broken"), "{tip:?}");
    }
}
