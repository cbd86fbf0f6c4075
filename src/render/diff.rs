//! Unified diffs of expected against actual file content.

use similar::{ChangeTag, TextDiff};

use super::style::Paint;
use crate::check::TextDiff as Compared;

/// A unified diff, `-` for what the lesson expects and `+` for what is there (or a change's
/// before and after), indented for the checklist.
pub fn unified(c: &Compared, indent: &str, p: Paint) -> String {
    unified_in(c, indent, usize::MAX, p)
}

/// The same, its two header lines wrapped to `width` columns (they name a file and a branch,
/// which may be long); the lines of content are code and stay whole.
pub fn unified_in(c: &Compared, indent: &str, width: usize, p: Paint) -> String {
    let diff = TextDiff::from_lines(&c.expected, &c.actual);
    let mut out = String::new();
    let room = width.saturating_sub(indent.len());
    let (minus, plus) = c.heads();
    for (head, label) in [("---", minus), ("+++", plus)] {
        let text = format!("{head} {label}");
        for (i, line) in super::status::wrap(&text, room.saturating_sub(4))
            .iter()
            .enumerate()
        {
            let line = if i == 0 {
                line.clone()
            } else {
                format!("    {line}")
            };
            out.push_str(&format!("{indent}{}\n", p.dim(&line)));
        }
    }
    for group in diff.grouped_ops(2) {
        let first = &group[0];
        let last = &group[group.len() - 1];
        let (old_start, new_start) = (first.old_range().start, first.new_range().start);
        let old_len = last.old_range().end - old_start;
        let new_len = last.new_range().end - new_start;
        out.push_str(&format!(
            "{indent}{}\n",
            p.dim(&format!(
                "@@ -{},{old_len} +{},{new_len} @@",
                old_start + 1,
                new_start + 1
            ))
        ));
        for op in group {
            for change in diff.iter_changes(&op) {
                let line = change.value().trim_end_matches('\n');
                let painted = match change.tag() {
                    ChangeTag::Delete => p.bad(&format!("-{line}")),
                    ChangeTag::Insert => p.good(&format!("+{line}")),
                    ChangeTag::Equal => format!(" {line}"),
                };
                out.push_str(&format!("{indent}{painted}\n"));
                if change.missing_newline() {
                    out.push_str(&format!(
                        "{indent}{}\n",
                        p.dim("\\ No newline at end of file")
                    ));
                }
            }
        }
    }
    out
}
