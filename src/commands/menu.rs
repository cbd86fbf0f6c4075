//! `git-kata` alone on a terminal: pick a lesson (by track, with your progress), then start,
//! re-read the brief, watch, check, get a hint, see the sandbox, take the quiz, or reset it.
//! A lesson's sandbox is where `start` last built it (progress records it, `--dir` or not),
//! else where `start` would build it now; the sandbox you are in comes first as "continue".

use std::path::{Path, PathBuf};

use anyhow::Result;
use dialoguer::Select;

use crate::error::Exit;
use crate::lesson::{Catalog, Loaded};
use crate::paths::shell_path;
use crate::render::style;
use crate::sandbox::{Sandbox, is_sandbox};

pub fn run(catalog: &Catalog, packs: &[PathBuf]) -> Result<Exit> {
    let cwd = super::current_dir()?;
    loop {
        let current = Sandbox::discover(&cwd).ok();
        let Some(choice) = pick_lesson(catalog, current.as_ref(), &cwd)? else {
            return Ok(Exit::Success);
        };
        let (lesson, dir) = match choice {
            Pick::Continue(sb) => match catalog.get(&sb.marker.lesson) {
                Some(l) => (l, sb.root.clone()),
                None => {
                    crate::text::outln!(
                        "The lesson of this sandbox ({}) is not in the course on offer.",
                        sb.marker.lesson
                    );
                    continue;
                }
            },
            Pick::Lesson(l) => (l, sandbox_dir(l, &cwd, &crate::progress::Progress::load())),
        };
        if lesson_menu(catalog, packs, lesson, &dir)? == Flow::Quit {
            return Ok(Exit::Success);
        }
    }
}

/// Where `lesson`'s sandbox is, or would be built from `cwd`.
fn sandbox_dir(lesson: &Loaded, cwd: &Path, progress: &crate::progress::Progress) -> PathBuf {
    let built = progress
        .get(lesson.id())
        .sandbox
        .filter(|d| crate::sandbox::marker::read(d).is_ok_and(|m| m.lesson == lesson.id()));
    built.unwrap_or_else(|| crate::sandbox::place::default_dir(cwd, lesson.id()).dir)
}

enum Pick<'c> {
    Continue(Sandbox),
    Lesson(&'c Loaded),
}

fn pick_lesson<'c>(
    catalog: &'c Catalog,
    current: Option<&Sandbox>,
    cwd: &Path,
) -> Result<Option<Pick<'c>>> {
    let mut items = Vec::new();
    if let Some(sb) = current {
        items.push(format!(
            "Continue {}: the sandbox you are in",
            sb.marker.lesson
        ));
    }
    let id_w = catalog
        .lessons
        .iter()
        .map(|(_, l)| l.id().len())
        .max()
        .unwrap_or(0);
    let track_w = catalog
        .lessons
        .iter()
        .map(|(_, l)| l.lesson.track.as_deref().unwrap_or("other").len())
        .max()
        .unwrap_or(0);
    let progress = crate::progress::Progress::load();
    for (_, l) in &catalog.lessons {
        let dir = sandbox_dir(l, cwd, &progress);
        let here = if is_sandbox(&dir) {
            format!("  (sandbox in {})", shell_path(&dir))
        } else {
            String::new()
        };
        let p = progress.get(l.id());
        let notes = super::list::notes(&p);
        let notes = if notes.is_empty() {
            notes
        } else {
            format!("  [{notes}]")
        };
        items.push(format!(
            "{} {:track_w$}  {:id_w$}  {}{here}{notes}",
            super::list::mark(&p),
            l.lesson.track.as_deref().unwrap_or("other"),
            l.id(),
            l.lesson.title
        ));
    }
    items.push("Quit".to_string());
    let chosen = Select::new()
        .with_prompt("git-kata: choose a lesson (arrows and Enter; Esc quits)")
        .items(&items)
        .default(0)
        .interact_opt()?;
    let offset = usize::from(current.is_some());
    Ok(match chosen {
        None => None,
        Some(0) if current.is_some() => current.cloned().map(Pick::Continue),
        Some(i) => catalog
            .lessons
            .get(i - offset)
            .map(|(_, l)| Pick::Lesson(l)),
    })
}

