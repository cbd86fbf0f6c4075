//! The `head_detached` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef};

/// HEAD of a working tree is detached: it names a commit, not a branch (`git switch --detach`,
/// checking out a tag). With `at`, it must be detached at that revision. Under `not`: the
/// working tree is on a branch.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadDetached {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    /// The commit HEAD must be detached at (a tag such as `v1.2.0`, or `setup:main`).
    #[serde(default)]
    pub(crate) at: Option<Rev>,
}

impl Kind for HeadDetached {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let name = ctx.repo_name(&self.repo).to_string();
        let where_ = ctx.rel(&ctx.worktree_dir(&self.repo, &self.worktree));
        ctx.with_worktree(&self.repo, &self.worktree, |r| {
            // An unborn branch is still a branch: HEAD names it, and it is not detached.
            if !r.head_detached().map_err(|e| git_err("HEAD", e))? {
                let branch = r
                    .find_reference("HEAD")
                    .ok()
                    .and_then(|h| h.symbolic_target().ok().flatten().map(str::to_string))
                    .unwrap_or_default();
                let branch = branch.trim_start_matches("refs/heads/");
                return Ok(Finding::no(format!(
                    "{where_} is on {branch}: its HEAD is not detached"
                )));
            }
            let head = r
                .head()
                .map_err(|e| git_err("HEAD", e))?
                .peel_to_commit()
                .map_err(|e| git_err("HEAD", e))?
                .id();
            let short = |id: git2::Oid| id.to_string()[..7].to_string();
            let Some(at) = &self.at else {
                return Ok(Finding::yes(format!(
                    "in {where_} HEAD is detached at {}",
                    short(head)
                )));
            };
            let Some(want) = ctx.resolve(&name, r, at)? else {
                return Ok(Finding::no(format!(
                    "in {where_} HEAD is detached at {}; there is no {at} to compare with",
                    short(head)
                )));
            };
            Ok(Finding::when(
                head == want,
                format!("in {where_} HEAD is detached at {} ({at})", short(head)),
                format!(
                    "in {where_} HEAD is detached at {}, not at {} ({})",
                    short(head),
                    at.shown(),
                    short(want)
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), self.at.as_ref())
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::predicates::testing::{Scratch, predicate};
    use crate::predicates::{Context, Kind, Predicate, SetupRef};
    use crate::repo::setup::RepoRecord;

    /// A repository `app` with two commits on main; `main` at setup was the first.
    fn sandbox() -> (Scratch, [git2::Oid; 2]) {
        let s = Scratch::new();
        s.repo.set_head("refs/heads/main").unwrap();
        let first = s.commit("HEAD", "first\n", &[]);
        let second = s.commit("HEAD", "second\n", &[first]);
        (s, [first, second])
    }

    fn eval(
        root: &std::path::Path,
        setup: &BTreeMap<String, RepoRecord>,
        p: &Predicate,
    ) -> (bool, String) {
        let f = p.eval(&Context::new(root, "app", setup)).unwrap();
        (f.holds, f.says)
    }

    #[test]
    fn holds_only_while_head_names_a_commit_and_at_picks_which() {
        let (root, [first, second]) = sandbox();
        let r = &root.repo;
        let mut record = RepoRecord::default();
        record
            .refs
            .insert("refs/heads/main".into(), first.to_string());
        let setup = BTreeMap::from([("app".to_string(), record)]);
        let any = predicate("head_detached: {}");
        let at_setup = predicate("head_detached: { at: 'setup:main' }");

        assert_eq!(
            eval(root.path(), &setup, &any),
            (false, "app is on main: its HEAD is not detached".into())
        );
        assert!(
            eval(
                root.path(),
                &setup,
                &predicate("not: { head_detached: {} }")
            )
            .0
        );

        r.set_head_detached(second).unwrap();
        let short = |id: git2::Oid| id.to_string()[..7].to_string();
        assert_eq!(
            eval(root.path(), &setup, &any),
            (
                true,
                format!("in app HEAD is detached at {}", short(second))
            )
        );
        assert_eq!(
            eval(root.path(), &setup, &at_setup),
            (
                false,
                format!(
                    "in app HEAD is detached at {}, not at main as it was at the start ({})",
                    short(second),
                    short(first)
                )
            )
        );

        r.set_head_detached(first).unwrap();
        assert!(eval(root.path(), &setup, &at_setup).0);
        assert_eq!(
            at_setup.setup_refs(),
            [SetupRef {
                repo: None,
                name: "main"
            }]
        );
    }
}
