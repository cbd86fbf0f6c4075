//! What people and machines read: the checklist, diffs, briefs, JSON, and error lines.

pub mod diff;
pub mod report;
pub mod status;
pub mod style;
pub mod watch;

/// One error, on stderr, as a sentence; lesson errors keep their quoted source line.
pub fn print_error(err: &anyhow::Error) {
    let text = if let Some(lesson_err) = err.downcast_ref::<crate::lesson::LessonError>() {
        lesson_err.to_string()
    } else {
        format!("{err:#}")
    };
    eprintln!("{} {text}", style::error_label());
}
