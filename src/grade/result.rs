//! What grading produces, for every format: per learner, per lesson (a kata or a quiz), per test.
//!
//! The JSON form is this module serialised. Each lesson result is exercism's results.json
//! (version 3: status, message, tests with name/status/message) extended with scores, and it
//! also carries the `check --json` shape of the contract (`lesson`, `status`, `objectives`), so
//! a consumer of either reads it unchanged. `schema/grade-result.schema.json` is generated from
//! these types.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::check::TextDiff;

/// The version of exercism's results format that lesson results follow.
pub const EXERCISM_VERSION: u32 = 3;
/// The version of the report as a whole; a new number for any change that breaks a reader.
pub const REPORT_FORMAT: u32 = 1;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    /// Could not be graded: a different answer from a wrong solution.
    Error,
}

impl Verdict {
    /// The verdict of a whole made of parts: any error wins, then any failure.
    pub fn of(parts: impl IntoIterator<Item = Verdict>) -> Verdict {
        parts.into_iter().max().unwrap_or(Verdict::Pass)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Error => "error",
        }
    }
}

impl From<crate::check::Status> for Verdict {
    fn from(s: crate::check::Status) -> Verdict {
        match s {
            crate::check::Status::Pass => Verdict::Pass,
            crate::check::Status::Fail => Verdict::Fail,
            crate::check::Status::Error => Verdict::Error,
        }
    }
}

/// What was graded: a lesson's end state, or its quiz answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Kata,
    Quiz,
}

/// The whole run: every learner graded.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct GradeReport {
    /// The format of this report (currently 1).
    pub format: u32,
    /// The git-kata version that graded.
    pub git_kata: String,
    pub status: Verdict,
    pub score: u32,
    pub max_score: u32,
    /// Learners in name order.
    pub learners: Vec<LearnerResult>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct LearnerResult {
    pub learner: String,
    pub status: Verdict,
    pub score: u32,
    pub max_score: u32,
    /// One entry per lesson graded (katas first, in the order submitted, then quizzes).
    pub results: Vec<LessonResult>,
}

/// One lesson of one learner: exercism's results.json (version 3) with scores, plus the
/// contract's `check --json` fields (`objectives`, `mistakes`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct LessonResult {
    /// exercism's results format version: always 3.
    pub version: u32,
    pub learner: String,
    pub kind: Kind,
    /// The lesson id.
    pub lesson: String,
    /// The first 12 hex digits of the SHA-256 of the lesson file graded against; absent when
    /// the lesson is unknown.
    pub lesson_version: Option<String>,
    /// What was graded: the submission's file or directory name.
    pub submission: String,
    pub status: Verdict,
    /// Why the whole lesson failed or could not be graded, when one reason explains it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub score: u32,
    pub max_score: u32,
    /// In objective (or question) order.
    pub tests: Vec<TestResult>,
    /// The same outcomes in the shape of `git-kata check --json`.
    pub objectives: Vec<ObjectiveOutcome>,
    /// Classic mistakes recognised in the state.
    #[serde(default)]
    pub mistakes: Vec<MistakeOutcome>,
    /// How much help the learner took in this sandbox: hints shown by `git-kata hint` (or `h`
    /// in `watch`) and mistakes' ways back, each counted once, as the sandbox recorded them
    /// (`.git-kata/state.json`, kept across `reset`). The learner's own record, not evidence:
    /// absent where nothing was recorded (a script, a sandbox where no help was asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hints_used: Option<u32>,
    /// The solution script's output (for `--script`), at most 64 KiB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TestResult {
    /// The objective or question id.
    pub id: String,
    /// The objective's title, or the question's prompt.
    pub name: String,
    pub status: Verdict,
    pub message: String,
    pub score: u32,
    pub max_score: u32,
    /// Expected against actual content, where a file was compared (text format only).
    #[serde(skip)]
    #[schemars(skip)]
    pub diff: Option<TextDiff>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ObjectiveOutcome {
    pub id: String,
    pub title: String,
    pub status: Verdict,
    pub message: String,
    pub points: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct MistakeOutcome {
    pub id: String,
    pub message: String,
}

impl LessonResult {
    /// A result with nothing graded yet: passing, no points, no tests.
    pub fn new(learner: &str, kind: Kind, lesson: &str, submission: &str) -> LessonResult {
        LessonResult {
            version: EXERCISM_VERSION,
            learner: learner.to_string(),
            kind,
            lesson: lesson.to_string(),
            lesson_version: None,
            submission: submission.to_string(),
            status: Verdict::Pass,
            message: None,
            score: 0,
            max_score: 0,
            tests: Vec::new(),
            objectives: Vec::new(),
            mistakes: Vec::new(),
            hints_used: None,
            output: None,
        }
    }

    /// Sums the scores and derives the status from the tests (an overall message, if any, is
    /// kept); the `objectives` mirror the tests.
    pub fn finish(mut self) -> LessonResult {
        self.score = self.tests.iter().map(|t| t.score).sum();
        self.max_score = self.tests.iter().map(|t| t.max_score).sum();
        let from_tests = Verdict::of(self.tests.iter().map(|t| t.status));
        self.status = self.status.max(from_tests);
        self.objectives = self
            .tests
            .iter()
            .map(|t| ObjectiveOutcome {
                id: t.id.clone(),
                title: t.name.clone(),
                status: t.status,
                message: t.message.clone(),
                points: t.max_score,
            })
            .collect();
        self
    }

    /// The `lesson` column of tables: `ID`, or `ID:quiz` for quiz answers.
    pub fn label(&self) -> String {
        match self.kind {
            Kind::Kata => self.lesson.clone(),
            Kind::Quiz => format!("{}:quiz", self.lesson),
        }
    }

    pub fn failed_ids(&self) -> Vec<&str> {
        self.tests
            .iter()
            .filter(|t| t.status != Verdict::Pass)
            .map(|t| t.id.as_str())
            .collect()
    }
}

impl GradeReport {
    /// Groups lesson results by learner (in name order) and adds everything up.
    pub fn new(results: Vec<LessonResult>) -> GradeReport {
        let mut learners: Vec<LearnerResult> = Vec::new();
        for r in results {
            match learners.iter_mut().find(|l| l.learner == r.learner) {
                Some(l) => l.results.push(r),
                None => learners.push(LearnerResult {
                    learner: r.learner.clone(),
                    status: Verdict::Pass,
                    score: 0,
                    max_score: 0,
                    results: vec![r],
                }),
            }
        }
        learners.sort_by(|a, b| a.learner.cmp(&b.learner));
        for l in &mut learners {
            // Katas before quizzes, each in the order graded.
            l.results.sort_by_key(|r| r.kind == Kind::Quiz);
            l.score = l.results.iter().map(|r| r.score).sum();
            l.max_score = l.results.iter().map(|r| r.max_score).sum();
            l.status = Verdict::of(l.results.iter().map(|r| r.status));
        }
        GradeReport {
            format: REPORT_FORMAT,
            git_kata: env!("CARGO_PKG_VERSION").to_string(),
            status: Verdict::of(learners.iter().map(|l| l.status)),
            score: learners.iter().map(|l| l.score).sum(),
            max_score: learners.iter().map(|l| l.max_score).sum(),
            learners,
        }
    }

    pub fn results(&self) -> impl Iterator<Item = &LessonResult> {
        self.learners.iter().flat_map(|l| l.results.iter())
    }
}

/// The JSON Schema of `grade --format json`, generated from the types above.
pub fn schema() -> String {
    let schema = schemars::schema_for!(GradeReport);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
