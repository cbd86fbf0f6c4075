//! What people and machines read: the checklist, diffs, briefs, JSON, and error lines.

pub mod checklist;
pub mod diff;
pub mod grade;
pub mod report;
pub mod status;
pub mod style;
pub mod watch;

/// One error, on stderr, as a sentence; lesson errors keep their quoted source line.
pub fn print_error(err: &anyhow::Error) {
    if let Some(problems) = err.downcast_ref::<crate::lesson::Problems>() {
        for p in &problems.0 {
            crate::text::errln!("{} {p}", style::error_label());
        }
        return;
    }
    crate::text::errln!("{} {}", style::error_label(), crate::error::one_line(err));
    if let Some(cause) = crate::error::environment(err) {
        crate::text::errln!("{}", cause.advice());
    }
}
