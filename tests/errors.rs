//! What goes wrong outside the learner's control: lesson files that are wrong (exit 2, the file,
//! line and column named, nothing built) and repositories that cannot be read (`error`, not
//! `fail`, with a message naming the problem).

use std::path::Path;

use crate::common::*;

/// The 1-based line of the only line of `text` containing `marker`.
fn line_of(text: &str, marker: &str) -> usize {
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(marker))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 1, "`{marker}` must be on exactly one line");
    lines[0]
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_tiny_lesson_itself_is_valid() {
    // Without this, the bad lessons below could fail for a reason of their own.
    let env = Env::new(Flavour::Normal);
    let (dir, _) = pack(&env, "valid", TINY);
    let out = env.kata(&["--lessons", path_str(&dir), "start", "tiny", "--dir", "s"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(env.path("s/tiny-repo/notes.txt").is_file());
}

struct Bad {
    name: &'static str,
    text: String,
    /// Text on the line the error must point at.
    marker: &'static str,
    /// What the message must say.
    says: &'static str,
}

fn bad_lessons() -> Vec<Bad> {
    vec![
        Bad {
            name: "unknown field",
            text: tiny_with("title: A tiny lesson", "title: A tiny lesson\ncolour: blue"),
            marker: "colour: blue",
            says: "unknown field `colour`",
        },
        Bad {
            name: "bad YAML syntax",
            text: tiny_with("summary:", "summary: one: two"),
            marker: "summary: one: two",
            says: "mapping values are not allowed",
        },
        Bad {
            name: "duplicate key",
            text: tiny_with("    steps:", "    steps: [] # first\n    steps: # second"),
            marker: "# second",
            says: "duplicate mapping key: steps",
        },
        Bad {
            name: "path with ..",
            text: tiny_with(
                "notes.txt",
                r#"      - write: { path: ../escape.txt, content: "x\n" }"#,
            ),
            marker: "../escape.txt",
            says: "uses `..`",
        },
        Bad {
            name: "absolute path",
            text: tiny_with(
                "notes.txt",
                r#"      - write: { path: /tmp/abs.txt, content: "x\n" }"#,
            ),
            marker: "/tmp/abs.txt",
            says: "is absolute",
        },
        Bad {
            name: "path into .git",
            text: tiny_with(
                "notes.txt",
                r#"      - write: { path: .git/hooks/pre-commit, content: "x\n" }"#,
            ),
            marker: ".git/hooks/pre-commit",
            says: "reaches into `.git`",
        },
        Bad {
            name: "switch to a missing branch",
            text: tiny_with(
                "- commit:",
                "      - commit: { message: First, all: true }\n      - switch: { branch: nowhere }",
            ),
            marker: "nowhere",
            says: "there is no branch nowhere",
        },
        Bad {
            name: "duplicate objective id",
            text: tiny_with(
                "- Look at main.",
                "      - Look at main.\n  - id: on-main # again\n    title: t\n    check: { branch_exists: { branch: main } }",
            ),
            marker: "# again",
            says: "objective id `on-main` is used twice",
        },
        Bad {
            name: "invalid regex",
            text: tiny_with(
                "check: {",
                r#"    check: { commit_message: { rev: main, matches: "([" } }"#,
            ),
            marker: "commit_message",
            says: "`([` is not a valid regular expression",
        },
        Bad {
            name: "quiz answer out of range",
            text: tiny_with("answer: 1", "    answer: 5"),
            marker: "answer: 5",
            says: "answer 5 is out of range",
        },
        Bad {
            name: "forbidden config key",
            text: tiny_with(
                "- commit:",
                "      - commit: { message: First, all: true }\n      - config: { key: core.hooksPath, value: /tmp/x }",
            ),
            marker: "core.hooksPath",
            says: "config key `core.hooksPath` is not allowed",
        },
    ]
}

#[test]
fn a_bad_lesson_is_refused_with_its_file_line_and_column_and_nothing_is_built() {
    let env = Env::new(Flavour::Normal);
    let mut failures = Vec::new();
    for (i, bad) in bad_lessons().into_iter().enumerate() {
        let slug = bad.name.replace([' ', '.'], "-");
        let (pack_dir, file) = pack(&env, &slug, &bad.text);
        let target = env.path(&slug);
        let args = ["start", "tiny", "--dir", path_str(&target)];
        // Half the cases name the pack with the option, half with the environment variable.
        let out = if i % 2 == 0 {
            env.kata(&[&["--lessons", path_str(&pack_dir)][..], &args].concat())
        } else {
            env.kata_with(&env.work, &args, |c| {
                c.env("GIT_KATA_LESSONS", &pack_dir);
            })
        };
        let err = stderr(&out);
        let line = line_of(&bad.text, bad.marker);
        let at = format!("{}:{line}:", file.display());
        let mut problems = Vec::new();
        if code(&out) != 2 {
            problems.push(format!("exit {:?}, not 2", out.status.code()));
        }
        match err.find(&at) {
            None => problems.push(format!("stderr does not name {at}COL")),
            Some(i) => {
                let col = &err[i + at.len()..];
                if !col.starts_with(|c: char| c.is_ascii_digit() && c != '0') {
                    problems.push(format!("no column after {at}"));
                }
            }
        }
        if !err.contains(bad.says) {
            problems.push(format!("stderr does not say `{}`", bad.says));
        }
        if !err.starts_with("error: ") || err.matches("error:").count() != 1 {
            problems.push("stderr is not one `error:` message".into());
        }
        if err.contains("class=") || err.contains("DuplicateKeyPolicy") {
            problems.push("stderr shows library internals".into());
        }
        if !out.stdout.is_empty() {
            problems.push("stdout is not empty".into());
        }
        if !entries(&env.work).is_empty() {
            problems.push(format!(
                "the work area is not empty: {:?}",
                entries(&env.work)
            ));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n{}",
                bad.name,
                problems.join("; "),
                describe(&out)
            ));
        }
        let _ = std::fs::remove_dir_all(&target);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_failed_build_into_an_existing_empty_dir_leaves_it_empty() {
    let env = Env::new(Flavour::Normal);
    let bad = bad_lessons()
        .into_iter()
        .find(|b| b.name == "switch to a missing branch")
        .unwrap();
    let (pack_dir, _) = pack(&env, "missing-branch", &bad.text);
    let target = env.path("empty");
    std::fs::create_dir(&target).unwrap();
    let out = env.kata(&[
        "--lessons",
        path_str(&pack_dir),
        "start",
        "tiny",
        "--dir",
        path_str(&target),
    ]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert_eq!(entries(&env.work), ["empty"]);
    assert!(entries(&target).is_empty());
}

#[test]
fn a_missing_lesson_directory_is_a_usage_error() {
    let env = Env::new(Flavour::Normal);
    let missing = env.root.join("no-such-pack");
    let out = env.kata(&["--lessons", path_str(&missing), "list"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("no-such-pack"), "{}", describe(&out));
}

/// The machine refusing is not a usage error: exit 4, the system's reason, and what to do.
/// sysfs refuses a new directory to everyone, root included (EPERM or EACCES).
#[cfg(target_os = "linux")]
#[test]
fn a_directory_the_system_refuses_is_an_environment_error() {
    let env = Env::new(Flavour::Normal);
    let out = env.kata(&["start", "stash-message", "--dir", "/sys/git-kata-test"]);
    assert_eq!(code(&out), 4, "{}", describe(&out));
    assert!(
        stderr(&out).contains("permission was refused"),
        "{}",
        describe(&out)
    );
}

// ---------------------------------------------------------------------------------------------
// Repositories that cannot be read.

/// Builds stash-untracked, breaks its repository with `breaks`, and checks that every objective
/// (all of them read that repository) is an `error` whose message contains `says`.
fn broken(flavour: Flavour, breaks: impl FnOnce(&Env, &Path), says: &str) {
    let env = Env::new(flavour);
    let dir = env.start("stash-untracked", "s");
    let repo = dir.join("stash-practice");
    breaks(&env, &repo);
    let (exit, report) = env.check_json(&dir);
    assert_eq!(exit, 1, "{report:#}");
    assert_eq!(report["status"], "error", "{report:#}");
    for o in report["objectives"].as_array().unwrap() {
        assert_eq!(o["status"], "error", "{report:#}");
        let message = o["message"].as_str().unwrap();
        assert!(message.contains(says), "`{says}` not in: {message}");
    }
    let human = env.kata(&["check", "--dir", path_str(&dir)]);
    assert_eq!(code(&human), 1, "{}", describe(&human));
    let text = stdout(&human);
    assert!(text.contains("cannot check:"), "{text}");
    assert!(text.contains("could not be checked"), "{text}");
}

#[test]
fn a_deleted_git_directory_is_an_error() {
    broken(
        Flavour::Normal,
        |_, repo| std::fs::remove_dir_all(repo.join(".git")).unwrap(),
        "stash-practice is not a readable git repository",
    );
}

#[test]
fn a_corrupt_head_is_an_error() {
    broken(
        Flavour::Normal,
        |_, repo| std::fs::write(repo.join(".git/HEAD"), b"\xff\xfe\x00garbage").unwrap(),
        "HEAD that cannot be read",
    );
}

#[test]
fn an_index_lock_is_an_error() {
    broken(
        Flavour::Normal,
        |_, repo| std::fs::write(repo.join(".git/index.lock"), "").unwrap(),
        ".git/index.lock",
    );
}

#[test]
fn a_merge_in_progress_is_an_error() {
    broken(
        Flavour::Hostile,
        |env, repo| {
            env.bash_ok(
                "git switch -q -c other\n\
                 echo theirs > config.txt && git commit -q -am theirs\n\
                 git switch -q main\n\
                 echo ours > config.txt && git commit -q -am ours\n\
                 ! git merge other\n\
                 test -f .git/MERGE_HEAD",
                repo,
            );
        },
        "a merge is in progress",
    );
}

#[test]
fn a_split_index_is_an_error() {
    broken(
        Flavour::Normal,
        |env, repo| {
            env.git(repo, &["update-index", "--split-index"]);
        },
        "split",
    );
}

#[test]
fn a_deleted_repository_is_an_error() {
    broken(
        Flavour::Normal,
        |_, repo| std::fs::remove_dir_all(repo).unwrap(),
        "stash-practice does not exist",
    );
}
