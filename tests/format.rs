//! What the lesson format can say (issue 14): the outside-exercise pack proven in CI, and the
//! author-facing promises of the guide (errors at the nested check's line, an unrecognised
//! mistake names the false condition, a check in a missing worktree is an error).

use std::path::PathBuf;

use crate::common::*;
use crate::support::{User, repo_root, stderr, stdout};

/// Every lesson of tests/packs/outside loads, builds and is proven: the ports of git's own
/// EXAMPLES and the classic exercises stay expressible.
#[test]
fn the_outside_exercise_pack_is_proven() {
    let pack = repo_root().join("tests/packs/outside");
    let lessons = git_kata::lesson::catalog::load_pack(&pack)
        .expect("the pack loads")
        .len();
    assert!(lessons >= 20, "the pack shrank to {lessons} lessons");
    let o = User::new().kata(
        &["lesson", "validate", pack.to_str().unwrap()],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o)
            .lines()
            .filter(|l| l.starts_with('✓') && l.ends_with("valid and proven"))
            .count(),
        lessons,
        "{}",
        stdout(&o)
    );
}

/// One lesson file in a fresh pack directory.
fn lesson_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lesson.yaml");
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

const SMALL: &str = r#"format: 1
id: small
title: Small
summary: A small lesson.
brief: Stash it.
repos:
  - name: repo
    steps:
      - write: { path: a.txt, content: "a\n" }
      - commit: { message: A, all: true }
      - write: { path: a.txt, content: "b\n" }
objectives:
  - id: stashed
    title: Stashed
    check:
      all:
        - stash_count: { count: 1 }
        - not:
            any:
              - clean: {}
              - head_is: { branch: "no..such" }
solution: |
  git stash
mistakes:
  - id: committed
    when: { not: { branch_unchanged: { branch: main } } }
    message: You committed.
    commands: |
      git stash
      git stash pop
"#;

/// A problem with a check nested in `all`, `not` and `any` is reported at that check's own
/// line, not at the `check:` line around it.
#[test]
fn a_problem_inside_all_any_or_not_points_at_its_own_line() {
    let (_dir, file) = lesson_file(SMALL);
    let o = User::new().kata(
        &["lesson", "validate", file.to_str().unwrap()],
        &repo_root(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "an invalid lesson: {err}");
    let line = SMALL.lines().position(|l| l.contains("no..such")).unwrap() + 1;
    assert!(
        err.contains(&format!("lesson.yaml:{line}:")) && err.contains("not a valid branch name"),
        "{err}"
    );
}

/// A `setup:` revision the setup never makes, deep inside a mistake's `when`, is reported at
/// that check's line too.
#[test]
fn a_setup_revision_never_made_is_reported_at_its_own_line() {
    let text = SMALL
        .replace(r#"head_is: { branch: "no..such" }"#, "head_is: { branch: nope }")
        .replace(
            "    when: { not: { branch_unchanged: { branch: main } } }\n",
            "    when:\n      any:\n        - stash_count: { count: 3 }\n        - is_ancestor: { ancestor: \"setup:release\", of: main }\n",
        );
    let (_dir, file) = lesson_file(&text);
    let o = User::new().kata(
        &["lesson", "validate", file.to_str().unwrap()],
        &repo_root(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let line = text
        .lines()
        .position(|l| l.contains("setup:release"))
        .unwrap()
        + 1;
    assert!(
        err.contains(&format!("lesson.yaml:{line}:")) && err.contains("`release`"),
        "{err}"
    );
}

/// A mistake whose commands fail the lesson but whose `when` is false: the proof says which
/// condition is false, in the checker's words.
#[test]
fn an_unrecognised_mistake_says_which_condition_is_false() {
    let text = SMALL.replace(
        r#"head_is: { branch: "no..such" }"#,
        "head_is: { branch: nope }",
    );
    let (_dir, file) = lesson_file(&text);
    let o = User::new().kata(
        &["lesson", "validate", file.to_str().unwrap()],
        &repo_root(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // `not: branch_unchanged` is false because main is where it was: the finding says so.
    assert!(
        err.contains(
            "the mistake is not recognised: its `when` is false: main still points where it did at the start"
        ),
        "{err}"
    );
}

/// A check that names a worktree whose directory is missing is an error (exit 2), naming the
/// place, never a silent "not met".
#[test]
fn a_file_check_in_a_missing_worktree_is_an_error() {
    let env = Env::new(Flavour::Normal);
    let text = SMALL.replace(
        r#"head_is: { branch: "no..such" }"#,
        "head_is: { branch: nope }",
    );
    let text = text.replace(
        "        - stash_count: { count: 1 }\n",
        "        - stash_count: { count: 1 }\n        - file: { worktree: elsewhere, path: a.txt, contains: a }\n",
    );
    let (pack_dir, _) = pack(&env, "missing-worktree", &text);
    let dir = env.path("missing-worktree");
    let start = env.kata(&[
        "--lessons",
        path_str(&pack_dir),
        "start",
        "small",
        "--dir",
        path_str(&dir),
    ]);
    assert_eq!(code(&start), 0, "{}", describe(&start));
    env.bash_ok("git stash -q", &dir.join("repo"));
    let o = env.kata(&[
        "--lessons",
        path_str(&pack_dir),
        "check",
        "--json",
        "--dir",
        path_str(&dir),
    ]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let objective = objective(&report, "stashed");
    assert_eq!(objective["status"], "error", "{report:#}");
    assert!(
        objective["message"]
            .as_str()
            .unwrap()
            .contains("elsewhere is not a working tree of repo"),
        "{objective}"
    );
    assert_ne!(code(&o), 0);
}

/// A repository a lesson starts on `master` (`initial_branch`) is on master, and `status`
/// compares its branches with master, as it does with main elsewhere.
#[test]
fn a_lesson_may_start_its_repository_on_master() {
    let env = Env::new(Flavour::Hostile);
    let pack = repo_root().join("tests/packs/outside");
    let dir = env.path("master");
    let lessons = ["--lessons", path_str(&pack)];
    let start = env.kata(
        &[
            &lessons[..],
            &["start", "emergency-fix-worktree", "--dir", path_str(&dir)],
        ]
        .concat(),
    );
    assert_eq!(code(&start), 0, "{}", describe(&start));
    let repo = dir.join("project");
    assert_eq!(
        env.git(&repo, &["symbolic-ref", "--short", "HEAD"]).trim(),
        "master"
    );
    env.bash_ok("git branch side master", &repo);
    env.bash_ok("git worktree add -q -b emergency-fix ../temp master", &repo);
    env.bash_ok(
        "echo 100 > limit.txt && git commit -qam fix",
        &dir.join("temp"),
    );
    let status = env.kata(&[&lessons[..], &["status", "--dir", path_str(&dir)]].concat());
    let text = stdout(&status);
    assert!(text.contains("vs master"), "{text}");
    assert!(text.contains("1 ahead"), "{text}");
}
