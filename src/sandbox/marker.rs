//! The marker at `DIR/.git-kata/`: which lesson a sandbox holds and what its setup made, so that
//! predicates can say "where main was at setup" and git-kata can tell its own directories apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::lesson::Loaded;
pub use crate::repo::setup::RepoRecord;

pub const MARKER_DIR: &str = ".git-kata";
const MARKER_FILE: &str = "sandbox.json";
/// Where sandboxes built before the marker named its lesson's source kept a copy of the lesson
/// (answer key included); still read, never written.
const LEGACY_LESSON_FILE: &str = "lesson.yaml";
const STATE_FILE: &str = "state.json";
const MARKER_FORMAT: u32 = 1;

/// What a sandbox records: only what `check` and `grade` need to judge it. The lesson itself
/// (its solution and its mistakes, an answer key) is never copied in: it comes from the
/// catalog or the pack that built the sandbox, and the digest says whether it is still the same.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Marker {
    pub format: u32,
    pub lesson: String,
    /// The git-kata version that built the sandbox.
    pub built_by: String,
    /// SHA-256 (hex) of the lesson file's text the sandbox was built from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// The lesson's version as grade reports show it: the digest's first 12 digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson_version: Option<String>,
    /// Where the lesson came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    pub repos: BTreeMap<String, RepoRecord>,
}

/// Where a sandbox's lesson is found again.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The built-in course of this binary.
    Builtin,
    /// A lesson file of a pack, by its absolute path.
    Pack(PathBuf),
}

impl Marker {
    pub fn new(lesson: &str) -> Marker {
        Marker {
            format: MARKER_FORMAT,
            lesson: lesson.to_string(),
            built_by: env!("CARGO_PKG_VERSION").to_string(),
            digest: None,
            lesson_version: None,
            source: None,
            repos: BTreeMap::new(),
        }
    }

    pub fn setup_ref(&self, repo: &str, refname: &str) -> Option<&str> {
        self.repos.get(repo)?.refs.get(refname).map(String::as_str)
    }

    /// Records which lesson text built the sandbox, and where to find it again.
    pub fn record_lesson(&mut self, lesson: &Loaded) {
        let digest = crate::lesson::digest(&lesson.text);
        self.lesson_version = Some(digest[..12].to_string());
        self.digest = Some(digest);
        self.source = Some(if crate::lesson::catalog::is_builtin_text(&lesson.text) {
            Source::Builtin
        } else {
            let file = Path::new(&lesson.origin);
            Source::Pack(std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf()))
        });
    }
}

pub fn marker_dir(root: &Path) -> PathBuf {
    root.join(MARKER_DIR)
}

pub fn is_sandbox(dir: &Path) -> bool {
    marker_dir(dir).join(MARKER_FILE).is_file()
}

/// Writes the marker into a sandbox being built. A plain write: the sandbox is built in a
/// staging directory that is moved into place whole, which is what makes it appear all at once.
pub fn write(root: &Path, marker: &Marker) -> Result<()> {
    let dir = marker_dir(root);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let json = serde_json::to_string_pretty(marker).context("cannot encode the sandbox marker")?;
    let path = dir.join(MARKER_FILE);
    std::fs::write(&path, json).with_context(|| format!("cannot write {}", path.display()))
}

/// The lesson of the sandbox at `root`, from where the marker says it came: the built-in course
/// or the pack file. A lesson whose text no longer has the recorded digest is refused: the
/// sandbox was built from another version, and judging it by this one could be wrong.
pub fn read_lesson(root: &Path) -> Result<Loaded> {
    let marker = read(root)?;
    lesson_of(root, &marker)
}

pub fn lesson_of(root: &Path, marker: &Marker) -> Result<Loaded> {
    let (Some(digest), Some(source)) = (&marker.digest, &marker.source) else {
        return legacy_lesson(root);
    };
    let id = &marker.lesson;
    let loaded = match source {
        Source::Builtin => crate::lesson::catalog::builtin(id).ok_or_else(|| {
            crate::error::usage(format!(
                "{} was built from the built-in lesson `{id}`, which this git-kata ({}) does not have; use the version that built it ({}) or `git-kata reset` with --lessons DIR",
                root.display(),
                env!("CARGO_PKG_VERSION"),
                marker.built_by
            ))
        })??,
        Source::Pack(file) => crate::lesson::catalog::load_file(file).map_err(|e| {
            crate::error::usage(format!(
                "{} was built from the lesson file {}, which cannot be read now: {e:#}",
                root.display(),
                file.display()
            ))
        })?,
    };
    let current = match source {
        Source::Builtin => crate::lesson::catalog::builtin_digest(id)
            .map_or_else(|| crate::lesson::digest(&loaded.text), str::to_string),
        Source::Pack(_) => crate::lesson::digest(&loaded.text),
    };
    if &current != digest {
        let from = match source {
            Source::Builtin => {
                format!("the built-in lesson `{id}` of git-kata {}", marker.built_by)
            }
            Source::Pack(file) => format!("{} as it was then", file.display()),
        };
        return Err(crate::error::usage(format!(
            "{} was built from {from}; that lesson has changed since, so judging this sandbox by it could be wrong. `git-kata reset --dir {}` rebuilds it from the current lesson (your work in it is lost)",
            root.display(),
            crate::paths::shell_path(root)
        )));
    }
    Ok(loaded)
}

/// A sandbox built before markers named their lesson's source carries the lesson's YAML.
fn legacy_lesson(root: &Path) -> Result<Loaded> {
    let path = marker_dir(root).join(LEGACY_LESSON_FILE);
    let text = read_small(&path)?;
    let origin = path.display().to_string();
    if let Some(lesson) = crate::lesson::catalog::builtin_with_text(&text) {
        return Ok(Loaded {
            lesson: lesson?,
            origin,
            text,
        });
    }
    Ok(crate::lesson::parse(&origin, &text)?)
}

/// The most of a marker or state file read: they are a few KiB; a submission's FIFO or a
/// link to a device in their place must not hang or fill memory.
const MAX_MARKER_BYTES: u64 = 4 * 1024 * 1024;

fn read_small(path: &Path) -> Result<String> {
    let bytes = crate::platform::fs::read_regular(path, MAX_MARKER_BYTES)
        .with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", path.display()))
}

pub fn read(root: &Path) -> Result<Marker> {
    let path = marker_dir(root).join(MARKER_FILE);
    let text = read_small(&path)?;
    let marker: Marker = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is damaged; run `git-kata reset` to rebuild the sandbox",
            path.display()
        )
    })?;
    Ok(marker)
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
    read_small(&marker_dir(root).join(STATE_FILE))
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
