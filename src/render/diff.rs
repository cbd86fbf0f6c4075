//! Unified diffs of expected against actual file content.

use similar::{ChangeTag, TextDiff};

use super::style;
use crate::check::TextDiff as Compared;

/// A unified diff, `-` for what the lesson expects and `+` for what is there, indented for the
/// checklist.
pub fn unified(c: &Compared, indent: &str) -> String {
    let diff = TextDiff::from_lines(&c.expected, &c.actual);
    let mut out = String::new();
    out.push_str(&format!(
        "{indent}{}\n",
        style::dim(&format!("--- expected: {}", c.what))
    ));
    out.push_str(&format!(
        "{indent}{}\n",
        style::dim(&format!("+++ actual:   {}", c.what))
    ));
    for group in diff.grouped_ops(2) {
        let first = &group[0];
        let last = &group[group.len() - 1];
        let (old_start, new_start) = (first.old_range().start, first.new_range().start);
        let old_len = last.old_range().end - old_start;
        let new_len = last.new_range().end - new_start;
        out.push_str(&format!(
            "{indent}{}\n",
            style::dim(&format!(
                "@@ -{},{old_len} +{},{new_len} @@",
                old_start + 1,
                new_start + 1
            ))
        ));
        for op in group {
            for change in diff.iter_changes(&op) {
                let line = change.value().trim_end_matches('\n');
                let (sign, painted) = match change.tag() {
                    ChangeTag::Delete => (
                        "-",
                        style::removed().apply_to(format!("-{line}")).to_string(),
                    ),
                    ChangeTag::Insert => {
                        ("+", style::added().apply_to(format!("+{line}")).to_string())
                    }
                    ChangeTag::Equal => (" ", format!(" {line}")),
                };
                let _ = sign;
                out.push_str(&format!("{indent}{painted}\n"));
                if change.missing_newline() {
                    out.push_str(&format!(
                        "{indent}{}\n",
                        style::dim("\\ No newline at end of file")
                    ));
                }
            }
        }
    }
    out
}
