use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::error::Exit;
use crate::lesson::{Catalog, Loaded};
use crate::progress::Progress;
use crate::render::watch::Next;
use crate::sandbox::{marker, place};

/// `git-kata next`: in a sandbox, the first lesson after its one (in course order, wrapping
/// round) not completed yet, as "Well done!" names it; elsewhere the first not completed.
pub fn run(catalog: &Catalog, dir: Option<&Path>) -> Result<Exit> {
    let progress = Progress::load();
    if let Some(lesson) = announced(catalog, &progress) {
        return super::start::run(lesson, dir);
    }
    let here = super::current_dir()
        .ok()
        .and_then(|cwd| place::enclosing_sandbox(&cwd))
        .and_then(|root| marker::read(&root).ok())
        .map(|m| m.lesson);
    match first_open(catalog, &progress, here.as_deref()) {
        Some(lesson) => super::start::run(lesson, dir),
        None => {
            crate::text::outln!(
                "Every lesson is completed. `git-kata quiz --all` tests what you learned; `git-kata reset --all` starts over."
            );
            Ok(Exit::Success)
        }
    }
}

/// In a workshop, the lesson the instructor announced, unless it is done already. A board that
/// cannot be reached is said, and the course order used instead.
fn announced<'c>(catalog: &'c Catalog, progress: &Progress) -> Option<&'c Loaded> {
    let session = crate::workshop::client::session()?;
    match crate::workshop::client::announced(&session) {
        Ok(Some(id)) if !progress.get(&id).completed => {
            let found = catalog.get(&id);
            if found.is_none() {
                crate::text::errln!(
                    "note: the workshop announced `{id}`, which this git-kata does not have"
                );
            }
            found
        }
        Ok(_) => None,
        Err(e) => {
            crate::text::errln!(
                "note: the workshop board did not answer ({e:#}); taking the course order"
            );
            None
        }
    }
}

/// The first lesson not completed, starting after `after` (wrapping round) when it is given
/// and in the catalog, else from the start of the course.
fn first_open<'c>(
    catalog: &'c Catalog,
    progress: &Progress,
    after: Option<&str>,
) -> Option<&'c Loaded> {
    let lessons: Vec<&Loaded> = catalog.lessons.iter().map(|(_, l)| l).collect();
    let ids: Vec<&str> = lessons.iter().map(|l| l.id()).collect();
    first_open_of(&ids, progress, after).map(|i| lessons[i])
}

/// The index in `ids` (course order) of the first lesson not completed, starting after
/// `after` and wrapping round.
fn first_open_of(ids: &[&str], progress: &Progress, after: Option<&str>) -> Option<usize> {
    let start = after
        .and_then(|id| ids.iter().position(|l| *l == id))
        .map_or(0, |here| here + 1);
    (start..ids.len())
        .chain(0..start)
        .find(|&i| !progress.get(ids[i]).completed && Some(ids[i]) != after)
}

/// What "Well done!" in lesson `id` offers next. The built-in course is read from its list
/// (ids and titles), without decoding every lesson: this runs on each passing `check`.
pub fn after(packs: &[PathBuf], id: &str) -> Next {
    let course: Vec<(String, String)> = if packs.is_empty() {
        crate::lesson::catalog::builtin_titles()
            .map(|(id, title)| (id.to_string(), title.to_string()))
            .collect()
    } else {
        let Ok(catalog) = Catalog::load(packs) else {
            return Next::Unknown;
        };
        catalog
            .lessons
            .iter()
            .map(|(_, l)| (l.id().to_string(), l.lesson.title.clone()))
            .collect()
    };
    let ids: Vec<&str> = course.iter().map(|(id, _)| id.as_str()).collect();
    if !ids.contains(&id) {
        return Next::Unknown;
    }
    match first_open_of(&ids, &Progress::load(), Some(id)) {
        Some(i) => Next::Lesson(course[i].0.clone(), course[i].1.clone()),
        None => Next::EndOfCourse,
    }
}
