//! The formats `git-kata grade` writes: one small module each, every one a pure function of the
//! report, so each can be tested by parsing it back.

pub mod classroom;
pub mod csv;
pub mod github;
pub mod json;
pub mod junit;
pub mod tap;
pub mod text;

use crate::grade::result::{LessonResult, TestResult, Verdict};

/// The tests of a result, or, when it has none (a submission that could not be graded before
/// its lesson was known), one test standing for the whole submission, so that every format
/// shows the row.
pub fn tests_or_whole(r: &LessonResult) -> Vec<TestResult> {
    if !r.tests.is_empty() {
        return r.tests.clone();
    }
    vec![TestResult {
        id: "grade".into(),
        name: "The submission can be graded".into(),
        status: r.status,
        message: r.message.clone().unwrap_or_default(),
        score: 0,
        max_score: 0,
        diff: None,
    }]
}

/// The message that explains a test's outcome, never empty for a test that did not pass.
pub fn explain(t: &TestResult) -> String {
    match (t.status, t.message.trim()) {
        (Verdict::Pass, m) => m.to_string(),
        (_, "") => "Not met.".into(),
        (_, m) => m.to_string(),
    }
}
