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
    let start = after
        .and_then(|id| lessons.iter().position(|l| l.id() == id))
        .map_or(0, |here| here + 1);
    let (before, from) = lessons.split_at(start);
    from.iter()
        .chain(before)
        .copied()
        .find(|l| !progress.get(l.id()).completed && Some(l.id()) != after)
}

/// What "Well done!" in lesson `id` offers next.
pub fn after(packs: &[PathBuf], id: &str) -> Next {
    let Ok(catalog) = Catalog::load(packs) else {
        return Next::Unknown;
    };
    if catalog.get(id).is_none() {
        return Next::Unknown;
    }
    match first_open(&catalog, &Progress::load(), Some(id)) {
        Some(l) => Next::Lesson(l.id().to_string(), l.lesson.title.clone()),
        None => Next::EndOfCourse,
    }
}
