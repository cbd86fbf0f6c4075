use anyhow::Result;

use crate::check::{self, Status};
use crate::error::Exit;
use crate::render::report;
use crate::sandbox::Sandbox;

pub fn run(sandbox: &Sandbox, json: bool) -> Result<Exit> {
    let lesson = sandbox.lesson()?;
    let result = check::check(sandbox, &lesson.lesson);
    if json {
        println!("{}", report::json(&result));
    } else {
        print!("{}", report::checklist(&result, &lesson.lesson.title));
    }
    if result.status == Status::Pass {
        crate::progress::Progress::record(&result.lesson, |p| p.completed = true);
        return Ok(Exit::Success);
    }
    Ok(Exit::Failed)
}
