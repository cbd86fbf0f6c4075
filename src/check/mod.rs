//! The checker: evaluates a lesson's objectives, and the mistakes it knows, against a sandbox.

pub mod overview;

use serde::Serialize;

use crate::lesson::Lesson;
pub use crate::predicates::TextDiff;
use crate::predicates::{Context, Kind};
use crate::sandbox::Sandbox;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// The state could not be read: a different answer from a wrong solution.
    Error,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveResult {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub message: String,
    pub points: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<TextDiff>,
    /// Not met because there is nothing to judge yet (what it is about does not exist); the
    /// status is then `fail` and the message says what to do first.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
    /// Ids of recognised mistakes that explain this failure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mistakes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MistakeHit {
    pub id: String,
    pub message: String,
    /// The way back, with its commands: only `hint` gives it (counted), so it is never in JSON.
    #[serde(skip)]
    pub recovery: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub lesson: String,
    pub status: Status,
    pub objectives: Vec<ObjectiveResult>,
    /// Classic mistakes recognised in the state (only looked for when something fails).
    pub mistakes: Vec<MistakeHit>,
}

impl Report {
    pub fn first_unmet(&self) -> Option<&ObjectiveResult> {
        self.objectives.iter().find(|o| o.status != Status::Pass)
    }
    pub fn passed(&self) -> usize {
        self.objectives
            .iter()
            .filter(|o| o.status == Status::Pass)
            .count()
    }
}

pub fn check(sandbox: &Sandbox, lesson: &Lesson) -> Report {
    let ctx = Context::new(
        &sandbox.root,
        &lesson.repos[0].name.value,
        &sandbox.marker.repos,
    );
    let mut objectives: Vec<ObjectiveResult> = lesson
        .objectives
        .iter()
        .map(|o| {
            let ready = match &o.requires {
                None => Ok(true),
                Some(r) => r.check.value.eval(&ctx).map(|f| f.holds),
            };
            let pending = ready == Ok(false);
            let (status, message, diff) = match ready {
                Ok(false) => {
                    let first = o.requires.as_ref().map_or("", |r| r.first.trim());
                    let first = first.trim_end_matches('.');
                    (
                        Status::Fail,
                        format!("Nothing to judge yet: {first} first."),
                        None,
                    )
                }
                Err(e) => (Status::Error, capitalise(&e.0), None),
                Ok(true) => match o.check.value.eval(&ctx) {
                    Ok(f) if f.holds => (Status::Pass, capitalise(&f.says), None),
                    Ok(f) => (Status::Fail, capitalise(&f.says), f.diff),
                    Err(e) => (Status::Error, capitalise(&e.0), None),
                },
            };
            ObjectiveResult {
                id: o.id.value.clone(),
                title: o.title.clone(),
                status,
                message,
                points: o.points,
                diff,
                pending,
                mistakes: Vec::new(),
            }
        })
        .collect();

    let status = if objectives.iter().any(|o| o.status == Status::Error) {
        Status::Error
    } else if objectives.iter().any(|o| o.status == Status::Fail) {
        Status::Fail
    } else {
        Status::Pass
    };

    // Mistakes only matter while something is wrong; a predicate that cannot be read simply
    // does not recognise its mistake.
    let mut mistakes = Vec::new();
    if status == Status::Fail {
        for m in &lesson.mistakes {
            if matches!(m.when.value.eval(&ctx), Ok(f) if f.holds) {
                mistakes.push(MistakeHit {
                    id: m.id.value.clone(),
                    message: m.message.trim().to_string(),
                    recovery: m.recovery.as_ref().map(|r| r.trim().to_string()),
                });
            }
        }
        // Attach the recognised mistakes to the first failing objective, where the learner reads.
        // An objective with nothing to judge yet is not what a mistake explains.
        let explained = objectives
            .iter()
            .position(|o| o.status == Status::Fail && !o.pending)
            .or_else(|| objectives.iter().position(|o| o.status == Status::Fail));
        if let Some(first) = explained.map(|i| &mut objectives[i]) {
            first.mistakes = mistakes.iter().map(|m| m.id.clone()).collect();
        }
    }
    Report {
        lesson: lesson.id.value.clone(),
        status,
        objectives,
        mistakes,
    }
}

/// Why `when` does not hold in the sandbox, in the words of the check that is false (the first
/// false one of an `all`): what `lesson validate` tells an author whose mistake goes
/// unrecognised.
pub fn why_not(sandbox: &Sandbox, lesson: &Lesson, when: &crate::predicates::Predicate) -> String {
    let ctx = Context::new(
        &sandbox.root,
        &lesson.repos[0].name.value,
        &sandbox.marker.repos,
    );
    match when.eval(&ctx) {
        Ok(f) if f.holds => "its `when` holds".to_string(),
        Ok(f) => format!("its `when` is false: {}", capitalise(&f.says)),
        Err(e) => format!("its `when` cannot be read: {}", capitalise(&e.0)),
    }
}

/// Words our findings start with that take a capital. Anything else leading a finding is a
/// name (a branch such as `main`, a path, `stash@{0}`) and keeps its spelling.
const SENTENCE_STARTS: &[&str] = &[
    "a", "all", "an", "at", "both", "cannot", "every", "exactly", "git", "in", "it", "its", "no",
    "none", "not", "nothing", "only", "some", "the", "there", "this",
];

/// Makes a finding (or any message of ours) a sentence: a capital where it starts with an
/// ordinary word, and a full stop.
pub(crate) fn capitalise(s: &str) -> String {
    let first_word = s.split_whitespace().next().unwrap_or("");
    let mut out = if SENTENCE_STARTS.contains(&first_word) {
        let mut chars = s.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default()
    } else {
        s.to_string()
    };
    if !out.is_empty() && !out.ends_with(['.', '?', '!', ')']) {
        out.push('.');
    }
    out
}
