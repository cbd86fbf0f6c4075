//! Colour only on a terminal, never with NO_COLOR; symbols that read well without colour too.

use console::{Style, style};

pub fn init() {
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        console::set_colors_enabled(false);
        console::set_colors_enabled_stderr(false);
    }
}

pub fn error_label() -> String {
    style("error:").for_stderr().red().bold().to_string()
}

pub fn pass_mark() -> String {
    style("✓").green().bold().to_string()
}

pub fn fail_mark() -> String {
    style("✗").red().bold().to_string()
}

pub fn error_mark() -> String {
    style("!").yellow().bold().to_string()
}

pub fn heading(s: &str) -> String {
    style(s).bold().to_string()
}

pub fn dim(s: &str) -> String {
    style(s).dim().to_string()
}

pub fn command(s: &str) -> String {
    style(s).cyan().to_string()
}

pub fn added() -> Style {
    Style::new().green()
}

pub fn removed() -> Style {
    Style::new().red()
}
