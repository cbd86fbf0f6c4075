//! The `remote_contains` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::describe_commit;
use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef};
use crate::repo::ancestry::commits_since;
use crate::repo::commits::{branch_tip, patch_id, same_change_in};

/// What a push delivered: in the remote's own repository (the sandbox repository that
/// `remote`'s URL names, read directly, not through this repository's remote-tracking
/// branches), `branch` exists and, with `rev` (a revision of `repo`: `main`, `setup:main`),
/// has that commit in its history, or a commit making the same change (compared as `git
/// cherry` does, so a commit rebased by `git pull --rebase` before the push counts). A force
/// push that dropped the remote's own commits is caught by pairing it with `is_ancestor` on
/// the remote.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoteContains {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    /// The remote, as this repository names it.
    #[serde(default = "crate::predicates::common::origin")]
    pub(crate) remote: String,
    /// The branch in the remote's repository.
    pub(crate) branch: String,
    #[serde(default)]
    pub(crate) rev: Option<Rev>,
}

impl Kind for RemoteContains {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (remote, branch) = (self.remote.as_str(), self.branch.as_str());
        let name = ctx.repo_name(&self.repo).to_string();
        let wanted = match &self.rev {
            None => None,
            Some(rev) => {
                let id = ctx.with_repo(&self.repo, |r| {
                    Ok(match ctx.resolve(&name, r, rev)? {
                        Some(id) => Some((id, describe_commit(r, id)?, patch_id(r, id)?)),
                        None => None,
                    })
                })?;
                match id {
                    Some(found) => Some(found),
                    None => return Ok(Finding::no(format!("there is no {rev} in {name}"))),
                }
            }
        };
        ctx.with_remote(&self.repo, remote, |_, r| {
            let Some(tip) = branch_tip(r, branch)? else {
                return Ok(Finding::no(format!("{remote} has no branch {branch}")));
            };
            let Some((id, shown, change)) = wanted else {
                return Ok(Finding::yes(format!("{remote} has a branch {branch}")));
            };
            // A commit the remote never received is not in its object database at all.
            let same_commit = r.find_commit(id).is_ok()
                && commits_since(r, id, tip)
                    .map_err(|e| git_err("the remote's history", e))?
                    .is_some();
            let holds = same_commit
                || match change {
                    Some(change) => same_change_in(r, tip, change)?.is_some(),
                    None => false,
                };
            Ok(Finding::when(
                holds,
                format!("{remote}'s {branch} has {shown}"),
                format!("{remote}'s {branch} does not have {shown}: it has not been pushed there"),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), self.rev.iter())
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)
    }
}

#[cfg(test)]
mod tests {
    use crate::predicates::testing::{Scratch, judge, predicate};
    use crate::repo::setup::RepoRecord;

    /// `origin` is a bare repository beside `app`; a commit pushed there is found by its id,
    /// and the same change made again on top of another commit (a rebase) by its patch.
    #[test]
    fn a_pushed_commit_is_found_by_id_or_by_its_change() {
        let s = Scratch::new();
        // git2's init follows init.defaultBranch, which may say master.
        s.repo.set_head("refs/heads/main").unwrap();
        let origin = git2::Repository::init_bare(s.path().join("origin")).unwrap();
        s.repo
            .config()
            .unwrap()
            .set_str(
                "remote.origin.url",
                s.path().join("origin").to_str().unwrap(),
            )
            .unwrap();
        let r = &s.repo;
        let sig = Scratch::signature();
        let empty = r
            .find_tree(r.index().unwrap().write_tree().unwrap())
            .unwrap();
        let base = r
            .commit(Some("HEAD"), &sig, &sig, "base\n", &empty, &[])
            .unwrap();
        let mut tree = r.treebuilder(Some(&empty)).unwrap();
        tree.insert("a.txt", r.blob(b"a\n").unwrap(), 0o100644)
            .unwrap();
        let with_a = r.find_tree(tree.write().unwrap()).unwrap();
        let base_commit = r.find_commit(base).unwrap();
        let mine = r
            .commit(
                Some("HEAD"),
                &sig,
                &sig,
                "add a\n",
                &with_a,
                &[&base_commit],
            )
            .unwrap();
        let p = predicate("remote_contains: { branch: main, rev: main }");
        let f = judge(s.path(), RepoRecord::default(), &p);
        assert_eq!(
            (f.holds, f.says.as_str()),
            (false, "origin has no branch main")
        );

        // The same change, rebased onto a teammate's commit, in the remote's own objects.
        let copy = |id: git2::Oid| {
            let odb = r.odb().unwrap();
            let object = odb.read(id).unwrap();
            origin
                .odb()
                .unwrap()
                .write(object.kind(), object.data())
                .unwrap();
        };
        for id in [empty.id(), with_a.id(), base, r.blob(b"a\n").unwrap()] {
            copy(id);
        }
        let o_empty = origin.find_tree(empty.id()).unwrap();
        let o_base = origin.find_commit(base).unwrap();
        let teammate = origin
            .commit(None, &sig, &sig, "teammate\n", &o_empty, &[&o_base])
            .unwrap();
        let o_teammate = origin.find_commit(teammate).unwrap();
        let o_with_a = origin.find_tree(with_a.id()).unwrap();
        let rebased = origin
            .commit(None, &sig, &sig, "add a\n", &o_with_a, &[&o_teammate])
            .unwrap();
        assert_ne!(rebased, mine);
        origin
            .reference("refs/heads/main", rebased, true, "")
            .unwrap();
        let f = judge(s.path(), RepoRecord::default(), &p);
        assert!(f.holds, "{}", f.says);
        assert!(f.says.starts_with("origin's main has "), "{}", f.says);

        // Without the change: not pushed.
        origin
            .reference("refs/heads/main", teammate, true, "")
            .unwrap();
        let f = judge(s.path(), RepoRecord::default(), &p);
        assert!(!f.holds);
        assert!(
            f.says.ends_with("it has not been pushed there"),
            "{}",
            f.says
        );
    }
}
