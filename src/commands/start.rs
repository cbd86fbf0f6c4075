use std::path::Path;

use anyhow::Result;

use crate::error::Exit;
use crate::lesson::Loaded;
use crate::paths::shell_path;
use crate::render::style;
use crate::sandbox::{self, Sandbox, place};

pub fn run(lesson: &Loaded, dir: Option<&Path>) -> Result<Exit> {
    let id = lesson.id();
    let (dir, beside) = match dir {
        Some(dir) => (dir.to_path_buf(), None),
        None => {
            let place = place::default_dir(&super::current_dir()?, id);
            (place.dir, place.beside)
        }
    };
    place::check(&dir, id)?;
    let sandbox = sandbox::create(lesson, &dir)?;
    crate::progress::Progress::record(id, |p| {
        p.started = true;
        p.sandbox = Some(sandbox.root.clone());
    });
    if let Some(old) = beside {
        crate::text::outln!(
            "Built beside the sandbox you are in ({}), not inside it.",
            shell_path(&old)
        );
        crate::text::outln!();
    }
    print_brief(
        lesson,
        &sandbox,
        "Your sandbox is ready. Open a terminal there:",
    );
    crate::text::outln!(
        "Solve it with git. {} tells you what is still missing, {} gives a nudge, {} starts over.",
        style::command("git-kata check"),
        style::command("git-kata hint"),
        style::command("git-kata reset")
    );
    Ok(Exit::Success)
}

/// The lesson's title, brief and the `cd` into its main repository, as `start` first shows
/// them; `git-kata brief` shows them again.
pub fn print_brief(lesson: &Loaded, sandbox: &Sandbox, where_to: &str) {
    let l = &lesson.lesson;
    crate::text::outln!(
        "{}",
        style::heading(&format!("{} — {}", l.id.value, l.title))
    );
    crate::text::outln!();
    crate::text::outln!("{}", l.brief.trim_end());
    crate::text::outln!();
    let main_repo = sandbox.repo_dir(&l.repos[0].name.value);
    crate::text::outln!("{where_to}");
    crate::text::outln!();
    crate::text::outln!(
        "    {}",
        style::command(&format!("cd {}", shell_path(&main_repo)))
    );
    crate::text::outln!();
}

/// `git-kata brief`: the brief again, from anywhere inside the sandbox.
pub fn brief(sandbox: &Sandbox) -> Result<Exit> {
    print_brief(&sandbox.lesson()?, sandbox, "The lesson's main repository:");
    Ok(Exit::Success)
}
