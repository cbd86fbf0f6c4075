//! Graded assessment: the end state of a lesson judged where nobody sits at a terminal (CI, an
//! instructor with a room of learners). See GRADING.md for the workflows.
//!
//! What is graded is always the repositories, never a marker's or a progress file's claims:
//! each lesson is built once per run from the catalog, and its marker (the setup's refs,
//! stashes and reflog counts) is what the checker compares against. The submission's own
//! marker only says which lesson to look for, and `genuine` checks that the repositories are
//! the ones git-kata built for that lesson.

pub mod answers;
pub mod archive;
pub mod genuine;
pub mod links;
pub mod result;
pub mod submissions;

use crate::check::capitalise;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use rayon::prelude::*;

use genuine::Genuineness;
use result::{Kind, LessonResult, MistakeOutcome, TestResult, Verdict};

use crate::check;
use crate::lesson::{Catalog, Loaded};
use crate::sandbox::{self, Marker, Sandbox};
use crate::script::{Isolation, Outcome};

/// Script output kept in a report; the rest is cut with a note.
pub const MAX_REPORTED_OUTPUT: usize = 64 * 1024;

/// One thing to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submission {
    /// A sandbox directory, graded in place.
    Sandbox(PathBuf),
    /// A solution script, run in a fresh sandbox of the lesson.
    Script(PathBuf),
    /// An archive made by `git-kata submit`.
    Archive(PathBuf),
    /// Something in a submissions directory that is none of the above: an `error` row.
    Unknown(PathBuf),
}

/// A submission with the learner it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub learner: String,
    pub submission: Submission,
    /// The learner's quiz answers file, if any.
    pub answers: Option<PathBuf>,
}

impl Entry {
    /// The file or directory name shown as `submission` in reports.
    pub fn shown(&self) -> String {
        let path = match &self.submission {
            Submission::Sandbox(p)
            | Submission::Script(p)
            | Submission::Archive(p)
            | Submission::Unknown(p) => p,
        };
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string())
    }
}

/// A lesson as built from the catalog: what every submission of it is compared against.
pub struct Expected {
    pub loaded: Loaded,
    pub marker: Marker,
    pub version: String,
}

type Slot = Arc<OnceLock<Result<Arc<Expected>, String>>>;

/// Grades entries against a catalog; safe to share between threads.
pub struct Grader<'c> {
    catalog: &'c Catalog,
    /// `--lesson`: the lesson of every submission, whatever its marker says.
    lesson: Option<String>,
    timeout: Duration,
    /// How long grading one submission may take in all, a script's run included.
    limit: Duration,
    expected: Mutex<HashMap<String, Slot>>,
}

impl<'c> Grader<'c> {
    pub fn new(
        catalog: &'c Catalog,
        lesson: Option<String>,
        timeout: Duration,
        limit: Duration,
    ) -> Self {
        Grader {
            catalog,
            lesson,
            timeout,
            limit,
            expected: Mutex::new(HashMap::new()),
        }
    }

    /// The row of a submission whose grading did not finish within the limit.
    fn over_limit(&self, entry: &Entry) -> Vec<LessonResult> {
        vec![self.error(
            &entry.learner,
            &entry.shown(),
            None,
            format!(
                "grading this submission did not finish within {} s and was abandoned: a repository that cannot be read to the end (a damaged object, a special file where git expects its own), or a machine far too busy (raise --limit)",
                self.limit.as_secs()
            ),
        )]
    }

    /// The lesson's result (and its quiz results, when answers are given) for one entry.
    pub fn grade_one(&self, entry: &Entry) -> Vec<LessonResult> {
        let shown = entry.shown();
        let mut archived_answers = None;
        let out = match &entry.submission {
            Submission::Sandbox(dir) => self.grade_sandbox(dir, &entry.learner, &shown, None),
            Submission::Archive(file) => match archive::unpack(file) {
                Ok(unpacked) => {
                    archived_answers = unpacked.answers.clone();
                    let claimed = Some(unpacked.manifest.lesson.clone());
                    self.grade_sandbox(&unpacked.root, &entry.learner, &shown, claimed)
                }
                Err(e) => self.error(&entry.learner, &shown, None, format!("{e:#}")),
            },
            Submission::Script(file) => self.grade_script(file, &entry.learner, &shown),
            Submission::Unknown(path) => self.error(
                &entry.learner,
                &shown,
                None,
                format!(
                    "{} is not a submission: expected a sandbox directory, an archive from `git-kata submit` (.tar.gz) or a solution script (.sh)",
                    path.display()
                ),
            ),
        };
        let mut results = vec![out];
        let answers_text = match &entry.answers {
            Some(path) => Some(read_answers(path)),
            None => archived_answers.map(Ok),
        };
        if let Some(text) = answers_text {
            match text {
                Ok(text) => {
                    results.extend(answers::grade(&text, self.catalog, &entry.learner, &shown));
                }
                Err(message) => {
                    let mut e = self.error(&entry.learner, &shown, None, message);
                    e.kind = Kind::Quiz;
                    e.lesson = "answers".into();
                    e.lesson_version = None;
                    e.tests.clear();
                    results.push(e.finish());
                }
            }
        }
        results
    }

