//! The checklist a learner reads after `check`, and its JSON twin.

use std::fmt::Write;

use super::{diff, style};
use crate::check::{MistakeHit, Report, Status};

pub fn checklist(r: &Report, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style::heading(&format!("{} — {title}", r.lesson))
    );
    // An unreadable repository usually breaks several objectives with the same message; say it once.
    let mut errors_shown: Vec<&str> = Vec::new();
    for o in &r.objectives {
        let mark = match o.status {
            Status::Pass => style::pass_mark(),
            Status::Fail => style::fail_mark(),
            Status::Error => style::error_mark(),
        };
        let _ = writeln!(out, "  {mark} {}", o.title);
        if o.status != Status::Pass {
            let label = if o.status == Status::Error {
                "cannot check: "
            } else {
                ""
            };
            if o.status == Status::Error && errors_shown.contains(&o.message.as_str()) {
                let _ = writeln!(out, "      {label}the same problem as above.");
                continue;
            }
            if o.status == Status::Error {
                errors_shown.push(&o.message);
            }
            let _ = writeln!(out, "      {label}{}", o.message);
            if let Some(d) = &o.diff {
                out.push_str(&diff::unified(d, "      "));
            }
        }
    }
    for m in &r.mistakes {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "  {}",
            style::heading(&format!("Recognised mistake ({}):", m.id))
        );
        for line in m.message.lines() {
            let _ = writeln!(out, "    {line}");
        }
        let _ = writeln!(out, "    {}", style::dim(advice_note(m)));
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
    let _ = writeln!(out, "{summary}");
    out
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
