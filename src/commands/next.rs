use std::path::Path;

use anyhow::Result;

use crate::error::Exit;
use crate::lesson::Catalog;
use crate::progress::Progress;

pub fn run(catalog: &Catalog, dir: Option<&Path>) -> Result<Exit> {
    let progress = Progress::load();
    match catalog
        .lessons
        .iter()
        .map(|(_, l)| l)
        .find(|l| !progress.get(l.id()).completed)
    {
        Some(lesson) => super::start::run(lesson, dir),
        None => {
            println!(
                "Every lesson is completed. `git-kata quiz --all` tests what you learned; `git-kata reset --all` starts over."
            );
            Ok(Exit::Success)
        }
    }
}
