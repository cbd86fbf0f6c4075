//! The command line, as clap derives it. Each subcommand's work lives in `commands/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "git-kata",
    version,
    about = "Learn git stash and git worktree by doing the real thing in real repositories",
    long_about = None,
    after_help = "Start with `git-kata list`, then `git-kata start LESSON`."
)]
pub struct Cli {
    /// Use the lessons in these directories instead of the built-in course.
    #[arg(
        long = "lessons",
        global = true,
        env = "GIT_KATA_LESSONS",
        value_delimiter = ':',
        value_name = "DIR"
    )]
    pub lessons: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The lessons, in course order.
    List {
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// Build a lesson's sandbox and show its brief.
    Start {
        /// The lesson id (see `git-kata list`).
        lesson: String,
        /// Where to build it; must not exist or be empty. Default: ./LESSON
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Check the sandbox against the lesson's objectives.
    Check {
        #[command(flatten)]
        at: SandboxArg,
        /// Machine-readable output.
        #[arg(long)]
        json: bool,
    },
    /// The next hint for the first objective that is not met yet.
    Hint {
        #[command(flatten)]
        at: SandboxArg,
    },
    /// Answer a lesson's quiz questions (interactive on a terminal).
    Quiz {
        /// The lesson whose questions to ask.
        lesson: Option<String>,
        /// Every lesson's questions, in course order.
        #[arg(long)]
        all: bool,
        /// Scripted answers, one per question: letters (B,A,C) or numbers (2,1,3).
        #[arg(long, value_name = "A,B,...")]
        answers: Option<String>,
        /// Print the questions with their answers and explanations (the instructor's key).
        #[arg(long)]
        reveal: bool,
    },
    /// Start the first lesson not completed yet.
    Next {
        /// Where to build it; must not exist or be empty. Default: ./LESSON
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Tools for lesson authors: validate, schema, new.
    Lesson {
        #[command(subcommand)]
        action: LessonCommand,
    },
    /// Rebuild the sandbox from scratch, throwing away everything done in it.
    Reset {
        #[command(flatten)]
        at: SandboxArg,
        /// Do not ask first.
        #[arg(long)]
        yes: bool,
        /// Forget all progress (lessons done, hints, quiz scores) instead; no sandbox is touched.
        #[arg(long)]
        all: bool,
    },
    /// A picture of the sandbox: worktrees, branches against main, and the stash stack.
    Status {
        #[command(flatten)]
        at: SandboxArg,
    },
    /// Re-check the lesson live while you work with git in another terminal.
    ///
    /// On a terminal it redraws the checklist and the picture of the sandbox after every git
    /// command or saved file (keys: h hint, r re-check, q quit). Elsewhere (a pipe, CI) it
    /// prints the checklist each time it changes and exits 0 once every objective is met.
    Watch {
        #[command(flatten)]
        at: SandboxArg,
        /// Look for changes every second instead of waiting for file events (for network
        /// drives and WSL's /mnt, where events may not arrive; detected automatically).
        #[arg(long)]
        poll: bool,
    },
    /// Print a shell completion script, e.g. `git-kata completions bash`.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (read it with `git-kata man | man -l -`).
    Man {
        /// Write git-kata.1 and a page per command into this directory instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Grade end states for CI and instructors: a sandbox, a script, an archive, or a class.
    Grade(Box<crate::grade::GradeArgs>),
    /// Pack a sandbox into one file to commit and push for grading.
    Submit {
        #[command(flatten)]
        at: SandboxArg,
        /// The archive to write (default: ./submission.tar.gz).
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Quiz answers to pack along (YAML mapping lesson ids to answers).
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
    },
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
