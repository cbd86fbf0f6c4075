//! `--format junit`: JUnit XML as Jenkins, GitLab and GitHub test reporters read it. A
//! testsuite per learner and lesson, a testcase per objective (classname `learner.lesson`), the
//! reason in the body of `<failure>` or `<error>`, and a script's output as `system-out`.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::grade::result::{GradeReport, Verdict};

pub fn render(report: &GradeReport) -> String {
    let mut junit = Report::new("git-kata grade");
    for r in report.results() {
        let mut suite = TestSuite::new(format!("{}/{}", r.learner, r.label()));
        let classname = format!("{}.{}", r.learner, r.label());
        for t in super::tests_or_whole(r) {
            let status = match t.status {
                Verdict::Pass => TestCaseStatus::success(),
                other => {
                    let kind = if other == Verdict::Error {
                        NonSuccessKind::Error
                    } else {
                        NonSuccessKind::Failure
                    };
                    let message = super::explain(&t);
                    let mut body = message.clone();
                    if let Some(d) = &t.diff {
                        let (minus, plus) = d.sides.clone().unwrap_or_else(|| {
                            (
                                format!("expected: {}", d.what),
                                format!("actual: {}", d.what),
                            )
                        });
                        body.push_str(&format!(
                            "\n--- {minus}\n{}\n+++ {plus}\n{}",
                            d.expected, d.actual
                        ));
                    }
                    let mut s = TestCaseStatus::non_success(kind);
                    s.set_message(message.lines().next().unwrap_or("").to_string())
                        .set_type(other.as_str())
                        .set_description(body);
                    s
                }
            };
            let mut case = TestCase::new(format!("{}: {}", t.id, t.name), status);
            case.set_classname(classname.clone());
            suite.add_test_case(case);
        }
        if let Some(output) = &r.output {
            suite.set_system_out(output.clone());
        }
        junit.add_test_suite(suite);
    }
    junit
        .to_string()
        .unwrap_or_else(|e| format!("<!-- cannot write JUnit XML: {e} -->\n"))
}
