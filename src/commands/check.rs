use std::path::PathBuf;

use anyhow::Result;

use crate::check::{self, Status};
use crate::error::Exit;
use crate::render::style::Paint;
use crate::render::{report, watch as screen};
use crate::sandbox::Sandbox;

pub fn run(sandbox: &Sandbox, packs: &[PathBuf], json: bool) -> Result<Exit> {
    let lesson = sandbox.lesson()?;
    let result = check::check(sandbox, &lesson.lesson);
    if !json {
        // Only what a learner reads is counted (`--json` is for scripts), and before the
        // workshop hears of this check, so its count of hints is current.
        super::hint::mistakes_shown(sandbox, &result);
    }
    crate::workshop::report(&result);
    if json {
        println!("{}", report::json(&result));
    } else {
        crate::text::out!(
            "{}",
            report::checklist(
                &result,
                &lesson.lesson.title,
                report::stdout_width(),
                Paint::stdout()
            )
        );
    }
    if result.status == Status::Pass {
        crate::progress::Progress::record(&result.lesson, |p| p.completed = true);
        if !json {
            // After the record above, so this lesson counts as done.
            let next = super::next::after(packs, &result.lesson);
            crate::text::outln!("{}", screen::next_sentence(&next));
        }
        return Ok(Exit::Success);
    }
    Ok(Exit::Failed)
}
