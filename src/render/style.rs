//! Colour only on a terminal, never with NO_COLOR; symbols that read well without colour too.

use console::Style;

pub fn init() {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        console::set_colors_enabled(false);
        console::set_colors_enabled_stderr(false);
    }
}

// The free functions below are `Paint` for stdout (stderr for the error label), for the
// renderers that write straight to the terminal: one set of styles, whichever way it is reached.

pub fn error_label() -> String {
    Paint::stderr().with("error:", |s| s.red().bold())
}

pub fn pass_mark() -> String {
    Paint::stdout().pass_mark()
}

pub fn heading(s: &str) -> String {
    Paint::stdout().bold(s)
}

pub fn dim(s: &str) -> String {
    Paint::stdout().dim(s)
}

pub fn command(s: &str) -> String {
    Paint::stdout().name(s)
}

/// Styles decided by the caller rather than by the global terminal detection, so that a
/// renderer stays a pure function (plain in snapshot tests, coloured on a terminal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paint {
    pub colour: bool,
}

impl Paint {
    /// Colour exactly when the rest of git-kata's stdout uses it (a terminal, no NO_COLOR).
    pub fn stdout() -> Paint {
        Paint {
            colour: console::colors_enabled(),
        }
    }

    /// Colour exactly when stderr is a terminal and NO_COLOR is unset.
    pub fn stderr() -> Paint {
        Paint {
            colour: console::colors_enabled_stderr(),
        }
    }

    pub fn plain() -> Paint {
        Paint { colour: false }
    }

    fn with(self, s: &str, f: impl Fn(Style) -> Style) -> String {
        if self.colour && !s.is_empty() {
            f(Style::new().force_styling(true)).apply_to(s).to_string()
        } else {
            s.to_string()
        }
    }

    pub fn bold(self, s: &str) -> String {
        self.with(s, Style::bold)
    }
    pub fn dim(self, s: &str) -> String {
        self.with(s, Style::dim)
    }
    pub fn good(self, s: &str) -> String {
        self.with(s, Style::green)
    }
    pub fn warn(self, s: &str) -> String {
        self.with(s, Style::yellow)
    }
    pub fn bad(self, s: &str) -> String {
        self.with(s, Style::red)
    }
    pub fn name(self, s: &str) -> String {
        self.with(s, Style::cyan)
    }
    pub fn pass_mark(self) -> String {
        self.with("✓", |s| s.green().bold())
    }
    pub fn fail_mark(self) -> String {
        self.with("✗", |s| s.red().bold())
    }
    pub fn pending_mark(self) -> String {
        self.with("–", |s| s.dim().bold())
    }
    pub fn error_mark(self) -> String {
        self.with("!", |s| s.yellow().bold())
    }
}
