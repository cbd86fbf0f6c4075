//! Bounded time for a whole class: one submission that cannot be read to the end is an `error`
//! row, and the others are still graded and reported.

use super::*;

/// bob's newest commit is a FIFO in the object store: libgit2 opens it to read the commit and
/// waits for a writer that never comes (git does the same). Nothing interrupts a read inside
/// libgit2, so only the per-submission limit can end it.
#[cfg(unix)] // mkfifo: a FIFO is a Unix file; Windows has no such file in a directory
#[test]
fn a_submission_that_never_finishes_reading_is_an_error_row_and_the_class_is_graded() {
    let env = Env::new(Flavour::Normal);
    let subs = env.path("subs");
    std::fs::create_dir_all(&subs).unwrap();
    let solution = lesson("stash-message").lesson.solution.clone();
    env.played("stash-message", "subs/alice", &solution);
    let bob = env.start("stash-message", "subs/bob");
    let repo = bob.join("payments-api");
    env.git(
        &repo,
        &["commit", "-q", "--allow-empty", "-m", "bob's commit"],
    );
    let id = env.git(&repo, &["rev-parse", "HEAD"]);
    let object = repo
        .join(".git/objects")
        .join(&id[..2])
        .join(id.trim().get(2..).unwrap());
    std::fs::remove_file(&object).unwrap();
    env.bash_ok(&format!("mkfifo '{}'", path_str(&object)), &env.work);

    let out = kata_bounded(
        &env,
        &env.work,
        &[
            "grade",
            "--submissions",
            path_str(&subs),
            "--timeout",
            "5",
            "--limit",
            "20",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&out), 3, "{}", describe(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let learner = |name: &str| {
        report["learners"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["learner"] == name)
            .unwrap_or_else(|| panic!("no row for {name}: {report}"))
            .clone()
    };
    assert_eq!(learner("alice")["status"], "pass", "{report}");
    let bob = learner("bob");
    assert_eq!(bob["status"], "error", "{report}");
    assert!(
        bob.to_string().contains("did not finish within 20 s"),
        "{bob}"
    );
}

#[test]
fn a_limit_shorter_than_the_script_timeout_is_a_usage_error() {
    let env = Env::new(Flavour::Normal);
    let out = env.kata(&["grade", "--dir", ".", "--timeout", "30", "--limit", "30"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("--limit"), "{}", describe(&out));
}
