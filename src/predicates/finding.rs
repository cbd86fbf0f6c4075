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
    /// The two sides' headings when they are not "expected" and "actual" of `what`: a change
    /// shown as itself is "before" in one revision and "after" in another. Not in the JSON,
    /// whose `diff` keeps its three fields.
    #[serde(skip)]
    pub sides: Option<(String, String)>,
}

impl TextDiff {
    /// The headings of the `-` and `+` sides.
    pub fn heads(&self) -> (String, String) {
        self.sides.clone().unwrap_or_else(|| {
            (
                format!("expected: {}", self.what),
                format!("actual:   {}", self.what),
            )
        })
    }
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

/// A text as a reader sees it: CRLF line ends read as LF, and final newlines do not show.
pub(crate) fn as_read(text: &str) -> String {
    text.replace("\r\n", "\n")
        .trim_end_matches('\n')
        .to_string()
}

/// The most text a `matches` pattern is run against.
pub const MAX_MATCHED_BYTES: usize = 32 * 1024;

/// Compares text and describes the result; `what` names the text ("the message of stash@{0}").
/// A pattern is never shown to the learner: the message quotes the text instead.
pub(crate) fn compare_text(what: &str, actual: &str, want: &TextMatch) -> Finding {
    match want {
        TextMatch::Exactly(expected)
            if actual != expected && as_read(actual) == as_read(expected) =>
        {
            Finding::no(format!(
                "{what} has the expected text, but its line endings or final newline differ, and here they must be exact"
            ))
        }
        TextMatch::Equals(expected) | TextMatch::Exactly(expected) => {
            let same = match want {
                TextMatch::Exactly(_) => actual == expected,
                _ => as_read(actual) == as_read(expected),
            };
            if same {
                Finding::yes(format!("{what} is as expected"))
            } else {
                Finding {
                    holds: false,
                    says: format!("{what} differs from what is expected"),
                    diff: Some(TextDiff {
                        what: what.to_string(),
                        expected: expected.clone(),
                        actual: actual.to_string(),
                        sides: None,
                    }),
                }
            }
        }
        TextMatch::Contains(needle) => Finding::when(
            actual.contains(needle.as_str()),
            format!("{what} contains \"{}\"", needle.trim()),
            format!("{what} does not contain \"{}\"", needle.trim()),
        ),
        // regex-lite matches in time proportional to pattern × text, and an accepted pattern
        // can cost about 50 s per MiB: what a pattern sees is bounded, far above any lesson's
        // file or message, so a check stays well under a second whatever the learner writes.
        TextMatch::Matches(_) if actual.len() > MAX_MATCHED_BYTES => Finding::no(format!(
            "{what} is {} KiB, more than the {} KiB a lesson's pattern is matched against",
            actual.len().div_ceil(1024),
            MAX_MATCHED_BYTES / 1024
        )),
        TextMatch::Matches(pattern) => match regex_lite::Regex::new(pattern) {
            // The part that matched, not the first line: read under a `not`, "is as expected"
            // or an unrelated first line would contradict the cross beside it.
            Ok(re) => {
                let found = re.find(actual).map(|m| one_line(m.as_str()));
                Finding::when(
                    found.is_some(),
                    match found {
                        Some(part) if !part.is_empty() => format!("{what} has \"{part}\""),
                        _ => format!("{what} is as expected"),
                    },
                    if actual.lines().nth(1).is_some() {
                        format!("{what} does not have what is expected")
                    } else {
                        format!(
                            "{what} is not what is expected (it is \"{}\")",
                            one_line(actual)
                        )
                    },
                )
            }
            // Lessons are validated on load, so this is a damaged build, not the learner's doing.
            Err(_) => Finding::no(format!(
                "{what} cannot be compared: the lesson's pattern is invalid"
            )),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_never_runs_over_more_than_the_bound() {
        let pattern = TextMatch::Matches("(a|aa)*(b|bb)*(c|cc)*$".to_string());
        let fits = "a".repeat(MAX_MATCHED_BYTES);
        assert!(compare_text("x", &fits, &pattern).holds);
        let huge = "a".repeat(MAX_MATCHED_BYTES + 1);
        let f = compare_text("notes.txt", &huge, &pattern);
        assert!(!f.holds);
        assert!(f.says.contains("more than the 32 KiB"), "{}", f.says);
    }
}
