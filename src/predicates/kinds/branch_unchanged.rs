//! The `branch_unchanged` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef, plural};
use crate::repo::ancestry::commits_since;
use crate::repo::commits::branch_tip;

/// The branch points where it pointed when the sandbox was built.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BranchUnchanged {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) branch: String,
}

impl Kind for BranchUnchanged {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let branch = self.branch.as_str();
        let name = ctx.repo_name(repo).to_string();
        ctx.with_repo(repo, |r| {
            let setup = ctx.resolve(&name, r, &Rev::at_setup(branch))?;
            let now = branch_tip(r, branch)?;
            Ok(match (setup, now) {
                (Some(a), Some(b)) if a == b => {
                    Finding::yes(format!("{branch} still points where it did at the start"))
                }
                (Some(a), Some(b)) => {
                    match commits_since(r, a, b).map_err(|e| git_err("history", e))? {
                        Some(ahead) if ahead > 0 => Finding::no(format!(
                            "{branch} has {} since the start",
                            plural(ahead, "new commit", "new commits")
                        )),
                        _ => Finding::no(format!(
                            "{branch} has been moved or rewritten since the start"
                        )),
                    }
                }
                (_, None) => Finding::no(format!("branch {branch} no longer exists")),
                (None, Some(_)) => Finding::no(format!("the setup made no branch {branch}")),
            })
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        vec![SetupRef::branch(self.repo.as_deref(), &self.branch)]
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.branch(&self.branch)?;
        Ok(())
    }
}
