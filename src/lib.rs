//! git-kata: a kata runner for `git stash` and `git worktree`.
//!
//! The code is split by responsibility: `lesson` (the YAML format), `sandbox` (building the
//! repositories), `check` (judging them), `render` (what people and machines read) and
//! `commands` (one module per subcommand).

pub mod authoring;
pub mod check;
pub mod cli;
pub mod commands;
pub mod error;
pub mod grade;
pub mod lesson;
pub mod paths;
pub mod progress;
pub mod prove;
pub mod render;
pub mod sandbox;
pub mod script;

use std::process::ExitCode;

use clap::Parser;

/// Runs the command line and turns every outcome into one of the contract's exit codes.
pub fn main() -> ExitCode {
    render::style::init();
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code.into(),
        Err(err) => {
            render::print_error(&err);
            error::Exit::Usage.into()
        }
    }
}
