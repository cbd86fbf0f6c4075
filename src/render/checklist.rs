//! The one checklist: each objective with its mark and, unless met, what is wrong; then each
//! recognised mistake. `check` (and the menu, which runs it), `watch` and `grade --format text`
//! all draw these lines here, so a learner, an instructor and a grader read the same words in
//! the same shape; only the frame around them (title, summary, points) is each command's own.

use super::diff;
use super::status::wrap;
use super::style::Paint;
use crate::check::{MistakeHit, Report, Status};

/// How the checklist is drawn: the width to wrap to (`None`: a pipe, nothing wrapped), the
/// colours, and whether a compared file's diff is shown (`watch` has no room for it).
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub width: Option<usize>,
    pub paint: Paint,
    pub diffs: bool,
}

impl Layout {
    fn cols(&self) -> usize {
        self.width.unwrap_or(usize::MAX)
    }
}

/// The mark in front of an objective. Pending (not met, nothing to judge yet) is a dash, since
/// nothing is wrong.
pub fn mark(status: Status, pending: bool, p: Paint) -> String {
    match status {
        Status::Pass => p.pass_mark(),
        Status::Fail if pending => p.pending_mark(),
        Status::Fail => p.fail_mark(),
        Status::Error => p.error_mark(),
    }
}

/// The objectives and then the recognised mistakes, as lines.
pub fn body(r: &Report, l: &Layout) -> Vec<String> {
    let mut out = Vec::new();
    objectives(r, l, &mut out);
    for m in &r.mistakes {
        out.push(String::new());
        mistake(&mut out, &m.id, &m.message, Some(advice_note(m)), 2, l);
    }
    out
}

fn objectives(r: &Report, l: &Layout, out: &mut Vec<String>) {
    let cols = l.cols();
    let plain = |s: &str| s.to_string();
    // An unreadable repository usually breaks several objectives with the same message; say it once.
    let mut errors_shown: Vec<&str> = Vec::new();
    for o in &r.objectives {
        let mark = mark(o.status, o.pending, l.paint);
        // The mark takes the place of two of the hanging indent's four columns.
        for (i, line) in wrap(&o.title, cols.saturating_sub(4)).iter().enumerate() {
            if i == 0 {
                out.push(format!("  {mark} {line}"));
            } else {
                say(out, cols, 4, line, &plain);
            }
        }
        if o.status == Status::Pass {
            continue;
        }
        let label = if o.status == Status::Error {
            "cannot check: "
        } else {
            ""
        };
        if o.status == Status::Error {
            if errors_shown.contains(&o.message.as_str()) {
                say(
                    out,
                    cols,
                    6,
                    &format!("{label}the same problem as above."),
                    &plain,
                );
                continue;
            }
            errors_shown.push(&o.message);
        }
        say(out, cols, 6, &format!("{label}{}", o.message), &plain);
        if let (true, Some(d)) = (l.diffs, &o.diff) {
            out.extend(
                diff::unified_in(d, "      ", cols, l.paint)
                    .lines()
                    .map(str::to_string),
            );
        }
    }
}

/// One recognised mistake, its heading at `indent` and its message under it. Wrapped, the
/// message is re-flowed paragraph by paragraph (its line breaks were made for an editor);
/// unwrapped, its own lines are kept. `note` says what the advice costs in hints.
pub fn mistake(
    out: &mut Vec<String>,
    id: &str,
    message: &str,
    note: Option<&str>,
    indent: usize,
    l: &Layout,
) {
    let cols = l.cols();
    let p = l.paint;
    say(
        out,
        cols,
        indent,
        &format!("Recognised mistake ({id}):"),
        &|s| p.warn(&p.bold(s)),
    );
    let lines: Vec<String> = if l.width.is_some() {
        super::report::paragraphs(message)
    } else {
        message.lines().map(str::to_string).collect()
    };
    for line in &lines {
        say(out, cols, indent + 2, line, &|s| s.to_string());
    }
    if let Some(note) = note {
        say(out, cols, indent + 2, note, &|s| p.dim(s));
    }
}

/// What a learner is told under a recognised mistake about the help it gives: its way back
/// waits for `hint`, or (when the message is the whole advice) it was counted as a hint.
pub fn advice_note(m: &MistakeHit) -> &'static str {
    if m.recovery.is_some() {
        "The way back, with its commands: `git-kata hint` (counts as a hint)."
    } else {
        "This advice counts as a hint."
    }
}

/// Pushes `text` wrapped to `width`, every line indented by `indent` and painted.
pub fn say(
    out: &mut Vec<String>,
    width: usize,
    indent: usize,
    text: &str,
    paint: &dyn Fn(&str) -> String,
) {
    for line in wrap(text, width.saturating_sub(indent)) {
        out.push(format!("{}{}", " ".repeat(indent), paint(&line)));
    }
}
