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
            println!("Every objective is met: no hint needed. Run `git-kata check` to see it.");
        }
        Next::NoHints { objective, message } => {
            println!("{} {objective}", style::heading("Objective:"));
            println!("This objective has no hints. What is wrong: {message}");
        }
        Next::Hint {
            objective,
            index,
            total,
            text,
        } => {
            println!("{} {objective}", style::heading("Objective:"));
            println!(
                "{} {text}",
                style::heading(&format!("Hint {} of {total}:", index + 1)),
            );
            if index + 1 == total {
                println!(
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
    /// Hint `index` (zero-based) of `total` for the first unmet objective.
    Hint {
        objective: String,
        index: usize,
        total: usize,
        text: String,
    },
}

/// The next hint for the first unmet objective, counting it as shown.
pub(crate) fn next(sandbox: &Sandbox, lesson: &Lesson, report: &Report) -> Next {
    let Some(unmet) = report.first_unmet() else {
        return Next::AllMet;
    };
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
