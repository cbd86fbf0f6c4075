//! The command line, as clap derives it. Each subcommand's work lives in `commands/`.

pub mod grade;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "git-kata",
    version,
    about = "Learn git stash and git worktree by doing the real thing in real repositories",
    long_about = None,
    after_help = "Start with `git-kata list`, then `git-kata start LESSON`.\n\
                  `git-kata man --install` makes `man git-kata` and `git kata --help` work."
)]
pub struct Cli {
    /// Use the lessons in these directories instead of the built-in course (repeat the option,
    /// or join directories as PATH does: `:` on Unix, `;` on Windows). Without it, the
    /// directories in GIT_KATA_LESSONS, if it is set and not empty.
    #[arg(long = "lessons", global = true, value_name = "DIR")]
    pub lessons: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The lessons, in course order.
    List(Deferred<ListArgs>),
    /// Build a lesson's sandbox and show its brief.
    Start(Deferred<StartArgs>),
    /// Check the sandbox against the lesson's objectives.
    Check(Deferred<CheckArgs>),
    /// The next hint for the first objective that is not met yet.
    Hint(Deferred<SandboxArg>),
    /// Show the lesson's brief again (the situation and your task).
    Brief(Deferred<SandboxArg>),
    /// Answer a lesson's quiz questions (interactive on a terminal).
    Quiz(Deferred<QuizArgs>),
    /// Start the next lesson not completed yet: in a sandbox, the first after its lesson in
    /// course order; elsewhere the first of the course.
    Next(Deferred<NextArgs>),
    /// Tools for lesson authors: validate, schema, new.
    // Not deferred: clap copies the subcommand tree of `help` before it expands deferred
    // subcommands, so `git-kata help lesson <TAB>` would lose its completions.
    Lesson {
        #[command(subcommand)]
        action: LessonCommand,
    },
    /// Rebuild the sandbox from scratch, throwing away everything done in it.
    Reset(Deferred<ResetArgs>),
    /// A picture of the sandbox: worktrees, branches against main, and the stash stack.
    Status(Deferred<SandboxArg>),
    /// Re-check the lesson live while you work with git in another terminal.
    ///
    /// On a terminal it redraws the checklist and the picture of the sandbox after every git
    /// command or saved file (keys: h hint, r re-check, q quit). Elsewhere (a pipe, CI) it
    /// prints the checklist each time it changes and exits 0 once every objective is met.
    Watch(Deferred<WatchArgs>),
    /// Print a shell completion script, e.g. `git-kata completions bash`.
    Completions(Deferred<CompletionsArgs>),
    /// Print the manual page (`git-kata man | man -l -`), or install it (`--install`).
    Man(Deferred<ManArgs>),
    /// Grade end states for CI and instructors: a sandbox, a script, an archive, or a class.
    Grade(Deferred<Box<grade::GradeArgs>>),
    /// Pack a sandbox into one file to commit and push for grading.
    Submit(Deferred<SubmitArgs>),
    /// Live workshops: the instructor's board (`serve`), and learners `join` it.
    Workshop {
        #[command(subcommand)]
        action: WorkshopCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkshopCommand {
    /// Run the live board: prints the join code, the learners' command and the instructor's
    /// address (WORKSHOP.md).
    Serve(ServeArgs),
    /// Join a workshop: every `check` and `watch` then reports its verdicts to the board.
    Join(JoinArgs),
    /// Leave the workshop: checks are no longer sent.
    Leave,
    /// Whether this machine is in a workshop, and whether every check has reached the board.
    Status,
    /// Write a served workshop's grades as `grade --format csv` does (grades.csv and
    /// class-report.md), from its database.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on. The default takes only this machine's own connections; a
    /// room needs e.g. 0.0.0.0:7878, or a TLS reverse proxy in front (WORKSHOP.md).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub listen: std::net::SocketAddr,
    /// The SQLite file holding the session (code, secret, learners, every event). Serving the
    /// same file again carries the session on. Default: workshop-server.sqlite in the data
    /// directory.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// The address learners reach the board at, when it differs from http://ADDR:PORT (a
    /// reverse proxy, a LAN name).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// A learner counts as stuck after this many minutes failing the same objective.
    #[arg(long, value_name = "MINUTES", default_value_t = 5)]
    pub stuck_minutes: u64,
}

#[derive(Debug, clap::Args)]
pub struct JoinArgs {
    /// The board's address, as the instructor shows it.
    pub url: String,
    /// The join code the instructor shows.
    pub code: String,
    /// Your name on the board (at most 40 characters).
    #[arg(long)]
    pub name: String,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The workshop's database (`workshop serve --db`).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,
    /// Write grades.csv and class-report.md into DIR instead of the CSV to standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// A subcommand's arguments, built only when that subcommand runs (or when help, completions
/// or the manual need them). `check` runs after every few git commands and is over in a few
/// milliseconds; building every subcommand's arguments to parse one of them was a measurable
/// part of that, mostly in fresh stack and heap pages (benches/README.md, "Figures the code's
/// comments cite").
#[derive(Debug)]
pub struct Deferred<T>(pub T);

impl<T: clap::Args> clap::Args for Deferred<T> {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args)
    }
    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(T::augment_args_for_update)
    }
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }
    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }
    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }
    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct StartArgs {
    /// The lesson id (see `git-kata list`).
    pub lesson: String,
    /// Where to build it; must not exist or be empty. Default: LESSON beside the sandbox you
    /// are in, else ./LESSON (never inside a git working tree).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub at: SandboxArg,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct QuizArgs {
    /// The lesson whose questions to ask.
    pub lesson: Option<String>,
    /// Every lesson's questions, in course order.
    #[arg(long)]
    pub all: bool,
    /// Scripted answers, one per question: letters (B,A,C) or numbers (2,1,3).
    #[arg(long, value_name = "A,B,...")]
    pub answers: Option<String>,
    /// Print the questions with their answers and explanations (the instructor's key).
    #[arg(long)]
    pub reveal: bool,
}

