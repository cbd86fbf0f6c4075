//! One module per subcommand; `run` dispatches.

mod check;
mod completions;
#[allow(unsafe_code, reason = "libgit2's owner validation is global state")]
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
pub mod workshop;

use anyhow::Result;

use crate::cli::{Cli, Command, Deferred, SandboxArg};
use crate::error::Exit;
use crate::lesson::Catalog;
use crate::sandbox::Sandbox;

pub fn run(cli: Cli) -> Result<Exit> {
    let catalog = || Catalog::load(&cli.lessons);
    match cli.command {
        None if interactive() => menu::run(&catalog()?, &cli.lessons),
        None => list::run(&catalog()?, false),
        Some(Command::List(Deferred(a))) => list::run(&catalog()?, a.json),
        Some(Command::Start(Deferred(a))) => {
            start::run(&Catalog::lesson(&cli.lessons, &a.lesson)?, a.dir.as_deref())
        }
        Some(Command::Check(Deferred(a))) => {
            check::run(&find_sandbox(&a.at)?, &cli.lessons, a.json)
        }
        Some(Command::Hint(Deferred(at))) => hint::run(&find_sandbox(&at)?),
        Some(Command::Brief(Deferred(at))) => start::brief(&find_sandbox(&at)?),
        Some(Command::Lesson { action }) => lesson::run(action),
        Some(Command::Reset(Deferred(a))) if a.all => reset::forget_progress(a.yes),
        Some(Command::Reset(Deferred(a))) => {
            reset::run(&find_sandbox(&a.at)?, &cli.lessons, a.yes, a.force)
        }
        Some(Command::Quiz(Deferred(a))) => quiz::run(&catalog()?, a),
        Some(Command::Next(Deferred(a))) => next::run(&catalog()?, a.dir.as_deref()),
        Some(Command::Status(Deferred(at))) => status::run(&find_sandbox(&at)?),
        Some(Command::Watch(Deferred(a))) => watch::run(find_sandbox(&a.at)?, &cli.lessons, a.poll),
        Some(Command::Completions(Deferred(a))) => completions::run(a.shell, &cli.lessons),
        Some(Command::Man(Deferred(a))) => man::run(a.out.as_deref(), a.install),
        Some(Command::Grade(Deferred(args))) => grade::run(&cli.lessons, *args),
        Some(Command::Submit(Deferred(a))) => {
            submit::run(&find_sandbox(&a.at)?, a.output, a.answers)
        }
        Some(Command::Workshop { action }) => workshop::run(&cli.lessons, action),
    }
}

/// The sandbox named by `--dir`, or the one holding the current directory.
fn find_sandbox(at: &SandboxArg) -> Result<Sandbox> {
    match &at.dir {
        Some(dir) => Sandbox::discover(dir),
        None => Sandbox::discover(&current_dir()?),
    }
}

/// The current directory. When it is gone because it was a linked worktree removed while the
/// shell stood in it, the way back is the lesson's main repository (`cd`-ing to the old path
/// again, as after a reset, would fail).
fn current_dir() -> Result<std::path::PathBuf> {
    crate::paths::current_dir().map_err(|e| {
        let gone = std::env::var_os("PWD")
            .map(std::path::PathBuf::from)
            .filter(|pwd| pwd.is_absolute() && !pwd.exists());
        let main_repo = gone.as_deref().and_then(|pwd| {
            let near = pwd.ancestors().find(|a| a.is_dir())?;
            let sandbox = Sandbox::discover(near).ok()?;
            let first = sandbox
                .lesson()
                .ok()?
                .lesson
                .repos
                .first()?
                .name
                .value
                .clone();
            Some(sandbox.repo_dir(&first))
        });
        match (gone, main_repo) {
            (Some(pwd), Some(main)) => crate::error::usage(format!(
                "the current directory {} no longer exists: it was removed while your shell \
                 stood in it. Go on in the lesson's main \
                 repository: `cd {}`",
                crate::paths::shell_path(&pwd),
                crate::paths::shell_path(&main)
            )),
            _ => e,
        }
    })
}

/// Whether we may ask questions: both ends are a terminal and this is not CI.
pub fn interactive() -> bool {
    use std::io::IsTerminal;
    std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::env::var_os("CI").is_none()
}
