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
    Ok(if result.status == Status::Pass {
        Exit::Success
    } else {
        Exit::Failed
    })
}
