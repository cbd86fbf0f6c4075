//! The `file` predicate.

use crate::predicates::context::git_err;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::path::Path;

use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef, compare_text, text, unreadable};

use crate::predicates::text::Source;

/// A file's content in the working tree, the index, or a revision (`rev`, any git revision
/// such as `main`, `stash@{0}` or `stash@{0}^3`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct File {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    pub(crate) path: String,
    #[serde(default)]
    pub(crate) from: Source,
    #[serde(default)]
    pub(crate) rev: Option<Rev>,
    #[serde(default)]
    pub(crate) equals: Option<String>,
    #[serde(default)]
    pub(crate) contains: Option<String>,
    #[serde(default)]
    pub(crate) matches: Option<String>,
}

impl Kind for File {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let repo = &self.repo;
        let worktree = &self.worktree;
        let path = self.path.as_str();
        let from = self.from;
        let rev = &self.rev;
        let want = &text(&self.equals, &self.contains, &self.matches);
        let name = ctx.repo_name(repo).to_string();
        let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
        ctx.with_worktree(repo, worktree, |r| {
            let (what, content) = match (rev, from) {
                (Some(rev), _) => {
                    let shown = rev
                        .as_str()
                        .strip_prefix("setup:")
                        .map_or(rev.to_string(), |b| format!("{b} (at the start)"));
                    let what = format!("{path} in {shown}");
                    let Some(id) = ctx.resolve(&name, r, rev)? else {
                        return Ok(Finding::no(format!(
                            "there is no {rev} yet, so its {path} cannot be read"
                        )));
                    };
                    let commit = r.find_commit(id).map_err(|e| git_err(rev.as_str(), e))?;
                    let tree = commit.tree().map_err(|e| git_err(rev.as_str(), e))?;
                    let blob = match tree.get_path(Path::new(path)) {
                        Ok(entry) => entry.to_object(r).ok().and_then(|o| o.into_blob().ok()),
                        Err(_) => None,
                    };
                    match blob {
                        Some(b) => (what, b.content().to_vec()),
                        None => return Ok(Finding::no(format!("{what} does not exist"))),
                    }
                }
                (None, Source::Index) => {
                    let what = format!("{path} in the index of {where_}");
                    let index = r.index().map_err(|e| git_err("the index", e))?;
                    match index
                        .get_path(Path::new(path), 0)
                        .and_then(|e| r.find_blob(e.id).ok())
                    {
                        Some(b) => (what, b.content().to_vec()),
                        None => {
                            return Ok(Finding::no(format!(
                                "{path} is not in the index of {where_}"
                            )));
                        }
                    }
                }
                (None, Source::Worktree) => {
                    let what = ctx.rel(&ctx.worktree_dir(repo, worktree).join(path));
                    let workdir = r
                        .workdir()
                        .ok_or_else(|| unreadable(format!("{where_} has no working tree")))?;
                    match std::fs::read(workdir.join(path)) {
                        Ok(bytes) => (what, bytes),
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                            return Ok(Finding::no(format!("{what} does not exist")));
                        }
                        Err(e) => return Err(unreadable(format!("cannot read {what}: {e}"))),
                    }
                }
            };
            Ok(compare_text(
                &what,
                &String::from_utf8_lossy(&content),
                want,
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), self.rev.as_ref())
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.opt_path(&self.worktree)?;
        rules.path(&self.path)?;
        if self.rev.is_some() && self.from != Source::Worktree {
            return Err("give either `rev` or `from`, not both".to_string());
        }
        rules.text(&self.equals, &self.contains, &self.matches)?;
        Ok(())
    }
}
