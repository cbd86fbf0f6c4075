//! `reset` after an interrupted reset, and `reset` wherever `start` worked: the learner's
//! previous sandbox is never lost, and a sandbox that could be built can be rebuilt.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::*;

/// Gives a directory the modification time it would have if nothing had touched it for `ago`:
/// how the sweep tells a build abandoned an hour ago from one running right now.
pub(super) fn age(dir: &Path, ago: Duration) {
    // Windows opens a directory only with FILE_FLAG_BACKUP_SEMANTICS.
    #[cfg(windows)]
    let handle = {
        use std::os::windows::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(0x0200_0000)
            .open(dir)
    };
    #[cfg(not(windows))]
    let handle = std::fs::File::open(dir);
    handle
        .and_then(|f| f.set_modified(SystemTime::now() - ago))
        .unwrap_or_else(|e| panic!("cannot age {}: {e}", dir.display()));
}

pub(super) fn build_dirs(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".git-kata-build-"))
        .collect();
    names.sort();
    names
}

/// The learner's sandbox as a reset interrupted between its two renames leaves it (the old
/// one moved to `PARENT/.git-kata-build-XXXXXX/old`, the new one half built beside it), with
/// leftovers of earlier builds around: the next `start` and `reset` name every kept sandbox,
/// remove only what is stale and holds nothing of the learner's, and lose nothing.
#[test]
fn an_interrupted_reset_keeps_the_learners_sandbox_names_it_and_sweeps_stale_leftovers() {
    let env = Env::new(Flavour::Normal);
    let sb = env.played(
        "stash-message",
        "sb",
        "echo mine > mine.txt\ngit add mine.txt\ngit commit -q -m 'My own work'\necho draft > draft.txt\n",
    );
    let parent = env.work.clone();
    // Interrupted a moment ago: young, so only what it holds says it must be kept.
    let just_now = parent.join(".git-kata-build-Int3rr");
    std::fs::create_dir_all(just_now.join("s/payments-api/.git")).unwrap();
    std::fs::rename(&sb, just_now.join("old")).unwrap();
    // Interrupted yesterday, another sandbox's: stale, and still kept.
    let yesterday = parent.join(".git-kata-build-Y3st3r");
    std::fs::create_dir_all(yesterday.join("old/payments-api")).unwrap();
    std::fs::write(yesterday.join("old/payments-api/notes.txt"), "keep me\n").unwrap();
    age(&yesterday, Duration::from_secs(24 * 3600));
    // A start killed outright two hours ago: a partial sandbox and nothing else.
    let stale = parent.join(".git-kata-build-St4le0");
    std::fs::create_dir_all(stale.join("payments-api/.git/objects")).unwrap();
    age(&stale, Duration::from_secs(2 * 3600));
    // A build that may be running right now beside us: not ours to remove.
    let running = parent.join(".git-kata-build-Runn1n");
    std::fs::create_dir_all(running.join("payments-api")).unwrap();

    let learner_work_is_whole = || {
        let old_repo = just_now.join("old/payments-api");
        assert_eq!(
            env.git(&old_repo, &["log", "-1", "--format=%s"]).trim(),
            "My own work"
        );
        assert_eq!(
            std::fs::read_to_string(old_repo.join("draft.txt")).unwrap(),
            "draft\n"
        );
        let fsck = env.git_output(&old_repo, &["fsck", "--strict"]);
        assert!(fsck.status.success(), "{}", describe(&fsck));
        assert_eq!(
            std::fs::read_to_string(yesterday.join("old/payments-api/notes.txt")).unwrap(),
            "keep me\n"
        );
    };
    let names_both = |out: &Output| {
        for kept in [&just_now, &yesterday] {
            let shown = kept.join("old").display().to_string();
            assert!(
                stderr(out).contains(&format!("left the previous sandbox at {shown}")),
                "{shown} is not named:\n{}",
                describe(out)
            );
        }
    };

    // The learner starts the lesson again where the sandbox was.
    let out = kata_bounded(&env, &parent, &["start", "stash-message", "--dir", "sb"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    names_both(&out);
    assert_eq!(
        build_dirs(&parent),
        [
            ".git-kata-build-Int3rr",
            ".git-kata-build-Runn1n",
            ".git-kata-build-Y3st3r"
        ],
        "only the stale leftover holding nothing of the learner's is removed"
    );
    learner_work_is_whole();

    // And resets it: the same notes, nothing more removed, nothing of the reset left.
    let out = kata_bounded(&env, &parent, &["reset", "--yes", "--dir", "sb"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    names_both(&out);
    assert_eq!(
        build_dirs(&parent),
        [
            ".git-kata-build-Int3rr",
            ".git-kata-build-Runn1n",
            ".git-kata-build-Y3st3r"
        ]
    );
    learner_work_is_whole();
    assert!(sb.join(".git-kata").is_dir());
}

/// The longest path the kernel takes: a path that long or longer is refused whole.
#[cfg(any(target_os = "linux", target_os = "macos"))]
const PATH_MAX: usize = if cfg!(target_os = "linux") {
    4096
} else {
    1024
};

/// The deepest sandbox `start` can build, found by trying: then `reset` must work there too.
/// The sandbox is called `s`, the shortest name, where a rebuild staged beside it needs the
/// most room compared with `start`'s staging inside it.
#[cfg(any(target_os = "linux", target_os = "macos"))]
#[test]
fn a_sandbox_started_at_the_edge_of_path_max_can_be_reset() {
    let env = Env::new(Flavour::Normal);
    let mut base = env.work.clone();
    while base.as_os_str().len() < PATH_MAX - 400 {
        base.push("d".repeat(100));
    }
    std::fs::create_dir_all(&base).unwrap();
    // Each try gets a parent of its own, `pad` bytes longer than the shortest.
    let start = |pad: usize| -> (std::path::PathBuf, bool) {
        let parent = base.join("p".repeat(pad + 1));
        std::fs::create_dir_all(&parent).unwrap();
        let dir = parent.join("s");
        let out = kata_bounded(
            &env,
            &env.work,
            &["start", "stash-message", "--dir", path_str(&dir)],
        );
        if code(&out) != 0 {
            // A refused start leaves nothing.
            assert!(!dir.exists(), "{}", describe(&out));
            assert_eq!(build_dirs(&parent), Vec::<String>::new());
        }
        (dir, code(&out) == 0)
    };
    let (mut fits, mut too_long) = (0, 250);
    assert!(
        start(fits).1,
        "a sandbox 300 bytes short of PATH_MAX starts"
    );
    assert!(
        !start(too_long).1,
        "a sandbox 50 bytes short of PATH_MAX cannot"
    );
    while too_long - fits > 1 {
        let mid = (fits + too_long) / 2;
        if start(mid).1 {
            fits = mid;
        } else {
            too_long = mid;
        }
    }
    let sb = base.join("p".repeat(fits + 1)).join("s");
    env.bash_ok("echo draft > draft.txt\n", &sb.join("payments-api"));
    let out = kata_bounded(&env, &env.work, &["reset", "--yes", "--dir", path_str(&sb)]);
    assert_eq!(
        code(&out),
        0,
        "started at {} bytes, not reset:\n{}",
        sb.as_os_str().len(),
        describe(&out)
    );
    assert!(!sb.join("payments-api/draft.txt").exists());
    assert_eq!(build_dirs(sb.parent().unwrap()), Vec::<String>::new());
    let out = kata_bounded(
        &env,
        &env.work,
        &["check", "--json", "--dir", path_str(&sb)],
    );
    assert_eq!(code(&out), 1, "{}", describe(&out));
}
