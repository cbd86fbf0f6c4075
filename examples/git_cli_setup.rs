//! Prints a built-in lesson's setup as a bash script that builds the same sandbox with the git
//! CLI, using benches/git-cli/lib.sh: the benchmark's counterpart of `git-kata start` for the
//! lessons that have no hand-written `start-LESSON.sh`. `benches/git-cli/verify.sh` proves each
//! script builds the same sandbox (same commit ids, refs, index, worktrees and marker).
//!
//! Usage: cargo run --release --example git_cli_setup -- LESSON > start-LESSON.sh

use anyhow::{Context, Result};
use git_kata::lesson::{Catalog, StashInclude, Step};
use git_kata::sandbox::builder::with_newline;

fn main() -> Result<()> {
    let id = std::env::args()
        .nth(1)
        .context("usage: git_cli_setup LESSON")?;
    let lesson = Catalog::lesson(&[], &id)?;
    let mut out = format!(
        "#!/usr/bin/env bash\n\
         # `git-kata start {id} --dir DIR`, done with the git CLI: generated from lessons/{id}.yaml\n\
         # by examples/git_cli_setup.rs. Usage: start-{id}.sh DIR\n\
         set -euo pipefail\n\
         source \"${{GK_LIB:?GK_LIB names benches/git-cli/lib.sh}}\"\n\n\
         gk_sandbox \"${{1:?usage: start-{id}.sh DIR}}\"\n"
    );
    // Bare repositories first, as the builder builds them: a clone may be listed before them.
    let repos = &lesson.lesson.repos;
    for repo in repos
        .iter()
        .filter(|r| r.bare)
        .chain(repos.iter().filter(|r| !r.bare))
    {
        let name = quote(&repo.name.value);
        out += &format!("gk_init {name}\nrepo=$GK_ROOT/{name}\n");
        if let Some(branch) = &repo.initial_branch {
            out += &format!(
                "git -C \"$repo\" symbolic-ref HEAD {}\n",
                quote(&format!("refs/heads/{branch}"))
            );
        }
        // Our clone's config is gk_init's plus the remote and the upstream.
        if let Some(origin) = &repo.clone {
            out += &format!(
                "git -C \"$repo\" remote add origin \"$GK_ROOT\"/{o}\n\
                 git -C \"$repo\" fetch -q origin\n\
                 git -C \"$repo\" remote set-head origin -a >/dev/null\n\
                 git -C \"$repo\" switch -q -C main --track origin/main\n",
                o = quote(origin)
            );
        }
        for step in &repo.steps {
            out += &script(&step.value);
        }
        if repo.bare {
            out += "mv \"$repo/.git\" \"$repo.bare\" && rm -rf \"$repo\" && mv \"$repo.bare\" \"$repo\"\n\
                    rm -f \"$repo/index\" && git -C \"$repo\" config core.bare true\n";
        }
    }
    out += &format!("gk_marker {}\n", quote(&id));
    print!("{out}");
    Ok(())
}

