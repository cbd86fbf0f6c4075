//! The lesson authoring kit: `lesson validate`, `lesson schema`, `lesson new`, lesson packs, and
//! lessons that try to do harm.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{BIN, User, repo_root, stderr, stdout};

fn kata(args: &[&str], cwd: &Path) -> Output {
    User::new().kata(args, cwd)
}

/// A pack directory holding one lesson file with `text`.
fn pack(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lesson.yaml");
    std::fs::write(&file, text).unwrap();
    (dir, file)
}

const GOOD: &str = include_str!("../lessons/stash-untracked.yaml");

/// Line (1-based) where `needle` (which may span lines) first starts in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).expect("needle present");
    text[..at].matches('\n').count() + 1
}

#[test]
fn every_builtin_lesson_validates_and_proves() {
    let o = kata(&["lesson", "validate", "lessons"], &repo_root());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("valid and proven"));
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let o = kata(&["lesson", "schema"], &repo_root());
    assert_eq!(o.status.code(), Some(0));
    let committed = std::fs::read_to_string(repo_root().join("schema/lesson.schema.json")).unwrap();
    assert_eq!(
        stdout(&o),
        committed,
        "schema/lesson.schema.json is stale: regenerate it with `git-kata lesson schema`"
    );
    let schema: serde_json::Value = serde_json::from_str(&committed).unwrap();
    assert_eq!(
        schema["additionalProperties"],
        serde_json::json!(false),
        "unknown fields must be refused"
    );
    for lesson in std::fs::read_dir(repo_root().join("lessons")).unwrap() {
        let text = std::fs::read_to_string(lesson.unwrap().path()).unwrap();
        assert!(text.starts_with("# yaml-language-server: $schema=../schema/lesson.schema.json"));
    }
}

