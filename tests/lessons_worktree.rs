//! The worktree track, lesson by lesson: each mistake fails the objective it should, is told
//! apart from the others, and the recovery its message gives really solves the lesson from there.

use git_kata::check::{MistakeHit, ObjectiveResult, Report, Status};
use git_kata::lesson::{Catalog, Loaded};
use git_kata::script::Isolation;

fn lesson(id: &str) -> Loaded {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    catalog.find(id).expect("the lesson is built in").clone()
}

/// Builds a fresh sandbox of `id`, runs `script` from its first repository and checks it.
fn play(id: &str, script: &str) -> Report {
    let l = lesson(id);
    let iso = Isolation::new().expect("an isolated HOME");
    match git_kata::prove::run_script(&l, &iso, script).expect("the sandbox is built") {
        Ok(report) => report,
        Err(e) => panic!("the script failed in {id}: {e}\n--- script ---\n{script}"),
    }
}

/// The commands a mistake declares, so that tests replay exactly what the lesson proves.
fn mistake_commands(id: &str, mistake: &str) -> String {
    lesson(id)
        .lesson
        .mistakes
        .iter()
        .find(|m| m.id.value == mistake)
        .unwrap_or_else(|| panic!("{id} has no mistake {mistake}"))
        .commands
        .clone()
}

fn objective<'r>(r: &'r Report, id: &str) -> &'r ObjectiveResult {
    r.objectives
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no objective {id} in {}", r.lesson))
}

fn mistake_ids(r: &Report) -> Vec<&str> {
    r.mistakes.iter().map(|m| m.id.as_str()).collect()
}

/// The report recognises exactly this one mistake; returns it.
fn only_mistake<'r>(r: &'r Report, id: &str) -> &'r MistakeHit {
    assert_eq!(mistake_ids(r), vec![id], "recognised mistakes in {r:#?}");
    &r.mistakes[0]
}

fn assert_fails(r: &Report, objective_id: &str, says: &str) {
    let o = objective(r, objective_id);
    assert_eq!(o.status, Status::Fail, "{objective_id} should fail: {r:#?}");
    assert!(
        o.message.contains(says),
        "{objective_id} should say {says:?}, it says {:?}",
        o.message
    );
}

fn assert_passes(r: &Report, objective_id: &str) {
    let o = objective(r, objective_id);
    assert_eq!(o.status, Status::Pass, "{objective_id} should pass: {r:#?}");
}

fn assert_solved(r: &Report) {
    assert_eq!(r.status, Status::Pass, "should be solved: {r:#?}");
}

fn assert_says(m: &MistakeHit, text: &str) {
    assert!(
        m.message.contains(text),
        "mistake {} should say {text:?}: {}",
        m.id,
        m.message
    );
}

// ---------------------------------------------------------------------------------------------
// worktree-add

const ADD: &str = "worktree-add";

#[test]
fn add_as_built_has_no_worktree_and_an_untouched_feature() {
    let r = play(ADD, "true");
    assert_fails(
        &r,
        "hotfix-worktree",
        "No worktree is registered at ../k8s-operator-hotfix",
    );
    assert_fails(&r, "hotfix-from-main", "There is no branch hotfix-cve");
    assert_passes(&r, "feature-untouched");
    assert_passes(&r, "never-switched");
}

