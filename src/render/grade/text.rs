//! `--format text`: the checklist, per learner, with points.

use std::fmt::Write;

use crate::grade::result::{GradeReport, LessonResult, Verdict};
use crate::render::{diff, style};

pub fn render(report: &GradeReport) -> String {
    let mut out = String::new();
    for (i, l) in report.learners.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{}",
            style::heading(&format!(
                "{} — {} of {} points: {}",
                l.learner,
                l.score,
                l.max_score,
                l.status.as_str()
            ))
        );
        for r in &l.results {
            lesson(&mut out, r);
        }
    }
    if report.learners.len() > 1 {
        let count = |v: Verdict| report.learners.iter().filter(|l| l.status == v).count();
        let _ = writeln!(
            out,
            "\n{} learners: {} passed, {} failed, {} could not be graded; {} of {} points.",
            report.learners.len(),
            count(Verdict::Pass),
            count(Verdict::Fail),
            count(Verdict::Error),
            report.score,
            report.max_score
        );
    }
    out
}

fn lesson(out: &mut String, r: &LessonResult) {
    let _ = writeln!(
        out,
        "  {} ({}) — {} of {} points: {}",
        style::heading(&r.label()),
        r.submission,
        r.score,
        r.max_score,
        r.status.as_str()
    );
    if let Some(m) = &r.message {
        let _ = writeln!(out, "    {m}");
    }
    match r.hints_used {
        None => {}
        Some(1) => {
            let _ = writeln!(
                out,
                "    {}",
                style::dim("1 hint used (as the sandbox recorded)")
            );
        }
        Some(n) => {
            let _ = writeln!(
                out,
                "    {}",
                style::dim(&format!("{n} hints used (as the sandbox recorded)"))
            );
        }
    }
    for t in &r.tests {
        let mark = match t.status {
            Verdict::Pass => style::pass_mark(),
            Verdict::Fail => style::fail_mark(),
            Verdict::Error => style::error_mark(),
        };
        let _ = writeln!(out, "    {mark} [{}/{}] {}", t.score, t.max_score, t.name);
        // A message that repeats the lesson's own is not worth saying again per objective.
        if t.status != Verdict::Pass && r.message.as_deref() != Some(t.message.as_str()) {
            let _ = writeln!(out, "        {}", super::explain(t));
            if let Some(d) = &t.diff {
                out.push_str(&diff::unified(d, "        "));
            }
        }
    }
    for m in &r.mistakes {
        let _ = writeln!(
            out,
            "    {}",
            style::heading(&format!("Recognised mistake ({}):", m.id))
        );
        for line in m.message.lines() {
            let _ = writeln!(out, "      {line}");
        }
    }
    if let Some(output) = &r.output {
        let _ = writeln!(out, "    {}", style::dim("Script output:"));
        if output.trim().is_empty() {
            let _ = writeln!(out, "      {}", style::dim("(none)"));
        }
        for line in output.lines() {
            let _ = writeln!(out, "      | {line}");
        }
    }
}
