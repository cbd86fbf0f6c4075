//! A learner's first hour, played: where `start` and `next` put a sandbox, what "Well done!"
//! says next, lesson ids typed loosely, `list` at the end of the course, `reset` with work
//! outside the sandbox, and the way back after removing the worktree the shell stood in.

use std::path::Path;

use crate::common::*;

/// Every entry of `dir`, sorted, for "nothing was created here".
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn next_from_inside_a_finished_sandbox_builds_beside_it_and_leaves_it_solved() {
    let env = Env::new(Flavour::Normal);
    let solution = lesson("stash-untracked").lesson.solution;
    let dir = env.played("stash-untracked", "stash-untracked", &solution);
    let repo = dir.join(first_repo(&lesson("stash-untracked")));
    let before = entries(&repo);

    // "Well done!" names the next lesson and the exact command that starts it.
    let check = env.kata_in(&repo, &["check"]);
    assert_eq!(code(&check), 0, "{}", describe(&check));
    let text = stdout(&check);
    // Nothing else is completed, so the next is the lesson after this one in course order.
    let ids: Vec<String> = catalog()
        .lessons
        .iter()
        .map(|(_, l)| l.id().to_string())
        .collect();
    let here = ids.iter().position(|id| id == "stash-untracked").unwrap();
    let next_id = ids[(here + 1) % ids.len()].clone();
    assert!(text.contains("Well done!"), "{text}");
    assert!(
        text.contains(&format!("Start it with `git-kata start {next_id}`")),
        "{text}"
    );

    // The README's tour: `next` typed in the lesson just finished.
    let next = env.kata_in(&repo, &["next"]);
    assert_eq!(code(&next), 0, "{}", describe(&next));
    let beside = env.work.join(&next_id);
    assert!(sandbox_at(&beside), "no sandbox at {}", beside.display());
    assert!(
        stdout(&next).contains("Built beside the sandbox you are in"),
        "{}",
        stdout(&next)
    );
    let cd = format!("cd {}", beside.display());
    assert!(stdout(&next).contains(&cd), "{}", stdout(&next));

    // The finished lesson is untouched: nothing new in it, and it still passes.
    assert_eq!(entries(&repo), before);
    let (exit, report) = env.check_json(&dir);
    assert_eq!(exit, 0, "{report:#}");
}

fn sandbox_at(dir: &Path) -> bool {
    dir.join(".git-kata/sandbox.json").is_file()
}

