use anyhow::Result;
use serde::Serialize;

use crate::error::Exit;
use crate::lesson::{Catalog, LessonSource};
use crate::render::style;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: &'a str,
    track: Option<&'a str>,
    summary: &'a str,
    pack: Option<String>,
}

pub fn run(catalog: &Catalog, json: bool) -> Result<Exit> {
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
            println!(
                "{}",
                style::heading(&format!("{} track", r.track.unwrap_or("other")))
            );
        }
        match &r.pack {
            Some(pack) => println!(
                "  {:width$}  {}  {}",
                r.id,
                r.title,
                style::dim(&format!("(pack {pack})"))
            ),
            None => println!("  {:width$}  {}", r.id, r.title),
        }
    }
    println!();
    println!("Start one with {}", style::command("git-kata start LESSON"));
    Ok(Exit::Success)
}