#[derive(Debug, clap::Args)]
pub struct NextArgs {
    /// Where to build it; must not exist or be empty. Default: LESSON beside the sandbox you
    /// are in, else ./LESSON (never inside a git working tree).
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ResetArgs {
    #[command(flatten)]
    pub at: SandboxArg,
    /// Do not ask first.
    #[arg(long)]
    pub yes: bool,
    /// Reset even when linked worktrees live outside the sandbox (they are left cut off).
    #[arg(long)]
    pub force: bool,
    /// Forget all progress (lessons done, hints, quiz scores) instead; no sandbox is touched.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub at: SandboxArg,
    /// Look for changes every second instead of waiting for file events (for network
    /// drives and WSL's /mnt, where events may not arrive; detected automatically).
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write git-kata.1 and a page per command into this directory instead.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Install the pages where `man git-kata` and `git kata --help` find them: share/man/man1
    /// beside the directory git-kata is in (~/.cargo/share/man/man1 after `cargo install`).
    #[arg(long)]
    pub install: bool,
}

#[derive(Debug, clap::Args)]
pub struct SubmitArgs {
    #[command(flatten)]
    pub at: SandboxArg,
    /// The archive to write (default: ./submission.tar.gz).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Quiz answers to pack along (YAML mapping lesson ids to answers).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct SandboxArg {
    /// The sandbox directory; by default the one holding the current directory.
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum LessonCommand {
    /// Lint lesson files, then prove them with the real git CLI (exit 0 valid and proven, 1 a
    /// proof failed, 2 invalid).
    ///
    /// Proving runs the lesson's shell code (solution, mistakes' commands, recover, finish)
    /// with bash: in a temporary HOME with no user or system git config, stdin closed, from a
    /// throw-away sandbox, with a timeout, and every process it started is killed when it ends
    /// or times out. That isolates git's configuration, not the machine: the code can read and
    /// write anything you can. Validate only lessons you trust, or use --no-proof.
    Validate {
        /// Lesson files, or directories of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Only lint; do not run the proofs.
        #[arg(long)]
        no_proof: bool,
    },
    /// Print the JSON Schema of the lesson format (for editors).
    Schema,
    /// Write a commented lesson skeleton, ID.yaml, to fill in.
    New {
        /// The new lesson's id (lower case, digits and `-`).
        id: String,
        /// Where to write it (default: the current directory).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

/// The command line as given, with the lesson packs it asks for resolved (`lesson_dirs`).
pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Cli {
    use clap::Parser;
    let mut cli = Cli::parse_from(args);
    cli.lessons = lesson_dirs(
        &cli.lessons,
        std::env::var_os("GIT_KATA_LESSONS").as_deref(),
    );
    cli
}

/// The lesson packs asked for: every `--lessons` value, or else `GIT_KATA_LESSONS`, each split
/// as the platform splits PATH (`:` on Unix, `;` on Windows, where `C:\pack` keeps its colon).
/// Empty pieces name nothing, so `GIT_KATA_LESSONS=` means the built-in course, as an empty
/// variable means "not set" to most programs (clap's own `env` refused it as a missing value).
pub fn lesson_dirs(given: &[PathBuf], env: Option<&std::ffi::OsStr>) -> Vec<PathBuf> {
    let split = |v: &std::ffi::OsStr| -> Vec<PathBuf> {
        std::env::split_paths(v)
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    };
    if given.is_empty() {
        env.map(split).unwrap_or_default()
    } else {
        given.iter().flat_map(|p| split(p.as_os_str())).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;
    use std::path::PathBuf;

    use super::lesson_dirs;

    #[test]
    fn packs_come_from_the_option_else_a_non_empty_variable_split_as_path_is() {
        let given = [PathBuf::from("a")];
        assert_eq!(lesson_dirs(&given, Some(OsStr::new("b"))), given);
        assert_eq!(
            lesson_dirs(&[], Some(OsStr::new(""))),
            Vec::<PathBuf>::new()
        );
        assert_eq!(lesson_dirs(&[], None), Vec::<PathBuf>::new());
        #[cfg(unix)]
        assert_eq!(
            lesson_dirs(&[], Some(OsStr::new("/x::/y"))),
            [PathBuf::from("/x"), PathBuf::from("/y")]
        );
        #[cfg(windows)]
        assert_eq!(
            lesson_dirs(&[PathBuf::from(r"C:\x;D:\y")], None),
            [PathBuf::from(r"C:\x"), PathBuf::from(r"D:\y")]
        );
    }
}
