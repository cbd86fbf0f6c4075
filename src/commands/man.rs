use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Exit;

/// Prints the manual page (roff) for `man -l -`, or with `--out DIR` writes `git-kata.1` and
/// one `git-kata-COMMAND.1` per command into DIR, as packagers want them.
pub fn run(out: Option<&Path>) -> Result<Exit> {
    let cmd = Cli::command();
    let Some(dir) = out else {
        clap_mangen::Man::new(cmd)
            .render(&mut std::io::stdout())
            .context("cannot write the manual page")?;
        return Ok(Exit::Success);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(cmd, dir)
        .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
    println!("Wrote the manual pages into {}.", dir.display());
    Ok(Exit::Success)
}