#[test]
fn a_scaffold_reports_exactly_its_todos_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let o = kata(&["lesson", "new", "my-lesson", "--dir", "pack"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let file = dir.path().join("pack/my-lesson.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(dir.path().join("pack/lesson.schema.json").exists());

    let o = kata(&["lesson", "validate", "pack"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let reported: Vec<usize> = err
        .lines()
        .filter(|l| l.contains("still a TODO"))
        .map(|l| l.split(':').nth(2).unwrap().parse().unwrap())
        .collect();
    let expected: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            !l.trim_start().starts_with('#') && l.split(" #").next().unwrap().contains("TODO")
        })
        .map(|(i, _)| i + 1)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(reported, expected, "{err}");
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        expected.len(),
        "only TODOs: {err}"
    );

    // A second scaffold with the same id is refused rather than overwritten.
    let o = kata(&["lesson", "new", "my-lesson", "--dir", "pack"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn the_worked_example_in_the_guide_validates_and_proves() {
    let pack = crate::support::worked_example_pack();
    let o = kata(&["lesson", "validate", "."], pack.path());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// Each broken lesson is reported at the right line, with the line quoted.
#[test]
fn lint_finds_each_kind_of_problem_at_its_line() {
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("unknown predicate", GOOD.replacen("stash_count: { count: 1 }", "stash_size: { count: 1 }", 1), "stash_size", "unknown variant"),
        ("setup ref never made", GOOD.replacen("stash_count: { count: 1 }", "branch_unchanged: { branch: release }", 1), "branch_unchanged: { branch: release }", "never makes a branch, tag, remote-tracking branch or named stash `release`"),
        ("duplicate objective id", GOOD.replacen("id: stash-kept", "id: stashed", 1), "id: stashed\n    title: The stash", "used twice"),
        ("empty hint", GOOD.replacen("- If you have extra entries", "- \"\"\n      - If you have extra entries", 1), "id: stash-kept", "empty hint"),
        ("step on a missing branch", GOOD.replacen("      - commit: { message: Initial commit, all: true }", "      - commit: { message: Initial commit, all: true }\n      - switch: { branch: develop }", 1), "switch: { branch: develop }", "no branch develop"),
        ("bad regex", GOOD.replacen("stash_name: { index: 0, default: true }", "stash_message: { index: 0, matches: '^WIP on (' }", 1), "stash_message: { index: 0, matches: '^WIP on ('", "not a valid regular expression"),
    ];
    for (what, text, at, says) in cases {
        let (_dir, file) = pack(&text);
        let o = kata(
            &["lesson", "validate", file.to_str().unwrap()],
            &repo_root(),
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains(says), "{what}: expected {says:?} in:\n{err}");
        let line = line_of(&text, at);
        let position = format!("{}:{line}:", file.display());
        assert!(
            err.contains(&position),
            "{what}: expected position {position} in:\n{err}"
        );
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
}

#[test]
fn a_quiz_answer_out_of_range_is_reported_at_the_answer() {
    let without_quiz = GOOD.split("\nquiz:").next().unwrap();
    let text = format!(
        "{without_quiz}\nquiz:\n  - id: q1\n    prompt: Which flag?\n    choices: [-a, -u]\n    answer: 2\n    explanation: Because.\n"
    );
    let (_dir, file) = pack(&text);
    let o = kata(
        &["lesson", "validate", "--no-proof", file.to_str().unwrap()],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(2));
    let line = line_of(&text, "answer: 2");
    assert!(
        stderr(&o).contains(&format!(":{line}:13: answer 2 is out of range")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn several_problems_in_one_file_are_all_reported() {
    let text = GOOD.replacen("id: stash-kept", "id: stashed", 1).replacen(
        "stash_count: { count: 1 }",
        "stash_count: { repo: elsewhere, count: 1 }",
        1,
    );
    let (_dir, file) = pack(&text);
    let o = kata(
        &["lesson", "validate", file.to_str().unwrap()],
        &repo_root(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("used twice")
            && err.contains("`elsewhere` is not one of this lesson's repositories"),
        "{err}"
    );
}

#[test]
fn a_lesson_whose_solution_does_not_solve_it_fails_the_proof() {
    let text = GOOD.replacen("  git stash apply stash@{0}\n", "  git stash pop\n", 1);
    let (_dir, file) = pack(&text);
    let o = kata(
        &["lesson", "validate", file.to_str().unwrap()],
        &repo_root(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("proof failed (solution)") && err.contains("stash-kept"),
        "{err}"
    );
    let line = line_of(&text, "solution: |");
    assert!(
        err.contains(&format!("{}:{line}:1", file.display())),
        "{err}"
    );
}

#[test]
fn a_mistake_its_lesson_does_not_recognise_fails_the_proof() {
    // The commands now make a different mistake than the one declared.
    let text = GOOD.replacen(
        "      git stash push -u\n",
        "      git stash push -u -m \"WIP on new config and secrets\"\n      git stash pop\n",
        1,
    );
    let (_dir, file) = pack(&text);
    let o = kata(
        &["lesson", "validate", file.to_str().unwrap()],
        &repo_root(),
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("proof failed (mistake default-message)") && err.contains("not recognised"),
        "{err}"
    );
}

#[test]
fn packs_are_listed_with_their_directory_and_ids_must_not_clash() {
    let (a, _) = pack(GOOD);
    let other = GOOD.replacen("id: stash-untracked", "id: stash-untracked-again", 1);
    let (b, _) = pack(&other);
    let o = kata(
        &[
            "--lessons",
            a.path().to_str().unwrap(),
            "--lessons",
            b.path().to_str().unwrap(),
            "list",
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("stash-untracked ") && out.contains("stash-untracked-again"),
        "{out}"
    );
    assert!(
        out.contains(&format!("(pack {})", a.path().display())),
        "{out}"
    );

    let joined = format!("{}:{}", a.path().display(), a.path().display());
    let o = Command::new(BIN)
        .arg("list")
        .env("GIT_KATA_LESSONS", joined)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("lesson id `stash-untracked` is defined twice"),
        "{}",
        stderr(&o)
    );
}

/// A lesson is data: it cannot write outside its sandbox, reach into `.git`, or make git run a
/// program through its config.
#[test]
fn hostile_lessons_are_refused_before_anything_is_built() {
    let write = |path: &str| {
        GOOD.replacen(
            "path: config.txt, content: \"v1\\n\"",
            &format!("path: {path}, content: \"x\""),
            1,
        )
    };
    let config = |key: &str| {
        GOOD.replacen(
            "      - commit:",
            &format!(
                "      - config: {{ key: {key}, value: \"touch /tmp/pwned\" }}\n      - commit:"
            ),
            1,
        )
    };
    let cases = vec![
        ("parent escape", write("../../escape.txt"), "uses `..`"),
        ("absolute path", write("/tmp/escape.txt"), "is absolute"),
        (
            "into .git",
            write(".git/hooks/post-checkout"),
            "reaches into `.git`",
        ),
        (
            "hooks path",
            config("core.hooksPath"),
            "is not allowed in a lesson",
        ),
        (
            "fsmonitor",
            config("core.fsmonitor"),
            "is not allowed in a lesson",
        ),
        (
            "ssh command",
            config("core.sshCommand"),
            "is not allowed in a lesson",
        ),
        ("alias", config("alias.st"), "is not allowed in a lesson"),
        (
            "filter",
            config("filter.lfs.smudge"),
            "is not allowed in a lesson",
        ),
        (
            "editor",
            config("core.editor"),
            "is not allowed in a lesson",
        ),
    ];
    for (what, text, says) in cases {
        let (dir, _) = pack(&text);
        let sandbox = tempfile::tempdir().unwrap();
        let target = sandbox.path().join("s");
        let o = kata(
            &[
                "--lessons",
                dir.path().to_str().unwrap(),
                "start",
                "stash-untracked",
                "--dir",
                target.to_str().unwrap(),
            ],
            &repo_root(),
        );
        assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{what}: {}", stderr(&o));
        assert!(!target.exists(), "{what}: nothing may be built");
        assert_eq!(
            std::fs::read_dir(sandbox.path()).unwrap().count(),
            0,
            "{what}: no temporary directory left behind"
        );
    }
    assert!(!Path::new("/tmp/escape.txt").exists());
}

#[test]
fn yaml_bombs_are_refused_with_a_clear_error() {
    let deep = GOOD.replacen(
        "stash_count: { count: 1 }",
        &format!(
            "{}{{clean: {{}}}}{}",
            "{not: ".repeat(5000),
            "}".repeat(5000)
        ),
        1,
    );
    let mut laughs = String::from(
        "      all:\n        - all: &p0 [{clean: {}}, {clean: {}}, {clean: {}}, {clean: {}}, {clean: {}}, {clean: {}}, {clean: {}}, {clean: {}}, {clean: {}}, {clean: {}}]\n",
    );
    for i in 1..9 {
        let refs = vec![format!("{{all: *p{}}}", i - 1); 10].join(", ");
        laughs.push_str(&format!("        - all: &p{i} [{refs}]\n"));
    }
    let laughs = GOOD.replacen(
        "    check:\n      stash_count: { count: 1 }\n",
        &format!("    check:\n{laughs}"),
        1,
    );
    let huge = format!("{GOOD}# {}\n", "x".repeat(600 * 1024));
    for (what, text, says) in [
        ("deep nesting", deep, "nests or expands"),
        ("alias explosion", laughs, "nests or expands"),
        ("huge file", huge, "lessons are limited to"),
    ] {
        let (_dir, file) = pack(&text);
        let o = kata(
            &["lesson", "validate", "--no-proof", file.to_str().unwrap()],
            &repo_root(),
        );
        assert_eq!(o.status.code(), Some(2), "{what}");
        assert!(stderr(&o).contains(says), "{what}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{what}");
    }
}
