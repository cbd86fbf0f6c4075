//! `git-kata completions SHELL`: clap's generated script, with the lesson ids as the values of
//! every argument that takes one, and for bash also `git kata ...` through git's completion.

use std::path::PathBuf;

use anyhow::Result;
use clap::CommandFactory;
use clap::builder::PossibleValue;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Exit;
use crate::lesson::Catalog;

/// The name the binary is installed and typed as. bash-completion loads a script named after
/// the command being completed, so the script must say exactly this (`git-kata`), and define
/// `_git_kata` for git's own completion of `git kata`.
const BIN: &str = "git-kata";

/// Prints the completion script for `shell`, e.g. `git-kata completions bash >
/// ~/.local/share/bash-completion/completions/git-kata`.
pub fn run(shell: Shell, packs: &[PathBuf]) -> Result<Exit> {
    let catalog = Catalog::load(packs)?;
    let ids: Vec<String> = catalog
        .lessons
        .iter()
        .map(|(_, l)| l.id().to_string())
        .collect();
    let mut cmd = with_lesson_ids(Cli::command(), &ids);
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    if shell == Shell::Bash {
        // clap_complete names a hyphenated binary's states `git__kata...` where it builds them
        // but `git__subcmd__kata...` where it dispatches on them, so nothing past the first
        // word ever completed. One spelling for both.
        script = script.replace("git__subcmd__kata", "git__kata");
        script.push_str(GIT_SUBCOMMAND_BASH);
    }
    if shell == Shell::Fish {
        // clap's fish script offers no values for positional arguments: the lesson ids (with
        // their titles, which fish shows beside them) are added here.
        for sub in ["start", "quiz", "grade"] {
            for (_, l) in &catalog.lessons {
                script.push_str(&format!(
                    "complete -c {BIN} -n \"__fish_git_kata_using_subcommand {sub}\" -f -a '{}' -d '{}'\n",
                    l.id(),
                    l.lesson.title.replace('\\', "\\\\").replace('\'', "\\'")
                ));
            }
        }
    }
    print!("{script}");
    Ok(Exit::Success)
}

/// The command tree with the lesson ids offered wherever a lesson is named. Only completion
/// sees them as a closed list: parsing still takes any piece of an id, and lessons of packs.
fn with_lesson_ids(mut cmd: clap::Command, ids: &[String]) -> clap::Command {
    // Deferred subcommands (cli::Deferred) only have their arguments once built.
    cmd.build();
    // clap takes `&'static str` names (without its `string` feature); this process prints one
    // script and ends, so the few ids may as well live as long as it does.
    let values: Vec<PossibleValue> = ids
        .iter()
        .map(|id| PossibleValue::new(&*Box::leak(id.clone().into_boxed_str())))
        .collect();
    let offer = |a: clap::Arg| a.value_parser(values.clone());
    for (sub, arg) in [
        ("start", "lesson"),
        ("quiz", "lesson"),
        ("grade", "lesson_arg"),
        ("grade", "lesson"),
    ] {
        cmd = cmd.mut_subcommand(sub, |c| {
            if c.get_arguments().any(|a| a.get_id() == arg) {
                c.mut_arg(arg, offer)
            } else {
                c
            }
        });
    }
    cmd
}

/// git's bash completion completes `git kata ...` with a function `_git_kata` when there is
/// one: hand it to clap's, with the words as if `git-kata` had been typed.
const GIT_SUBCOMMAND_BASH: &str = r#"
_git_kata() {
    local -a words=("git-kata" "${COMP_WORDS[@]:2}")
    local COMP_WORDS=("${words[@]}")
    local COMP_CWORD=$((COMP_CWORD - 1))
    local COMP_LINE="git-kata ${COMP_LINE#*kata}"
    local COMP_POINT=${#COMP_LINE}
    _git__kata git-kata "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}
"#;
