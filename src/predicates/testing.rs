//! What the predicates' unit tests share: a scratch sandbox with one repository, `app`, whose
//! commits are made directly with libgit2 (empty trees, a fixed author and date), and a way to
//! judge a predicate written as YAML against it.

use std::collections::BTreeMap;
use std::path::Path;

use git2::{Oid, Repository, Signature, Time};

use crate::predicates::{Context, Finding, Kind, Predicate};
use crate::repo::setup::RepoRecord;

/// A temporary directory holding the repository `app`.
pub struct Scratch {
    pub root: tempfile::TempDir,
    pub repo: Repository,
}

impl Scratch {
    pub fn new() -> Scratch {
        let root = tempfile::tempdir().unwrap();
        let repo = Repository::init(root.path().join("app")).unwrap();
        Scratch { root, repo }
    }

    pub fn signature() -> Signature<'static> {
        Signature::new("t", "t@example.invalid", &Time::new(0, 0)).unwrap()
    }

    /// A commit of the empty tree with `parents`, moving `refname` (`HEAD`, `refs/heads/x`) to it.
    pub fn commit(&self, refname: &str, message: &str, parents: &[Oid]) -> Oid {
        let r = &self.repo;
        let sig = Self::signature();
        let tree = r
            .find_tree(r.index().unwrap().write_tree().unwrap())
            .unwrap();
        let parents: Vec<git2::Commit> =
            parents.iter().map(|p| r.find_commit(*p).unwrap()).collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        r.commit(Some(refname), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    pub fn path(&self) -> &Path {
        self.root.path()
    }
}

/// A predicate as a lesson writes it.
pub fn predicate(yaml: &str) -> Predicate {
    serde_saphyr::from_str(yaml).unwrap()
}

/// What `p` finds in the sandbox at `root`, with `record` as `app`'s state at setup.
pub fn judge(root: &Path, record: RepoRecord, p: &Predicate) -> Finding {
    let setup = BTreeMap::from([("app".to_string(), record)]);
    p.eval(&Context::new(root, "app", &setup)).unwrap()
}
