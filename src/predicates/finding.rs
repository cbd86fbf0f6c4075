//! What a predicate found, and the phrases findings are written with.

use super::text::TextMatch;

/// What a predicate found. `says` describes the state as it is, so that it reads right both
/// when the predicate holds and, under `not`, when it must not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub holds: bool,
    pub says: String,
    /// Expected against actual file content, where content was compared.
    pub diff: Option<TextDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TextDiff {
    /// What was compared, e.g. `deployment.yaml in the working tree`.
    pub what: String,
    pub expected: String,
    pub actual: String,
}

impl Finding {
    pub fn yes(says: impl Into<String>) -> Finding {
        Finding {
            holds: true,
            says: says.into(),
            diff: None,
        }
    }
    pub fn no(says: impl Into<String>) -> Finding {
        Finding {
            holds: false,
            says: says.into(),
            diff: None,
        }
    }
    pub fn when(holds: bool, yes: impl Into<String>, no: impl Into<String>) -> Finding {
        if holds {
            Finding::yes(yes)
        } else {
            Finding::no(no)
        }
    }
}

/// Compares text and describes the result; `what` names the text ("the message of stash@{0}").
pub(crate) fn compare_text(what: &str, actual: &str, want: &TextMatch) -> Finding {
    match want {
        TextMatch::Equals(expected) => {
            if actual == expected {
                Finding::yes(format!("{what} is as expected"))
            } else {
                Finding {
                    holds: false,
                    says: format!("{what} differs from what is expected"),
                    diff: Some(TextDiff {
                        what: what.to_string(),
                        expected: expected.clone(),
                        actual: actual.to_string(),
                    }),
                }
            }
        }
        TextMatch::Contains(needle) => Finding::when(
            actual.contains(needle.as_str()),
            format!("{what} contains \"{}\"", needle.trim()),
            format!("{what} does not contain \"{}\"", needle.trim()),
        ),
        TextMatch::Matches(pattern) => match regex_lite::Regex::new(pattern) {
            Ok(re) => Finding::when(
                re.is_match(actual),
                format!("{what} matches /{pattern}/"),
                format!(
                    "{what} does not match /{pattern}/ (it is \"{}\")",
                    one_line(actual)
                ),
            ),
            Err(_) => Finding::no(format!("/{pattern}/ is not a valid pattern")),
        },
    }
}

/// Short single-line form of a text for a message.
pub(crate) fn one_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    if line.chars().count() > 72 {
        format!("{}...", line.chars().take(69).collect::<String>())
    } else {
        line.to_string()
    }
}

/// A list of paths for a message: `a, b and c`.
pub(crate) fn list(items: &[String]) -> String {
    match items {
        [] => "nothing".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