    fn lesson_id(&self, root: &Path, claimed: Option<String>) -> Result<String, String> {
        if let Some(id) = &self.lesson {
            return Ok(id.clone());
        }
        if let Ok(m) = sandbox::marker::read(root) {
            return Ok(m.lesson);
        }
        claimed.ok_or_else(|| {
            let what = if sandbox::is_sandbox(root) {
                "has a damaged git-kata marker"
            } else {
                "has no git-kata marker"
            };
            format!(
                "{} {what}, so its lesson is unknown; pass --lesson LESSON",
                root.display()
            )
        })
    }

    fn grade_sandbox(
        &self,
        dir: &Path,
        learner: &str,
        shown: &str,
        claimed: Option<String>,
    ) -> LessonResult {
        let root = match dir.canonicalize() {
            Ok(r) if r.is_dir() => r,
            Ok(r) => {
                return self.error(
                    learner,
                    shown,
                    None,
                    format!("{} is not a directory", r.display()),
                );
            }
            Err(e) => {
                return self.error(
                    learner,
                    shown,
                    None,
                    format!("cannot open {}: {e}", dir.display()),
                );
            }
        };
        match links::first_link_out(&root) {
            Ok(None) => {}
            Ok(Some(link)) => {
                let m = format!(
                    "{} is a symbolic link that leads out of the submission; links out are not followed, so the submission cannot be graded: replace it with the file itself",
                    link.display()
                );
                return self.error(learner, shown, self.lesson.as_deref(), m);
            }
            Err(m) => return self.error(learner, shown, None, m),
        }
        let id = match self.lesson_id(&root, claimed) {
            Ok(id) => id,
            Err(m) => return self.error(learner, shown, None, m),
        };
        let expected = match self.expected(&id) {
            Ok(e) => e,
            Err(m) => return self.error(learner, shown, Some(&id), m),
        };
        if let Some(m) = other_version(&root, &id, &expected) {
            return self.error(learner, shown, Some(&id), m);
        }
        self.judge(&root, &expected, learner, shown)
    }

    /// Genuineness first, then the objectives, against the expected marker.
    fn judge(&self, root: &Path, expected: &Expected, learner: &str, shown: &str) -> LessonResult {
        let lesson = &expected.loaded.lesson;
        let mut r = self.base(learner, shown, &lesson.id.value, Some(expected));
        match genuine::verify(root, &expected.marker) {
            Genuineness::Genuine => {}
            Genuineness::NotGenuine(m) => return self.whole(r, lesson, Verdict::Fail, m),
            Genuineness::Unreadable(m) => return self.whole(r, lesson, Verdict::Error, m),
        }
        let sandbox = Sandbox {
            root: root.to_path_buf(),
            marker: expected.marker.clone(),
        };
        let report = check::check(&sandbox, lesson);
        r.tests = report
            .objectives
            .into_iter()
            .map(|o| {
                let status = Verdict::from(o.status);
                TestResult {
                    id: o.id,
                    name: o.title,
                    status,
                    message: o.message,
                    score: if status == Verdict::Pass { o.points } else { 0 },
                    max_score: o.points,
                    diff: o.diff,
                }
            })
            .collect();
        r.mistakes = report
            .mistakes
            .into_iter()
            .map(|m| MistakeOutcome {
                id: m.id,
                message: m.message,
            })
            .collect();
        r.hints_used = Some(sandbox::marker::read_state(root).help_used).filter(|&n| n > 0);
        r.finish()
    }

