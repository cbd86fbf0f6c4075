use std::path::{Path, PathBuf};

use anyhow::Result;

use super::interactive;
use crate::check::overview::{self, Files, Overview};
use crate::error::{self, Exit};
use crate::lesson::Catalog;
use crate::paths::shell_path;
use crate::sandbox::{self, Sandbox};

pub fn run(sandbox: &Sandbox, packs: &[PathBuf], yes: bool, force: bool) -> Result<Exit> {
    // Rebuild from the current version of the lesson: from the packs named now, else from where
    // the marker says the lesson came from (the built-in course or its pack file).
    let id = &sandbox.marker.lesson;
    let lesson = if packs.is_empty() {
        match &sandbox.marker.source {
            Some(sandbox::marker::Source::Pack(file)) => crate::lesson::catalog::load_file(file)?,
            Some(sandbox::marker::Source::Builtin) => Catalog::lesson(packs, id)?,
            None => match Catalog::load(packs).ok().and_then(|c| c.get(id).cloned()) {
                Some(l) => l,
                None => sandbox.lesson()?,
            },
        }
    } else {
        Catalog::lesson(packs, id)?
    };
    let overview = overview::gather(sandbox, &lesson.lesson);
    let outside = outside_worktrees(&overview);
    if !outside.is_empty() && !force {
        return Err(error::usage(format!(
            "{} has linked worktrees outside the sandbox: {}. A reset rebuilds the \
             repositories, so those worktrees would be cut off from them (their files stay on \
             disk, but git no longer knows them) and branches made there would be gone. Copy \
             out what you want to keep or `git worktree remove` them first, or run the reset \
             again with --force to go ahead",
            shell_path(&sandbox.root),
            outside.join(", ")
        )));
    }
    if !yes {
        if !interactive() {
            return Err(error::usage(format!(
                "reset deletes everything done in {}; run it again with --yes to confirm",
                sandbox.root.display()
            )));
        }
        let lost = losses(&overview, sandbox);
        if lost.is_empty() {
            crate::text::outln!(
                "Nothing you did in the sandbox would be lost: it is as it was built."
            );
        } else {
            crate::text::outln!("A reset throws away:");
            for line in &lost {
                crate::text::outln!("  - {line}");
            }
        }
        let confirmed = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Throw away everything in {} and rebuild it?",
                sandbox.root.display()
            ))
            .default(false)
            .interact()?;
        if !confirmed {
            crate::text::outln!("Nothing changed.");
            return Ok(Exit::Success);
        }
    }
    let help_used = sandbox::marker::read_state(&sandbox.root).help_used;
    let rebuilt = sandbox::rebuild(sandbox, &lesson)?;
    if help_used > 0 {
        // The hints start over, but the record of help taken stays for grading.
        let state = sandbox::marker::State {
            help_used,
            ..Default::default()
        };
        let _ = sandbox::marker::write_state(&rebuilt.root, &state);
    }
    let main_repo = rebuilt.repo_dir(&lesson.lesson.repos[0].name.value);
    crate::text::outln!("The sandbox is as new. Your shell may still be in the old directory, so:");
    crate::text::outln!();
    crate::text::outln!("    cd {}", shell_path(&main_repo));
    Ok(Exit::Success)
}

/// Linked worktrees whose directory is outside the sandbox, as the learner would type them.
fn outside_worktrees(overview: &Overview) -> Vec<String> {
    overview
        .repos
        .iter()
        .flat_map(|r| &r.worktrees)
        .filter(|w| w.admin.is_some() && w.files != Files::Gone)
        .filter(|w| w.path.starts_with("..") || Path::new(&w.path).is_absolute())
        .map(|w| w.path.clone())
        .collect()
}

/// What the learner did that a rebuild throws away, one line each: uncommitted changes per
/// working tree, stashes, and branches that are new or have moved since the setup.
fn losses(overview: &Overview, sandbox: &Sandbox) -> Vec<String> {
    let mut lost = Vec::new();
    for repo in &overview.repos {
        for w in &repo.worktrees {
            if let Files::Dirty(changes) = &w.files {
                let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
                lost.push(format!(
                    "uncommitted changes in {}: {}",
                    w.path,
                    paths.join(", ")
                ));
            }
            if w.admin.is_some() && w.files != Files::Gone {
                lost.push(format!("the linked worktree {}", w.path));
            }
        }
        match repo.stashes.len() {
            0 => {}
            1 => lost.push(format!("1 stash in {}", repo.name)),
            n => lost.push(format!("{n} stashes in {}", repo.name)),
        }
        for b in &repo.branches {
            let setup = sandbox
                .marker
                .setup_ref(&repo.name, &format!("refs/heads/{}", b.name));
            match setup {
                Some(id) if id.starts_with(&b.tip) => {}
                Some(_) => lost.push(format!(
                    "branch {} in {}, moved since the setup",
                    b.name, repo.name
                )),
                None => lost.push(format!("branch {} in {}, made by you", b.name, repo.name)),
            }
        }
    }
    lost
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
            crate::text::outln!("Nothing changed.");
            return Ok(Exit::Success);
        }
    }
    crate::progress::Progress::forget_all()?;
    crate::text::outln!(
        "Progress forgotten: every lesson is new again. Sandboxes on disk were not touched."
    );
    Ok(Exit::Success)
}
