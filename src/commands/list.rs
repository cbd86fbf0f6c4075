use anyhow::Result;
use serde::Serialize;

use crate::error::Exit;
use crate::lesson::{Catalog, LessonSource};
use crate::progress::{LessonProgress, Progress};
use crate::render::style;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    track: Option<&'a str>,
    summary: &'a str,
    pack: Option<String>,
    progress: LessonProgress,
}

pub fn run(catalog: &Catalog, json: bool) -> Result<Exit> {
    let progress = Progress::load();
    let rows: Vec<Row> = catalog
        .lessons
        .iter()
        .map(|(source, l)| Row {
            id: l.id(),
            title: &l.lesson.title,
            track: l.lesson.track.as_deref(),
            summary: &l.lesson.summary,
            pack: match source {
                LessonSource::Builtin => None,
                LessonSource::Pack(p) => Some(p.display().to_string()),
            },
            progress: progress.get(l.id()),
        })
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(Exit::Success);
    }
    let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut track = None;
    for r in &rows {
        if r.track != track {
            track = r.track;
            crate::text::outln!("{}", style::heading(&track_heading(r.track)));
        }
        let pack = r
            .pack
            .as_ref()
            .map(|p| format!("  (pack {p})"))
            .unwrap_or_default();
        crate::text::outln!(
            "  {} {:width$}  {}{}",
            mark(&r.progress),
            r.id,
            r.title,
            style::dim(&pack)
        );
        let notes = notes(&r.progress);
        if !notes.is_empty() {
            crate::text::outln!("    {:width$}  {}", "", style::dim(&notes));
        }
    }
    let done = rows.iter().filter(|r| r.progress.completed).count();
    crate::text::outln!();
    if done == rows.len() {
        crate::text::outln!(
            "All {done} lessons completed. {} tests what you learned; {} starts any lesson again.",
            style::command("git-kata quiz --all"),
            style::command("git-kata start LESSON")
        );
    } else {
        crate::text::outln!(
            "{done} of {} lessons completed. {} starts the next one; {} starts any.",
            rows.len(),
            style::command("git-kata next"),
            style::command("git-kata start LESSON")
        );
    }
    Ok(Exit::Success)
}

/// Done, started, or not yet: a mark that reads without colour too.
pub(super) fn mark(p: &LessonProgress) -> String {
    if p.completed {
        style::pass_mark()
    } else if p.started {
        style::dim("~")
    } else {
        " ".to_string()
    }
}

pub(super) fn notes(p: &LessonProgress) -> String {
    let mut parts = Vec::new();
    match p.hints_used {
        0 => {}
        1 => parts.push("1 hint used".to_string()),
        n => parts.push(format!("{n} hints used")),
    }
    if let Some(q) = p.quiz {
        parts.push(format!("quiz {} of {}", q.correct, q.total));
    }
    parts.join(", ")
}

fn track_heading(track: Option<&str>) -> String {
    let name = track.unwrap_or("other");
    let mut chars = name.chars();
    let capital: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{capital}{} track", chars.as_str())
}
