//! Remotes in a sandbox: a bare origin on a local path, clones of it, a teammate's push after
//! the clone; fetch and push with no network; the remote predicates' findings; and the lesson
//! format's rules for remotes (errors at their line).

use crate::common::*;

/// A lesson with a bare origin and a clone, with `extra` setup steps in the clone.
fn remote_lesson(extra: &str) -> String {
    format!(
        r#"format: 1
id: remote-tiny
title: A clone of an origin
summary: One clone.
brief: |
  Push.
repos:
  - name: app
    clone: origin.git
    steps:
{extra}
  - name: origin.git
    bare: true
    steps:
      - write: {{ path: notes.txt, content: "hello\n" }}
      - commit: {{ message: First, all: true }}
objectives:
  - id: pushed
    title: origin's main has main
    check: {{ remote_contains: {{ branch: main, rev: main }} }}
solution: |
  git status
"#
    )
}

#[test]
fn a_clone_tracks_its_origin_and_a_teammates_push_waits_for_a_fetch() {
    let env = Env::new(Flavour::Hostile);
    let dir = env.start("stash-pull", "pull");
    let repo = dir.join("inventory-api");
    let origin = dir.join("origin.git");
    // Built in a temporary directory and moved: the URL names the origin where it is now.
    assert_eq!(
        env.git(&repo, &["config", "remote.origin.url"]).trim(),
        path_str(&origin.canonicalize().unwrap())
    );
    assert_eq!(
        env.git(&origin, &["rev-parse", "--is-bare-repository"])
            .trim(),
        "true"
    );
    assert_eq!(
        env.git(&repo, &["rev-parse", "--abbrev-ref", "main@{upstream}"])
            .trim(),
        "origin/main"
    );
    let teammate = env.git(&origin, &["log", "-1", "--format=%an %s", "main"]);
    assert!(teammate.starts_with("Robin Teammate Raise"), "{teammate}");
    let seen = env.git(&repo, &["rev-parse", "origin/main"]);
    assert_ne!(
        seen,
        env.git(&origin, &["rev-parse", "main"]),
        "not fetched yet"
    );
    // Fetch works with no network, and `reset` keeps the URL right.
    env.git(&repo, &["fetch", "-q"]);
    assert_eq!(
        env.git(&repo, &["rev-parse", "origin/main"]),
        env.git(&origin, &["rev-parse", "main"])
    );
    let out = env.kata(&["reset", "--yes", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    env.git(&repo, &["fetch", "-q"]);
}

#[test]
fn the_remote_predicates_say_what_is_missing() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-pull", "built");
    let (_, report) = env.check_json(&dir);
    let said = |r: &serde_json::Value, id: &str| {
        objective(r, id)["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert!(
        said(&report, "pushed").contains("has not been pushed there"),
        "{report:#}"
    );
    assert!(
        said(&report, "in-sync").contains("not fetched since origin moved"),
        "{report:#}"
    );
    env.bash_ok("git fetch -q", &dir.join("inventory-api"));
    let (_, report) = env.check_json(&dir);
    assert!(
        said(&report, "in-sync")
            .contains("main is 1 commit ahead of and 1 commit behind origin/main"),
        "{report:#}"
    );

    let dir = env.played(
        "worktree-fetch",
        "no-track",
        "git -C ../checkout-web-hotfix fetch -q\ngit switch -q -c feature/apple-pay --no-track origin/feature/apple-pay\n",
    );
    let (_, report) = env.check_json(&dir);
    assert!(
        said(&report, "tracking-in-main").contains("feature/apple-pay has no upstream"),
        "{report:#}"
    );

    let dir = env.played("worktree-fetch", "fetched-here", "git fetch -q\n");
    let (_, report) = env.check_json(&dir);
    assert_eq!(mistake_ids(&report), ["fetched-in-main"], "{report:#}");
    assert!(
        said(&report, "fetched-in-hotfix").contains("o fetch was run in ../checkout-web-hotfix"),
        "{report:#}"
    );
}

/// A worktree moved with `git worktree move` is still followed by its branch: the review
/// worktree removed at its new place passes (issue 14, gap 2).
#[test]
fn a_moved_review_worktree_is_followed_by_identity() {
    let env = Env::new(Flavour::Normal);
    let dir = env.played(
        "worktree-review",
        "moved",
        "git fetch -q\n\
         git worktree add -q ../search-pr-42 feature/fuzzy-search\n\
         mkdir ../reviews\n\
         git worktree move ../search-pr-42 ../reviews/pr-42\n\
         cd ../reviews/pr-42\n\
         sed -i.bak 's/max_edits: 3/max_edits: 2/' config/search.yaml && rm config/search.yaml.bak\n\
         git commit -qam 'Two edits at most'\n\
         git push -q\n\
         cd ../../search-service\n\
         git worktree remove ../reviews/pr-42\n",
    );
    let (exit, report) = env.check_json(&dir);
    assert_eq!(exit, 0, "{report:#}");
}

#[test]
fn remote_urls_and_repositories_are_held_to_the_sandbox_at_their_line() {
    let env = Env::new(Flavour::Normal);
    let cases = [
        ("https://example.com/app.git", "a URL with a scheme"),
        ("file:///tmp/app.git", "a URL with a scheme"),
        ("git@example.com:app.git", "ssh `host:path`"),
        ("../outside.git", "leaves the sandbox"),
        ("/srv/git/app.git", "leaves the sandbox"),
    ];
    for (url, says) in cases {
        let step = format!("      - config: {{ key: remote.upstream.url, value: \"{url}\" }}");
        let text = remote_lesson(&step);
        let (_, file) = pack(&env, "bad-url", &text);
        let out = env.kata(&["lesson", "validate", path_str(&file)]);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{url}: {err}");
        assert!(err.contains(says), "{url}: expected {says:?} in\n{err}");
        let line = text
            .lines()
            .position(|l| l.contains("remote.upstream.url"))
            .unwrap()
            + 1;
        assert!(
            err.contains(&format!("lesson.yaml:{line}:")),
            "{url}: no line {line} in\n{err}"
        );
    }
    for (step, says) in [
        (
            "      - config: { key: remote.origin.uploadpack, value: evil }",
            "is not allowed in a lesson",
        ),
        (
            "      - teammate_commit: { branch: main, message: M, write: { ../x: y } }",
            "uses `..`",
        ),
    ] {
        let (_, file) = pack(&env, "bad-step", &remote_lesson(step));
        let out = env.kata(&["lesson", "validate", path_str(&file)]);
        assert_eq!(code(&out), 2, "{step}: {}", describe(&out));
        assert!(stderr(&out).contains(says), "{step}: {}", describe(&out));
    }
    // The learner's repository cannot be bare; a clone names a repository built before it.
    let bare_first = remote_lesson("      - write: { path: a, content: b }").replacen(
        "clone: origin.git",
        "bare: true",
        1,
    );
    let (_, file) = pack(&env, "bare-first", &bare_first);
    let out = env.kata(&["lesson", "validate", "--no-proof", path_str(&file)]);
    assert!(
        stderr(&out).contains("cannot be bare"),
        "{}",
        describe(&out)
    );
    let unknown = remote_lesson("      - write: { path: a, content: b }").replacen(
        "clone: origin.git",
        "clone: elsewhere",
        1,
    );
    let (_, file) = pack(&env, "clone-unknown", &unknown);
    let out = env.kata(&["lesson", "validate", "--no-proof", path_str(&file)]);
    assert!(
        stderr(&out).contains("`clone: elsewhere` must name"),
        "{}",
        describe(&out)
    );
}

/// A sandbox-relative remote URL set by a lesson works for fetch, and a teammate's branch made
/// with `from` reaches the clone only through it.
#[test]
fn a_lessons_own_remote_fetches_with_no_network() {
    let env = Env::new(Flavour::Hostile);
    let steps = "      - config: { key: remote.mirror.url, value: origin.git }\n\
                 \x20     - config: { key: remote.mirror.fetch, value: \"+refs/heads/*:refs/remotes/mirror/*\" }\n\
                 \x20     - teammate_commit: { branch: pr-7, from: main, message: PR, write: { pr.txt: \"seven\\n\" } }";
    let (pack_dir, _) = pack(&env, "own-remote", &remote_lesson(steps));
    let dir = env.path("own-remote");
    let out = env.kata(&[
        "--lessons",
        path_str(&pack_dir),
        "start",
        "remote-tiny",
        "--dir",
        path_str(&dir),
    ]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let repo = dir.join("app");
    env.git(&repo, &["fetch", "-q", "mirror"]);
    let shown = env.git(&repo, &["show", "mirror/pr-7:pr.txt"]);
    assert_eq!(shown, "seven\n");
}

/// A submission archive is graded where it is unpacked: the remote URLs follow the sandbox
/// there, even once the original is gone.
#[test]
fn an_archived_sandbox_with_a_remote_is_graded_after_the_original_is_gone() {
    let env = Env::new(Flavour::Normal);
    let dir = env.played(
        "stash-pull",
        "archived",
        "git stash push -q -m 'Cache TTL, unfinished'\ngit pull -q --rebase\ngit push -q\ngit stash pop -q\n",
    );
    let archive = env.path("stash-pull.tar.gz");
    let out = env.kata_in(&dir, &["submit", "-o", path_str(&archive)]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    std::fs::remove_dir_all(&dir).unwrap();
    let out = env.kata(&["grade", "--archive", path_str(&archive)]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        stdout(&out).contains("4 of 4 points: pass"),
        "{}",
        describe(&out)
    );
}
