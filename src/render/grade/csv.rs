//! `--format csv`: a row per learner and lesson for a gradebook, and a Markdown class report
//! with each objective's pass rate, so an instructor sees which idea did not land.

use std::fmt::Write;

use crate::grade::result::{GradeReport, Verdict};

pub const HEADER: [&str; 7] = [
    "learner",
    "lesson",
    "points",
    "max",
    "status",
    "failed_objectives",
    "message",
];

pub fn render(report: &GradeReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for r in report.results() {
        let _ = w.write_record([
            r.learner.as_str(),
            &r.label(),
            &r.score.to_string(),
            &r.max_score.to_string(),
            r.status.as_str(),
            &r.failed_ids().join(" "),
            r.message.as_deref().unwrap_or(""),
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Per lesson, in name order, each objective in lesson order: how many graded submissions met
/// it. Submissions that could not be graded are listed apart: they say nothing about an idea.
pub fn class_report(report: &GradeReport) -> String {
    let mut labels: Vec<String> = report
        .results()
        .map(crate::grade::result::LessonResult::label)
        .collect();
    labels.sort();
    labels.dedup();
    let mut out = String::from("# Class report\n\n");
    let count = |v: Verdict| report.learners.iter().filter(|l| l.status == v).count();
    let _ = writeln!(
        out,
        "{} learners: {} passed everything, {} did not, {} could not be graded. {} of {} points ({}).",
        report.learners.len(),
        count(Verdict::Pass),
        count(Verdict::Fail),
        count(Verdict::Error),
        report.score,
        report.max_score,
        percent(report.score as usize, report.max_score as usize)
    );
    let mut weakest: Option<(f64, String)> = None;
    for label in &labels {
        let graded: Vec<_> = report
            .results()
            .filter(|r| &r.label() == label && r.status != Verdict::Error)
            .collect();
        let errors = report
            .results()
            .filter(|r| &r.label() == label && r.status == Verdict::Error)
            .count();
        let _ = writeln!(out, "\n## {label}\n");
        let _ = writeln!(
            out,
            "{} graded, {} passed{}.\n",
            graded.len(),
            graded.iter().filter(|r| r.status == Verdict::Pass).count(),
            if errors > 0 {
                format!(", {errors} could not be graded")
            } else {
                String::new()
            }
        );
        let Some(first) = graded.first() else {
            continue;
        };
        let _ = writeln!(out, "| objective | passed | rate |");
        let _ = writeln!(out, "|---|---|---|");
        for t in &first.tests {
            let passed = graded
                .iter()
                .filter(|r| {
                    r.tests
                        .iter()
                        .any(|x| x.id == t.id && x.status == Verdict::Pass)
                })
                .count();
            let rate = passed as f64 / graded.len() as f64;
            if weakest.as_ref().is_none_or(|(w, _)| rate < *w) {
                weakest = Some((
                    rate,
                    format!("`{}` of {label} ({})", t.id, percent(passed, graded.len())),
                ));
            }
            let _ = writeln!(
                out,
                "| `{}` {} | {} / {} | {} |",
                t.id,
                t.name.replace('|', "\\|"),
                passed,
                graded.len(),
                percent(passed, graded.len())
            );
        }
    }
    if let Some((_, what)) = weakest {
        let _ = writeln!(out, "\nLeast met: {what}.");
    }
    let errors: Vec<_> = report
        .results()
        .filter(|r| r.status == Verdict::Error)
        .collect();
    if !errors.is_empty() {
        let _ = writeln!(out, "\n## Could not be graded\n");
        for r in errors {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                r.learner,
                r.submission,
                r.message.as_deref().unwrap_or("").replace('\n', " ")
            );
        }
    }
    out
}

fn percent(n: usize, of: usize) -> String {
    if of == 0 {
        return "—".into();
    }
    format!("{}%", (100 * n + of / 2) / of)
}
