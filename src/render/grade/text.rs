//! `--format text`: the checklist, per learner, with points.

use std::fmt::Write;

use crate::check::Status;
use crate::grade::result::{GradeReport, LessonResult, Verdict};
use crate::render::checklist::{self, Layout};
use crate::render::diff;
use crate::render::style::Paint;

pub fn render(report: &GradeReport, p: Paint) -> String {
    let mut out = String::new();
    for (i, l) in report.learners.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{}",
            p.bold(&format!(
                "{} — {} of {} points: {}",
                l.learner,
                l.score,
                l.max_score,
                l.status.as_str()
            ))
        );
        for r in &l.results {
            lesson(&mut out, r, p);
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

fn lesson(out: &mut String, r: &LessonResult, p: Paint) {
    let _ = writeln!(
        out,
        "  {} ({}) — {} of {} points: {}",
        p.bold(&r.label()),
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
                p.dim("1 hint used (as the sandbox recorded)")
            );
        }
        Some(n) => {
            let _ = writeln!(
                out,
                "    {}",
                p.dim(&format!("{n} hints used (as the sandbox recorded)"))
            );
        }
    }
    for t in &r.tests {
        let status = match t.status {
            Verdict::Pass => Status::Pass,
            Verdict::Fail => Status::Fail,
            Verdict::Error => Status::Error,
        };
        let mark = checklist::mark(status, false, p);
        let _ = writeln!(out, "    {mark} [{}/{}] {}", t.score, t.max_score, t.name);
        // A message that repeats the lesson's own is not worth saying again per objective.
        if t.status != Verdict::Pass && r.message.as_deref() != Some(t.message.as_str()) {
            let _ = writeln!(out, "        {}", super::explain(t));
            if let Some(d) = &t.diff {
                out.push_str(&diff::unified(d, "        ", p));
            }
        }
    }
    // The grader's page is a file or a log, not a terminal: nothing wrapped.
    let layout = Layout {
        width: None,
        paint: p,
        diffs: true,
    };
    let mut lines = Vec::new();
    for m in &r.mistakes {
        checklist::mistake(&mut lines, &m.id, &m.message, None, 4, &layout);
    }
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
    if let Some(output) = &r.output {
        let _ = writeln!(out, "    {}", p.dim("Script output:"));
        if output.trim().is_empty() {
            let _ = writeln!(out, "      {}", p.dim("(none)"));
        }
        for line in output.lines() {
            let _ = writeln!(out, "      | {line}");
        }
    }
}