#[test]
fn add_without_a_start_point_branches_from_the_feature() {
    let r = play(ADD, &mistake_commands(ADD, "branched-from-feature"));
    assert_passes(&r, "hotfix-worktree");
    assert_fails(&r, "hotfix-from-main", "1 commit ahead of main");
    let m = only_mistake(&r, "branched-from-feature");
    assert_says(m, "feature-auth");
    assert_says(
        m,
        "git worktree add -b hotfix-cve ../k8s-operator-hotfix main",
    );

    let recovered = play(
        ADD,
        &format!(
            "{}\ngit worktree remove ../k8s-operator-hotfix && git branch -D hotfix-cve\n\
             git worktree add -b hotfix-cve ../k8s-operator-hotfix main",
            mistake_commands(ADD, "branched-from-feature")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn add_with_main_itself_in_the_worktree_is_caught_and_recoverable() {
    let r = play(ADD, &mistake_commands(ADD, "main-checked-out"));
    assert_fails(&r, "hotfix-worktree", "is on main, not on hotfix-cve");
    assert_fails(&r, "hotfix-from-main", "There is no branch hotfix-cve");
    let m = only_mistake(&r, "main-checked-out");
    assert_says(m, "git -C ../k8s-operator-hotfix switch -c hotfix-cve");

    let recovered = play(
        ADD,
        &format!(
            "{}\ngit -C ../k8s-operator-hotfix switch -c hotfix-cve",
            mistake_commands(ADD, "main-checked-out")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn add_stash_and_switch_is_caught_even_when_everything_came_back() {
    let r = play(ADD, &mistake_commands(ADD, "stash-and-switch"));
    assert_passes(&r, "feature-untouched");
    assert_fails(&r, "never-switched", "switched branches since the start");
    assert_says(only_mistake(&r, "stash-and-switch"), "git-kata reset");

    // A stash popped straight back, with no switch at all, still counts.
    let r = play(
        ADD,
        "git stash push -u -m wip\ngit worktree add -b hotfix-cve ../k8s-operator-hotfix main\ngit stash pop",
    );
    assert_fails(&r, "never-switched", "A stash was made since the start");
    only_mistake(&r, "stash-and-switch");
}

#[test]
fn add_with_a_second_clone_is_not_a_worktree() {
    let r = play(ADD, &mistake_commands(ADD, "second-clone"));
    assert_fails(
        &r,
        "hotfix-worktree",
        "No worktree is registered at ../k8s-operator-hotfix",
    );
    assert_fails(&r, "hotfix-from-main", "There is no branch hotfix-cve");
    let m = only_mistake(&r, "second-clone");
    assert_says(m, "rm -rf ../k8s-operator-hotfix");

    let recovered = play(
        ADD,
        &format!(
            "{}\ncd ../k8s-operator\nrm -rf ../k8s-operator-hotfix\n\
             git worktree add -b hotfix-cve ../k8s-operator-hotfix main",
            mistake_commands(ADD, "second-clone")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn add_the_hotfix_branch_must_not_have_commits_yet() {
    let r = play(
        ADD,
        "git worktree add -b hotfix-cve ../k8s-operator-hotfix main\n\
         cd ../k8s-operator-hotfix\ngit commit -q --allow-empty -m 'Patch the CVE'",
    );
    assert_fails(&r, "hotfix-from-main", "1 commit ahead of main");
    assert!(mistake_ids(&r).is_empty(), "{r:#?}");
}

// ---------------------------------------------------------------------------------------------
// worktree-exclusive

const EXCL: &str = "worktree-exclusive";

#[test]
fn exclusive_git_refuses_the_plain_switch() {
    let r = play(EXCL, "! git switch feature-auth");
    assert_fails(
        &r,
        "feature-here",
        "k8s-operator is on main, not on feature-auth",
    );
    assert_fails(
        &r,
        "review-released",
        "A worktree at ../review is on feature-auth",
    );
    assert_passes(&r, "branch-intact");
    assert!(mistake_ids(&r).is_empty(), "{r:#?}");
}

#[test]
fn exclusive_both_ways_of_freeing_the_branch_are_accepted() {
    for free in [
        "git -C ../review switch --detach",
        "git -C ../review switch -c review-scratch",
        "git worktree remove ../review",
    ] {
        let r = play(EXCL, &format!("{free}\ngit switch feature-auth"));
        assert_solved(&r);
    }
}

#[test]
fn exclusive_ignore_other_worktrees_leaves_the_branch_in_two_places() {
    let r = play(EXCL, &mistake_commands(EXCL, "ignored-other-worktrees"));
    assert_fails(&r, "feature-here", "feature-auth is checked out in");
    assert_fails(
        &r,
        "review-released",
        "A worktree at ../review is on feature-auth",
    );
    let m = only_mistake(&r, "ignored-other-worktrees");
    assert_says(m, "--ignore-other-worktrees");
    assert_says(m, "git -C ../review switch --detach");

    let recovered = play(
        EXCL,
        &format!(
            "{}\ngit -C ../review switch --detach",
            mistake_commands(EXCL, "ignored-other-worktrees")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn exclusive_a_detached_or_copied_checkout_is_not_the_branch() {
    let r = play(EXCL, &mistake_commands(EXCL, "detached-copy"));
    assert_fails(&r, "feature-here", "HEAD is detached");
    let m = only_mistake(&r, "detached-copy");
    assert_says(m, "git switch feature-auth");

    let r = play(EXCL, "git switch -c auth-copy feature-auth");
    assert_fails(
        &r,
        "feature-here",
        "k8s-operator is on auth-copy, not on feature-auth",
    );
    only_mistake(&r, "detached-copy");

    let recovered = play(
        EXCL,
        &format!(
            "{}\ngit -C ../review switch --detach\ngit switch feature-auth",
            mistake_commands(EXCL, "detached-copy")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn exclusive_deleting_review_by_hand_keeps_the_branch_locked() {
    let r = play(
        EXCL,
        &format!(
            "{}\n! git switch feature-auth",
            mistake_commands(EXCL, "deleted-review")
        ),
    );
    assert_fails(&r, "review-released", "its directory is gone");
    let m = only_mistake(&r, "deleted-review");
    assert_says(m, "git worktree prune");

    let recovered = play(
        EXCL,
        &format!(
            "{}\ngit worktree prune\ngit switch feature-auth",
            mistake_commands(EXCL, "deleted-review")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn exclusive_the_branch_must_keep_its_commits() {
    let r = play(
        EXCL,
        "git -C ../review switch --detach\ngit switch feature-auth\n\
         git commit -q --allow-empty -m 'Tweak after review'",
    );
    assert_passes(&r, "feature-here");
    assert_passes(&r, "review-released");
    assert_fails(&r, "branch-intact", "1 new commit");
}

// ---------------------------------------------------------------------------------------------
// worktree-remove

const REMOVE: &str = "worktree-remove";

#[test]
fn remove_git_refuses_while_work_is_unsaved() {
    let r = play(REMOVE, "! git worktree remove ../k8s-operator-hotfix");
    assert_fails(
        &r,
        "worktree-removed",
        "The worktree at ../k8s-operator-hotfix (on hotfix-cve) is still there",
    );
    assert_fails(&r, "work-kept", "the stash stack holds 0 entries");
    assert_passes(&r, "fix-kept");
    assert_passes(&r, "main-untouched");
}

#[test]
fn remove_commit_or_stash_both_keep_the_work() {
    for save in [
        "git add -A && git commit -q -m 'Harden the manager'",
        "git stash push -u -m 'Manager hardening'",
        "git add -A && git stash push -m 'Manager hardening'",
    ] {
        let r = play(
            REMOVE,
            &format!(
                "cd ../k8s-operator-hotfix\n{save}\ncd ../k8s-operator\n\
                 git worktree remove ../k8s-operator-hotfix"
            ),
        );
        assert_solved(&r);
    }
}

#[test]
fn remove_forced_removal_loses_the_work() {
    let r = play(REMOVE, &mistake_commands(REMOVE, "forced-removal"));
    assert_passes(&r, "worktree-removed");
    assert_fails(
        &r,
        "work-kept",
        "does not contain \"readOnlyRootFilesystem: true\"",
    );
    let m = only_mistake(&r, "forced-removal");
    assert_says(m, "--force");
    assert_says(m, "git-kata reset");
    assert_says(m, "git stash push -u");
}

#[test]
fn remove_deleting_by_hand_leaves_a_stale_registration() {
    let r = play(REMOVE, &mistake_commands(REMOVE, "deleted-by-hand"));
    assert_fails(
        &r,
        "worktree-removed",
        "deleted without `git worktree remove`",
    );
    assert_fails(&r, "work-kept", "the stash stack holds 0 entries");
    let m = only_mistake(&r, "deleted-by-hand");
    assert_says(m, "git worktree prune");
    assert_says(m, "git-kata reset");
}

#[test]
fn remove_commit_all_leaves_the_new_file_out() {
    let r = play(REMOVE, &mistake_commands(REMOVE, "new-file-left-out"));
    assert_fails(&r, "worktree-removed", "still there");
    assert_fails(
        &r,
        "work-kept",
        "deploy/networkpolicy.yaml in hotfix-cve does not exist",
    );
    let m = only_mistake(&r, "new-file-left-out");
    assert_says(m, "git add -A && git commit");

    let recovered = play(
        REMOVE,
        &format!(
            "{}\ncd ../k8s-operator-hotfix\ngit add -A && git commit -q -m 'Add the NetworkPolicy'\n\
             cd ../k8s-operator\ngit worktree remove ../k8s-operator-hotfix",
            mistake_commands(REMOVE, "new-file-left-out")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn remove_stash_without_u_leaves_the_new_file_out() {
    let stash =
        "cd ../k8s-operator-hotfix\ngit stash push -m 'Manager hardening'\ncd ../k8s-operator";
    let r = play(REMOVE, stash);
    assert_fails(
        &r,
        "work-kept",
        "deploy/networkpolicy.yaml in stash@{0} does not exist",
    );
    assert_says(only_mistake(&r, "new-file-left-out"), "git stash push -u");

    // Forced after that, the new file is gone: still this mistake, not "forced-removal".
    let r = play(
        REMOVE,
        &format!("{stash}\ngit worktree remove --force ../k8s-operator-hotfix"),
    );
    assert_passes(&r, "worktree-removed");
    assert_says(only_mistake(&r, "new-file-left-out"), "git-kata reset");

    let recovered = play(
        REMOVE,
        &format!(
            "{stash}\ncd ../k8s-operator-hotfix\ngit stash pop\ngit stash push -u -m 'Manager hardening'\n\
             cd ../k8s-operator\ngit worktree remove ../k8s-operator-hotfix"
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn remove_copying_the_work_into_the_main_directory_is_not_keeping_it() {
    let r = play(
        REMOVE,
        "cp ../k8s-operator-hotfix/deploy/*.yaml deploy/\n\
         git worktree remove --force ../k8s-operator-hotfix",
    );
    assert_fails(&r, "main-untouched", "uncommitted changes");
    assert_fails(&r, "work-kept", "does not contain");
}

// ---------------------------------------------------------------------------------------------
// worktree-lock

const LOCK: &str = "worktree-lock";
const SOAK: &str = "../usb-disk/k8s-operator-soak";

#[test]
fn lock_as_built_is_present_and_unlocked() {
    let r = play(LOCK, "true");
    assert_fails(
        &r,
        "locked-with-reason",
        "The worktree at ../usb-disk/k8s-operator-soak is not locked",
    );
    assert_passes(&r, "still-registered");
    assert_passes(&r, "branch-intact");
}

#[test]
fn lock_pruned_while_unplugged_forgets_the_worktree() {
    let r = play(LOCK, &mistake_commands(LOCK, "pruned-unlocked"));
    assert_fails(
        &r,
        "still-registered",
        "No worktree is registered at ../usb-disk/k8s-operator-soak",
    );
    assert_passes(&r, "branch-intact");
    let m = only_mistake(&r, "pruned-unlocked");
    assert_says(
        m,
        "git worktree add ../usb-disk/k8s-operator-soak soak-test",
    );

    // Still unplugged after the prune: the same mistake.
    let r = play(
        LOCK,
        "mv ../usb-disk ../usb-disk.unplugged\ngit worktree prune",
    );
    only_mistake(&r, "pruned-unlocked");

    let recovered = play(
        LOCK,
        &format!(
            "{}\nmv {SOAK} ../soak-orphan && rm ../soak-orphan/.git && git worktree add {SOAK} soak-test\n\
             git worktree lock --reason 'lives on the USB disk' {SOAK}",
            mistake_commands(LOCK, "pruned-unlocked")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn lock_without_a_reason_is_caught() {
    let r = play(LOCK, &mistake_commands(LOCK, "lock-without-reason"));
    assert_fails(&r, "locked-with-reason", "locked, but without a reason");
    let m = only_mistake(&r, "lock-without-reason");
    assert_says(m, "git worktree unlock");

    let r = play(
        LOCK,
        &format!("git worktree lock --reason 'soak test' {SOAK}"),
    );
    assert_fails(&r, "locked-with-reason", "does not mention \"disk\"");
    only_mistake(&r, "lock-without-reason");

    let recovered = play(
        LOCK,
        &format!(
            "{}\ngit worktree unlock {SOAK} && git worktree lock --reason 'on the USB disk' {SOAK}",
            mistake_commands(LOCK, "lock-without-reason")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn lock_survives_the_prune_but_the_disk_must_come_back() {
    let r = play(LOCK, &mistake_commands(LOCK, "still-unplugged"));
    assert_passes(&r, "locked-with-reason");
    assert_fails(&r, "still-registered", "its directory is gone");
    let m = only_mistake(&r, "still-unplugged");
    assert_says(m, "mv ../usb-disk.unplugged ../usb-disk");

    let recovered = play(
        LOCK,
        &format!(
            "{}\nmv ../usb-disk.unplugged ../usb-disk",
            mistake_commands(LOCK, "still-unplugged")
        ),
    );
    assert_solved(&recovered);
}

// ---------------------------------------------------------------------------------------------
// Quizzes

fn answer(id: &str, question: &str) -> String {
    let l = lesson(id);
    let q = l
        .lesson
        .quiz
        .iter()
        .find(|q| q.id.value == question)
        .unwrap_or_else(|| panic!("{id} has no question {question}"));
    q.choices[q.answer.value].clone()
}

#[test]
fn quizzes_point_at_the_right_answers() {
    assert!(answer(ADD, "incident-worktree").contains("git worktree add ../incident-response"));
    assert!(answer(ADD, "clone-or-worktree").contains("small .git file"));
    assert!(answer(EXCL, "branch-exclusivity").contains("git refuses"));
    assert!(answer("orphaned-worktree", "rm-rf-then-prune").contains("git worktree prune"));
}

#[test]
fn decision_matrix_scenarios() {
    use git_kata::lesson::QuestionKind;
    let expected = [
        ("pull-before-push", "git stash"),
        ("hotfix-mid-feature", "git worktree add"),
        ("review-big-pr", "git worktree add"),
        ("other-kubernetes-version", "A separate git clone"),
        (
            "speculative-refactor",
            "A new branch in the current working tree",
        ),
    ];
    let l = lesson("mid-flight-hotfix");
    assert_eq!(l.lesson.quiz.len(), expected.len());
    for (question, strategy) in expected {
        assert_eq!(
            answer("mid-flight-hotfix", question),
            strategy,
            "{question}"
        );
        let q = l.lesson.quiz.iter().find(|q| q.id.value == question);
        assert_eq!(
            q.map(|q| q.kind),
            Some(QuestionKind::Scenario),
            "{question}"
        );
    }
}
