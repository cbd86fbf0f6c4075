//! Proving a lesson with the real git CLI: as built it is not solved, its reference solution
//! solves it, and each mistake it declares fails it and is recognised by its own id.

use std::time::Duration;

use anyhow::Result;

use crate::check::{self, Report, Status};
use crate::lesson::Loaded;
use crate::sandbox;
use crate::script::{Isolation, Outcome, scratch_dir};

const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone)]
pub struct Problem {
    /// Which part of the proof: `as built`, `solution`, or `mistake ID`.
    pub part: String,
    pub message: String,
}

/// Runs every part of the proof and returns what went wrong (empty: proven).
pub fn prove(lesson: &Loaded) -> Result<Vec<Problem>> {
    let iso = Isolation::new()?;
    let mut problems = Vec::new();
    let mut problem = |part: &str, message: String| {
        problems.push(Problem {
            part: part.to_string(),
            message,
        })
    };

    let fresh = check_fresh(lesson)?;
    if fresh.status == Status::Pass {
        problem(
            "as built",
            "the lesson is already solved before the learner does anything".into(),
        );
    }
    if let Some(err) = fresh.objectives.iter().find(|o| o.status == Status::Error) {
        problem(
            "as built",
            format!("objective `{}` cannot be checked: {}", err.id, err.message),
        );
    }

    match run_script(lesson, &iso, &lesson.lesson.solution)? {
        Err(e) => problem("solution", e),
        Ok(report) if report.status != Status::Pass => {
            let failing: Vec<String> = report
                .objectives
                .iter()
                .filter(|o| o.status != Status::Pass)
                .map(|o| format!("`{}`: {}", o.id, o.message))
                .collect();
            problem(
                "solution",
                format!(
                    "the reference solution leaves objectives unmet: {}",
                    failing.join("; ")
                ),
            );
        }
        Ok(_) => {}
    }

    for m in &lesson.lesson.mistakes {
        let part = format!("mistake {}", m.id.value);
        match run_script(lesson, &iso, &m.commands)? {
            Err(e) => problem(&part, e),
            Ok(report) if report.status == Status::Pass => {
                problem(&part, "its commands solve the lesson".into())
            }
            Ok(report) if !report.mistakes.iter().any(|h| h.id == m.id.value) => {
                let seen: Vec<&str> = report.mistakes.iter().map(|h| h.id.as_str()).collect();
                problem(
                    &part,
                    format!(
                        "its commands fail the lesson but the mistake is not recognised (recognised: {})",
                        if seen.is_empty() {
                            "none".to_string()
                        } else {
                            seen.join(", ")
                        }
                    ),
                );
            }
            Ok(_) => {}
        }
    }
    Ok(problems)
}

/// Builds a fresh sandbox, runs `script` from the lesson's first repository and checks it.
/// `Err(String)` when the script itself failed.
pub fn run_script(
    lesson: &Loaded,
    iso: &Isolation,
    script: &str,
) -> Result<std::result::Result<Report, String>> {
    let (_tmp, dir) = scratch_dir()?;
    let sb = sandbox::create(lesson, &dir)?;
    let cwd = sb.repo_dir(&lesson.lesson.repos[0].name.value);
    let run = iso.bash(script, &cwd, SCRIPT_TIMEOUT)?;
    match run.outcome {
        Outcome::Exited(0) => Ok(Ok(check::check(&sb, &lesson.lesson))),
        Outcome::Exited(code) => Ok(Err(format!(
            "the commands exited with {code}:\n{}",
            run.output.trim_end()
        ))),
        Outcome::Signalled => Ok(Err("the commands were killed by a signal".into())),
        Outcome::TimedOut => Ok(Err(format!(
            "the commands did not finish within {} s",
            SCRIPT_TIMEOUT.as_secs()
        ))),
    }
}

fn check_fresh(lesson: &Loaded) -> Result<Report> {
    let (_tmp, dir) = scratch_dir()?;
    let sb = sandbox::create(lesson, &dir)?;
    Ok(check::check(&sb, &lesson.lesson))
}
