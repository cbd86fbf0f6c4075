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
                let mut message = strip_position(&rendered);
                if message.starts_with("budget breached") {
                    // A parse budget exists to stop YAML bombs; say so in words.
                    message = format!(
                        "refused: the YAML nests or expands far beyond what any lesson needs ({message})"
                    );
                }
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

/// At most ~100 characters of a long line, around the column, and the caret's new position.
fn window(line: &str, column: usize) -> (String, usize) {
    const WIDTH: usize = 100;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WIDTH {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(WIDTH / 2)
        .min(chars.len().saturating_sub(WIDTH));
    let end = (start + WIDTH).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut caret = column - start;
    if start > 0 {
        shown.insert_str(0, "...");
        caret += 3;
    }
    if end < chars.len() {
        shown.push_str("...");
    }
    (shown, caret)
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
            let (shown, caret_at) = window(line, self.column.saturating_sub(1) as usize);
            let caret = " ".repeat(caret_at);
            write!(f, "\n {pad} |\n {number} | {shown}\n {pad} | {caret}^")?;
        }
        Ok(())
    }
}

impl std::error::Error for LessonError {}

/// Everything wrong with one lesson file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<LessonError>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problems {}

impl From<LessonError> for Problems {
    fn from(e: LessonError) -> Problems {
        Problems(vec![e])
    }
}
