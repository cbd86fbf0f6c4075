//! `git-kata lesson validate`: everything that can be wrong with a lesson file, each problem at
//! its file:line:col, then the proof that the lesson works with the real git CLI.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::lesson::{LessonError, Loaded, catalog};
use crate::predicates::{Kind, SetupRef};
use crate::sandbox::{Marker, builder};

/// What became of one file.
#[derive(Debug)]
pub enum Verdict {
    /// It does not load or its setup cannot be built: the lesson is invalid.
    Invalid(Vec<String>),
    /// Valid, but the proof failed.
    Unproven(Vec<String>),
    Proven,
    /// Valid; the proof was skipped on request.
    Valid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    Run,
    Skip,
}

/// The lesson files named by `paths`: files as given, directories for their `*.yaml`/`*.yml`.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| matches!(f.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                .collect();
            found.sort();
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            return Err(crate::error::usage(format!(
                "{} does not exist",
                p.display()
            )));
        }
    }
    Ok(files)
}

/// Lints and (unless skipped) proves one file. `seen` maps lesson ids to the file that defined
/// them first, so duplicates across a pack are reported.
pub fn validate_file(path: &Path, proof: Proof, seen: &mut HashMap<String, PathBuf>) -> Verdict {
    let loaded = match load(path) {
        Ok(l) => l,
        Err(problems) => return Verdict::Invalid(problems),
    };
    let mut problems = Vec::new();
    if let Some(first) = seen.get(loaded.id()) {
        problems.push(
            loaded
                .error_at(
                    &loaded.lesson.id.referenced,
                    format!(
                        "lesson id `{}` is already used by {}",
                        loaded.id(),
                        first.display()
                    ),
                )
                .to_string(),
        );
    } else {
        seen.insert(loaded.id().to_string(), path.to_path_buf());
    }
    match build_and_record(&loaded) {
        Ok(marker) => problems.extend(
            setup_references(&loaded, &marker)
                .into_iter()
                .map(|e| e.to_string()),
        ),
        Err(e) => problems.push(format!("{e:#}")),
    }
    if !problems.is_empty() {
        return Verdict::Invalid(problems);
    }
    if proof == Proof::Skip {
        return Verdict::Valid;
    }
    match crate::prove::prove(&loaded) {
        Ok(found) if found.is_empty() => Verdict::Proven,
        Ok(found) => Verdict::Unproven(
            found
                .into_iter()
                .map(|p| {
                    format!(
                        "{}: proof failed ({}): {}",
                        locate_part(&loaded, &p.part),
                        p.part,
                        p.message
                    )
                })
                .collect(),
        ),
        Err(e) => Verdict::Unproven(vec![format!(
            "{}: the proof could not run: {e:#}",
            loaded.origin
        )]),
    }
}

fn load(path: &Path) -> std::result::Result<Loaded, Vec<String>> {
    match catalog::load_file(path) {
        Ok(l) => Ok(l),
        Err(e) => match e.downcast_ref::<crate::lesson::Problems>() {
            Some(p) => Err(p.0.iter().map(ToString::to_string).collect()),
            None => Err(vec![format!("{e:#}")]),
        },
    }
}

/// Builds the setup in a scratch directory: a step on a missing branch or path is reported at
/// the step's line by the builder itself.
fn build_and_record(l: &Loaded) -> Result<Marker> {
    let scratch = tempfile::Builder::new()
        .prefix("git-kata-lint-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    builder::build_into(l, scratch.path())
}

/// Every `setup:NAME` a predicate names (`predicates::Kind::setup_refs`) must be a branch or
/// tag the setup made.
fn setup_references(l: &Loaded, marker: &Marker) -> Vec<LessonError> {
    let first_repo = &l.lesson.repos[0].name.value;
    let mut problems = Vec::new();
    let checks = l
        .lesson
        .objectives
        .iter()
        .flat_map(|o| {
            std::iter::once((&o.check.value, &o.check.referenced)).chain(
                o.requires
                    .iter()
                    .map(|r| (&r.check.value, &r.check.referenced)),
            )
        })
        .chain(
            l.lesson
                .mistakes
                .iter()
                .map(|m| (&m.when.value, &m.when.referenced)),
        );
    // Each check inside `all`, `any` and `not` is reported at its own line.
    for (predicate, at) in checks.flat_map(|(p, at)| p.leaves(at)) {
        for SetupRef { repo, name } in predicate.setup_refs() {
            let repo = repo.unwrap_or(first_repo);
            let made = marker
                .repos
                .get(repo)
                .is_some_and(|r| r.setup_object(name).is_some());
            if !made {
                problems.push(l.error_at(at, format!("this check refers to `{name}` as it was at setup, but the setup of {repo} never makes a branch, tag, remote-tracking branch or named stash `{name}`")));
            }
        }
    }
    problems
}

/// The line a proof problem belongs to: the mistake's id, or the `solution:` key.
fn locate_part(l: &Loaded, part: &str) -> String {
    if let Some(id) = part.strip_prefix("mistake ")
        && let Some(m) = l.lesson.mistakes.iter().find(|m| m.id.value == id)
    {
        return l.error_at(&m.id.referenced, "").position();
    }
    let key = if part == "solution" {
        "solution:"
    } else {
        "objectives:"
    };
    match l.text.lines().position(|line| line.starts_with(key)) {
        Some(i) => format!("{}:{}:1", l.origin, i + 1),
        None => l.origin.clone(),
    }
}
