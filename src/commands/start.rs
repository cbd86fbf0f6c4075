use std::path::{Path, PathBuf};

use anyhow::Result;

use super::shell_path;
use crate::error::Exit;
use crate::lesson::Loaded;
use crate::render::style;
use crate::sandbox;

pub fn run(lesson: &Loaded, dir: Option<&Path>) -> Result<Exit> {
    let id = lesson.id();
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(id));
    let sandbox = sandbox::create(lesson, &dir)?;
    crate::progress::Progress::record(id, |p| p.started = true);
    let l = &lesson.lesson;
    println!(
        "{}",
        style::heading(&format!("{} — {}", l.id.value, l.title))
    );
    println!();
    println!("{}", l.brief.trim_end());
    println!();
    let main_repo = sandbox.repo_dir(&l.repos[0].name.value);
    println!("Your sandbox is ready. Open a terminal there:");
    println!();
    println!(
        "    {}",
        style::command(&format!("cd {}", shell_path(&main_repo)))
    );
    println!();
    println!(
        "Solve it with git. {} tells you what is still missing, {} gives a nudge, {} starts over.",
        style::command("git-kata check"),
        style::command("git-kata hint"),
        style::command("git-kata reset")
    );
    Ok(Exit::Success)
}
