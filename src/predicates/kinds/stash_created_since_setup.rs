//! The `stash_created_since_setup` predicate.

use git2::ObjectType;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::setup_stashes;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef, unreadable};
use crate::repo::stash::is_stash_commit;

/// Some stash was made after setup, even if it has since been popped or dropped.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashCreatedSinceSetup {
    #[serde(default)]
    pub(crate) repo: Option<String>,
}

impl Kind for StashCreatedSinceSetup {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let name = ctx.repo_name(repo).to_string();
        ctx.with_repo(repo, |r| {
            let setup = setup_stashes(ctx, &name);
            let odb = r.odb().map_err(|e| {
                unreadable(format!("cannot read the object database: {}", e.message()))
            })?;
            let mut commits = Vec::new();
            odb.foreach(|id| {
                if odb
                    .read_header(*id)
                    .is_ok_and(|(_, kind)| kind == ObjectType::Commit)
                {
                    commits.push(*id);
                }
                true
            })
            .map_err(|e| unreadable(format!("cannot read the object database: {}", e.message())))?;
            let made = commits
                .into_iter()
                .filter(|id| !setup.contains(&id.to_string()))
                .filter(|id| is_stash_commit(r, *id))
                .count();
            Ok(Finding::when(
                made > 0,
                "a stash was made since the start",
                "no stash was made since the start",
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        Vec::new()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        Ok(())
    }
}
