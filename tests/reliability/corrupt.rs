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

/// The one pack a fresh sandbox's setup wrote, cut to half its length: what an interrupted
/// copy or a full disk leaves. git itself can then read none of the setup's history.
fn truncate_setup_pack(repo: &Path) {
    let packs: Vec<PathBuf> = std::fs::read_dir(repo.join(".git/objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pack"))
        .collect();
    assert!(
        !packs.is_empty(),
        "setup wrote no pack in {}",
        repo.display()
    );
    for pack in packs {
        let len = std::fs::metadata(&pack).unwrap().len();
        truncate(&pack, len / 2);
    }
}

/// What a damaged repository must get from `check --json`: `error` overall, no objective
/// `fail` (a false statement about history nobody could read), no mistake recognised, and a
/// message that names the damage.
fn assert_reported_as_damage(env: &Env, repo: &Path) {
    let check = kata_bounded(env, repo, &["check", "--json"]);
    assert_eq!(code(&check), 1, "{}", describe(&check));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["status"], "error", "{}", describe(&check));
    for o in report["objectives"].as_array().unwrap() {
        assert_ne!(o["status"], "fail", "a false statement: {o}");
    }
    assert!(
        report["mistakes"].as_array().is_none_or(Vec::is_empty),
        "a mistake recognised in a repository nobody can read: {report}"
    );
    let said = report.to_string();
    assert!(
        said.contains("cannot be read") && said.contains("damaged"),
        "the report does not name the damage: {said}"
    );
    // The human view says the same in words, and finishes.
    let human = kata_bounded(env, repo, &["check"]);
    assert_eq!(code(&human), 1, "{}", describe(&human));
    assert!(stdout(&human).contains("damaged"), "{}", describe(&human));
}

#[test]
fn a_truncated_pack_in_a_fresh_sandbox_is_an_error_not_a_wrong_answer() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("mid-flight-hotfix", "fresh");
    let repo = dir.join("k8s-fleet-manager");
    truncate_setup_pack(&repo);
    let graded = damaged_for_git_check_and_grade(&env, &dir, &repo, "main");
    assert!(stdout(&graded).contains("damaged"), "{}", describe(&graded));
}

/// `git log -1 REV` fails in `repo` (git sees the damage too), `check` says the repository is
/// damaged, and `grade` of the sandbox `dir` cannot grade it (exit 3); grade's output returned.
fn damaged_for_git_check_and_grade(
    env: &Env,
    dir: &std::path::Path,
    repo: &std::path::Path,
    rev: &str,
) -> std::process::Output {
    let git = env.git_output(repo, &["log", "-1", rev]);
    assert!(
        !git.status.success(),
        "git still reads {rev}:\n{}",
        describe(&git)
    );
    assert_reported_as_damage(env, repo);
    let graded = kata_bounded(
        env,
        &env.work,
        &["grade", "--dir", path_str(dir), "--format", "json"],
    );
    assert_eq!(code(&graded), 3, "{}", describe(&graded));
    graded
}

#[test]
fn a_deleted_commit_in_a_solved_sandbox_is_an_error_not_a_recognised_mistake() {
    let env = Env::new(Flavour::Normal);
    let solution = lesson("mid-flight-hotfix").lesson.solution.clone();
    let dir = env.played("mid-flight-hotfix", "solved", &solution);
    let repo = dir.join("k8s-fleet-manager");
    let (code_before, before) = env.check_json(&dir);
    assert_eq!(
        (code_before, &before["status"]),
        (0, &serde_json::json!("pass"))
    );

    // The learner's hotfix commit is loose: delete it, as a crash during `git gc` might.
    let hotfix = env.git(&repo, &["rev-parse", "hotfix/image-patch"]);
    std::fs::remove_file(loose(&repo, hotfix.trim())).unwrap();
    damaged_for_git_check_and_grade(&env, &dir, &repo, "hotfix/image-patch");
}

#[test]
fn a_missing_blob_of_the_learners_commit_is_an_error() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-message", "blob");
    let repo = dir.join("payments-api");
    std::fs::write(repo.join("notes.txt"), "only in this blob\n").unwrap();
    env.git(&repo, &["add", "notes.txt"]);
    env.git(&repo, &["commit", "-q", "-m", "notes"]);
    let blob = env.git(&repo, &["rev-parse", "HEAD:notes.txt"]);
    std::fs::remove_file(loose(&repo, blob.trim())).unwrap();
    let git = env.git_output(&repo, &["fsck"]);
    assert!(
        !git.status.success(),
        "git fsck still passes:\n{}",
        describe(&git)
    );
    assert_reported_as_damage(&env, &repo);
}

#[cfg(unix)] // mkfifo: a FIFO is a Unix file
#[test]
fn a_fifo_where_git_keeps_its_config_is_an_error_at_once() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-message", "fifo");
    let repo = dir.join("payments-api");
    let config = repo.join(".git/config");
    std::fs::remove_file(&config).unwrap();
    env.bash_ok(&format!("mkfifo '{}'", path_str(&config)), &env.work);
    let check = kata_bounded(&env, &repo, &["check", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["status"], "error", "{}", describe(&check));
    assert!(
        report.to_string().contains("not a regular file"),
        "{report}"
    );
    kata_bounded(&env, &repo, &["status"]);
    let graded = kata_bounded(&env, &env.work, &["grade", "--dir", path_str(&dir)]);
    assert_eq!(code(&graded), 3, "{}", describe(&graded));
}

/// A pack index whose offset table names a place past the end of the pack (one flipped byte,
/// found by the `checker` fuzz target): libgit2 1.9.7 read out of bounds and crashed with
/// SIGSEGV. The vendored copy checks the offset (vendor/patches/), so it is damage, said so.
#[test]
fn a_pack_index_pointing_past_the_pack_is_an_error_not_a_crash() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-stack", "flipped");
    let repo = dir.join("fleet-config");
    let idx = std::fs::read_dir(repo.join(".git/objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("the setup's pack index");
    let mut bytes = std::fs::read(&idx).unwrap();
    // Index v2: 8-byte header, 256 fan-out counts (the last is the object count), then per
    // object a name (20 bytes) and a CRC (4), then the 4-byte offsets.
    let count = u32::from_be_bytes(bytes[1028..1032].try_into().unwrap()) as usize;
    let first_offset = 1032 + count * 24;
    bytes[first_offset + 1] ^= 0xff;
    std::fs::write(&idx, bytes).unwrap();
    assert_reported_as_damage(&env, &repo);
}
