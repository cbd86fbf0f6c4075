//! The command line of `git-kata grade`: its types live with the command line, so `grade/`
//! (the grading itself) depends on nothing above it.

use std::path::PathBuf;

use clap::ValueEnum;

#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "Exit codes: 0 everything passed, 1 something failed, 2 usage error, 3 a submission could not be graded. See GRADING.md."
)]
#[command(group(clap::ArgGroup::new("input").args(["dir", "script", "archive", "submissions"])))]
pub struct GradeArgs {
    /// The lesson to grade against (required for --script; otherwise read from the marker).
    #[arg(value_name = "LESSON")]
    pub lesson_arg: Option<String>,
    /// The lesson to grade against, whatever each submission's marker says.
    #[arg(long, value_name = "LESSON")]
    pub lesson: Option<String>,

    /// Grade a sandbox in place.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Run this solution script (bash) in a fresh sandbox of LESSON, then grade it.
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// Grade an archive made by `git-kata submit`.
    #[arg(long, value_name = "FILE")]
    pub archive: Option<PathBuf>,
    /// Grade every entry of DIR (sandboxes, archives, scripts), in parallel.
    #[arg(long, value_name = "DIR")]
    pub submissions: Option<PathBuf>,

    /// Quiz answers to grade: YAML mapping lesson ids to answers (single inputs only).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// The learner's name in reports (single inputs; default: the file or directory name).
    #[arg(long, value_name = "NAME")]
    pub learner: Option<String>,
    /// Grade only shard I of N (1-based) of --submissions, for a CI matrix.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Seconds a solution script may run before its whole process group is killed.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
    /// Seconds the grading of one submission may take in all, a script's run included; past
    /// it the submission is an `error` row and the batch goes on [default: --timeout + 240].
    #[arg(long, value_name = "SECONDS")]
    pub limit: Option<u64>,

    /// Output formats; several at once need --out.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "text")]
    pub format: Vec<Format>,
    /// Write each format to its own file in DIR instead of standard output.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Exit 0 whatever the grades (usage errors still exit 2): for runs where the report is the
    /// product.
    #[arg(long)]
    pub exit_zero: bool,
    /// Print the JSON Schema of `--format json` and exit.
    #[arg(long, exclusive = true)]
    pub schema: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The checklist, per learner.
    Text,
    /// exercism-style results (schema/grade-result.schema.json).
    Json,
    /// JUnit XML: a testsuite per learner and lesson, a testcase per objective.
    Junit,
    /// Test Anything Protocol, version 13.
    Tap,
    /// GitHub Actions annotations, and a Markdown summary in $GITHUB_STEP_SUMMARY.
    Github,
    /// The base64 result GitHub Classroom's autograding reporter reads.
    Classroom,
    /// A row per learner and lesson, plus a Markdown class report (with --out).
    Csv,
}
