//! `--format github`: workflow commands GitHub Actions turns into annotations (at most 10: more
//! would be cut by GitHub anyway, and the summary has them all), and a Markdown job summary.

use std::fmt::Write;

use crate::grade::result::{GradeReport, Verdict};

/// GitHub shows at most 10 error annotations per step.
pub const MAX_ANNOTATIONS: usize = 10;
/// GitHub refuses a step summary of 1 MiB or more.
pub const MAX_SUMMARY: usize = 1024 * 1024;

/// The `::error` lines, for standard output.
pub fn annotations(report: &GradeReport) -> String {
    let failures: Vec<_> = report
        .results()
        .flat_map(|r| super::tests_or_whole(r).into_iter().map(move |t| (r, t)))
        .filter(|(_, t)| t.status != Verdict::Pass)
        .collect();
    let mut out = String::new();
    for (r, t) in failures.iter().take(MAX_ANNOTATIONS) {
        let title = format!("{} {}: {}", r.learner, r.label(), t.name);
        let _ = writeln!(
            out,
            "::error title={}::{}",
            escape_property(&title),
            escape_data(&super::explain(t))
        );
    }
    if failures.len() > MAX_ANNOTATIONS {
        let _ = writeln!(
            out,
            "{} more objectives not met are listed in the job summary.",
            failures.len() - MAX_ANNOTATIONS
        );
    }
    out
}

/// The job summary, cut to fit in `budget` bytes.
pub fn summary(report: &GradeReport, budget: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## git-kata grade: {}\n", report.status.as_str());
    let _ = writeln!(
        out,
        "{} of {} points, {} learner(s).\n",
        report.score,
        report.max_score,
        report.learners.len()
    );
    let _ = writeln!(out, "| learner | lesson | points | status |");
    let _ = writeln!(out, "|---|---|---|---|");
    for r in report.results() {
        let _ = writeln!(
            out,
            "| {} | {} | {} / {} | {} |",
            cell(&r.learner),
            cell(&r.label()),
            r.score,
            r.max_score,
            icon(r.status)
        );
    }
    let mut details = String::new();
    for r in report.results().filter(|r| r.status != Verdict::Pass) {
        let _ = writeln!(
            details,
            "\n### {} — {}\n",
            cell(&r.learner),
            cell(&r.label())
        );
        if let Some(m) = &r.message {
            let _ = writeln!(details, "{m}\n");
        }
        for t in super::tests_or_whole(r) {
            if t.status != Verdict::Pass && r.message.as_deref() != Some(t.message.as_str()) {
                let _ = writeln!(
                    details,
                    "- {} **{}**: {}",
                    icon(t.status),
                    t.name,
                    super::explain(&t)
                );
            }
        }
        for m in &r.mistakes {
            let _ = writeln!(
                details,
                "- recognised mistake `{}`: {}",
                m.id,
                m.message.replace('\n', " ")
            );
        }
    }
    out.push_str(&details);
    cut(out, budget)
}

fn cut(mut text: String, budget: usize) -> String {
    const NOTE: &str = "\n\n_The summary was cut here to stay under GitHub's 1 MiB limit; `--format json` has everything._\n";
    if text.len() <= budget {
        return text;
    }
    let mut end = budget.saturating_sub(NOTE.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // End on a whole line.
    end = text[..end].rfind('\n').unwrap_or(0);
    text.truncate(end);
    text.push_str(NOTE);
    text
}

fn icon(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "✅ pass",
        Verdict::Fail => "❌ fail",
        Verdict::Error => "⚠️ error",
    }
}

/// A table cell: pipes and newlines would break the row.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The message of a workflow command: `%`, CR and LF are escaped as GitHub's runner expects.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property (`title=`) also needs `:` and `,` escaped.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_values_are_escaped() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a: b, c%"), "a%3A b%2C c%25");
    }

    #[test]
    fn a_long_summary_is_cut_on_a_line_under_the_budget() {
        let text = "| row |\n".repeat(200_000);
        let cut = cut(text, MAX_SUMMARY - 1);
        assert!(cut.len() < MAX_SUMMARY);
        assert!(cut.ends_with("has everything._\n"));
        assert!(cut.contains("| row |\n\n_The summary was cut"));
        assert_eq!(super::cut("short\n".into(), 100), "short\n");
    }
}
