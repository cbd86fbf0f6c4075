//! Sparse checkout, git's default kind (no sparse index): paths outside the cone are marked
//! skip-worktree and git never looks at them, so `git status` is clean. git-kata must agree.

use super::*;

#[test]
fn paths_outside_a_sparse_cone_are_not_changes() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("parallel-features", "s");
    let repo = dir.join("core-project");
    env.git(&repo, &["sparse-checkout", "set", "services"]);
    assert!(!repo.join("infra").exists(), "the cone did not apply");
    assert_eq!(
        env.git(&repo, &["status", "--porcelain"]),
        "",
        "git sees changes"
    );

    let (_, report) = env.check_json(&dir);
    let clean = objective(&report, "main-dir-clean");
    assert_eq!(clean["status"], "pass", "{report}");
}

/// A sparse index is a format libgit2 cannot read: a clear `error` that says what to do.
#[test]
fn a_sparse_index_is_a_clear_error() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("parallel-features", "s");
    let repo = dir.join("core-project");
    env.git(
        &repo,
        &["sparse-checkout", "set", "--sparse-index", "services"],
    );
    let check = kata_bounded(&env, &repo, &["check", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["status"], "error", "{}", describe(&check));
    assert!(
        report.to_string().contains("sparse-checkout disable"),
        "{report}"
    );
}
