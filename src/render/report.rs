//! The checklist a learner reads after `check`, and its JSON twin.

use super::checklist::{self, Layout, say};
use super::style::Paint;
use crate::check::{Report, Status};

/// The checklist as `check` prints it, wrapped to `width` columns (`None`: not wrapped, as
/// for a pipe). Titles and messages wrap with a hanging indent; a mistake's message is
/// re-flowed paragraph by paragraph; diff lines are code and stay as they are. Pure: `paint`
/// decides colour (`Paint::stdout()` on the way to the terminal).
pub fn checklist(r: &Report, title: &str, width: Option<usize>, paint: Paint) -> String {
    let layout = Layout {
        width: width.map(|w| w.max(MIN_WIDTH)),
        paint,
        diffs: true,
    };
    let cols = layout.width.unwrap_or(usize::MAX);
    let p = layout.paint;
    let mut lines = Vec::new();
    say(
        &mut lines,
        cols,
        0,
        &format!("{} — {title}", r.lesson),
        &|s| p.bold(s),
    );
    lines.extend(checklist::body(r, &layout));
    lines.push(String::new());
    let total = r.objectives.len();
    let summary = match r.status {
        Status::Pass => format!("All {total} objectives met. Well done!"),
        Status::Fail => format!(
            "{} of {total} objectives met. Keep going, or run {} for a nudge.",
            r.passed(),
            p.name("git-kata hint")
        ),
        Status::Error => {
            "Some objectives could not be checked: fix what is named above, then check again."
                .to_string()
        }
    };
    say(&mut lines, cols, 0, &summary, &|s| s.to_string());
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// The narrowest layout drawn; a narrower terminal wraps our lines once more itself.
pub const MIN_WIDTH: usize = 40;

/// The paragraphs of a lesson's text (blank-line separated), each as one line to re-flow:
/// the text's own line breaks were made for a wide editor, not for this terminal.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// The width to render for on stdout: the terminal's, or `COLUMNS` where a script asks for
/// one; `None` for a pipe, which gets lines unwrapped.
pub fn stdout_width() -> Option<usize> {
    if let Some((_, cols)) = console::Term::stdout().size_checked() {
        return Some(usize::from(cols));
    }
    std::env::var("COLUMNS")
        .ok()?
        .trim()
        .parse()
        .ok()
        .filter(|&c: &usize| c > 0)
}

pub fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
