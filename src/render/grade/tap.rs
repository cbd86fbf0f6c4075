//! `--format tap`: Test Anything Protocol version 13, a test point per objective (or question),
//! with a YAML block saying why for every one that did not pass.

use std::fmt::Write;

use crate::grade::result::{GradeReport, Verdict};

pub fn render(report: &GradeReport) -> String {
    let points: Vec<_> = report
        .results()
        .flat_map(|r| super::tests_or_whole(r).into_iter().map(move |t| (r, t)))
        .collect();
    let mut out = String::from("TAP version 13\n");
    let _ = writeln!(out, "1..{}", points.len());
    for (n, (r, t)) in points.iter().enumerate() {
        let ok = if t.status == Verdict::Pass {
            "ok"
        } else {
            "not ok"
        };
        let description = format!("{} {} {}: {}", r.learner, r.label(), t.id, t.name);
        // `#` starts a directive in TAP, and a description is one line.
        let description = description
            .replace('\\', "\\\\")
            .replace('#', "\\#")
            .replace(['\n', '\r'], " ");
        let _ = writeln!(out, "{ok} {} - {description}", n + 1);
        if t.status != Verdict::Pass {
            // JSON strings are valid YAML scalars: no quoting rules of our own to get wrong.
            let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
            let _ = writeln!(out, "  ---");
            let _ = writeln!(out, "  message: {}", q(&super::explain(t)));
            let _ = writeln!(
                out,
                "  severity: {}",
                if t.status == Verdict::Error {
                    "error"
                } else {
                    "fail"
                }
            );
            let _ = writeln!(out, "  score: {}", t.score);
            let _ = writeln!(out, "  max_score: {}", t.max_score);
            let _ = writeln!(out, "  submission: {}", q(&r.submission));
            let _ = writeln!(out, "  ...");
        }
    }
    out
}
