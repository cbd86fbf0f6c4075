//! Each input with real solutions and real mistakes: a sandbox, a script, an archive.

use std::path::Path;
use std::time::{Duration, Instant};

use git_kata::lesson::Loaded;
use serde_json::Value;

use super::{catalog, first_repo, json, mistakes, only, play, status, verdict};
use crate::support::{User, repo_root, stderr, stdout};

#[test]
fn sandboxes_solved_pass_and_each_mistake_fails_with_points() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    for (_, lesson) in &catalog().lessons {
        let dir = work.path().join(format!("{}-solved", lesson.id()));
        play(&user, lesson, &dir, &lesson.lesson.solution);
        let o = user.kata(
            &["grade", "--dir", dir.to_str().unwrap(), "--format", "json"],
            &repo_root(),
        );
        assert_eq!(o.status.code(), Some(0), "{}: {}", lesson.id(), stdout(&o));
        let r = json(&o);
        let res = only(&r);
        assert_eq!(status(res), "pass");
        let points: u64 = lesson
            .lesson
            .objectives
            .iter()
            .map(|o| o.points as u64)
            .sum();
        assert_eq!(res["score"], points);
        assert_eq!(res["max_score"], points);
        assert_eq!(r["score"], points);

        for m in &lesson.lesson.mistakes {
            let dir = work.path().join(format!("{}-{}", lesson.id(), m.id.value));
            play(&user, lesson, &dir, &m.commands);
            let o = user.kata(
                &["grade", "--dir", dir.to_str().unwrap(), "--format", "json"],
                &repo_root(),
            );
            assert_eq!(o.status.code(), Some(1), "{} {}", lesson.id(), m.id.value);
            let r = json(&o);
            let res = only(&r);
            assert_eq!(status(res), "fail");
            assert!(res["score"].as_u64() < res["max_score"].as_u64());
            assert!(
                mistakes(res).contains(&m.id.value),
                "{} {}: {res:#}",
                lesson.id(),
                m.id.value
            );
            // Each test's score is its points when it passes, else nothing.
            for t in res["tests"].as_array().unwrap() {
                let expect = if t["status"] == "pass" {
                    &t["max_score"]
                } else {
                    &Value::from(0)
                };
                assert_eq!(&t["score"], expect);
            }
        }
    }
}

#[test]
fn solution_scripts_are_run_isolated_and_graded() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    for (_, lesson) in &catalog().lessons {
        let script = work.path().join(format!("{}.sh", lesson.id()));
        std::fs::write(&script, format!("echo solving\n{}", lesson.lesson.solution)).unwrap();
        let o = user.kata(
            &[
                "grade",
                lesson.id(),
                "--script",
                script.to_str().unwrap(),
                "--format",
                "json",
            ],
            &repo_root(),
        );
        assert_eq!(o.status.code(), Some(0), "{}: {}", lesson.id(), stdout(&o));
        let r = json(&o);
        let res = only(&r);
        assert_eq!(status(res), "pass");
        assert_eq!(res["learner"], lesson.id(), "named after the script");
        assert!(res["output"].as_str().unwrap().starts_with("solving\n"));

        for m in &lesson.lesson.mistakes {
            let script = work.path().join(format!("{}.sh", m.id.value));
            std::fs::write(&script, &m.commands).unwrap();
            let o = user.kata(
                &[
                    "grade",
                    "--lesson",
                    lesson.id(),
                    "--script",
                    script.to_str().unwrap(),
                    "--learner",
                    "sam",
                    "--format",
                    "json",
                ],
                &repo_root(),
            );
            assert_eq!(o.status.code(), Some(1), "{} {}", lesson.id(), m.id.value);
            let res = only(&json(&o)).clone();
            assert_eq!(res["learner"], "sam");
            assert!(mistakes(&res).contains(&m.id.value), "{res:#}");
        }
    }

    // The text format shows what the script printed, stderr included.
    let script = work.path().join("noisy.sh");
    std::fs::write(
        &script,
        "echo to-stdout\necho to-stderr >&2\ngit stash list\nfalse\n",
    )
    .unwrap();
    let o = user.kata(
        &[
            "grade",
            "stash-untracked",
            "--script",
            script.to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("| to-stdout") && text.contains("| to-stderr"),
        "{text}"
    );
    assert!(text.contains("exited with status 1"), "{text}");
}

