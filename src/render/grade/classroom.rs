//! `--format classroom`: the result GitHub Classroom's autograding reporter reads from a step
//! output: base64 of `{"version":1,"status","max_score","tests":[{"name","status","message",
//! "line_no","execution_time","score"}]}` with integer scores. The reporter adds up `score` over
//! `tests` and compares it with `max_score`. Meant for one learner per run (a Classroom
//! repository); with several learners each test name starts with the learner's.

use base64::Engine;
use serde::Serialize;

use crate::grade::result::{GradeReport, Verdict};

#[derive(Serialize)]
pub struct Classroom {
    pub version: u32,
    pub status: Verdict,
    pub max_score: u32,
    pub tests: Vec<ClassroomTest>,
}

#[derive(Serialize)]
pub struct ClassroomTest {
    pub name: String,
    pub status: Verdict,
    pub message: String,
    pub line_no: u32,
    pub execution_time: String,
    pub score: u32,
}

pub fn result(report: &GradeReport) -> Classroom {
    let many = report.learners.len() > 1;
    let tests = report
        .results()
        .flat_map(|r| {
            super::tests_or_whole(r)
                .into_iter()
                .map(move |t| ClassroomTest {
                    name: if many {
                        format!("{} {}: {}", r.learner, r.label(), t.name)
                    } else {
                        format!("{}: {}", r.label(), t.name)
                    },
                    status: t.status,
                    message: super::explain(&t),
                    line_no: 0,
                    execution_time: "0s".into(),
                    score: t.score,
                })
        })
        .collect();
    Classroom {
        version: 1,
        status: report.status,
        max_score: report.max_score,
        tests,
    }
}

/// The base64 line to put in the step's `result` output.
pub fn render(report: &GradeReport) -> String {
    let json = serde_json::to_string(&result(report)).unwrap_or_default();
    let mut line = base64::engine::general_purpose::STANDARD.encode(json);
    line.push('\n');
    line
}
