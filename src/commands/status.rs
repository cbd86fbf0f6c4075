use anyhow::Result;

use crate::check::overview;
use crate::error::Exit;
use crate::render::status;
use crate::render::style::Paint;
use crate::sandbox::Sandbox;

pub fn run(sandbox: &Sandbox) -> Result<Exit> {
    let lesson = sandbox.lesson()?;
    let picture = overview::gather(sandbox, &lesson.lesson);
    crate::text::out!("{}", status::render(&picture, width(), Paint::stdout()));
    Ok(Exit::Success)
}

/// The terminal's width (or `COLUMNS`), from 40 up to 100: wider boxes only spread out.
/// A pipe gets 80.
fn width() -> usize {
    crate::render::report::stdout_width().map_or(80, |cols| cols.clamp(40, 100))
}