#[test]
fn a_script_that_never_ends_is_killed_at_the_timeout_with_its_children() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let script = work.path().join("forever.sh");
    let marker = work.path().join("child-survived");
    std::fs::write(
        &script,
        format!(
            "echo starting\n(sleep 4; touch {}) &\nwhile true; do :; done\n",
            marker.display()
        ),
    )
    .unwrap();
    let started = Instant::now();
    let o = user.kata(
        &[
            "grade",
            "stash-untracked",
            "--script",
            script.to_str().unwrap(),
            "--timeout",
            "2",
            "--format",
            "json",
        ],
        &repo_root(),
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the timeout holds"
    );
    assert_eq!(o.status.code(), Some(3), "{}", stdout(&o));
    let res = only(&json(&o)).clone();
    assert_eq!(status(&res), "error");
    assert!(
        res["message"]
            .as_str()
            .unwrap()
            .contains("killed after 2 s"),
        "{res:#}"
    );
    assert!(res["output"].as_str().unwrap().contains("starting"));
    assert!(
        res["tests"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "error")
    );
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        !marker.exists(),
        "the script's background child was killed too"
    );
}

#[test]
fn an_archive_grades_the_same_anywhere_as_the_sandbox_it_came_from() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let cat = catalog();
    let hotfix = cat.get("mid-flight-hotfix").unwrap();
    let orphan = cat.get("orphaned-worktree").unwrap();
    // Half done: a linked worktree is present and registered (its links must be repaired).
    let half = "git worktree add -b hotfix/image-patch ../fleet-manager-hotfix main\n\
                cd ../fleet-manager-hotfix\n\
                sed -i 's/v1.0.0/v1.0.1/' deployment.yaml\n\
                echo draft > notes.txt\n\
                git commit -qam 'Hotfix'\n";
    let mut cases: Vec<(&Loaded, String, &str)> = vec![
        (hotfix, "half".into(), half),
        (orphan, "as-built".into(), ""),
    ];
    // Every lesson solved, and every mistake of every lesson.
    for (_, lesson) in &cat.lessons {
        cases.push((
            lesson,
            format!("{}-solved", lesson.id()),
            &lesson.lesson.solution,
        ));
        for m in &lesson.lesson.mistakes {
            cases.push((
                lesson,
                format!("{}-{}", lesson.id(), m.id.value),
                &m.commands,
            ));
        }
    }
    let elsewhere = work.path().join("far/away/inbox");
    std::fs::create_dir_all(&elsewhere).unwrap();
    for (lesson, name, commands) in cases {
        let name = name.as_str();
        let dir = work.path().join(name);
        play(&user, lesson, &dir, commands);
        let in_place = user.kata(
            &["grade", "--dir", dir.to_str().unwrap(), "--format", "json"],
            &repo_root(),
        );
        let archive = work.path().join(format!("{name}.tar.gz"));
        let o = user.kata(
            &["submit", "-o", archive.to_str().unwrap()],
            &dir.join(first_repo(lesson)),
        );
        assert_eq!(o.status.code(), Some(0), "submit {name}: {}", stderr(&o));
        // Move the archive, and take the sandbox away so nothing can be read from it.
        let moved = elsewhere.join(format!("{name}.tar.gz"));
        std::fs::rename(&archive, &moved).unwrap();
        std::fs::rename(&dir, work.path().join(format!("{name}-gone"))).unwrap();
        let from_archive = user.kata(
            &[
                "grade",
                "--archive",
                moved.to_str().unwrap(),
                "--format",
                "json",
            ],
            &repo_root(),
        );
        assert_eq!(in_place.status.code(), from_archive.status.code(), "{name}");
        assert_eq!(
            verdict(only(&json(&in_place))),
            verdict(only(&json(&from_archive))),
            "{name}: the archive grades differently"
        );
        if name == "half" {
            let res = only(&json(&from_archive)).clone();
            let removed = res["tests"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["id"] == "worktree-removed")
                .unwrap();
            assert!(
                removed["message"]
                    .as_str()
                    .unwrap()
                    .contains("fleet-manager-hotfix"),
                "{removed:#}"
            );
        }
        std::fs::rename(work.path().join(format!("{name}-gone")), &dir).unwrap();
    }
}

