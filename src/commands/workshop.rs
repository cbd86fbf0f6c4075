//! `git-kata workshop serve|join|leave|status|export`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

use crate::cli::WorkshopCommand;
use crate::error::{Exit, usage};
use crate::workshop::client;

pub fn run(_packs: &[PathBuf], command: WorkshopCommand) -> Result<Exit> {
    match command {
        WorkshopCommand::Serve(_) | WorkshopCommand::Export(_) => delegate(),
        WorkshopCommand::Join(a) => join(&a.url, &a.code, &a.name),
        WorkshopCommand::Leave => leave(),
        WorkshopCommand::Status => status(),
    }
}

fn join(url: &str, code: &str, name: &str) -> Result<Exit> {
    if let Some(old) = client::session() {
        return Err(usage(format!(
            "this machine is already in the workshop at {} as `{}`; run `git-kata workshop leave` first",
            old.url, old.name
        )));
    }
    let session = client::join(url, code, name)?;
    println!(
        "Joined the workshop at {} as `{}`.",
        session.url, session.name
    );
    if !session.lessons.is_empty() {
        println!("Lessons: {}", session.lessons.join(", "));
    }
    println!();
    println!("{}", client::WHAT_IS_SENT);
    println!();
    println!("`git-kata next` starts the lesson the instructor announces.");
    Ok(Exit::Success)
}

fn leave() -> Result<Exit> {
    match client::leave()? {
        None => println!("This machine is not in a workshop."),
        Some((session, 0)) => println!(
            "Left the workshop at {}; checks are no longer sent.",
            session.url
        ),
        Some((session, unsent)) => println!(
            "Left the workshop at {}; {unsent} event(s) the board could not be reached for were dropped.",
            session.url
        ),
    }
    Ok(Exit::Success)
}

/// Where this machine stands, after trying to send what waits.
fn status() -> Result<Exit> {
    let Some(session) = client::session() else {
        println!(
            "This machine is not in a workshop (`git-kata workshop join URL CODE --name NAME`)."
        );
        return Ok(Exit::Success);
    };
    println!("In the workshop at {} as `{}`.", session.url, session.name);
    let flushed = client::flush(&session, Duration::from_secs(5));
    let waiting = client::dir()
        .map(|d| crate::workshop::outbox::Outbox::at(&d).len())
        .unwrap_or(0);
    match flushed {
        client::Flushed::Empty => println!("Every check has reached the board."),
        client::Flushed::Busy => {
            println!("{waiting} event(s) waiting; another git-kata is sending them now.");
        }
        client::Flushed::Waiting(why) => {
            println!("{waiting} event(s) waiting to be sent: {why}.");
            return Ok(Exit::Failed);
        }
    }
    Ok(Exit::Success)
}

/// `serve` and `export` run in `git-kata-workshop`, a program of their own installed beside
/// git-kata: linked into git-kata, the server's crates cost every `check` about 5 % more
/// instructions and 17 % more page faults at start-up (their relocations), though it never
/// runs their code (benches/README.md, "Workshop").
fn delegate() -> Result<Exit> {
    let exe = std::env::current_exe()?;
    let name = format!("git-kata-workshop{}", std::env::consts::EXE_SUFFIX);
    let server = exe.with_file_name(&name);
    if !server.is_file() {
        return Err(usage(format!(
            "the workshop server is a program of its own, {name}, and it is not beside {} \
             (`cargo install git-kata` installs both; a build without the `workshop-server` \
             feature has none)",
            exe.display()
        )));
    }
    let mut command = std::process::Command::new(&server);
    command.args(std::env::args_os().skip(1));
    run_instead(command, &server)
}

/// Unix: the server replaces this process, so a signal to it (Ctrl-C, a kill) reaches the
/// server itself.
#[cfg(unix)]
fn run_instead(mut command: std::process::Command, server: &Path) -> Result<Exit> {
    use std::os::unix::process::CommandExt;
    let err = command.exec();
    Err(anyhow::Error::new(err).context(format!("cannot run {}", server.display())))
}

#[cfg(not(unix))]
fn run_instead(mut command: std::process::Command, server: &Path) -> Result<Exit> {
    let status = command
        .status()
        .map_err(|e| anyhow::Error::new(e).context(format!("cannot run {}", server.display())))?;
    // The server's own exit code, which is one of the contract's, passed on as it is.
    Ok(match status.code() {
        Some(0) => Exit::Success,
        Some(1) => Exit::Failed,
        Some(3) => Exit::Ungradable,
        Some(4) => Exit::Environment,
        _ => Exit::Usage,
    })
}

/// The entry point of `git-kata-workshop` (src/bin): the same command line as git-kata, of
/// which it runs only `workshop serve` and `workshop export`.
#[cfg(feature = "workshop-server")]
pub fn server_main(args: impl IntoIterator<Item = std::ffi::OsString>) -> Exit {
    crate::render::style::init();
    let cli = crate::cli::parse(args);
    let done = match cli.command {
        Some(crate::cli::Command::Workshop {
            action: WorkshopCommand::Serve(a),
        }) => serve(&cli.lessons, a),
        Some(crate::cli::Command::Workshop {
            action: WorkshopCommand::Export(a),
        }) => export(&cli.lessons, &a.db, a.out.as_deref()),
        _ => Err(usage(
            "git-kata-workshop runs `workshop serve` and `workshop export`; everything else is `git-kata`",
        )),
    };
    done.unwrap_or_else(|e| {
        crate::render::print_error(&e);
        Exit::Usage
    })
}

#[cfg(feature = "workshop-server")]
fn catalog_info(packs: &[PathBuf]) -> Result<Vec<crate::workshop::server::LessonInfo>> {
    use crate::workshop::server::{LessonInfo, ObjectiveInfo};
    let catalog = crate::lesson::Catalog::load(packs)?;
    Ok(catalog
        .lessons
        .iter()
        .map(|(_, l)| LessonInfo {
            id: l.id().to_string(),
            title: l.lesson.title.clone(),
            objectives: l
                .lesson
                .objectives
                .iter()
                .map(|o| ObjectiveInfo {
                    id: o.id.value.clone(),
                    title: o.title.clone(),
                    points: o.points,
                })
                .collect(),
        })
        .collect())
}

/// The database when `--db` is not given: in the data directory, one file for every session.
#[cfg(feature = "workshop-server")]
fn default_db() -> Result<PathBuf> {
    use anyhow::Context;
    Ok(crate::progress::data_dir()
        .context("there is no data directory for this user (set GIT_KATA_DATA_DIR or pass --db)")?
        .join("workshop-server.sqlite"))
}

#[cfg(feature = "workshop-server")]
fn serve(packs: &[PathBuf], a: crate::cli::ServeArgs) -> Result<Exit> {
    let db = match a.db {
        Some(db) => db,
        None => default_db()?,
    };
    crate::workshop::server::serve(crate::workshop::server::Options {
        listen: a.listen,
        db,
        url: a.url,
        stuck_minutes: a.stuck_minutes,
        catalog: catalog_info(packs)?,
    })?;
    Ok(Exit::Success)
}

#[cfg(feature = "workshop-server")]
fn export(packs: &[PathBuf], db: &Path, out: Option<&Path>) -> Result<Exit> {
    use anyhow::Context;
    let (csv, report) = crate::workshop::server::export(db, &catalog_info(packs)?)?;
    match out {
        None => print!("{csv}"),
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for (name, text) in [("grades.csv", &csv), ("class-report.md", &report)] {
                let path = dir.join(name);
                std::fs::write(&path, text)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(Exit::Success)
}