/// The git CLI lines for one setup step, as src/sandbox/builder.rs carries it out.
fn script(step: &Step) -> String {
    // Where a step's files are: the main working tree, or a worktree (sandbox-relative).
    let base = |worktree: &Option<String>| match worktree {
        Some(wt) => format!("\"$GK_ROOT\"/{}", quote(wt)),
        None => "\"$repo\"".to_string(),
    };
    match step {
        Step::Write(s) => format!(
            "gk_write {}/{} {}\n",
            base(&s.worktree),
            quote(&s.path),
            quote(&s.content)
        ),
        Step::Delete(s) => format!("rm {}/{}\n", base(&s.worktree), quote(&s.path)),
        Step::Chmod(s) => format!(
            "chmod {} {}/{}\n",
            if s.executable { "755" } else { "644" },
            base(&s.worktree),
            quote(&s.path)
        ),
        Step::Stage(s) => format!(
            "git -C {} add -A{}\n",
            base(&s.worktree),
            pathspec(&s.paths)
        ),
        Step::Commit(s) => {
            let base = base(&s.worktree);
            let add = if s.all {
                format!("git -C {base} add -A\n")
            } else {
                String::new()
            };
            format!(
                "gk_tick\n{add}git -C {base} commit -q --allow-empty --cleanup=verbatim -m {}\n",
                quote(&with_newline(&s.message))
            )
        }
        Step::Branch(s) => {
            let at = s.at.as_deref().map(quote).map(|r| format!(" {r}"));
            let at = at.unwrap_or_default();
            if s.switch {
                format!("git -C \"$repo\" switch -q -c {}{at}\n", quote(&s.name))
            } else {
                format!("git -C \"$repo\" branch {}{at}\n", quote(&s.name))
            }
        }
        Step::Switch(s) => format!(
            "git -C {} switch -q {}\n",
            base(&s.worktree),
            quote(&s.branch)
        ),
        Step::Tag(s) => {
            let at = s.at.as_deref().map(quote).map(|r| format!(" {r}"));
            let at = at.unwrap_or_default();
            match &s.message {
                Some(message) => format!(
                    "gk_tick\ngit -C \"$repo\" tag -a --cleanup=verbatim -m {} {}{at}\n",
                    quote(&with_newline(message)),
                    quote(&s.name)
                ),
                None => format!("git -C \"$repo\" tag {}{at}\n", quote(&s.name)),
            }
        }
        Step::Stash(s) => {
            let include = match s.include {
                StashInclude::Tracked => "",
                StashInclude::Untracked => " -u",
                StashInclude::All => " -a",
            };
            let message = s
                .message
                .as_deref()
                .map(|m| format!(" -m {}", quote(m)))
                .unwrap_or_default();
            format!(
                "gk_tick\ngit -C {} stash push -q{include}{message}\n",
                base(&s.worktree)
            )
        }
        Step::WorktreeAdd(s) => {
            let dir = format!("\"$GK_ROOT\"/{}", quote(&s.path));
            let mut lines = match &s.new_branch_from {
                Some(from) => format!(
                    "git -C \"$repo\" worktree add -q -b {} {dir} {}\n",
                    quote(&s.branch),
                    quote(from)
                ),
                None => format!(
                    "git -C \"$repo\" worktree add -q {dir} {}\n",
                    quote(&s.branch)
                ),
            };
            if let Some(reason) = &s.lock {
                lines += &format!(
                    "git -C \"$repo\" worktree lock --reason {} {dir}\n",
                    quote(reason)
                );
            }
            lines
        }
        Step::RemoveDir(s) => format!("rm -rf \"$GK_ROOT\"/{}\n", quote(&s.path)),
        Step::StashDrop(s) => format!("git -C \"$repo\" stash drop -q 'stash@{{{}}}'\n", s.index),
        Step::StashClear(_) => "git -C \"$repo\" stash clear\n".to_string(),
        Step::Merge(s) => {
            let message = s
                .message
                .clone()
                .unwrap_or_else(|| format!("Merge branch '{}'", s.branch));
            format!(
                "gk_tick\ngit -C \"$repo\" merge -q --no-ff --no-edit --cleanup=verbatim -m {} {}\n",
                quote(&with_newline(&message)),
                quote(&s.branch)
            )
        }
        Step::Config(s) => {
            let key = s.key.to_ascii_lowercase();
            // A remote's URL is a sandbox-relative path in the lesson, absolute in the sandbox.
            let value = if key.starts_with("remote.") && key.ends_with("url") {
                format!("\"$GK_ROOT\"/{}", quote(&s.value))
            } else {
                quote(&s.value)
            };
            format!("git -C \"$repo\" config {} {value}\n", quote(&s.key))
        }
        // Pushed from a scratch clone, by the teammate's identity.
        Step::TeammateCommit(s) => {
            let mut lines = format!(
                "gk_tmp=$(mktemp -d)\n\
                 git clone -q \"$(git -C \"$repo\" config remote.{}.url)\" \"$gk_tmp/w\"\n",
                quote(&s.remote)
            );
            if let Some(from) = &s.from {
                lines += &format!(
                    "git -C \"$gk_tmp/w\" switch -q -c {} {}\n",
                    quote(&s.branch),
                    quote(&format!("origin/{from}"))
                );
            } else {
                lines += &format!("git -C \"$gk_tmp/w\" switch -q {}\n", quote(&s.branch));
            }
            for (path, content) in &s.write {
                lines += &format!(
                    "gk_write \"$gk_tmp/w\"/{} {}\n",
                    quote(path),
                    quote(content)
                );
            }
            for path in &s.delete {
                lines += &format!("rm \"$gk_tmp/w\"/{}\n", quote(path));
            }
            lines += &format!(
                "gk_tick\ngit -C \"$gk_tmp/w\" add -A\n\
                 GIT_AUTHOR_NAME='Robin Teammate' GIT_AUTHOR_EMAIL=robin@git-kata.invalid \\\n\
                 GIT_COMMITTER_NAME='Robin Teammate' GIT_COMMITTER_EMAIL=robin@git-kata.invalid \\\n\
                 git -C \"$gk_tmp/w\" commit -q --cleanup=verbatim -m {}\n\
                 git -C \"$gk_tmp/w\" push -q origin {}\nrm -rf \"$gk_tmp\"\n",
                quote(&with_newline(&s.message)),
                quote(&s.branch)
            );
            lines
        }
    }
}

fn pathspec(paths: &[String]) -> String {
    if paths.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = paths.iter().map(|p| quote(p)).collect();
        format!(" -- {}", quoted.join(" "))
    }
}

/// A bash word for `text` exactly: plain when it is safe, otherwise `$'...'`.
fn quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if plain {
        return text.to_string();
    }
    let mut out = String::from("$'");
    for c in text.chars() {
        match c {
            '\\' => out += "\\\\",
            '\'' => out += "\\'",
            '\n' => out += "\\n",
            '\t' => out += "\\t",
            c if (c as u32) < 0x20 || c == '\u{7f}' => out += &format!("\\x{:02x}", c as u32),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
