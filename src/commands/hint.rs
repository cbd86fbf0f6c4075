//! `git-kata hint`, and the help ledger: every hint and every mistake's way back that a
//! learner is shown is counted once, in the sandbox (for grading) and in progress (for `list`).

use anyhow::Result;

use crate::check::{self, Report};
use crate::error::Exit;
use crate::lesson::Lesson;
use crate::render::style;
use crate::sandbox::{Sandbox, marker};

pub fn run(sandbox: &Sandbox) -> Result<Exit> {
    let lesson = sandbox.lesson()?;
    let report = check::check(sandbox, &lesson.lesson);
    match next(sandbox, &lesson.lesson, &report) {
        Next::AllMet => {
            crate::text::outln!(
                "Every objective is met: no hint needed. Run `git-kata check` to see it."
            );
        }
        Next::NoHints { objective, message } => {
            crate::text::outln!("{} {objective}", style::heading("Objective:"));
            crate::text::outln!("This objective has no hints. What is wrong: {message}");
        }
        Next::Recovery { mistake, text } => {
            crate::text::outln!(
                "{}",
                style::heading(&format!("The way back from the mistake ({mistake}):"))
            );
            for line in text.lines() {
                crate::text::outln!("  {line}");
            }
        }
        Next::Hint {
            objective,
            index,
            total,
            text,
        } => {
            crate::text::outln!("{} {objective}", style::heading("Objective:"));
            crate::text::outln!(
                "{} {text}",
                style::heading(&format!("Hint {} of {total}:", index + 1)),
            );
            if index + 1 == total {
                crate::text::outln!(
                    "{}",
                    style::dim("That was the last hint for this objective.")
                );
            }
        }
    }
    Ok(Exit::Success)
}

/// What `hint` (and `h` in `watch`) has to say.
pub(crate) enum Next {
    AllMet,
    NoHints {
        objective: String,
        message: String,
    },
    /// A recognised mistake stands in the way: how to get back from it. An objective's own
    /// hints assume the state as built (after a dropped stash, "apply stash@{1}" would fail).
    Recovery {
        mistake: String,
        text: String,
    },
    /// Hint `index` (zero-based) of `total` for the first unmet objective.
    Hint {
        objective: String,
        index: usize,
        total: usize,
        text: String,
    },
}

/// The next hint for the state the sandbox is in now, counting it as shown.
pub(crate) fn next(sandbox: &Sandbox, lesson: &Lesson, report: &Report) -> Next {
    let Some(unmet) = report.first_unmet() else {
        return Next::AllMet;
    };
    if let Some(m) = report.mistakes.first() {
        count_advice(sandbox, &report.lesson, &m.id);
        return Next::Recovery {
            mistake: m.id.clone(),
            text: m.recovery.clone().unwrap_or_else(|| m.message.clone()),
        };
    }
    let objective = lesson
        .objectives
        .iter()
        .find(|o| o.id.value == unmet.id)
        .expect("the report's objectives come from this lesson");
    if objective.hints.is_empty() {
        return Next::NoHints {
            objective: objective.title.clone(),
            message: unmet.message.clone(),
        };
    }
    let mut state = marker::read_state(&sandbox.root);
    let shown = state.hints_shown.get(&unmet.id).copied().unwrap_or(0);
    let index = shown.min(objective.hints.len() - 1);
    let total = objective.hints.len();
    state
        .hints_shown
        .insert(unmet.id.clone(), (shown + 1).min(total));
    if shown < total {
        state.help_used += 1;
        crate::progress::Progress::record(&report.lesson, |p| p.hints_used += 1);
    }
    // Remembering the count is a convenience; failing to write it must not hide the hint.
    let _ = marker::write_state(&sandbox.root, &state);
    Next::Hint {
        objective: objective.title.clone(),
        index,
        total,
        text: objective.hints[index].trim().to_string(),
    }
}

/// Counts the way back from `mistake` as a hint the first time this sandbox shows it.
fn count_advice(sandbox: &Sandbox, lesson_id: &str, mistake: &str) {
    let mut state = marker::read_state(&sandbox.root);
    if state.advice_shown.insert(mistake.to_string()) {
        state.help_used += 1;
        crate::progress::Progress::record(lesson_id, |p| p.hints_used += 1);
        let _ = marker::write_state(&sandbox.root, &state);
    }
}

/// What `check` and `watch` do with the mistakes they show: one whose message is its whole
/// advice (no separate `recovery`) hands over the way back, so showing it counts as a hint.
/// One with a `recovery` is not counted: its way back waits for `hint`.
pub(crate) fn mistakes_shown(sandbox: &Sandbox, report: &Report) {
    for m in report.mistakes.iter().filter(|m| m.recovery.is_none()) {
        count_advice(sandbox, &report.lesson, &m.id);
    }
}
