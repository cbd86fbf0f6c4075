//! The `key_matches` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::predicates::common::document;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, MAX_MATCHED_BYTES, Rev, Rules, SetupRef};
use crate::repo::data::{lookup, shown};

/// A key of a YAML, JSON or `.env` file has a value whose text matches the regular expression
/// `matches`, read from a revision or a working tree: `^[0-9]+$` for a port,
/// `/checkout_dev(\?|$)` under `not` for a database other than checkout_dev. The value is read
/// by meaning first (quoting, `export`, comments and layout do not matter), then matched as
/// text; a missing key, a map or a list never matches. The pattern is never shown to the
/// learner: the finding quotes the value.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyMatches {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    #[serde(default)]
    pub(crate) worktree: Option<String>,
    #[serde(default)]
    pub(crate) rev: Option<Rev>,
    pub(crate) path: String,
    pub(crate) key: String,
    /// A regular expression (regex-lite) the value's text must match.
    pub(crate) matches: String,
}

impl Kind for KeyMatches {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let key = self.key.as_str();
        let (what, doc, _) = match document(ctx, &self.repo, &self.worktree, &self.rev, &self.path)?
        {
            Ok(found) => found,
            Err(missing) => return Ok(missing),
        };
        let text = match lookup(&doc, key) {
            None => return Ok(Finding::no(format!("{what} has no {key}"))),
            Some(Value::String(s)) => s.clone(),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
            Some(Value::Null) => String::new(),
            Some(v) => {
                return Ok(Finding::no(format!("{what} has {key}: {}", shown(v))));
            }
        };
        // Lessons are validated on load: an invalid pattern is a damaged build.
        let Ok(re) = regex_lite::Regex::new(&self.matches) else {
            return Ok(Finding::no(format!(
                "{what} cannot be compared: the lesson's pattern is invalid"
            )));
        };
        let seen = if text.is_empty() {
            "empty".to_string()
        } else {
            text.clone()
        };
        // The same bound as every pattern (finding.rs): linear time, whatever the learner wrote.
        let hit = text.len() <= MAX_MATCHED_BYTES && re.is_match(&text);
        Ok(Finding::when(
            hit,
            format!("{what} has {key}: {seen}"),
            format!("{what} has {key}: {seen}, which is not what is asked"),
        ))
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), self.rev.as_ref())
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.pattern(&self.matches)?;
        rules.keyed_file(
            &self.repo,
            &self.worktree,
            self.rev.is_some(),
            &self.path,
            &self.key,
        )
    }
}
