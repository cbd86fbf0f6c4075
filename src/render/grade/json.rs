//! `--format json`: the report as published in `schema/grade-result.schema.json`.

use crate::grade::result::GradeReport;

pub fn render(report: &GradeReport) -> String {
    let mut text =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
