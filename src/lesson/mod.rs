//! Lessons: the YAML format, loading it with precise errors, and the catalog of lessons on offer.

pub mod catalog;
mod error;
pub mod model;
mod validate;

pub use catalog::{Catalog, LessonSource};
pub use error::{LessonError, Problems};
pub use model::*;
// What the model's `check:` and `when:` hold; build.rs gives the model a stand-in.
pub use crate::predicates::Predicate;

use serde_saphyr::{Budget, Options};

/// Lesson files larger than this are refused before parsing: no real lesson comes close, and a huge
/// file is more likely an accident or an attack than a lesson.
pub const MAX_LESSON_BYTES: usize = 512 * 1024;

/// A lesson together with where it came from, so that any later error can name its file.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub lesson: Lesson,
    /// The file name (or `builtin:NAME`) used in messages.
    pub origin: String,
    /// The YAML text exactly as read, kept so that errors can quote the offending line and a
    /// sandbox can carry a copy of the lesson it was built from.
    pub text: String,
}

impl Loaded {
    pub fn id(&self) -> &str {
        &self.lesson.id.value
    }

    /// An error about a place in this lesson's file.
    pub fn error_at(&self, at: &serde_saphyr::Location, message: impl Into<String>) -> LessonError {
        LessonError::at(&self.origin, &self.text, at.line(), at.column(), message)
    }
}

/// SHA-256 of a lesson file's text, in hex: what a sandbox records to find out later whether
/// the lesson it is judged by is the one that built it.
pub fn digest(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses and validates one lesson, reporting every problem found. `origin` names the file in
/// every error.
pub fn parse(origin: &str, text: &str) -> Result<Loaded, Problems> {
    if text.len() > MAX_LESSON_BYTES {
        return Err(LessonError::whole_file(
            origin,
            format!(
                "the file is {} bytes; lessons are limited to {MAX_LESSON_BYTES} bytes",
                text.len()
            ),
        )
        .into());
    }
    let lesson: Lesson = serde_saphyr::from_str_with_options(text, parse_options())
        .map_err(|e| LessonError::from_yaml(origin, text, &e))?;
    let loaded = Loaded {
        lesson,
        origin: origin.to_string(),
        text: text.to_string(),
    };
    let problems = validate::validate(&loaded);
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(Problems(problems))
    }
}

/// Tight limits on what a lesson may make the parser do: a lesson is small and hand-written, so
/// anything near these numbers is a YAML bomb, not a lesson.
fn parse_options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 256;
    budget.max_anchors = 256;
    budget.max_nodes = 100_000;
    budget.max_total_scalar_bytes = 4 * MAX_LESSON_BYTES;
    budget.max_documents = 1;
    serde_saphyr::options! { budget: Some(budget) }
}
