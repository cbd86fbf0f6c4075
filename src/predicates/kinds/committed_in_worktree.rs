//! The `committed_in_worktree` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rules, SetupRef};
use crate::repo::commits::branch_tip;
use crate::repo::reflog::committed;

/// What was committed on `branch` was committed in a linked worktree, not in the repository's
/// main working tree: the branch's reflog records a commit, and none of its commits is in the
/// main working tree's HEAD log since setup (git writes a commit there only when it is made
/// there). Evidence that a worktree existed, for an objective about removing it: a worktree
/// that is "gone" means nothing when there never was one.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommittedInWorktree {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
}

impl Kind for CommittedInWorktree {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (repo, branch) = (&self.repo, self.branch.as_str());
        let name = ctx.repo_name(repo).to_string();
        let where_ = ctx.rel(&ctx.worktree_dir(repo, &None));
        let skip = ctx
            .setup
            .get(&name)
            .and_then(|rec| rec.head_reflog.get(""))
            .copied()
            .unwrap_or(0);
        ctx.with_repo(repo, |r| {
            if branch_tip(r, branch)?.is_none() {
                return Ok(Finding::no(format!("there is no branch {branch}")));
            }
            let log = r
                .reflog(&format!("refs/heads/{branch}"))
                .map_err(|e| git_err("a reflog", e))?;
            let commits: Vec<git2::Oid> = log
                .iter()
                .filter(|e| committed(e.message().ok().flatten().unwrap_or("").trim()))
                .map(|e| e.id_new())
                .collect();
            if commits.is_empty() {
                return Ok(Finding::no(format!(
                    "nothing has been committed on {branch} in any working tree of {name}"
                )));
            }
            // The main working tree's HEAD log: `OLD NEW NAME <EMAIL> TIME TZ\tMESSAGE`.
            let head_log = std::fs::read_to_string(r.path().join("logs/HEAD")).unwrap_or_default();
            let here: Vec<&str> = head_log
                .lines()
                .skip(skip)
                .filter_map(|line| line.split_whitespace().nth(1))
                .collect();
            Ok(
                match commits.iter().find(|id| here.contains(&id.to_string().as_str())) {
                    Some(id) => Finding::no(format!(
                        "{branch}'s commit {} was made in {where_} itself, not in a linked worktree",
                        &id.to_string()[..7]
                    )),
                    None => Finding::yes(format!(
                        "{branch} was committed in a linked worktree, not in {where_}"
                    )),
                },
            )
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
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

    fn says(root: &std::path::Path, skip: usize, yaml: &str) -> (bool, String) {
        let mut record = RepoRecord::default();
        record.head_reflog.insert(String::new(), skip);
        let f = judge(root, record, &predicate(yaml));
        (f.holds, f.says)
    }

    /// The main working tree committing `fix` on `hotfix` writes the commit to both the branch's
    /// reflog and its own HEAD log; a linked worktree would have written the branch's only.
    #[test]
    fn holds_only_when_no_commit_of_the_branch_was_made_in_the_main_working_tree() {
        let s = Scratch::new();
        let r = &s.repo;
        let base = s.commit("HEAD", "base\n", &[]);
        let head_log = r.path().join("logs/HEAD");
        let skip = std::fs::read_to_string(&head_log).unwrap().lines().count();
        let p = "committed_in_worktree: { branch: hotfix }";

        // Only created: nothing committed on it.
        r.branch("hotfix", &r.find_commit(base).unwrap(), false)
            .unwrap();
        let (holds, said) = says(s.path(), skip, p);
        assert!(
            !holds && said.starts_with("nothing has been committed"),
            "{said}"
        );

        // Committed as a linked worktree does: the branch's reflog only.
        let fix = s.commit("refs/heads/side", "fix\n", &[base]);
        r.reference("refs/heads/hotfix", fix, true, "commit: fix")
            .unwrap();
        assert!(says(s.path(), skip, p).0);

        // The same commit also in the main working tree's HEAD log: made there.
        let mut log = std::fs::read_to_string(&head_log).unwrap();
        log.push_str(&format!(
            "{base} {fix} t <t@example.invalid> 0 +0000\tcommit: fix\n"
        ));
        std::fs::write(&head_log, log).unwrap();
        let (holds, said) = says(s.path(), skip, p);
        assert!(
            !holds && said.contains("itself, not in a linked worktree"),
            "{said}"
        );
    }
}
