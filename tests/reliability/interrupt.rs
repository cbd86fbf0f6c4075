//! Interrupted and concurrent `start`s: a target is claimed by one build at a time, a failed
//! or interrupted build takes back what it made, and nothing hidden is left behind.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use super::*;

/// Hidden build leftovers anywhere under `dir` (one level deep is where they go).
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(listing) = std::fs::read_dir(dir) else {
        return found;
    };
    for e in listing.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(".git-kata-build-") || name == ".git-kata-claim" {
            found.push(e.path().display().to_string());
        }
        if e.file_type().is_ok_and(|t| t.is_dir()) && !name.starts_with(".git") {
            found.extend(leftovers(&e.path()));
        }
    }
    found
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|l| {
            l.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn concurrent_starts_into_one_new_directory_never_mix_their_sandboxes() {
    let env = Env::new(Flavour::Normal);
    for trial in 0..4 {
        let dir = env.path(&format!("race-{trial}"));
        let d = path_str(&dir);
        let spawn = |lesson: &str| {
            env.command(env!("CARGO_BIN_EXE_git-kata"), &env.work)
                .args(["start", lesson, "--dir", d])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn("stash-message");
        let b = spawn("stash-untracked");
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let won: Vec<&str> = [("stash-message", &a), ("stash-untracked", &b)]
            .iter()
            .filter(|(_, o)| o.status.success())
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(
            won.len(),
            1,
            "trial {trial}: exactly one start wins:\n{}\n{}",
            describe(&a),
            describe(&b)
        );
        let repo = first_repo(&lesson(won[0]));
        assert_eq!(
            entries(&dir),
            [".git-kata", repo.as_str()],
            "trial {trial}: the sandbox holds the winner's repository only"
        );
        assert_eq!(leftovers(&env.work), Vec::<String>::new(), "trial {trial}");
        let fsck = env.git_output(&dir.join(&repo), &["fsck", "--strict"]);
        assert!(fsck.status.success(), "{}", describe(&fsck));
    }
}

#[cfg(unix)] // SIGINT, as a terminal's Ctrl-C sends it
#[test]
fn an_interrupted_start_leaves_nothing_hidden_behind() {
    let env = Env::new(Flavour::Normal);
    for (trial, delay_ms) in [2u64, 4, 6, 8, 10, 14, 20, 40].into_iter().enumerate() {
        let dir = env.path(&format!("int-{trial}"));
        let mut child = env
            .command(env!("CARGO_BIN_EXE_git-kata"), &env.work)
            .args(["start", "parallel-features", "--dir", path_str(&dir)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        assert_eq!(leftovers(&env.work), Vec::<String>::new(), "trial {trial}");
        // Either nothing, or (the build finished before the signal) a whole sandbox.
        if dir.exists() || status.success() {
            assert!(dir.join(".git-kata").is_dir(), "trial {trial}: {status:?}");
            let repo = dir.join("core-project");
            let fsck = env.git_output(&repo, &["fsck", "--strict"]);
            assert!(fsck.status.success(), "trial {trial}: {}", describe(&fsck));
        }
    }
}

#[cfg(unix)] // symbolic links as Unix makes them
#[test]
fn a_dangling_symlink_as_dir_is_refused_and_leaks_nothing() {
    let env = Env::new(Flavour::Normal);
    let link = env.path("dangling");
    std::os::unix::fs::symlink(env.root.join("nowhere"), &link).unwrap();
    let out = env.kata(&["start", "stash-message", "--dir", path_str(&link)]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(
        stderr(&out).contains("symbolic link to nothing"),
        "{}",
        describe(&out)
    );
    assert_eq!(leftovers(&env.work), Vec::<String>::new());
    assert!(!env.root.join("nowhere").exists());
}

#[test]
fn an_existing_empty_directory_is_built_in_place_and_kept() {
    let env = Env::new(Flavour::Normal);
    let dir = env.path("mounted");
    std::fs::create_dir(&dir).unwrap();
    let before = dir.canonicalize().unwrap();
    env.start("stash-message", "mounted");
    // The same directory (a mount point cannot be replaced), now holding the sandbox.
    assert_eq!(dir.canonicalize().unwrap(), before);
    assert_eq!(entries(&dir), [".git-kata", "payments-api"]);
    assert_eq!(leftovers(&env.work), Vec::<String>::new());
}
