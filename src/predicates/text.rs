//! How predicates compare text, where they read file content from, and the states a file can
//! be in: the small types their fields are made of.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::repo::status::FileState;

/// How a text is compared; a predicate that compares text takes exactly one of `equals` (the same
/// text as a reader sees it: CRLF and LF line ends alike, a missing or extra final newline
/// ignored), `contains`, or `matches` (a regex-lite pattern, which must match somewhere: Rust
/// regex syntax with ASCII-only `\w`, `\d`, `\s` and `(?i)`, and no `\p{..}` classes; an
/// author's last resort, never shown to a learner).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextMatch {
    Equals(String),
    /// Byte for byte, line ends and final newline included (`exact: true` on `file`).
    Exactly(String),
    Contains(String),
    Matches(String),
}

impl TextMatch {
    /// Folds the three optional YAML fields into one comparison, or says why it cannot.
    pub fn from_fields(
        equals: &Option<String>,
        contains: &Option<String>,
        matches: &Option<String>,
    ) -> Result<TextMatch, &'static str> {
        match (equals, contains, matches) {
            (Some(e), None, None) => Ok(TextMatch::Equals(e.clone())),
            (None, Some(c), None) => Ok(TextMatch::Contains(c.clone())),
            (None, None, Some(m)) => Ok(TextMatch::Matches(m.clone())),
            (None, None, None) => Err("needs one of `equals`, `contains` or `matches`"),
            _ => Err("takes only one of `equals`, `contains` or `matches`"),
        }
    }
}

/// Where file content is read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    #[default]
    Worktree,
    Index,
}

/// Lessons are validated on load, so exactly one field is set; `contains ""` is a safe fallback.
pub(crate) fn text(
    equals: &Option<String>,
    contains: &Option<String>,
    matches: &Option<String>,
) -> TextMatch {
    TextMatch::from_fields(equals, contains, matches).unwrap_or(TextMatch::Contains(String::new()))
}
