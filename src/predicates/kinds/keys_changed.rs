//! The `keys_changed` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::document;
use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef, TextDiff, list};
use crate::repo::data::{covers, differences, lookup, shown};
use crate::repo::status::shown_rev;

/// Between `base` (default: the first parent of `rev`) and `rev`, a YAML or JSON file changed
/// at exactly these keys: each of them, and nothing else (comments and layout aside). A
/// failure shows the whole change as a diff.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeysChanged {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) rev: Rev,
    #[serde(default)]
    pub(crate) base: Option<Rev>,
    pub(crate) path: String,
    /// Key paths, as `key_value` names them.
    pub(crate) keys: Vec<String>,
}

impl Kind for KeysChanged {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (repo, rev, base, path, keys) = (
            &self.repo,
            &self.rev,
            &self.base,
            self.path.as_str(),
            &self.keys,
        );
        let name = ctx.repo_name(repo).to_string();
        let base_rev = match base {
            Some(b) => b.clone(),
            None => {
                // The first parent, named so that `setup:` revisions keep working.
                let parent = ctx.with_repo(repo, |r| {
                    let Some(id) = ctx.resolve(&name, r, rev)? else {
                        return Ok(None);
                    };
                    let commit = r.find_commit(id).map_err(|e| git_err(rev.as_str(), e))?;
                    Ok(commit.parent_id(0).ok().map(|p| Rev::parse(&p.to_string())))
                })?;
                match parent {
                    Some(p) => p,
                    None => {
                        return Ok(Finding::no(format!(
                            "there is no commit on {} with a parent to compare {path} with",
                            shown_rev(rev.as_str())
                        )));
                    }
                }
            }
        };
        let (what, new, new_text) = match document(ctx, repo, &None, &Some(rev.clone()), path)? {
            Ok(found) => found,
            Err(missing) => return Ok(missing),
        };
        let (old, old_text) = match document(ctx, repo, &None, &Some(base_rev.clone()), path)? {
            Ok((_, doc, text)) => (Some(doc), text),
            Err(_) => (None, String::new()),
        };
        let mut changed = Vec::new();
        differences(old.as_ref(), Some(&new), "", &mut changed);
        let against = match base {
            Some(b) => format!("against {}", shown_rev(b.as_str())),
            None => "against the commit before it".to_string(),
        };
        let extra: Vec<String> = changed
            .iter()
            .filter(|c| !keys.iter().any(|k| covers(k, c)))
            .cloned()
            .collect();
        let untouched: Vec<String> = keys
            .iter()
            .filter(|k| !changed.iter().any(|c| covers(k, c)))
            .cloned()
            .collect();
        Ok(if !extra.is_empty() {
            let values: Vec<String> = extra
                .iter()
                .map(|k| match lookup(&new, k) {
                    Some(v) => format!("{k} (now {})", shown(v)),
                    None => format!("{k} (removed)"),
                })
                .collect();
            let mut f = Finding::no(format!(
                "{what} also changes {} {against}; only {} should change",
                list(&values),
                list(keys)
            ));
            // The whole change, so that what came along with the key can be seen.
            let before = match base {
                Some(b) => format!("before: {path} in {}", shown_rev(b.as_str())),
                None => format!("before: {path} in the commit before it"),
            };
            f.diff = Some(TextDiff {
                what: format!("{what}, {against}"),
                expected: old_text,
                actual: new_text,
                sides: Some((before, format!("after:  {what}"))),
            });
            f
        } else if !untouched.is_empty() {
            Finding::no(format!(
                "{what} does not change {} {against}",
                list(&untouched)
            ))
        } else {
            Finding::yes(format!("{what} changes only {} {against}", list(keys)))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(
            self.repo.as_deref(),
            std::iter::once(&self.rev).chain(self.base.as_ref()),
        )
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        rules.path(&self.path)?;
        if self.keys.is_empty() {
            return Err("`keys_changed` needs at least one key".to_string());
        }
        self.keys
            .iter()
            .try_for_each(|k| crate::predicates::rules::key_path(k))
    }
}
