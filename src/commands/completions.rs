use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Exit;

/// Prints the completion script for `shell`, e.g. `git-kata completions bash > ~/.local/share/bash-completion/completions/git-kata`.
pub fn run(shell: Shell) -> Result<Exit> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "git-kata", &mut std::io::stdout());
    Ok(Exit::Success)
}
