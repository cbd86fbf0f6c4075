use anyhow::Result;

use crate::check;
use crate::error::Exit;
use crate::render::style;
use crate::sandbox::{Sandbox, marker};

pub fn run(sandbox: &Sandbox) -> Result<Exit> {
    let lesson = sandbox.lesson()?;
    let report = check::check(sandbox, &lesson.lesson);
    let Some(unmet) = report.first_unmet() else {
        println!("Every objective is met: no hint needed. Run `git-kata check` to see it.");
        return Ok(Exit::Success);
    };
    let objective = lesson
        .lesson
        .objectives
        .iter()
        .find(|o| o.id.value == unmet.id)
        .expect("the report's objectives come from this lesson");
    println!("{} {}", style::heading("Objective:"), objective.title);
    if objective.hints.is_empty() {
        println!(
            "This objective has no hints. What is wrong: {}",
            unmet.message
        );
        return Ok(Exit::Success);
    }
    let mut state = marker::read_state(&sandbox.root);
    let shown = state.hints_shown.get(&unmet.id).copied().unwrap_or(0);
    let index = shown.min(objective.hints.len() - 1);
    let total = objective.hints.len();
    println!(
        "{} {}",
        style::heading(&format!("Hint {} of {total}:", index + 1)),
        objective.hints[index].trim()
    );
    if index + 1 == total {
        println!(
            "{}",
            style::dim("That was the last hint for this objective.")
        );
    }
    state
        .hints_shown
        .insert(unmet.id.clone(), (shown + 1).min(total));
    if shown < total {
        crate::progress::Progress::record(&report.lesson, |p| p.hints_used += 1);
    }
    // Remembering the count is a convenience; failing to write it must not hide the hint.
    let _ = marker::write_state(&sandbox.root, &state);
    Ok(Exit::Success)
}
