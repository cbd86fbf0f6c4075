use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{self, Exit};
use crate::paths::shell_path;

/// Prints the manual page (roff) for `man -l -`; with `--out DIR` writes `git-kata.1` and one
/// `git-kata-COMMAND.1` per command into DIR, as packagers want them; with `--install` writes
/// them where `man` (and so `git kata --help`, which runs `man git-kata`) finds them.
pub fn run(out: Option<&Path>, install: bool) -> Result<Exit> {
    let cmd = Cli::command();
    let dir = match (out, install) {
        (Some(dir), _) => dir.to_path_buf(),
        (None, true) => beside_the_binary()?,
        (None, false) => {
            clap_mangen::Man::new(cmd)
                .render(&mut std::io::stdout())
                .context("cannot write the manual page")?;
            return Ok(Exit::Success);
        }
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(cmd, &dir)
        .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
    println!("Wrote the manual pages into {}.", shell_path(&dir));
    if install && out.is_none() {
        let bin = dir.ancestors().nth(3).map(|p| p.join("bin"));
        println!(
            "`man git-kata` and `git kata --help` find them while {} is on your PATH: man looks \
             in ../share/man beside every directory of PATH. Elsewhere, add {} to MANPATH.",
            bin.as_deref().map(shell_path).unwrap_or_default(),
            dir.parent().map(shell_path).unwrap_or_default()
        );
    }
    Ok(Exit::Success)
}

/// `BIN/../share/man/man1` for the running binary in `BIN`: `~/.cargo/bin/git-kata` (from
/// `cargo install`) gets `~/.cargo/share/man/man1`, a place man-db and macOS's man search
/// without any set-up, since they derive one from each PATH entry.
fn beside_the_binary() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot tell where git-kata is installed")?;
    let exe = exe.canonicalize().unwrap_or(exe);
    let prefix = exe.parent().and_then(Path::parent).ok_or_else(|| {
        error::usage(format!(
            "{} has no directory above its own; use --out DIR",
            exe.display()
        ))
    })?;
    Ok(prefix.join("share").join("man").join("man1"))
}
