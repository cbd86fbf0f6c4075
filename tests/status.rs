//! `git-kata status`: the picture of every built-in lesson's sandbox, as started and as solved by
//! its reference solution played with the real git CLI, pinned with snapshots. New lessons are
//! covered as they are added (their snapshots are new files to review and accept).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use git_kata::check::overview;
use git_kata::lesson::{Catalog, Loaded};
use git_kata::render::status;
use git_kata::render::style::Paint;
use git_kata::sandbox::{self, Sandbox};
use git_kata::script::{Isolation, Outcome};

const WIDTH: usize = 80;

fn picture(sb: &Sandbox, lesson: &Loaded, width: usize) -> String {
    status::render(&overview::gather(sb, &lesson.lesson), width, Paint::plain())
}

fn assert_fits(text: &str, width: usize, what: &str) {
    for line in text.lines() {
        assert!(
            console::measure_text_width(line) <= width,
            "{what}: a line is wider than {width} columns:\n{line}"
        );
    }
}

/// Commit ids made by the learner's git carry the time of day; the sandbox's own are fixed, but
/// one filter for both keeps the snapshots readable.
fn settings(tmp: &Path) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(&regex_lite::escape(&tmp.display().to_string()), "[tmp]");
    s.add_filter(r"\b[0-9a-f]{7}\b", "[sha]");
    s.set_prepend_module_to_snapshot(false);
    s
}

fn run(iso: &Isolation, script: &str, cwd: &Path) {
    let run = iso
        .bash(script, cwd, Duration::from_secs(60))
        .expect("bash runs");
    assert_eq!(
        run.outcome,
        Outcome::Exited(0),
        "the script failed:\n{script}\n{}",
        run.output
    );
}

#[test]
fn every_builtin_lesson_as_started_and_as_solved() {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let iso = Isolation::new().expect("an isolated HOME");
    for (_, lesson) in &catalog.lessons {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let sb = sandbox::create(lesson, &tmp.path().join("sandbox")).expect("the sandbox builds");
        let id = lesson.id();

        let start = picture(&sb, lesson, WIDTH);
        assert_fits(&start, WIDTH, &format!("{id} as started"));
        assert_fits(
            &picture(&sb, lesson, 40),
            40,
            &format!("{id} at 40 columns"),
        );
        settings(tmp.path()).bind(|| insta::assert_snapshot!(format!("{id}__start"), start));

        let repo = sb.repo_dir(&lesson.lesson.repos[0].name.value);
        run(&iso, &lesson.lesson.solution, &repo);
        let solved = picture(&sb, lesson, WIDTH);
        assert_fits(&solved, WIDTH, &format!("{id} as solved"));
        settings(tmp.path()).bind(|| insta::assert_snapshot!(format!("{id}__solved"), solved));
    }
}

/// What no built-in lesson shows yet: locked worktrees (present, and missing), a detached HEAD,
/// every kind of uncommitted change, and a stash stack of several entries.
#[test]
fn locked_worktrees_detached_heads_and_a_stash_stack() {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let lesson = catalog
        .find("orphaned-worktree")
        .expect("a built-in lesson");
    let iso = Isolation::new().expect("an isolated HOME");
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let sb = sandbox::create(lesson, &tmp.path().join("sandbox")).expect("the sandbox builds");
    run(
        &iso,
        r#"
        git worktree add -q -b soak-test ../usb-disk/soak main
        git worktree lock --reason "on a USB disk that is not always plugged in" ../usb-disk/soak
        git worktree add -q --detach ../review HEAD
        git worktree lock ../review
        rm -rf ../review
        echo "database: staging" >> deploy/manager.yaml
        git stash push -q -m "database settings for staging"
        echo scratch > scratch.txt
        git stash push -q -u -m "scratch notes"
        echo more >> README.md && git add README.md && echo again >> README.md
        git rm -q --cached go.mod && rm go.mod
        echo "replicas: 3" >> deploy/manager.yaml
        echo new > notes.txt
        "#,
        &sb.repo_dir("k8s-operator"),
    );
    let shown = picture(&sb, lesson, WIDTH);
    assert_fits(&shown, WIDTH, "locked worktrees");
    assert!(shown.contains("locked (\"on a USB disk that is not always plugged in\")"));
    assert!(shown.contains("missing, but locked (no reason given)"));
    settings(tmp.path()).bind(|| insta::assert_snapshot!("locked_detached_stash_stack", shown));
}

/// A merge stopped by a conflict: the checker refuses to judge such a state, but the picture
/// still shows it, with the conflict and how to get out.
#[test]
fn a_merge_in_progress_is_shown_not_refused() {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let lesson = catalog.find("stash-untracked").expect("a built-in lesson");
    let iso = Isolation::new().expect("an isolated HOME");
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let sb = sandbox::create(lesson, &tmp.path().join("sandbox")).expect("the sandbox builds");
    run(
        &iso,
        r#"
        git switch -q -c other
        echo other > config.txt && git commit -qam other
        git switch -q main
        echo mine > config.txt && git commit -qam mine
        git merge other || true
        "#,
        &sb.repo_dir("stash-practice"),
    );
    let shown = picture(&sb, lesson, WIDTH);
    assert_fits(&shown, WIDTH, "a merge in progress");
    assert!(
        shown
            .lines()
            .any(|l| l.contains("in conflict") && l.contains("config.txt")),
        "{shown}"
    );
    assert!(shown.contains("a merge is in progress"), "{shown}");
    assert!(shown.contains("other  "), "the branch is listed: {shown}");
}

#[test]
fn the_status_command_is_plain_text_when_piped_and_needs_a_sandbox() {
    let bin = env!("CARGO_BIN_EXE_git-kata");
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path().join("kata");
    let started = Command::new(bin)
        .args(["start", "orphaned-worktree", "--dir"])
        .arg(&dir)
        .env("GIT_KATA_DATA_DIR", tmp.path().join("data"))
        .output()
        .expect("git-kata runs");
    assert!(started.status.success());

    // From a repository inside the sandbox, as a learner runs it; CLICOLOR_FORCE would be the
    // only way to get colour into a pipe, and NO_COLOR must beat even that.
    let out = Command::new(bin)
        .arg("status")
        .current_dir(dir.join("k8s-operator"))
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .expect("git-kata runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(!text.contains('\x1b'), "no colour: {text:?}");
    assert!(text.contains("prunable: the directory is gone"), "{text}");

    let outside = Command::new(bin)
        .args(["status", "--dir"])
        .arg(tmp.path())
        .output()
        .expect("git-kata runs");
    assert_eq!(outside.status.code(), Some(2));
    let err = String::from_utf8_lossy(&outside.stderr);
    assert!(err.contains("is not inside a git-kata sandbox"), "{err}");
}
