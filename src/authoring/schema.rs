//! The JSON Schema of the lesson format, for editors with the YAML language server.

/// The schema as pretty JSON, generated from the serde types so it cannot drift from them.
pub fn lesson_schema() -> String {
    let schema = schemars::schema_for!(crate::lesson::Lesson);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
