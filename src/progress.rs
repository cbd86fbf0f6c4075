//! Per-learner progress: lessons started and completed, hints used, best quiz scores. Stored as
//! JSON in the user's data directory (or `GIT_KATA_DATA_DIR`), always written atomically.
//! Progress is a convenience for the learner, never evidence: grading reads repositories.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

const FILE: &str = "progress.json";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Progress {
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct LessonProgress {
    #[serde(default)]
    pub started: bool,
    #[serde(default)]
    pub completed: bool,
    #[serde(default)]
    pub hints_used: u32,
    /// Where `start` last built this lesson's sandbox, so the menu finds one made with `--dir`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox: Option<PathBuf>,
    /// Best quiz result so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz: Option<QuizScore>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct QuizScore {
    pub correct: u32,
    pub total: u32,
}

pub fn data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("GIT_KATA_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("dev", "git-kata", "git-kata")
        .map(|p| p.data_dir().to_path_buf())
}

impl Progress {
    /// The saved progress; a missing or unreadable file is a fresh start, not an error.
    pub fn load() -> Progress {
        data_dir()
            .and_then(|d| std::fs::read_to_string(d.join(FILE)).ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn save(&self) -> Result<()> {
        let dir = data_dir()
            .context("there is no data directory for this user (set GIT_KATA_DATA_DIR)")?;
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        let json = serde_json::to_string_pretty(self).context("cannot encode progress")?;
        crate::sandbox::marker::write_atomic(&dir.join(FILE), json.as_bytes())
    }

    pub fn get(&self, id: &str) -> LessonProgress {
        self.lessons.get(id).cloned().unwrap_or_default()
    }

    /// Loads, applies `change` to one lesson's entry, and saves. Progress must never stop the
    /// learner: a failure to save is reported on stderr and otherwise ignored.
    pub fn record(id: &str, change: impl FnOnce(&mut LessonProgress)) {
        let mut progress = Progress::load();
        let before = progress.clone();
        change(progress.lessons.entry(id.to_string()).or_default());
        if progress == before {
            return;
        }
        if let Err(e) = progress.save() {
            crate::text::errln!("note: progress was not saved: {e:#}");
        }
    }

    pub fn forget_all() -> Result<()> {
        if let Some(dir) = data_dir() {
            match std::fs::remove_file(dir.join(FILE)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("cannot delete {}", dir.join(FILE).display()));
                }
            }
        }
        Ok(())
    }
}
