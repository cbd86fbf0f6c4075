//! Every built-in lesson proves itself: not solved as built, solved by its reference solution
//! played with the real git CLI, and failed by each of its mistakes with that mistake recognised.

use git_kata::lesson::Catalog;

#[test]
fn every_builtin_lesson_is_proven() {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let mut failures = Vec::new();
    for (_, lesson) in &catalog.lessons {
        for p in git_kata::prove::prove(lesson).expect("the proof runs") {
            failures.push(format!("{} ({}): {}", lesson.id(), p.part, p.message));
        }
    }
    assert!(
        failures.is_empty(),
        "unproven lessons:\n{}",
        failures.join("\n")
    );
}

/// Every built-in mistake carries its recovery as commands, so the proof above plays it: after
/// the mistake, the recovery loses none of the learner's work and the lesson can still be
/// finished (issue 12, "every mistake's recovery commands are proven").
#[test]
fn every_builtin_mistake_has_a_recovery_to_prove() {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let missing: Vec<String> = catalog
        .lessons
        .iter()
        .flat_map(|(_, l)| {
            l.lesson
                .mistakes
                .iter()
                .filter(|m| m.recover.as_deref().is_none_or(|r| r.trim().is_empty()))
                .map(move |m| format!("{}: {}", l.id(), m.id.value))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "mistakes without `recover`: {missing:?}"
    );
}

/// Proves a built-in lesson whose text has `find` replaced by `replace` (which must occur);
/// returns the messages about the recovery of `mistake`.
fn recovery_problems(lesson: &str, find: &str, replace: &str, mistake: &str) -> Vec<String> {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("lessons")
        .join(format!("{lesson}.yaml"));
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(find), "{lesson} no longer holds {find:?}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lesson.yaml"),
        text.replacen(find, replace, 1),
    )
    .unwrap();
    let loaded = &git_kata::lesson::catalog::load_pack(dir.path()).unwrap()[0];
    git_kata::prove::prove(loaded)
        .unwrap()
        .into_iter()
        .filter(|p| p.part == format!("recovery of mistake {mistake}"))
        .map(|p| p.message)
        .collect()
}

/// The recovery proof can fail: advice that drops a stash still holding the learner's only copy
/// of an edit (issue 12's example) is caught.
#[test]
fn a_recovery_that_drops_the_only_copy_is_unproven() {
    let problems = recovery_problems(
        "stash-untracked",
        "    recover: |\n      git stash pop\n",
        "    recover: |\n      git stash drop\n",
        "forgot-untracked",
    );
    assert!(
        problems
            .iter()
            .any(|m| m.contains("lose the learner's work") && m.contains("config.txt")),
        "{problems:?}"
    );
}

/// worktree-lock's old advice re-registered the soak worktree while the moved-away copy still
/// pointed at the same record: two directories, one HEAD and index (issue 12, class 8).
#[test]
fn a_recovery_that_leaves_two_directories_on_one_record_is_unproven() {
    let problems = recovery_problems(
        "worktree-lock",
        "      rm ../soak-orphan/.git\n      git worktree add ../usb-disk/k8s-operator-soak soak-test\n      cp -R ../soak-orphan/. ../usb-disk/k8s-operator-soak/\n      rm -rf ../soak-orphan\n",
        "      git worktree add ../usb-disk/k8s-operator-soak soak-test\n",
        "pruned-unlocked",
    );
    assert!(
        problems
            .iter()
            .any(|m| m.contains("share one worktree record")),
        "{problems:?}"
    );
}

/// The advice a learner reads is the advice that was proven: every command of a mistake's
/// `recover` (other than `cd`) appears in its message or its `recovery`, where `git -C DIR` may
/// be spelled as plain `git` run in DIR.
#[test]
fn every_proven_recovery_command_is_in_the_advice() {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let mut unshown = Vec::new();
    for (_, l) in &catalog.lessons {
        for m in &l.lesson.mistakes {
            let advice = format!("{} {}", m.message, m.recovery.as_deref().unwrap_or(""));
            let advice = advice.split_whitespace().collect::<Vec<_>>().join(" ");
            for line in m.recover.as_deref().unwrap_or("").lines() {
                let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
                if line.is_empty() || line.starts_with("cd ") {
                    continue;
                }
                let plain = match line.strip_prefix("git -C ") {
                    Some(rest) => format!("git {}", rest.split_once(' ').map_or("", |(_, r)| r)),
                    None => line.clone(),
                };
                if !advice.contains(&line) && !advice.contains(&plain) {
                    unshown.push(format!("{} / {}: {line}", l.id(), m.id.value));
                }
            }
        }
    }
    assert!(
        unshown.is_empty(),
        "proven but never shown:\n{}",
        unshown.join("\n")
    );
}
