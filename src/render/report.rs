//! The checklist a learner reads after `check`, and its JSON twin.

use std::fmt::Write;

use super::status::wrap;
use super::{diff, style};
use crate::check::{MistakeHit, Report, Status};

/// The checklist as `check` prints it, wrapped to `width` columns (`None`: not wrapped, as
/// for a pipe). Titles and messages wrap with a hanging indent; a mistake's message is
/// re-flowed paragraph by paragraph; diff lines are code and stay as they are.
pub fn checklist(r: &Report, title: &str, width: Option<usize>) -> String {
    let wrapped = width.is_some();
    let width = width.map_or(usize::MAX, |w| w.max(MIN_WIDTH));
    let mut out = String::new();
    let plain = |s: &str| s.to_string();
    say(
        &mut out,
        width,
        0,
        &format!("{} — {title}", r.lesson),
        &|s| style::heading(s),
    );
    // An unreadable repository usually breaks several objectives with the same message; say it once.
    let mut errors_shown: Vec<&str> = Vec::new();
    for o in &r.objectives {
        let mark = match o.status {
            Status::Pass => style::pass_mark(),
            Status::Fail if o.pending => style::pending_mark(),
            Status::Fail => style::fail_mark(),
            Status::Error => style::error_mark(),
        };
        // The mark takes the place of two of the hanging indent's four columns.
        for (i, line) in wrap(&o.title, width.saturating_sub(4)).iter().enumerate() {
            if i == 0 {
                say(&mut out, width, 0, &format!("  {mark} {line}"), &plain);
            } else {
                say(&mut out, width, 4, line, &plain);
            }
        }
        if o.status != Status::Pass {
            let label = if o.status == Status::Error {
                "cannot check: "
            } else {
                ""
            };
            if o.status == Status::Error && errors_shown.contains(&o.message.as_str()) {
                say(
                    &mut out,
                    width,
                    6,
                    &format!("{label}the same problem as above."),
                    &plain,
                );
                continue;
            }
            if o.status == Status::Error {
                errors_shown.push(&o.message);
            }
            say(&mut out, width, 6, &format!("{label}{}", o.message), &plain);
            if let Some(d) = &o.diff {
                out.push_str(&diff::unified_in(d, "      ", width));
            }
        }
    }
    for m in &r.mistakes {
        let _ = writeln!(out);
        say(
            &mut out,
            width,
            2,
            &format!("Recognised mistake ({}):", m.id),
            &|s| style::heading(s),
        );
        let lines: Vec<String> = if wrapped {
            paragraphs(&m.message)
        } else {
            m.message.lines().map(str::to_string).collect()
        };
        for line in &lines {
            say(&mut out, width, 4, line, &plain);
        }
        say(&mut out, width, 4, advice_note(m), &|s| style::dim(s));
    }
    let _ = writeln!(out);
    let total = r.objectives.len();
    let summary = match r.status {
        Status::Pass => format!("All {total} objectives met. Well done!"),
        Status::Fail => format!(
            "{} of {total} objectives met. Keep going, or run {} for a nudge.",
            r.passed(),
            style::command("git-kata hint")
        ),
        Status::Error => {
            "Some objectives could not be checked: fix what is named above, then check again."
                .to_string()
        }
    };
    say(&mut out, width, 0, &summary, &plain);
    out
}

/// Writes `text` wrapped to `width`, every line indented by `indent` and painted.
fn say(out: &mut String, width: usize, indent: usize, text: &str, paint: &dyn Fn(&str) -> String) {
    for line in wrap(text, width.saturating_sub(indent)) {
        let _ = writeln!(out, "{}{}", " ".repeat(indent), paint(&line));
    }
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

/// What a learner is told under a recognised mistake about the help it gives: its way back
/// waits for `hint`, or (when the message is the whole advice) it was counted as a hint.
pub fn advice_note(m: &MistakeHit) -> &'static str {
    if m.recovery.is_some() {
        "The way back, with its commands: `git-kata hint` (counts as a hint)."
    } else {
        "This advice counts as a hint."
    }
}

pub fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
