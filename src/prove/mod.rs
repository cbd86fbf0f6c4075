//! Proving a lesson with the real git CLI: as built it is not solved, its reference solution
//! solves it, and each mistake it declares fails it and is recognised by its own id.

use std::time::Duration;

use anyhow::Result;

use crate::check::{self, Report, Status};
use crate::lesson::{Loaded, Mistake};
use crate::sandbox::{self, Sandbox};
use crate::script::{Isolation, Outcome, scratch_dir};

mod work;

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
        });
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
            problem(
                "solution",
                format!(
                    "the reference solution leaves objectives unmet: {}",
                    unmet(&report)
                ),
            );
        }
        Ok(_) => {}
    }

    for m in &lesson.lesson.mistakes {
        let part = format!("mistake {}", m.id.value);
        let (_tmp, dir) = scratch_dir()?;
        let sb = sandbox::create(lesson, &dir)?;
        let played =
            run_in(lesson, &iso, &sb, &m.commands)?.map(|()| check::check(&sb, &lesson.lesson));
        match played {
            Err(e) => problem(&part, e),
            Ok(report) if report.status == Status::Pass => {
                problem(&part, "its commands solve the lesson".into());
            }
            Ok(report) if !report.mistakes.iter().any(|h| h.id == m.id.value) => {
                let seen: Vec<&str> = report.mistakes.iter().map(|h| h.id.as_str()).collect();
                let why = check::why_not(&sb, &lesson.lesson, &m.when.value);
                problem(
                    &part,
                    format!(
                        "its commands fail the lesson but the mistake is not recognised: {why} (recognised: {})",
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

    let work = brief_work(lesson, &iso)?;
    for m in &lesson.lesson.mistakes {
        if let Some(message) = prove_recovery(lesson, &iso, m, &work)? {
            problem(&format!("recovery of mistake {}", m.id.value), message);
        }
    }
    Ok(problems)
}

/// The learner's work from the brief: what is uncommitted or stashed in the sandbox as built,
/// and what the reference solution leaves uncommitted or stashed, less what the as-built history
/// already holds.
fn brief_work(lesson: &Loaded, iso: &Isolation) -> Result<work::Contents> {
    let (_tmp, dir) = scratch_dir()?;
    let sb = sandbox::create(lesson, &dir)?;
    let built = work::holdings(&repo_dirs(lesson, &sb));
    let after = match play(lesson, iso, &sb, &lesson.lesson.solution)? {
        Ok(sb) => work::holdings(&repo_dirs(lesson, &sb)),
        Err(_) => work::Holdings::default(),
    };
    Ok(built
        .loose
        .union(after.loose.minus(&after.committed))
        .minus(&built.committed))
}

/// Plays a mistake, then its `recover` commands, then `finish` (or the solution): `Some` says
/// what went wrong. The recovery must keep every piece of the brief's work that survived the
/// mistake, and the lesson must pass at the end.
fn prove_recovery(
    lesson: &Loaded,
    iso: &Isolation,
    m: &Mistake,
    brief_work: &work::Contents,
) -> Result<Option<String>> {
    let Some(recover) = &m.recover else {
        return Ok(None);
    };
    let (_tmp, dir) = scratch_dir()?;
    let sb = sandbox::create(lesson, &dir)?;
    let sb = match play(lesson, iso, &sb, &m.commands)? {
        Ok(sb) => sb,
        Err(e) => return Ok(Some(format!("the mistake's commands: {e}"))),
    };
    let survived = brief_work.within(&work::holdings(&repo_dirs(lesson, &sb)).all());
    let sb = match play(lesson, iso, &sb, recover)? {
        Ok(sb) => sb,
        Err(e) => return Ok(Some(format!("the `recover` commands: {e}"))),
    };
    let lost = survived.minus(&work::holdings(&repo_dirs(lesson, &sb)).all());
    if !lost.is_empty() {
        return Ok(Some(format!(
            "the `recover` commands lose the learner's work, last seen at: {}",
            lost.places().join("; ")
        )));
    }
    let shared = work::shared_records(&sb.root);
    if !shared.is_empty() {
        return Ok(Some(format!(
            "after the `recover` commands, directories share one worktree record (one HEAD and \
             index): {}",
            shared.join("; ")
        )));
    }
    let finish = m.finish.as_deref().unwrap_or(&lesson.lesson.solution);
    let sb = match play(lesson, iso, &sb, finish)? {
        Ok(sb) => sb,
        Err(e) => {
            return Ok(Some(format!(
                "`finish` (or the solution) after recovering: {e}"
            )));
        }
    };
    let report = check::check(&sb, &lesson.lesson);
    if report.status != Status::Pass {
        return Ok(Some(format!(
            "after recovering and finishing, objectives are unmet: {}",
            unmet(&report)
        )));
    }
    Ok(None)
}

/// The objectives a report does not pass, each with what `check` said of it.
fn unmet(report: &check::Report) -> String {
    report
        .objectives
        .iter()
        .filter(|o| o.status != Status::Pass)
        .map(|o| format!("`{}`: {}", o.id, o.message))
        .collect::<Vec<_>>()
        .join("; ")
}

fn repo_dirs(lesson: &Loaded, sb: &Sandbox) -> Vec<std::path::PathBuf> {
    lesson
        .lesson
        .repos
        .iter()
        .map(|r| sb.repo_dir(&r.name.value))
        .collect()
}

/// Whether a line of a script is `git-kata reset` (with or without --yes / --force), which the
/// prover carries out itself, as the command would, by rebuilding the sandbox.
fn is_reset(line: &str) -> bool {
    let mut words = line.split_whitespace();
    words.next() == Some("git-kata")
        && words.next() == Some("reset")
        && words.all(|w| w == "--yes" || w == "--force" || w == "-y")
}

/// Runs `script` from the lesson's first repository, rebuilding the sandbox at each
/// `git-kata reset` line. `Err(String)` when a part of the script failed.
fn play(
    lesson: &Loaded,
    iso: &Isolation,
    sb: &Sandbox,
    script: &str,
) -> Result<std::result::Result<Sandbox, String>> {
    let mut sb = sb.clone();
    let mut part = String::new();
    let lines: Vec<&str> = script.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let reset = is_reset(line);
        if !reset {
            part.push_str(line);
            part.push('\n');
        }
        if reset || i + 1 == lines.len() {
            if !part.trim().is_empty() {
                if let Err(e) = run_in(lesson, iso, &sb, &part)? {
                    return Ok(Err(e));
                }
                part.clear();
            }
            if reset {
                sb = sandbox::rebuild(&sb, lesson)?;
            }
        }
    }
    Ok(Ok(sb))
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
    Ok(run_in(lesson, iso, &sb, script)?.map(|()| check::check(&sb, &lesson.lesson)))
}

/// Runs `script` from the lesson's first repository of `sb`.
fn run_in(
    lesson: &Loaded,
    iso: &Isolation,
    sb: &Sandbox,
    script: &str,
) -> Result<std::result::Result<(), String>> {
    let cwd = sb.repo_dir(&lesson.lesson.repos[0].name.value);
    let run = iso.bash(script, &cwd, SCRIPT_TIMEOUT)?;
    match run.outcome {
        Outcome::Exited(0) => Ok(Ok(())),
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