#[derive(PartialEq, Eq)]
enum Flow {
    Back,
    Quit,
}

#[derive(Clone, Copy)]
enum Action {
    Start,
    Brief,
    Watch,
    Check,
    Hint,
    Status,
    Quiz,
    Reset,
    Back,
    Quit,
}

fn lesson_menu(catalog: &Catalog, packs: &[PathBuf], lesson: &Loaded, dir: &Path) -> Result<Flow> {
    loop {
        let shown = shell_path(dir);
        let mut actions: Vec<(Action, String)> = if is_sandbox(dir) {
            vec![
                (
                    Action::Brief,
                    "Brief: the situation and your task, again".into(),
                ),
                (
                    Action::Watch,
                    "Watch: a live checklist while you work in another terminal".into(),
                ),
                (Action::Check, "Check: what is still missing".into()),
                (
                    Action::Hint,
                    "Hint: a nudge for the first unmet objective".into(),
                ),
                (
                    Action::Status,
                    "Status: a picture of the worktrees, branches and stashes".into(),
                ),
                (
                    Action::Reset,
                    format!("Reset: rebuild {shown} from scratch"),
                ),
                (Action::Back, "Back to the lessons".into()),
                (Action::Quit, "Quit".into()),
            ]
        } else if dir.exists() {
            crate::text::outln!(
                "{shown} exists and is not a sandbox, so the lesson cannot start there. Use `git-kata start {} --dir DIR` with another directory.",
                lesson.id()
            );
            return Ok(Flow::Back);
        } else {
            vec![
                (
                    Action::Start,
                    format!("Start: build the sandbox in {shown}"),
                ),
                (Action::Back, "Back to the lessons".into()),
                (Action::Quit, "Quit".into()),
            ]
        };
        if !lesson.lesson.quiz.is_empty() {
            let n = lesson.lesson.quiz.len();
            let quiz = format!("Quiz: {n} question{}", if n == 1 { "" } else { "s" });
            actions.insert(actions.len() - 2, (Action::Quiz, quiz));
        }
        let labels: Vec<&str> = actions.iter().map(|(_, l)| l.as_str()).collect();
        let prompt = format!("{} — {}", lesson.id(), lesson.lesson.title);
        let Some(i) = Select::new()
            .with_prompt(style::heading(&prompt))
            .items(&labels)
            .default(0)
            .interact_opt()?
        else {
            return Ok(Flow::Back);
        };
        let sandbox = || Sandbox::open(dir);
        // A failing action (a sandbox damaged by hand, say) is reported and the menu goes on.
        let outcome: Result<Exit> = match actions[i].0 {
            Action::Start => super::start::run(lesson, Some(dir)),
            Action::Brief => sandbox().and_then(|sb| super::start::brief(&sb)),
            Action::Watch => sandbox().and_then(|sb| super::watch::run(sb, packs, false)),
            Action::Check => sandbox().and_then(|sb| super::check::run(&sb, packs, false)),
            Action::Hint => sandbox().and_then(|sb| super::hint::run(&sb)),
            Action::Status => sandbox().and_then(|sb| super::status::run(&sb)),
            Action::Quiz => super::quiz::run(
                catalog,
                crate::cli::QuizArgs {
                    lesson: Some(lesson.id().to_string()),
                    all: false,
                    answers: None,
                    reveal: false,
                },
            ),
            Action::Reset => sandbox().and_then(|sb| super::reset::run(&sb, packs, false, false)),
            Action::Back => return Ok(Flow::Back),
            Action::Quit => return Ok(Flow::Quit),
        };
        if let Err(e) = outcome {
            crate::render::print_error(&e);
        }
        crate::text::outln!();
    }
}
