//! The `submodule_pin` predicate.

use crate::predicates::context::git_err;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef};

use crate::predicates::common::find_commit;
use crate::repo::commits::gitlink;

/// The submodule at `path`, as committed in `rev` of `repo`, pins `target_rev` of the
/// sandbox repository `target_repo`. With `in_history`, any commit reachable from `rev` will do.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmodulePin {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default = "Rev::head")]
    pub(crate) rev: Rev,
    pub(crate) path: String,
    pub(crate) target_repo: String,
    pub(crate) target_rev: Rev,
    #[serde(default)]
    pub(crate) in_history: bool,
}

impl Kind for SubmodulePin {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let rev = &self.rev;
        let path = self.path.as_str();
        let target_repo = self.target_repo.as_str();
        let target_rev = &self.target_rev;
        let in_history = self.in_history;
        let target_name = Some(target_repo.to_string());
        let want = ctx.with_repo(&target_name, |t| ctx.resolve(target_repo, t, target_rev))?;
        let Some(want) = want else {
            return Ok(Finding::no(format!(
                "there is no {target_rev} in {target_repo}"
            )));
        };
        let want_short = want.to_string()[..7].to_string();
        let name = ctx.repo_name(repo).to_string();
        ctx.with_repo(repo, |r| {
        let Some(tip) = find_commit(ctx, &name, r, rev)? else {
            return Ok(Finding::no(format!("there is no {rev} in {name}")));
        };
        if in_history {
            let mut walk = r.revwalk().map_err(|e| git_err("history", e))?;
            walk.push(tip.id()).map_err(|e| git_err("history", e))?;
            // Every commit is read: one that cannot be is damage, not a commit without the pin.
            let mut found = false;
            for id in walk {
                let id = id.map_err(|e| git_err("history", e))?;
                let c = r.find_commit(id).map_err(|e| git_err("history", e))?;
                if gitlink(&c, path)? == Some(want) {
                    found = true;
                    break;
                }
            }
            return Ok(Finding::when(
                found,
                format!("a commit in the history of {rev} pins {path} to {target_repo} {target_rev} ({want_short})"),
                format!("no commit in the history of {rev} pins {path} to {target_repo} {target_rev} ({want_short})"),
            ));
        }
        Ok(match gitlink(&tip, path)? {
            Some(id) if id == want => Finding::yes(format!("{rev} pins {path} to {target_repo} {target_rev} ({want_short})")),
            Some(id) => Finding::no(format!(
                "{rev} pins {path} to {}, not to {target_repo} {target_rev} ({want_short})",
                &id.to_string()[..7]
            )),
            None => Finding::no(format!("{path} is not a committed submodule in {rev}")),
        })
    })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        let mut refs = SetupRef::revs(self.repo.as_deref(), [&self.rev]);
        refs.extend(SetupRef::revs(
            Some(self.target_repo.as_str()),
            [&self.target_rev],
        ));
        refs
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.repo(&Some(self.target_repo.clone()))?;
        rules.path(&self.path)?;
        Ok(())
    }
}
