//! Noticing that the learner did something: file events on the sandbox (and on linked worktrees
//! that live outside it), filtered down to what can change a verdict, or polling where events
//! do not arrive.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, PollWatcher, RecursiveMode, Watcher};

pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

pub type Message = notify::Result<Event>;

/// How changes are noticed, said to the learner in the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Events,
    /// Polling, and why.
    Polling(String),
}

impl Mode {
    pub fn describe(&self) -> String {
        match self {
            Mode::Events => "Watching for changes.".to_string(),
            Mode::Polling(why) => format!(
                "Checking for changes every {} s: {why}.",
                POLL_INTERVAL.as_secs()
            ),
        }
    }
}

pub struct FileWatch {
    watcher: Box<dyn Watcher>,
    watched: BTreeSet<PathBuf>,
    pub mode: Mode,
}

impl FileWatch {
    /// Watches `root` recursively; `force_poll` (the `--poll` flag) skips file events.
    pub fn start(root: &Path, force_poll: bool, tx: Sender<Message>) -> FileWatch {
        let reason = if force_poll {
            Some("you asked for it with --poll".to_string())
        } else {
            events_unreliable(root)
        };
        if reason.is_none() {
            let events = notify::recommended_watcher(tx.clone())
                .map(|w| Box::new(w) as Box<dyn Watcher>)
                .and_then(|mut w| w.watch(root, RecursiveMode::Recursive).map(|()| w));
            match events {
                Ok(watcher) => {
                    return FileWatch {
                        watcher,
                        watched: BTreeSet::from([root.to_path_buf()]),
                        mode: Mode::Events,
                    };
                }
                Err(e) => {
                    return FileWatch::polling(
                        root,
                        tx,
                        format!("file events are not available here ({e})"),
                    );
                }
            }
        }
        FileWatch::polling(root, tx, reason.unwrap_or_default())
    }

    fn polling(root: &Path, tx: Sender<Message>, why: String) -> FileWatch {
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(false);
        let mut watched = BTreeSet::new();
        // PollWatcher::new cannot fail on a fresh configuration; if it ever does, watch still
        // works with `r`, and says so.
        let watcher: Box<dyn Watcher> = match PollWatcher::new(tx, config) {
            Ok(mut w) => {
                if w.watch(root, RecursiveMode::Recursive).is_ok() {
                    watched.insert(root.to_path_buf());
                }
                Box::new(w)
            }
            Err(e) => {
                return FileWatch {
                    watcher: Box::new(notify::NullWatcher),
                    watched,
                    mode: Mode::Polling(format!(
                        "{why}; but polling failed too ({e}), so press r to re-check"
                    )),
                };
            }
        };
        FileWatch {
            watcher,
            watched,
            mode: Mode::Polling(why),
        }
    }

    /// Makes the watched set `root` plus `extra` (linked worktrees outside the sandbox that
    /// exist now). Failures are not fatal: the sandbox itself is still watched.
    pub fn sync(&mut self, root: &Path, extra: &[PathBuf]) {
        let wanted: BTreeSet<PathBuf> = std::iter::once(root.to_path_buf())
            .chain(
                extra
                    .iter()
                    .filter(|p| !p.starts_with(root) && p.is_dir())
                    .cloned(),
            )
            .collect();
        for gone in self
            .watched
            .difference(&wanted)
            .cloned()
            .collect::<Vec<_>>()
        {
            let _ = self.watcher.unwatch(&gone);
            self.watched.remove(&gone);
        }
        for new in wanted
            .difference(&self.watched)
            .cloned()
            .collect::<Vec<_>>()
        {
            if self.watcher.watch(&new, RecursiveMode::Recursive).is_ok() {
                self.watched.insert(new);
            }
        }
    }
}