    fn grade_script(&self, file: &Path, learner: &str, shown: &str) -> LessonResult {
        let Some(id) = self.lesson.clone() else {
            return self.error(
                learner,
                shown,
                None,
                "a solution script needs --lesson LESSON: the lesson cannot come from a script"
                    .into(),
            );
        };
        let expected = match self.expected(&id) {
            Ok(e) => e,
            Err(m) => return self.error(learner, shown, Some(&id), m),
        };
        let script = match file.canonicalize() {
            Ok(s) if s.is_file() => s,
            _ => {
                return self.error(
                    learner,
                    shown,
                    Some(&id),
                    format!("cannot read the script {}", file.display()),
                );
            }
        };
        let run = (|| -> anyhow::Result<(tempfile::TempDir, PathBuf, crate::script::Run)> {
            let tmp = tempfile::Builder::new()
                .prefix("git-kata-grade-")
                .tempdir()?;
            let sb = sandbox::create(&expected.loaded, &tmp.path().join("sandbox"))?;
            let cwd = sb.repo_dir(&expected.loaded.lesson.repos[0].name.value);
            let run = Isolation::new()?.bash_file(&script, &cwd, self.timeout)?;
            Ok((tmp, sb.root, run))
        })();
        let (_tmp, root, run) = match run {
            Ok(x) => x,
            Err(e) => return self.error(learner, shown, Some(&id), format!("{e:#}")),
        };
        let output = Some(cut_output(&run.output, run.truncated));
        let lesson = &expected.loaded.lesson;
        let mut r = match run.outcome {
            Outcome::TimedOut => {
                let r = self.base(learner, shown, &id, Some(&expected));
                self.whole(
                    r,
                    lesson,
                    Verdict::Error,
                    format!(
                        "the script was killed after {} s: it did not finish (is it waiting for input, or looping?)",
                        self.timeout.as_secs()
                    ),
                )
            }
            Outcome::Signalled => {
                let r = self.base(learner, shown, &id, Some(&expected));
                self.whole(
                    r,
                    lesson,
                    Verdict::Error,
                    "the script was killed by a signal".into(),
                )
            }
            Outcome::Exited(code) => {
                let mut r = self.judge(&root, &expected, learner, shown);
                if code != 0 && r.message.is_none() {
                    r.message = Some(format!(
                        "the script exited with status {code}; the state it left was graded"
                    ));
                }
                r
            }
        };
        r.output = output;
        r
    }

    /// The lesson as built from the catalog, once per run.
    fn expected(&self, id: &str) -> Result<Arc<Expected>, String> {
        let slot = {
            let mut map = self
                .expected
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            map.entry(id.to_string()).or_default().clone()
        };
        slot.get_or_init(|| {
            let loaded = self.catalog.get(id).ok_or_else(|| {
                format!(
                    "there is no lesson `{id}` in the catalog graded against (pass --lessons DIR for a lesson pack)"
                )
            })?;
            let tmp = tempfile::Builder::new()
                .prefix("git-kata-expected-")
                .tempdir()
                .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
            let marker = sandbox::builder::build_into(loaded, tmp.path())
                .map_err(|e| format!("cannot build lesson `{id}`: {e:#}"))?;
            Ok(Arc::new(Expected {
                loaded: loaded.clone(),
                marker,
                version: lesson_version(&loaded.text),
            }))
        })
        .clone()
    }

    fn base(&self, learner: &str, shown: &str, lesson: &str, e: Option<&Expected>) -> LessonResult {
        let mut r = LessonResult::new(learner, Kind::Kata, lesson, shown);
        r.lesson_version = e.map(|e| e.version.clone());
        r
    }

    /// One verdict for the whole lesson: every objective gets it (and no points), so the
    /// maximum still counts what the lesson was worth.
    fn whole(
        &self,
        mut r: LessonResult,
        lesson: &crate::lesson::Lesson,
        status: Verdict,
        message: String,
    ) -> LessonResult {
        let message = capitalise(&message);
        r.tests = lesson
            .objectives
            .iter()
            .map(|o| TestResult {
                id: o.id.value.clone(),
                name: o.title.clone(),
                status,
                message: message.clone(),
                score: 0,
                max_score: o.points,
                diff: None,
            })
            .collect();
        r.status = status;
        r.message = Some(message);
        r.finish()
    }

    /// A submission that could not be graded.
    fn error(
        &self,
        learner: &str,
        shown: &str,
        lesson: Option<&str>,
        message: String,
    ) -> LessonResult {
        let lesson = lesson.or(self.lesson.as_deref());
        let known = lesson.and_then(|id| self.catalog.get(id));
        let mut r = self.base(learner, shown, lesson.unwrap_or("unknown"), None);
        match known {
            Some(l) => {
                r.lesson_version = Some(lesson_version(&l.text));
                self.whole(r, &l.lesson, Verdict::Error, message)
            }
            None => {
                r.status = Verdict::Error;
                r.message = Some(capitalise(&message));
                r.finish()
            }
        }
    }
}