#[test]
fn grading_an_archive_leaves_the_sandbox_it_came_from_alone() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let cat = catalog();
    let hotfix = cat.get("mid-flight-hotfix").unwrap();
    let dir = work.path().join("sb");
    play(
        &user,
        hotfix,
        &dir,
        "git worktree add -b hotfix/image-patch ../fleet-manager-hotfix main\n",
    );
    let links = [
        dir.join("fleet-manager-hotfix/.git"),
        dir.join("k8s-fleet-manager/.git/worktrees/fleet-manager-hotfix/gitdir"),
    ];
    let before: Vec<String> = links
        .iter()
        .map(|l| std::fs::read_to_string(l).unwrap())
        .collect();
    let archive = work.path().join("sb.tar.gz");
    let o = user.kata(
        &[
            "submit",
            "--dir",
            dir.to_str().unwrap(),
            "-o",
            archive.to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let graded = user.kata(
        &[
            "grade",
            "--archive",
            archive.to_str().unwrap(),
            "--format",
            "json",
        ],
        &repo_root(),
    );
    let after: Vec<String> = links
        .iter()
        .map(|l| std::fs::read_to_string(l).unwrap())
        .collect();
    assert_eq!(
        before, after,
        "the original sandbox's worktree links are untouched"
    );
    let in_place = user.kata(
        &["grade", "--dir", dir.to_str().unwrap(), "--format", "json"],
        &repo_root(),
    );
    assert_eq!(
        verdict(only(&json(&in_place))),
        verdict(only(&json(&graded)))
    );
}

#[test]
fn a_look_alike_repository_fails_and_the_marker_claims_nothing() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let cat = catalog();
    let lesson = cat.get("stash-untracked").unwrap();

    // Built by hand with the CLI: same files, same messages, other commit ids.
    let fake = work.path().join("fake");
    std::fs::create_dir_all(fake.join("stash-practice")).unwrap();
    user.bash(
        "git init -q -b main && echo v1 > config.txt && git add . && git commit -qm 'Initial commit'\n",
        &fake.join("stash-practice"),
    );
    user.bash(&lesson.lesson.solution, &fake.join("stash-practice"));
    let o = user.kata(
        &[
            "grade",
            "--dir",
            fake.to_str().unwrap(),
            "--lesson",
            "stash-untracked",
            "--format",
            "json",
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let res = only(&json(&o)).clone();
    assert_eq!(status(&res), "fail");
    assert_eq!(res["score"], 0);
    let message = res["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "The repository was not built by git-kata for this lesson: main's setup commit "
        ),
        "{message}"
    );

    // Even carrying a genuine sandbox's marker, it is still not the lesson's repository.
    let real = work.path().join("real");
    play(&user, lesson, &real, "");
    copy_dir(&real.join(".git-kata"), &fake.join(".git-kata"));
    let o = user.kata(
        &["grade", "--dir", fake.to_str().unwrap(), "--format", "json"],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        only(&json(&o))["message"]
            .as_str()
            .unwrap()
            .contains("not built by git-kata")
    );

    // A genuine sandbox for another lesson is not this lesson's either.
    let other = work.path().join("other");
    play(&user, cat.get("orphaned-worktree").unwrap(), &other, "");
    let o = user.kata(
        &[
            "grade",
            "--dir",
            other.to_str().unwrap(),
            "--lesson",
            "stash-untracked",
            "--format",
            "json",
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        only(&json(&o))["message"]
            .as_str()
            .unwrap()
            .contains("stash-practice is missing")
    );

    // Rewriting the marker's record of setup does not turn a committed feature into an
    // untouched one: grading compares against the lesson as built, not the marker.
    let hotfix = cat.get("mid-flight-hotfix").unwrap();
    let wip = &hotfix
        .lesson
        .mistakes
        .iter()
        .find(|m| m.id.value == "wip-commit")
        .unwrap()
        .commands;
    let dir = work.path().join("wip");
    play(&user, hotfix, &dir, wip);
    let before = user.kata(
        &["grade", "--dir", dir.to_str().unwrap(), "--format", "json"],
        &repo_root(),
    );
    let head = String::from_utf8(
        std::process::Command::new("git")
            .args(["rev-parse", "feature/reliability-upgrade"])
            .current_dir(dir.join("k8s-fleet-manager"))
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let marker_file = dir.join(".git-kata/sandbox.json");
    let mut marker: Value =
        serde_json::from_str(&std::fs::read_to_string(&marker_file).unwrap()).unwrap();
    marker["repos"]["k8s-fleet-manager"]["refs"]["refs/heads/feature/reliability-upgrade"] =
        Value::from(head.trim());
    std::fs::write(&marker_file, marker.to_string()).unwrap();
    let after = user.kata(
        &["grade", "--dir", dir.to_str().unwrap(), "--format", "json"],
        &repo_root(),
    );
    assert_eq!(after.status.code(), Some(1));
    assert_eq!(verdict(only(&json(&before))), verdict(only(&json(&after))));
    let res = only(&json(&after)).clone();
    let kept = res["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "feature-no-commits")
        .unwrap();
    assert_eq!(kept["status"], "fail");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
