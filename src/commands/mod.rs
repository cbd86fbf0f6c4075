//! One module per subcommand; `run` dispatches.

mod check;
mod completions;
mod grade;
mod hint;
mod lesson;
mod list;
mod man;
mod menu;
mod next;
mod quiz;
mod reset;
mod start;
mod status;
mod submit;
mod watch;

use std::path::Path;

use anyhow::Result;

use crate::cli::{Cli, Command, SandboxArg};
use crate::error::Exit;
use crate::lesson::Catalog;
use crate::sandbox::Sandbox;

pub fn run(cli: Cli) -> Result<Exit> {
    let catalog = || Catalog::load(&cli.lessons);
    match cli.command {
        None if interactive() => menu::run(&catalog()?, &cli.lessons),
        None => list::run(&catalog()?, false),
        Some(Command::List { json }) => list::run(&catalog()?, json),
        Some(Command::Start { lesson, dir }) => {
            start::run(&Catalog::lesson(&cli.lessons, &lesson)?, dir.as_deref())
        }
        Some(Command::Check { at, json }) => check::run(&find_sandbox(&at)?, json),
        Some(Command::Hint { at }) => hint::run(&find_sandbox(&at)?),
        Some(Command::Lesson { action }) => lesson::run(action),
        Some(Command::Reset { yes, all: true, .. }) => reset::forget_progress(yes),
        Some(Command::Reset {
            at,
            yes,
            all: false,
        }) => reset::run(&find_sandbox(&at)?, &cli.lessons, yes),
        Some(Command::Quiz {
            lesson,
            all,
            answers,
            reveal,
        }) => quiz::run(
            &catalog()?,
            quiz::Args {
                lesson,
                all,
                answers,
                reveal,
            },
        ),
        Some(Command::Next { dir }) => next::run(&catalog()?, dir.as_deref()),
        Some(Command::Status { at }) => status::run(&find_sandbox(&at)?),
        Some(Command::Watch { at, poll }) => watch::run(find_sandbox(&at)?, &cli.lessons, poll),
        Some(Command::Completions { shell }) => completions::run(shell),
        Some(Command::Man { out }) => man::run(out.as_deref()),
        Some(Command::Grade(args)) => grade::run(&cli.lessons, *args),
        Some(Command::Submit {
            at,
            output,
            answers,
        }) => submit::run(&find_sandbox(&at)?, output, answers),
    }
}

/// The sandbox named by `--dir`, or the one holding the current directory.
fn find_sandbox(at: &SandboxArg) -> Result<Sandbox> {
    match &at.dir {
        Some(dir) => Sandbox::discover(dir),
        None => Sandbox::discover(&std::env::current_dir()?),
    }
}

/// Whether we may ask questions: both ends are a terminal and this is not CI.
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::env::var_os("CI").is_none()
}

pub fn shell_path(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
