//! A directory of submissions, one entry per learner, and how a CI matrix shares it out.
//!
//! Each entry is named after its learner:
//! - `NAME/`: a sandbox directory; or a directory holding `submission.tar.gz` (a clone of the
//!   learner's repository, as GitHub Classroom hands them out). `answers.yaml` inside either is
//!   the learner's quiz answers.
//! - `NAME.tar.gz` or `NAME.tgz`: an archive from `git-kata submit`.
//! - `NAME.sh`: a solution script (needs `--lesson`).
//! - `NAME.answers.yaml`: NAME's quiz answers (not an entry of its own).
//!
//! Names starting with `.` are skipped. Anything else is graded as an `error` row, so that a
//! stray file is seen rather than silently ignored.

use std::path::Path;

use anyhow::{Context, Result};

use super::{Entry, Submission};
use crate::error;

pub const SUBMISSION_FILE: &str = "submission.tar.gz";
const ANSWERS_SUFFIXES: &[&str] = &[".answers.yaml", ".answers.yml"];
const ARCHIVE_SUFFIXES: &[&str] = &[".tar.gz", ".tgz"];

/// Every entry of `dir`, in name order.
pub fn list(dir: &Path) -> Result<Vec<Entry>> {
    let read = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the submissions directory {}", dir.display()))
        .map_err(|e| error::usage(format!("{e:#}")))?;
    let mut names: Vec<String> = Vec::new();
    for e in read {
        let e = e.with_context(|| format!("cannot read {}", dir.display()))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    let mut entries = Vec::new();
    for name in &names {
        if ANSWERS_SUFFIXES.iter().any(|s| name.ends_with(s)) {
            continue;
        }
        let path = dir.join(name);
        let (learner, submission) = if path.is_dir() {
            if !crate::sandbox::is_sandbox(&path) && path.join(SUBMISSION_FILE).is_file() {
                (
                    name.clone(),
                    Submission::Archive(path.join(SUBMISSION_FILE)),
                )
            } else {
                (name.clone(), Submission::Sandbox(path.clone()))
            }
        } else if let Some(stem) = strip_any(name, ARCHIVE_SUFFIXES) {
            (stem.to_string(), Submission::Archive(path.clone()))
        } else if let Some(stem) = name.strip_suffix(".sh") {
            (stem.to_string(), Submission::Script(path.clone()))
        } else {
            let stem = Path::new(name)
                .file_stem()
                .map_or(name.clone(), |s| s.to_string_lossy().into_owned());
            (stem, Submission::Unknown(path.clone()))
        };
        let beside = ANSWERS_SUFFIXES
            .iter()
            .map(|s| dir.join(format!("{learner}{s}")))
            .find(|p| p.is_file());
        let inside = path.join(super::archive::ANSWERS);
        let answers = beside.or_else(|| (path.is_dir() && inside.is_file()).then_some(inside));
        entries.push(Entry {
            learner,
            submission,
            answers,
        });
    }
    Ok(entries)
}

fn strip_any<'a>(name: &'a str, suffixes: &[&str]) -> Option<&'a str> {
    suffixes.iter().find_map(|s| name.strip_suffix(s))
}

/// `I/N`: this job grades shard I (1-based) of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = || {
            error::usage(format!(
                "--shard takes I/N with 1 <= I <= N, e.g. --shard 2/4 (got `{text}`)"
            ))
        };
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// The entries of this shard: learners are dealt out in name order, like cards, so every
    /// learner lands in exactly one shard (with all their entries) and the shards differ in
    /// size by at most one learner.
    pub fn take(self, entries: Vec<Entry>) -> Vec<Entry> {
        let mut learners: Vec<&str> = entries.iter().map(|e| e.learner.as_str()).collect();
        learners.sort();
        learners.dedup();
        let mine: std::collections::HashSet<String> = learners
            .iter()
            .enumerate()
            .filter(|(k, _)| k % self.count == self.index - 1)
            .map(|(_, l)| l.to_string())
            .collect();
        entries
            .into_iter()
            .filter(|e| mine.contains(&e.learner))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn entry(learner: &str) -> Entry {
        Entry {
            learner: learner.into(),
            submission: Submission::Unknown(PathBuf::from(learner)),
            answers: None,
        }
    }

    #[test]
    fn shards_deal_learners_with_all_their_entries() {
        let all: Vec<Entry> = ["a", "b", "b", "c", "d", "e"]
            .iter()
            .map(|l| entry(l))
            .collect();
        let mut seen = Vec::new();
        for i in 1..=2 {
            let shard = Shard::parse(&format!("{i}/2")).unwrap().take(all.clone());
            seen.extend(shard.into_iter().map(|e| e.learner));
        }
        seen.sort();
        assert_eq!(seen, ["a", "b", "b", "c", "d", "e"]);
        let first = Shard::parse("1/2").unwrap().take(all);
        let names: Vec<&str> = first.iter().map(|e| e.learner.as_str()).collect();
        assert_eq!(names, ["a", "c", "e"]);
        for bad in ["0/2", "3/2", "1/0", "1", "a/b", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
