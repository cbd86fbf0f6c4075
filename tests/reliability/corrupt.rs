//! Damaged object stores: what a crash or a full disk during `git commit` leaves behind.
//! git itself says "fatal: bad object" or "unable to read"; git-kata must say `error`, in
//! bounded time, and never `fail` with statements about a state it could not read.

use std::path::{Path, PathBuf};

use super::*;

/// The path of the loose object `id` in `repo`.
fn loose(repo: &Path, id: &str) -> PathBuf {
    repo.join(".git/objects").join(&id[..2]).join(&id[2..])
}

/// Cuts a file to its first `len` bytes (objects are read-only as git writes them).
fn truncate(file: &Path, len: u64) {
    let mut perms = std::fs::metadata(file).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(file, perms).unwrap();
    let f = std::fs::OpenOptions::new().write(true).open(file).unwrap();
    f.set_len(len).unwrap();
}

/// A stash-message sandbox whose HEAD commit, made by the learner, is a truncated loose object.
fn sandbox_with_truncated_head(env: &Env) -> (PathBuf, PathBuf) {
    let dir = env.start("stash-message", "s");
    let repo = dir.join("payments-api");
    env.bash_ok("git commit -qam 'my change'", &repo);
    let head = env.git(&repo, &["rev-parse", "HEAD"]);
    truncate(&loose(&repo, head.trim()), 20);
    // The state is what a crash leaves: git itself cannot read the commit.
    let git = env.git_output(&repo, &["cat-file", "-p", "HEAD"]);
    assert!(
        !git.status.success(),
        "git still reads HEAD:\n{}",
        describe(&git)
    );
    (dir, repo)
}

#[test]
fn a_truncated_loose_object_is_an_error_in_bounded_time_everywhere() {
    let env = Env::new(Flavour::Normal);
    let (dir, repo) = sandbox_with_truncated_head(&env);
    let d = path_str(&dir);

    let check = kata_bounded(&env, &repo, &["check", "--json"]);
    assert_eq!(code(&check), 1, "{}", describe(&check));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["status"], "error", "{}", describe(&check));

    // These only have to finish: status draws what it can read, hint nudges.
    for args in [["status"], ["hint"]] {
        kata_bounded(&env, &repo, &args);
    }
    let graded = kata_bounded(&env, &env.work, &["grade", "--dir", d, "--format", "json"]);
    assert_eq!(code(&graded), 3, "{}", describe(&graded));
}
