//! Lesson errors that point at a file, a line and a column, and quote the line.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError {
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: u64,
    pub column: u64,
    pub message: String,
    /// The offending line of the file, quoted under the message.
    pub source_line: Option<String>,
}

impl LessonError {
    pub fn at(file: &str, text: &str, line: u64, column: u64, message: impl Into<String>) -> Self {
        let source_line = (line > 0)
            .then(|| text.lines().nth(line as usize - 1).map(str::to_string))
            .flatten();
        LessonError {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
            source_line,
        }
    }

    pub fn whole_file(file: &str, message: impl Into<String>) -> Self {
        LessonError {
            file: file.to_string(),
            line: 0,
            column: 0,
            message: message.into(),
            source_line: None,
        }
    }

    pub fn from_yaml(file: &str, text: &str, err: &serde_saphyr::Error) -> Self {
        let options = serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off };
        let rendered = err.render_with_options(options);
        match err.location() {
            Some(loc) => {
                // The plain rendering repeats the position ("line 4 column 26: ..."); we print
                // our own file:line:col, so keep only the message.
                let message = strip_position(&rendered);
                LessonError::at(file, text, loc.line(), loc.column(), message)
            }
            None => LessonError::whole_file(file, rendered),
        }
    }

    /// `file:line:col`, or just the file when the error has no position.
    pub fn position(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

fn strip_position(rendered: &str) -> String {
    let first = rendered.trim_start_matches("error: ");
    let without = match first.split_once(": ") {
        Some((head, rest)) if head.starts_with("line ") && head.contains(" column ") => rest,
        _ => first,
    };
    // Some messages end with " at line X column Y"; the position is printed separately.
    let without = match without.rfind(" at line ") {
        Some(i) => &without[..i],
        None => without,
    };
    // Advice meant for the programmer calling serde-saphyr, not for whoever wrote the lesson.
    let without = without.replace(", set DuplicateKeyPolicy in Options if acceptable", "");
    without.trim().to_string()
}

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position(), self.message)?;
        if let Some(line) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let caret = " ".repeat(self.column.saturating_sub(1) as usize);
            write!(f, "\n {pad} |\n {number} | {line}\n {pad} | {caret}^")?;
        }
        Ok(())
    }
}

impl std::error::Error for LessonError {}
