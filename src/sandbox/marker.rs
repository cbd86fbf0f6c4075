//! The marker at `DIR/.git-kata/`: which lesson a sandbox holds and what its setup made, so that
//! predicates can say "where main was at setup" and git-kata can tell its own directories apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::lesson::{Lesson, Loaded};
pub use crate::repo::setup::RepoRecord;

pub const MARKER_DIR: &str = ".git-kata";
const MARKER_FILE: &str = "sandbox.json";
const LESSON_FILE: &str = "lesson.yaml";
const PARSED_FILE: &str = "lesson.parsed.json";
const STATE_FILE: &str = "state.json";
const MARKER_FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Marker {
    pub format: u32,
    pub lesson: String,
    /// The git-kata version that built the sandbox.
    pub built_by: String,
    pub repos: BTreeMap<String, RepoRecord>,
}

impl Marker {
    pub fn new(lesson: &str) -> Marker {
        Marker {
            format: MARKER_FORMAT,
            lesson: lesson.to_string(),
            built_by: env!("CARGO_PKG_VERSION").to_string(),
            repos: BTreeMap::new(),
        }
    }

    pub fn setup_ref(&self, repo: &str, refname: &str) -> Option<&str> {
        self.repos.get(repo)?.refs.get(refname).map(String::as_str)
    }
}

pub fn marker_dir(root: &Path) -> PathBuf {
    root.join(MARKER_DIR)
}

pub fn is_sandbox(dir: &Path) -> bool {
    marker_dir(dir).join(MARKER_FILE).is_file()
}

/// Writes the marker and the lesson copies into a sandbox being built. Plain writes: the
/// sandbox is built in a staging directory that is moved into place whole, which is what makes
/// it appear all at once.
pub fn write(root: &Path, marker: &Marker, lesson: &Loaded) -> Result<()> {
    let dir = marker_dir(root);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let json = serde_json::to_string_pretty(marker).context("cannot encode the sandbox marker")?;
    let mut files = vec![
        (MARKER_FILE, json.into_bytes()),
        (LESSON_FILE, lesson.text.as_bytes().to_vec()),
    ];
    // A built-in lesson is found again from its text (read_lesson), so it needs no parsed copy.
    if !crate::lesson::catalog::is_builtin_text(&lesson.text) {
        let parsed = ParsedLesson {
            built_by: env!("CARGO_PKG_VERSION").to_string(),
            digest: digest(&lesson.text),
            lesson: lesson.lesson.clone(),
        };
        let parsed = serde_json::to_vec(&parsed).context("cannot encode the lesson")?;
        files.push((PARSED_FILE, parsed));
    }
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// The lesson already parsed, so that `check` (run after every few git commands) does not parse
/// YAML each time. Only a cache: it is used when this very version of git-kata wrote it from
/// exactly the lesson text next to it, and the YAML is parsed otherwise.
#[derive(Serialize, Deserialize)]
struct ParsedLesson {
    built_by: String,
    digest: u64,
    lesson: Lesson,
}

/// FNV-1a: stable across builds and platforms, unlike std's hasher; no security needed here.
fn digest(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The lesson of the sandbox at `root`: the built-in lesson it is a copy of, or the parsed copy
/// when it is current, else the YAML copy parsed and validated as any lesson file.
pub fn read_lesson(root: &Path) -> Result<Loaded> {
    let text = read_lesson_text(root)?;
    let origin = lesson_copy_path(root).display().to_string();
    if let Some(lesson) = crate::lesson::catalog::builtin_with_text(&text) {
        return Ok(Loaded {
            lesson: lesson?,
            origin,
            text,
        });
    }
    let cached = std::fs::read(marker_dir(root).join(PARSED_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<ParsedLesson>(&bytes).ok())
        .filter(|p| p.built_by == env!("CARGO_PKG_VERSION") && p.digest == digest(&text));
    match cached {
        Some(p) => Ok(Loaded {
            lesson: p.lesson,
            origin,
            text,
        }),
        None => Ok(crate::lesson::parse(&origin, &text)?),
    }
}

pub fn read(root: &Path) -> Result<Marker> {
    let path = marker_dir(root).join(MARKER_FILE);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let marker: Marker = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is damaged; run `git-kata reset` to rebuild the sandbox",
            path.display()
        )
    })?;
    Ok(marker)
}

/// The copy of the lesson the sandbox was built from.
pub fn read_lesson_text(root: &Path) -> Result<String> {
    let path = marker_dir(root).join(LESSON_FILE);
    std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))
}

pub fn lesson_copy_path(root: &Path) -> PathBuf {
    marker_dir(root).join(LESSON_FILE)
}

/// Per-sandbox learner state: hints shown so far, and how much help was used in all.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    /// Objective id to the number of its hints already shown.
    #[serde(default)]
    pub hints_shown: BTreeMap<String, usize>,
    /// Recognised mistakes whose way back (recovery commands) was already shown and counted.
    #[serde(default)]
    pub advice_shown: BTreeSet<String>,
    /// Hints and mistake recoveries shown in this sandbox, counted once each; kept across
    /// `reset`, so a rebuild does not wipe the record an instructor grades with.
    #[serde(default)]
    pub help_used: u32,
}

pub fn read_state(root: &Path) -> State {
    // A missing or damaged state file only resets the hint counter; it is never worth an error.
    std::fs::read_to_string(marker_dir(root).join(STATE_FILE))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

pub fn write_state(root: &Path, state: &State) -> Result<()> {
    let json = serde_json::to_string_pretty(state).context("cannot encode the sandbox state")?;
    write_atomic(&marker_dir(root).join(STATE_FILE), json.as_bytes())
}

/// Writes through a temporary file and a rename, so a crash never leaves half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .context("a file to write has no parent directory")?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
