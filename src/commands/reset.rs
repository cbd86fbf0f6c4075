use std::path::PathBuf;

use anyhow::Result;

use super::interactive;
use crate::error::{self, Exit};
use crate::lesson::Catalog;
use crate::paths::shell_path;
use crate::sandbox::{self, Sandbox};

pub fn run(sandbox: &Sandbox, packs: &[PathBuf], yes: bool) -> Result<Exit> {
    if !yes {
        if !interactive() {
            return Err(error::usage(format!(
                "reset deletes everything done in {}; run it again with --yes to confirm",
                sandbox.root.display()
            )));
        }
        let confirmed = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Throw away everything in {} and rebuild it?",
                sandbox.root.display()
            ))
            .default(false)
            .interact()?;
        if !confirmed {
            println!("Nothing changed.");
            return Ok(Exit::Success);
        }
    }
    // Rebuild from the current version of the lesson if we still have it, else from the copy the
    // sandbox carries.
    let catalog = Catalog::load(packs).ok();
    let lesson = match catalog.as_ref().and_then(|c| c.get(&sandbox.marker.lesson)) {
        Some(l) => l.clone(),
        None => sandbox.lesson()?,
    };
    let rebuilt = sandbox::rebuild(sandbox, &lesson)?;
    let main_repo = rebuilt.repo_dir(&lesson.lesson.repos[0].name.value);
    println!("The sandbox is as new. Your shell may still be in the old directory, so:");
    println!();
    println!("    cd {}", shell_path(&main_repo));
    Ok(Exit::Success)
}

/// `reset --all`: forget the learner's progress. Sandboxes are left alone.
pub fn forget_progress(yes: bool) -> Result<Exit> {
    if !yes {
        if !interactive() {
            return Err(error::usage(
                "reset --all forgets every lesson's progress; run it again with --yes to confirm",
            ));
        }
        let confirmed = dialoguer::Confirm::new()
            .with_prompt("Forget all progress (lessons done, hints used, quiz scores)?")
            .default(false)
            .interact()?;
        if !confirmed {
            println!("Nothing changed.");
            return Ok(Exit::Success);
        }
    }
    crate::progress::Progress::forget_all()?;
    println!("Progress forgotten: every lesson is new again. Sandboxes on disk were not touched.");
    Ok(Exit::Success)
}
