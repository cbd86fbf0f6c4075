//! The `is_ancestor` predicate.

use crate::predicates::context::git_err;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef};
use crate::repo::ancestry::commits_since;

/// `ancestor` is in the history of `of` (or the same commit): history was not rewritten.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IsAncestor {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) ancestor: Rev,
    pub(crate) of: Rev,
}

impl Kind for IsAncestor {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let ancestor = &self.ancestor;
        let of = &self.of;
        let name = ctx.repo_name(repo).to_string();
        // `setup:main` reads, in a sentence, as "main as it was at the start".
        let (ancestor_shown, of_shown) = (ancestor.shown(), of.shown());
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

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), [&self.ancestor, &self.of])
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        Ok(())
    }
}
