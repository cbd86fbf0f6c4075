//! The learner's own git configuration, read where git reads it. git-kata's libgit2 ignores
//! the user's files by default (sandboxes carry their settings locally, see
//! `ignore_user_git_config`); these are the places a lesson, or a repository the learner made
//! (a clone, a submodule), needs them.

use std::path::PathBuf;

/// The global config files git reads, with the level each is read at: the file
/// `GIT_CONFIG_GLOBAL` names, or else `$XDG_CONFIG_HOME/git/config` (default
/// `~/.config/git/config`) and `~/.gitconfig`, which wins.
pub fn global_files() -> Vec<(git2::ConfigLevel, PathBuf)> {
    if let Some(file) = std::env::var_os("GIT_CONFIG_GLOBAL") {
        return vec![(git2::ConfigLevel::Global, PathBuf::from(file))];
    }
    let home = std::env::home_dir();
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")))
        .map(|d| (git2::ConfigLevel::XDG, d.join("git/config")));
    xdg.into_iter()
        .chain(home.map(|h| (git2::ConfigLevel::Global, h.join(".gitconfig"))))
        .filter(|(_, f)| f.is_file())
        .collect()
}

/// Adds the learner's global config to a repository the learner made, so that libgit2 judges
/// it as `git status` would (line-ending conversion above all). Unreadable files are skipped,
/// as git would fail on them first.
pub fn apply_global(repo: &git2::Repository) {
    let Ok(mut config) = repo.config() else {
        return;
    };
    for (level, file) in global_files() {
        let _ = config.add_file(&file, level, false);
    }
}
