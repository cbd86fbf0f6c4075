//! The `commit_message` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::find_commit;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef, compare_text, one_line, text};

/// The message of the commit at `rev`, trailing newlines aside: `equals`, `contains` or
/// `matches` it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitMessage {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) rev: Rev,
    #[serde(default)]
    pub(crate) equals: Option<String>,
    #[serde(default)]
    pub(crate) contains: Option<String>,
    #[serde(default)]
    pub(crate) matches: Option<String>,
}

impl Kind for CommitMessage {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let rev = &self.rev;
        let want = &text(&self.equals, &self.contains, &self.matches);
        let name = ctx.repo_name(repo).to_string();
        ctx.with_repo(repo, |r| {
            let Some(commit) = find_commit(ctx, &name, r, rev)? else {
                return Ok(Finding::no(format!("there is no {rev} yet")));
            };
            let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
            let mut f = compare_text(&format!("the message of {rev}"), message.trim_end(), want);
            if !f.holds && f.diff.is_some() {
                f.says = format!("the message of {rev} is \"{}\"", one_line(&message));
            }
            Ok(f)
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), [&self.rev])
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.text(&self.equals, &self.contains, &self.matches)?;
        Ok(())
    }
}