/// Whether this event can change a verdict. Reads (including our own) and lock files do not.
pub fn relevant(event: &Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) => return false,
        _ => {}
    }
    // A lock file is churn while git works (it is renamed into place), but one deleted by hand
    // (after a crashed git) unblocks the checker.
    let removed = matches!(event.kind, EventKind::Remove(_));
    // A rescan request (events were lost) names no path: always worth a re-check.
    event.paths.is_empty()
        || event
            .paths
            .iter()
            .any(|p| relevant_path(p) || (removed && p.extension().is_some_and(|e| e == "lock")))
}

/// The parts of a repository that predicates read: HEAD, the index, refs, the stash's reflog,
/// HEAD's reflog, worktree registrations and half-done operations, plus every working tree file.
pub fn relevant_path(path: &Path) -> bool {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    if parts.contains(&crate::sandbox::marker::MARKER_DIR) {
        return false;
    }
    if parts.last().is_some_and(|name| name.ends_with(".lock")) {
        return false;
    }
    let Some(git) = parts.iter().rposition(|p| *p == ".git") else {
        return true;
    };
    let inside = &parts[git + 1..];
    match inside {
        // The `.git` directory or a linked worktree's `.git` file itself.
        [] => true,
        ["logs", rest @ ..] => matches!(rest, ["HEAD"] | ["refs", "stash"]),
        [first, ..] => matches!(
            *first,
            "HEAD"
                | "index"
                | "packed-refs"
                | "refs"
                | "worktrees"
                | "MERGE_HEAD"
                | "CHERRY_PICK_HEAD"
                | "REVERT_HEAD"
                | "BISECT_LOG"
                | "rebase-merge"
                | "rebase-apply"
        ),
    }
}

/// Why file events cannot be trusted for `root`, if they cannot: on network and virtual file
/// systems, changes made by another machine (or by Windows, under WSL) raise no event here.
pub fn events_unreliable(root: &Path) -> Option<String> {
    if let Some(fs) = filesystem_kind(root) {
        return Some(format!(
            "{} is on {fs}, where file events do not always arrive",
            root.display()
        ));
    }
    if root.starts_with("/mnt/") && running_in_wsl() {
        return Some(format!(
            "{} is on a Windows drive seen from WSL, where file events do not arrive",
            root.display()
        ));
    }
    None
}

/// See platform::fs::unreliable_events_fs for what each system can tell.
fn filesystem_kind(root: &Path) -> Option<&'static str> {
    crate::platform::fs::unreliable_events_fs(root)
}

fn running_in_wsl() -> bool {
    std::env::var_os("WSL_DISTRO_NAME").is_some()
        || std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .is_ok_and(|r| r.to_lowercase().contains("microsoft"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_internals_that_predicates_read_are_relevant() {
        for p in [
            "/s/repo/.git/HEAD",
            "/s/repo/.git/index",
            "/s/repo/.git/refs/heads/main",
            "/s/repo/.git/refs/stash",
            "/s/repo/.git/logs/refs/stash",
            "/s/repo/.git/logs/HEAD",
            "/s/repo/.git/packed-refs",
            "/s/repo/.git/worktrees/hotfix/HEAD",
            "/s/repo/.git/worktrees/hotfix",
            "/s/hotfix/.git",
            "/s/repo/deployment.yaml",
            "/s/repo/deploy/manager.yaml",
        ] {
            assert!(relevant_path(Path::new(p)), "{p} should be relevant");
        }
    }

    #[test]
    fn lock_files_objects_and_our_marker_are_not() {
        for p in [
            "/s/repo/.git/index.lock",
            "/s/repo/.git/refs/heads/main.lock",
            "/s/repo/.git/objects/ab/cdef",
            "/s/repo/.git/COMMIT_EDITMSG",
            "/s/repo/.git/logs/refs/heads/main",
            "/s/repo/.git/config",
            "/s/.git-kata/state.json",
        ] {
            assert!(!relevant_path(Path::new(p)), "{p} should be ignored");
        }
    }
}
