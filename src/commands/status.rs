use anyhow::Result;

use crate::check::overview;
use crate::error::Exit;
use crate::render::status;
use crate::render::style::Paint;
use crate::sandbox::Sandbox;

pub fn run(sandbox: &Sandbox) -> Result<Exit> {
    let lesson = sandbox.lesson()?;
    let picture = overview::gather(sandbox, &lesson.lesson);
    print!("{}", status::render(&picture, width(), Paint::stdout()));
    Ok(Exit::Success)
}

/// 80 columns, or fewer on a narrower terminal.
fn width() -> usize {
    console::Term::stdout()
        .size_checked()
        .map_or(80, |(_, cols)| usize::from(cols).clamp(40, 80))
}
