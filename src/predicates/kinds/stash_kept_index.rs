//! The `stash_kept_index` predicate: the trace `git stash push --keep-index` leaves.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::nth;
use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// The stash entry was made with `--keep-index` (or `-k`): what it staged is still staged in the
/// working tree's index. git writes no flag for it; this is the trace it leaves, and it lasts
/// while the entry is on the stack and the index is untouched (a commit of the staged part or
/// `git stash pop` ends it). A plain `git stash` leaves an index equal to HEAD instead.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashKeptIndex {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    /// Which entry: 0 for `stash@{0}` (the default).
    #[serde(default)]
    pub(crate) index: usize,
}

impl Kind for StashKeptIndex {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let which = format!("stash@{{{}}}", self.index);
        let where_ = ctx.rel(&ctx.worktree_dir(&self.repo, &self.worktree));
        ctx.with_worktree(&self.repo, &self.worktree, |r| {
            let (_, commit) = match nth(r, self.index)? {
                Ok(found) => found,
                Err(finding) => return Ok(finding),
            };
            let err = |e: git2::Error| git_err(&which, e);
            let base = commit.parent(0).and_then(|p| p.tree()).map_err(err)?;
            let staged = commit.parent(1).and_then(|p| p.tree()).map_err(err)?;
            if staged.id() == base.id() {
                return Ok(Finding::no(format!(
                    "{which} was made with nothing staged, so there was no index to keep"
                )));
            }
            let mut index_now = BTreeMap::new();
            let index = r.index().map_err(|e| git_err("the index", e))?;
            // Conflict stages aside: only what is staged to commit.
            for entry in index.iter().filter(|e| (e.flags >> 12) & 3 == 0) {
                let path = String::from_utf8_lossy(&entry.path).into_owned();
                index_now.insert(path, entry.id);
            }
            let mut in_stash = BTreeMap::new();
            staged
                .walk(git2::TreeWalkMode::PreOrder, |dir, e| {
                    if e.kind() == Some(git2::ObjectType::Blob) {
                        in_stash.insert(format!("{dir}{}", e.name().unwrap_or("")), e.id());
                    }
                    git2::TreeWalkResult::Ok
                })
                .map_err(err)?;
            Ok(Finding::when(
                index_now == in_stash,
                format!("the index of {where_} still holds what {which} staged: it was made with --keep-index"),
                format!(
                    "the index of {where_} no longer holds what {which} staged (as `git stash push --keep-index` would have left it)"
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use git2::{Repository, Signature, StashFlags, Time};

    use crate::predicates::{Context, Kind, Predicate};
    use crate::repo::setup::RepoRecord;

    /// `app` with a.txt and b.txt committed, a.txt's edit staged and b.txt's not, stashed
    /// with `flags`.
    fn stashed(flags: StashFlags) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("app");
        let mut r = Repository::init(&dir).unwrap();
        let sig = Signature::new("t", "t@example.invalid", &Time::new(0, 0)).unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
        write("a.txt", "a\n");
        write("b.txt", "b\n");
        let mut index = r.index().unwrap();
        index.add_path(Path::new("a.txt")).unwrap();
        index.add_path(Path::new("b.txt")).unwrap();
        index.write().unwrap();
        {
            let tree = r.find_tree(index.write_tree().unwrap()).unwrap();
            r.commit(Some("HEAD"), &sig, &sig, "base\n", &tree, &[])
                .unwrap();
        }
        write("a.txt", "a, staged\n");
        index.add_path(Path::new("a.txt")).unwrap();
        index.write().unwrap();
        write("b.txt", "b, not staged\n");
        r.stash_save2(&sig, None, Some(flags)).unwrap();
        root
    }

    fn eval(root: &Path, yaml: &str) -> (bool, String) {
        let p: Predicate = serde_saphyr::from_str(yaml).unwrap();
        let setup = BTreeMap::from([("app".to_string(), RepoRecord::default())]);
        let f = p.eval(&Context::new(root, "app", &setup)).unwrap();
        (f.holds, f.says)
    }

    #[test]
    fn keep_index_leaves_the_staged_part_staged_and_a_plain_stash_does_not() {
        let kept = stashed(StashFlags::KEEP_INDEX);
        assert_eq!(
            eval(kept.path(), "stash_kept_index: {}"),
            (
                true,
                "the index of app still holds what stash@{0} staged: it was made with --keep-index"
                    .to_string()
            )
        );
        let plain = stashed(StashFlags::DEFAULT);
        let (holds, says) = eval(plain.path(), "stash_kept_index: {}");
        assert!(!holds, "{says}");
        assert!(
            says.starts_with("the index of app no longer holds"),
            "{says}"
        );
        assert!(!eval(plain.path(), "stash_kept_index: { index: 1 }").0);
    }
}
