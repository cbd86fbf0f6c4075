//! The `key_value` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::predicates::common::document;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef};
use crate::repo::data::{lookup, same, shown};

/// A key of a YAML or JSON file has this value, read from a revision or a working tree. `key`
/// names maps' keys and lists' positions joined by dots: `search.enabled`,
/// `spec.template.spec.containers.0.image`. Comments, quoting and layout do not matter, and a
/// value under another key is not mistaken for it (as a line pattern would be).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyValue {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    #[serde(default)]
    pub(crate) rev: Option<Rev>,
    pub(crate) path: String,
    pub(crate) key: String,
    /// The value, as YAML writes it: `true`, `8080`, `fleet-api:v1.0.1`.
    pub(crate) equals: Value,
}

impl Kind for KeyValue {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let (key, want) = (self.key.as_str(), &self.equals);
        let (what, doc, _) = match document(ctx, &self.repo, &self.worktree, &self.rev, &self.path)?
        {
            Ok(found) => found,
            Err(missing) => return Ok(missing),
        };
        Ok(match lookup(&doc, key) {
            Some(v) if same(v, want) => Finding::yes(format!("{what} has {key}: {}", shown(v))),
            Some(v) => Finding::no(format!(
                "{what} has {key}: {}, not {}",
                shown(v),
                shown(want)
            )),
            None => Finding::no(format!("{what} has no {key}")),
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), self.rev.as_ref())
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.keyed_file(
            &self.repo,
            &self.worktree,
            self.rev.is_some(),
            &self.path,
            &self.key,
        )
    }
}
