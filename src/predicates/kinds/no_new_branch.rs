//! The `no_new_branch` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rules, SetupRef, list};

/// No local branch was created since the start: every branch there is now was made by the
/// setup (deleting one is not creating one). `except` names branches the brief allows. Pair it
/// with `head_detached` where a lesson asks for a look at a commit "without making a branch".
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoNewBranch {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    /// Branches that may be created all the same.
    #[serde(default)]
    pub(crate) except: Vec<String>,
}

impl Kind for NoNewBranch {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let name = ctx.repo_name(&self.repo).to_string();
        ctx.with_repo(&self.repo, |r| {
            let branches = r
                .branches(Some(git2::BranchType::Local))
                .map_err(|e| git_err("the branches", e))?;
            let mut new = Vec::new();
            for branch in branches {
                let (branch, _) = branch.map_err(|e| git_err("a branch", e))?;
                let Ok(short) = branch.get().shorthand().map(str::to_string) else {
                    continue;
                };
                let at_setup = ctx
                    .setup_ref(&name, &format!("refs/heads/{short}"))
                    .is_some();
                if !at_setup && !self.except.contains(&short) {
                    new.push(short);
                }
            }
            new.sort();
            Ok(Finding::when(
                new.is_empty(),
                format!("no branch was created in {name} since the start"),
                format!(
                    "{} created in {name} since the start",
                    match new.len() {
                        1 => format!("branch {} was", new[0]),
                        _ => format!("branches {} were", list(&new)),
                    }
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        self.except.iter().try_for_each(|b| rules.branch(b))
    }
}

#[cfg(test)]
mod tests {
    use crate::predicates::testing::{Scratch, judge, predicate};
    use crate::repo::setup::RepoRecord;

    #[test]
    fn only_branches_the_setup_did_not_make_count() {
        let s = Scratch::new();
        let r = &s.repo;
        let id = s.commit("refs/heads/main", "m\n", &[]);
        let mut record = RepoRecord::default();
        record.refs.insert("refs/heads/main".into(), id.to_string());
        record.refs.insert("refs/heads/gone".into(), id.to_string());
        let eval = |yaml: &str| {
            let f = judge(s.path(), record.clone(), &predicate(yaml));
            (f.holds, f.says)
        };
        // `gone` was deleted since: that is not a new branch.
        assert_eq!(
            eval("no_new_branch: {}"),
            (
                true,
                "no branch was created in app since the start".to_string()
            )
        );
        let head = r.find_commit(id).unwrap();
        r.branch("look", &head, false).unwrap();
        r.branch("also", &head, false).unwrap();
        assert_eq!(
            eval("no_new_branch: {}"),
            (
                false,
                "branches also and look were created in app since the start".to_string()
            )
        );
        assert_eq!(
            eval("no_new_branch: { except: [also] }"),
            (
                false,
                "branch look was created in app since the start".to_string()
            )
        );
        assert!(eval("no_new_branch: { except: [also, look] }").0);
    }
}
