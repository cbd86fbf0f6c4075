//! What a Ctrl-C (or a polite kill) during `start` or `reset` takes back, and what an earlier,
//! harder interruption left behind.
//!
//! A build happens in hidden `.git-kata-build-*` directories; interrupted, they used to stay,
//! each holding a whole partial sandbox. While a build runs, the paths it made are registered
//! here, and a handler (the `ctrlc` crate: SIGINT and SIGTERM on Unix, the console's Ctrl-C
//! and close events on Windows, one API) removes them before the process exits with 130. What
//! is never registered, and so never removed: a learner's previous sandbox that a `reset` has
//! moved aside (`.git-kata-build-*/old`, beside the sandbox or, for a sandbox that cannot be
//! moved, inside it), which `sweep` names instead.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime};

/// The paths a running build would leave behind, removed on interruption.
#[derive(Default)]
pub struct Pending {
    pub claim: Option<PathBuf>,
    pub made_dir: Option<PathBuf>,
    pub entries: Vec<PathBuf>,
    pub staging: Vec<PathBuf>,
}

static PENDING: Mutex<Option<Pending>> = Mutex::new(None);
static HANDLER: OnceLock<()> = OnceLock::new();

/// Runs `f` with the registry locked: the handler waits, so a path made and registered in
/// `f` is never made without being registered (a signal between the two would leak it).
pub fn with<T>(f: impl FnOnce(&mut Pending) -> T) -> T {
    install();
    let mut guard = PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    f(guard.get_or_insert_with(Pending::default))
}

/// Installs the handler once, before the first thing a build makes. A process that cannot
/// have one (another handler is set, as in a test harness) builds all the same, without the
/// clean-up.
pub fn install() {
    HANDLER.get_or_init(|| {
        let _ = ctrlc::set_handler(take_back_and_exit);
    });
}

/// Removes what the running build made: its staging directories, the entries it moved into
/// the target, its claim, and the target itself when the build made it and it is now empty;
/// then exits as an interrupted process does (130).
fn take_back_and_exit() {
    // The lock is held until the process exits: a build that finishes meanwhile waits in
    // `release` instead of exiting 0 over a sandbox being taken apart.
    let mut guard = PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let pending = guard.take().unwrap_or_default();
    // The build goes on writing while this runs, so a removal can race a new file: try a few
    // times, briefly, before the process exits.
    for _ in 0..5 {
        for dir in pending.staging.iter().chain(&pending.entries) {
            let _ = std::fs::remove_dir_all(dir);
            let _ = std::fs::remove_file(dir);
        }
        if let Some(claim) = &pending.claim {
            let _ = std::fs::remove_file(claim);
        }
        if let Some(dir) = &pending.made_dir {
            let _ = std::fs::remove_dir(dir);
        }
        let gone = |p: &PathBuf| std::fs::symlink_metadata(p).is_err();
        if pending.staging.iter().chain(&pending.entries).all(gone)
            && pending.made_dir.as_ref().is_none_or(gone)
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::process::exit(130);
}

/// A staging directory that now holds something to keep (a sandbox moved aside).
pub fn unguard_staging(dir: &Path) {
    with(|p| p.staging.retain(|d| d != dir));
}

/// The build is over, one way or the other: nothing is taken back any more.
pub fn release() {
    with(|p| {
        p.claim = None;
        p.made_dir = None;
        p.entries.clear();
    });
}

/// What every staging directory is called: hidden, and never a name of the sandbox's own.
pub const STAGING_PREFIX: &str = ".git-kata-build-";

/// A staging directory no build has touched for this long is a leftover: builds take seconds.
pub const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Whether the staging directory `dir` holds a learner's sandbox moved aside by a `reset`
/// (`old`). An empty `old` holds nothing of anyone's: an in-place reset (in_place.rs) makes it
/// just before it moves the sandbox in.
pub fn keeps_a_sandbox(dir: &Path) -> bool {
    let old = dir.join("old");
    let empty = std::fs::read_dir(&old).is_ok_and(|mut listing| listing.next().is_none());
    std::fs::symlink_metadata(&old).is_ok() && !empty
}

/// Names on stderr every sandbox a `reset` interrupted in `dir` kept there, removing nothing:
/// for a command refused before it would sweep.
pub fn name_all_kept(dir: &Path) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in listing.filter_map(Result::ok) {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGING_PREFIX)
            && keeps_a_sandbox(&entry.path())
        {
            name_kept(&entry.path());
        }
    }
}

fn name_kept(staging: &Path) {
    crate::text::errln!(
        "note: an interrupted `git-kata reset` left the previous sandbox at {}; move back what you need, then delete it",
        staging.join("old").display()
    );
}

/// Removes what an interrupted build left in `dir` (a process killed outright has no handler
/// run): `.git-kata-build-*` directories untouched for `min_age`. One holding a sandbox that an
/// interrupted `reset` moved aside (`old`) is kept, however young or old, and named on stderr;
/// whether there was one is the answer.
pub fn sweep(dir: &Path, min_age: Duration) -> bool {
    let mut kept = false;
    let Ok(listing) = std::fs::read_dir(dir) else {
        return kept;
    };
    for entry in listing.filter_map(Result::ok) {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(STAGING_PREFIX) {
            continue;
        }
        let path = entry.path();
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        // Named whatever its age: the learner's work is in it, and a reset interrupted a
        // minute ago matters most. Never removed.
        if keeps_a_sandbox(&path) {
            name_kept(&path);
            kept = true;
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age >= min_age);
        if stale {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
    kept
}