#[test]
fn start_without_dir_in_a_linked_worktree_outside_the_sandbox_builds_beside_the_sandbox() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("mid-flight-hotfix", "kata");
    let repo = dir.join("k8s-fleet-manager");
    let outside = env.path("hotfix-elsewhere");
    env.git(
        &repo,
        &["worktree", "add", "-b", "tmp", path_str(&outside), "main"],
    );
    let out = env.kata_in(&outside, &["start", "stash-all"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(sandbox_at(&env.work.join("stash-all")));
    assert!(!outside.join("stash-all").exists());
}

#[test]
fn no_sandbox_is_built_inside_a_sandbox_or_a_learners_working_tree() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-message", "kata");
    let repo = dir.join("payments-api");
    let before = entries(&repo);

    let inside = repo.join("nested");
    let out = env.kata_in(&repo, &["start", "stash-all", "--dir", path_str(&inside)]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let err = stderr(&out);
    assert!(
        err.contains("is inside the sandbox of stash-message"),
        "{err}"
    );
    assert!(
        err.contains(&format!("--dir {}", env.work.join("stash-all").display())),
        "{err}"
    );
    assert_eq!(entries(&repo), before, "the refused start left something");

    // A project of the learner's own: refused, with a place outside it to use instead.
    let project = env.path("my-project");
    std::fs::create_dir_all(project.join("src")).unwrap();
    env.git(&project, &["init", "-q"]);
    let out = env.kata_in(&project.join("src"), &["start", "stash-all"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "is inside the git working tree {}",
            project.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("--dir {}", env.work.join("stash-all").display())),
        "{err}"
    );
    assert_eq!(entries(&project.join("src")), Vec::<String>::new());
    assert_eq!(env.git(&project, &["status", "--porcelain"]), "");
}

#[test]
fn starting_a_lesson_where_its_sandbox_already_is_offers_cd_and_reset() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-message", "kata");
    let out = env.kata(&["start", "stash-message", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("cd {}", dir.join("payments-api").display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("git-kata reset --dir {}", dir.display())),
        "{err}"
    );
}

#[test]
fn lesson_ids_are_found_from_a_piece_of_them() {
    let env = Env::new(Flavour::Normal);
    let dir = env.path("m");
    let out = env.kata(&["start", "midflight", "--dir", path_str(&dir)]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        stdout(&out).starts_with("mid-flight-hotfix — "),
        "{}",
        stdout(&out)
    );

    let out = env.kata(&["start", "stash", "--dir", path_str(&env.path("s"))]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("It could be any of"),
        "{}",
        stderr(&out)
    );
    assert!(!env.path("s").exists());
}

#[test]
fn list_stops_offering_next_once_every_lesson_is_done() {
    let env = Env::new(Flavour::Normal);
    let data = env.root.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let list = |env: &Env| {
        stdout(&env.kata_with(&env.work, &["list"], |c| {
            c.env("GIT_KATA_DATA_DIR", &data);
        }))
    };
    assert!(list(&env).contains("git-kata next starts the next one"));
    let lessons: serde_json::Map<String, serde_json::Value> = catalog()
        .lessons
        .iter()
        .map(|(_, l)| {
            (
                l.id().to_string(),
                serde_json::json!({"started": true, "completed": true}),
            )
        })
        .collect();
    let count = lessons.len();
    std::fs::write(
        data.join("progress.json"),
        serde_json::json!({ "lessons": lessons }).to_string(),
    )
    .unwrap();
    let text = list(&env);
    assert!(!text.contains("git-kata next"), "{text}");
    assert!(
        text.contains(&format!("All {count} lessons completed.")),
        "{text}"
    );
}

#[test]
fn reset_refuses_to_cut_off_a_worktree_outside_the_sandbox_without_force() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("mid-flight-hotfix", "kata");
    let repo = dir.join("k8s-fleet-manager");
    let outside = env.path("outside");
    env.git(
        &repo,
        &["worktree", "add", "-b", "mine", path_str(&outside), "main"],
    );
    std::fs::write(outside.join("notes.txt"), "mine\n").unwrap();
    let out = env.kata_in(&repo, &["reset", "--yes"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let err = stderr(&out);
    assert!(
        err.contains("linked worktrees outside the sandbox"),
        "{err}"
    );
    assert!(err.contains(&outside.display().to_string()), "{err}");
    assert!(err.contains("--force"), "{err}");
    // Nothing was thrown away: the branch and the worktree are as they were.
    assert!(
        env.git(&repo, &["branch", "--list", "mine"])
            .contains("mine")
    );
    assert!(outside.join("notes.txt").is_file());

    let out = env.kata_in(&repo, &["reset", "--yes", "--force"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    // git-kata deletes nothing outside the sandbox, even then.
    assert!(outside.join("notes.txt").is_file());
}

#[test]
fn after_removing_the_worktree_it_stood_in_the_shell_is_sent_to_the_main_repository() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("worktree-remove", "kata");
    let linked = dir.join("k8s-operator-hotfix");
    let kata = env!("CARGO_BIN_EXE_git-kata");
    // One shell, as the learner's: it stands in the worktree it removes.
    let out = env.bash(
        &format!("git stash -u -q && git worktree remove . && exec '{kata}' check"),
        &linked,
    );
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let err = stderr(&out);
    assert!(err.contains("no longer exists"), "{err}");
    assert!(
        err.contains(&format!("`cd {}`", dir.join("k8s-operator").display())),
        "{err}"
    );
    assert!(!err.contains("reset"), "{err}");
}