impl Grader<'static> {
    /// Grades every entry, in parallel, in entry order. A bad submission is an `error` result;
    /// nothing here aborts the batch, and no submission holds it up longer than the limit.
    pub fn grade_all(self: &Arc<Self>, entries: &[Entry]) -> Vec<LessonResult> {
        entries
            .par_iter()
            .map(|e| self.grade_limited(e))
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect()
    }

    /// One entry, within the limit. Reading a repository happens inside libgit2, which cannot
    /// be interrupted (a blocking read of a FIFO, a library bug that spins), so the grading
    /// runs on a thread of its own and one that overstays is abandoned: it ends with the
    /// process, after the report is written, and the batch goes on without it.
    fn grade_limited(self: &Arc<Self>, entry: &Entry) -> Vec<LessonResult> {
        let (tx, rx) = std::sync::mpsc::channel();
        let grader = Arc::clone(self);
        let owned = entry.clone();
        let spawned = std::thread::Builder::new()
            .name("git-kata-grade".into())
            .spawn(move || {
                let _ = tx.send(grader.grade_one(&owned));
            });
        if let Err(e) = spawned {
            let message = format!("cannot start grading this submission: {e}");
            return vec![self.error(&entry.learner, &entry.shown(), None, message)];
        }
        match rx.recv_timeout(self.limit) {
            Ok(results) => results,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => self.over_limit(entry),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                let message = "grading this submission stopped without a result".to_string();
                vec![self.error(&entry.learner, &entry.shown(), None, message)]
            }
        }
    }
}

/// The first 12 hex digits of the SHA-256 of a lesson's text: which version was graded against.
/// Why a sandbox cannot be graded against this lesson: its marker records that another version
/// of the lesson built it (a pack edited since, or another git-kata's built-in lesson), and the
/// setup it was judged against would not be the one the learner worked from. A marker that
/// cannot be read, or names another lesson (`--lesson`), claims nothing.
fn other_version(root: &Path, id: &str, expected: &Expected) -> Option<String> {
    let marker = sandbox::marker::read(root).ok()?;
    let built = marker.digest.filter(|_| marker.lesson == id)?;
    let graded = crate::lesson::digest(&expected.loaded.text);
    (built != graded).then(|| {
        format!(
            "the sandbox was built from another version of lesson `{id}` (version {}) than the one graded against (version {}, {}): grade it with the lesson pack that built it",
            &built[..12.min(built.len())],
            expected.version,
            expected.loaded.origin
        )
    })
}

pub fn lesson_version(text: &str) -> String {
    crate::lesson::digest(text)[..12].to_string()
}

fn read_answers(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("cannot read the answers file {}: {e}", path.display()))?;
    if meta.len() > answers::MAX_ANSWERS_BYTES as u64 {
        return Err(format!(
            "the answers file {} is larger than {} bytes",
            path.display(),
            answers::MAX_ANSWERS_BYTES
        ));
    }
    std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the answers file {}: {e}", path.display()))
}

fn cut_output(output: &str, truncated: bool) -> String {
    if output.len() <= MAX_REPORTED_OUTPUT && !truncated {
        return output.to_string();
    }
    let mut end = MAX_REPORTED_OUTPUT.min(output.len());
    while !output.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n[output cut at {} KiB]\n",
        &output[..end],
        MAX_REPORTED_OUTPUT / 1024
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reported_output_is_cut_at_64_kib_on_a_character() {
        let long = "é".repeat(MAX_REPORTED_OUTPUT);
        let cut = cut_output(&long, false);
        assert!(cut.len() < MAX_REPORTED_OUTPUT + 64);
        assert!(cut.ends_with("[output cut at 64 KiB]\n"));
        assert_eq!(cut_output("short\n", false), "short\n");
        assert!(cut_output("short\n", true).contains("[output cut"));
    }

    #[test]
    fn lesson_versions_are_12_hex_digits_of_sha256() {
        // SHA-256 of the empty string starts e3b0c44298fc.
        assert_eq!(lesson_version(""), "e3b0c44298fc");
    }

    #[test]
    fn capitals_only_for_ordinary_words() {
        assert_eq!(capitalise("the repo is gone"), "The repo is gone.");
        assert_eq!(capitalise("cannot read x"), "Cannot read x.");
        assert_eq!(
            capitalise("subs/x.tar.gz is damaged"),
            "subs/x.tar.gz is damaged."
        );
        assert_eq!(capitalise("main's commit"), "main's commit.");
        assert_eq!(capitalise("main is gone"), "main is gone.");
    }
}
