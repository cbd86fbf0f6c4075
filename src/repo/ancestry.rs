//! Whether one commit is in another's history, and how far back.

use git2::{Oid, Repository};

/// How far a line of history is walked by hand before libgit2 takes over.
const WALK_LIMIT: usize = 256;

/// How many commits `tip` has that `base` has not, when `base` is `tip` or in its history;
/// `None` when it is not.
///
/// A straight line of history, what a sandbox almost always holds, is walked here with
/// `find_commit`: the commits it reads stay in libgit2's object cache for the predicates that
/// read them next, where a merge-base and a revwalk each read every commit again past that
/// cache (a large share of `check`: benches/README.md, "Figures the code's comments cite").
/// At a merge, or past
/// `WALK_LIMIT` commits, libgit2's merge-base and revwalk, which handle any shape of history,
/// answer instead.
pub fn commits_since(r: &Repository, base: Oid, tip: Oid) -> Result<Option<usize>, git2::Error> {
    let mut at = tip;
    for n in 0..WALK_LIMIT {
        if at == base {
            return Ok(Some(n));
        }
        let commit = r.find_commit(at)?;
        let mut parents = commit.parent_ids();
        match (parents.next(), parents.next()) {
            (Some(parent), None) => at = parent,
            // A root commit, reached without meeting `base`.
            (None, _) => return Ok(None),
            (Some(_), Some(_)) => return commits_since_by_libgit2(r, base, tip),
        }
    }
    commits_since_by_libgit2(r, base, tip)
}

fn commits_since_by_libgit2(
    r: &Repository,
    base: Oid,
    tip: Oid,
) -> Result<Option<usize>, git2::Error> {
    if tip != base && !r.graph_descendant_of(tip, base)? {
        return Ok(None);
    }
    let mut walk = r.revwalk()?;
    walk.push(tip)?;
    walk.hide(base)?;
    walk.try_fold(0, |n, id| id.map(|_| n + 1)).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(r: &Repository, message: &str, parents: &[Oid]) -> Oid {
        let sig = git2::Signature::new("t", "t@example.invalid", &git2::Time::new(0, 0)).unwrap();
        let tree = r
            .find_tree(r.treebuilder(None).unwrap().write().unwrap())
            .unwrap();
        let parents: Vec<_> = parents.iter().map(|p| r.find_commit(*p).unwrap()).collect();
        let parents: Vec<_> = parents.iter().collect();
        r.commit(None, &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    #[test]
    fn commits_since_agrees_with_libgit2_on_lines_merges_and_strangers() {
        let dir = tempfile::tempdir().unwrap();
        let r = Repository::init(dir.path()).unwrap();
        //   root - a - b - c ------- m - d       (m merges s2)
        //           \            /
        //            s1 ------ s2
        //   other (a second root)
        let root = commit(&r, "root\n", &[]);
        let a = commit(&r, "a\n", &[root]);
        let b = commit(&r, "b\n", &[a]);
        let c = commit(&r, "c\n", &[b]);
        let s1 = commit(&r, "s1\n", &[a]);
        let s2 = commit(&r, "s2\n", &[s1]);
        let m = commit(&r, "m\n", &[c, s2]);
        let d = commit(&r, "d\n", &[m]);
        let other = commit(&r, "other\n", &[]);
        let all = [root, a, b, c, s1, s2, m, d, other];
        for &base in &all {
            for &tip in &all {
                assert_eq!(
                    commits_since(&r, base, tip).unwrap(),
                    commits_since_by_libgit2(&r, base, tip).unwrap(),
                    "base {base}, tip {tip}"
                );
            }
        }
        assert_eq!(commits_since(&r, root, c).unwrap(), Some(3));
        assert_eq!(commits_since(&r, b, d).unwrap(), Some(5));
        assert_eq!(commits_since(&r, s1, c).unwrap(), None);
        assert_eq!(commits_since(&r, other, d).unwrap(), None);
    }

    #[test]
    fn a_line_longer_than_the_walk_limit_is_counted_by_libgit2() {
        let dir = tempfile::tempdir().unwrap();
        let r = Repository::init(dir.path()).unwrap();
        let root = commit(&r, "root\n", &[]);
        let mut tip = root;
        for i in 0..WALK_LIMIT + 3 {
            tip = commit(&r, &format!("{i}\n"), &[tip]);
        }
        assert_eq!(commits_since(&r, root, tip).unwrap(), Some(WALK_LIMIT + 3));
        assert_eq!(commits_since(&r, tip, root).unwrap(), None);
    }
}
