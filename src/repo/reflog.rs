//! HEAD reflogs: how a working tree got where it is. Each working tree keeps its own HEAD log
//! (a linked worktree's in `.git/worktrees/<name>/logs/HEAD`), and setup records how long each
//! was, so that later entries are the learner's.

use std::path::Path;

use git2::Repository;

/// Which HEAD log `r` writes, as setup keys it: `""` for the main working tree, the
/// administrative name for a linked one (whose git2 `path()` is its admin directory).
pub fn head_log_key(r: &Repository) -> String {
    if r.is_worktree() {
        r.path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        String::new()
    }
}

/// How many entries the HEAD log in the git directory `git_dir` holds (none when absent).
pub fn head_log_len(git_dir: &Path) -> usize {
    std::fs::read_to_string(git_dir.join("logs/HEAD"))
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

/// The branch switches (`main → hotfix`) in `r`'s HEAD log after its first `skip` entries.
pub fn branch_switches(r: &Repository, skip: usize) -> Vec<String> {
    let log = std::fs::read_to_string(r.path().join("logs/HEAD")).unwrap_or_default();
    let mut moves = Vec::new();
    for line in log.lines().skip(skip) {
        let Some((_, message)) = line.split_once('\t') else {
            continue;
        };
        if let Some(rest) = message.strip_prefix("checkout: moving from ")
            && let Some((from, to)) = rest.split_once(" to ")
            && from != to
        {
            moves.push(format!("{from} → {to}"));
        }
    }
    moves
}

/// Reflog messages of updates that came from another repository.
pub(crate) fn received(message: &str) -> bool {
    ["push", "fetch", "pull"].iter().any(|w| {
        message == *w
            || message.starts_with(&format!("{w} "))
            || message.starts_with(&format!("{w}:"))
    })
}

/// Reflog messages of updates made by committing with the branch checked out.
pub(crate) fn committed(message: &str) -> bool {
    ["commit", "cherry-pick", "revert", "merge", "rebase", "am"]
        .iter()
        .any(|w| message.starts_with(&format!("{w}:")) || message.starts_with(&format!("{w} ")))
}
