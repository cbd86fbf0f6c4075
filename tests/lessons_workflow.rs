//! The workflow track (parallel-features, feature-submodule, release-rollback), played with the
//! real git CLI: for each classic mistake, which objective fails and what the learner is told;
//! for each recovery the messages suggest, that it really ends in a solved lesson.

use git_kata::check::{Report, Status};
use git_kata::lesson::Catalog;
use git_kata::prove::run_script;
use git_kata::script::Isolation;

/// Plays `script` from the lesson's first repository in a fresh sandbox and checks it.
fn play(lesson: &str, script: &str) -> Report {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let lesson = catalog.get(lesson).expect("the lesson is built in");
    let iso = Isolation::new().expect("an isolated HOME");
    match run_script(lesson, &iso, script).expect("the sandbox is built") {
        Ok(report) => report,
        Err(e) => panic!("the script failed: {e}"),
    }
}

/// Like `play`, for a script that is expected to fail; returns git's output.
fn play_failing(lesson: &str, script: &str) -> String {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let lesson = catalog.get(lesson).expect("the lesson is built in");
    let iso = Isolation::new().expect("an isolated HOME");
    match run_script(lesson, &iso, script).expect("the sandbox is built") {
        Ok(report) => panic!("the script succeeded: {report:?}"),
        Err(e) => e,
    }
}

fn mistake_commands(lesson: &str, id: &str) -> String {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let lesson = catalog.get(lesson).expect("the lesson is built in");
    lesson
        .lesson
        .mistakes
        .iter()
        .find(|m| m.id.value == id)
        .unwrap_or_else(|| panic!("no mistake {id}"))
        .commands
        .clone()
}

fn objective<'r>(r: &'r Report, id: &str) -> &'r git_kata::check::ObjectiveResult {
    r.objectives
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no objective {id} in {r:#?}"))
}

fn failing(r: &Report) -> Vec<&str> {
    r.objectives
        .iter()
        .filter(|o| o.status != Status::Pass)
        .map(|o| o.id.as_str())
        .collect()
}

fn assert_solved(r: &Report) {
    assert_eq!(
        r.status,
        Status::Pass,
        "expected a solved lesson, these fail: {:?}\n{r:#?}",
        failing(r)
    );
}

/// The lesson fails on exactly `objectives`, `objective` says `says`, and the mistake `id` is
/// recognised with a message that contains every one of `tells`.
fn assert_mistake(r: &Report, id: &str, objectives: &[&str], says: &str, tells: &[&str]) {
    assert_eq!(r.status, Status::Fail, "{r:#?}");
    assert_eq!(failing(r), objectives, "failing objectives");
    let first = objective(r, objectives[0]);
    assert!(
        first.message.contains(says),
        "objective {} says {:?}, expected it to mention {says:?}",
        first.id,
        first.message
    );
    let hit = r
        .mistakes
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("mistake {id} not recognised; recognised: {:?}", r.mistakes));
    for t in tells {
        assert!(
            hit.message.contains(t),
            "mistake {id} says {:?}, expected it to contain {t:?}",
            hit.message
        );
    }
}

fn mistake_ids(r: &Report) -> Vec<&str> {
    r.mistakes.iter().map(|m| m.id.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// parallel-features

const PF: &str = "parallel-features";
const PF_A: &str = "sed -i 's/awesome: false/awesome: true/' services/service-a/config.yaml";
const PF_B: &str = "sed -i 's/enabled: false/enabled: true/' services/service-b/config.yaml";

#[test]
fn parallel_features_as_built_is_unsolved_and_blames_nothing() {
    let r = play(PF, "true");
    assert_eq!(
        failing(&r),
        [
            "worktree-a",
            "worktree-b",
            "feature-a-commit",
            "feature-b-commit"
        ]
    );
    assert!(r.mistakes.is_empty(), "{:?}", mistake_ids(&r));
}

#[test]
fn parallel_features_switching_in_main_dir_fails_only_never_switched() {
    let r = play(PF, &mistake_commands(PF, "switched-in-main-dir"));
    assert_mistake(
        &r,
        "switched-in-main-dir",
        &["never-switched"],
        "main → feature/a-awesome-feature",
        &["git-kata reset", "git worktree add"],
    );
}

#[test]
fn parallel_features_commit_on_main_is_caught_and_its_recovery_works() {
    let r = play(PF, &mistake_commands(PF, "committed-on-main"));
    assert_mistake(
        &r,
        "committed-on-main",
        &["feature-a-commit", "feature-b-commit", "main-untouched"],
        "0 commits ahead",
        &["git cherry-pick main", "git reset --hard HEAD~1"],
    );
    assert!(
        objective(&r, "main-untouched")
            .message
            .contains("1 new commit")
    );

    let recovered = play(
        PF,
        &format!(
            "{}\ncd ../core-feature-a && git cherry-pick main\ncd ../core-project && git reset --hard HEAD~1\ncd ../core-feature-b && {PF_B} && git commit -am B",
            mistake_commands(PF, "committed-on-main")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn parallel_features_edits_in_main_dir_travel_through_the_shared_stash() {
    let r = play(PF, &mistake_commands(PF, "edited-main-dir"));
    assert_mistake(
        &r,
        "edited-main-dir",
        &["feature-a-commit", "feature-b-commit", "main-dir-clean"],
        "0 commits ahead",
        &["git stash push", "git stash pop", "../core-feature-a"],
    );
    assert!(
        objective(&r, "main-dir-clean")
            .message
            .contains("services/service-a/config.yaml")
    );

    let recovered = play(
        PF,
        &format!(
            "{}\ngit stash push -m 'feature A'\ncd ../core-feature-a && git stash pop && git commit -am A\ncd ../core-feature-b && {PF_B} && git commit -am B",
            mistake_commands(PF, "edited-main-dir")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn parallel_features_worktree_removed_early_is_caught_and_can_be_reopened() {
    let r = play(PF, &mistake_commands(PF, "worktree-removed-early"));
    assert_mistake(
        &r,
        "worktree-removed-early",
        &["worktree-a"],
        "No worktree is registered at ../core-feature-a",
        &["git worktree add ../core-feature-a feature/a-awesome-feature"],
    );
    // The commit itself is fine: only the worktree is missing.
    assert_eq!(objective(&r, "feature-a-commit").status, Status::Pass);
    assert!(!mistake_ids(&r).contains(&"worktree-deleted-by-hand"));

    let recovered = play(
        PF,
        &format!(
            "{}\ncd ../core-project && git worktree add ../core-feature-a feature/a-awesome-feature",
            mistake_commands(PF, "worktree-removed-early")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn parallel_features_rm_rf_worktree_is_caught_and_prune_fixes_it() {
    let r = play(PF, &mistake_commands(PF, "worktree-deleted-by-hand"));
    assert_mistake(
        &r,
        "worktree-deleted-by-hand",
        &["worktree-a"],
        "its directory is gone",
        &["git worktree prune"],
    );
    assert!(!mistake_ids(&r).contains(&"worktree-removed-early"));

    let recovered = play(
        PF,
        &format!(
            "{}\ngit worktree prune\ngit worktree add ../core-feature-a feature/a-awesome-feature",
            mistake_commands(PF, "worktree-deleted-by-hand")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn parallel_features_feature_built_on_feature_is_caught_and_rebase_onto_fixes_it() {
    let r = play(PF, &mistake_commands(PF, "feature-from-feature"));
    assert_mistake(
        &r,
        "feature-from-feature",
        &["feature-b-commit"],
        "2 commits ahead",
        &["git rebase --onto main feature/a-awesome-feature"],
    );

    let recovered = play(
        PF,
        &format!(
            "{}\ncd ../core-feature-b && git rebase --onto main feature/a-awesome-feature",
            mistake_commands(PF, "feature-from-feature")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn parallel_features_b_merged_into_a_is_the_same_mistake() {
    let r = play(
        PF,
        &format!(
            "git worktree add ../core-feature-a feature/a-awesome-feature
             git worktree add ../core-feature-b feature/b-search
             cd ../core-feature-b && {PF_B} && git commit -am B
             cd ../core-feature-a && {PF_A} && git commit -am A && git merge --no-edit feature/b-search"
        ),
    );
    assert_eq!(failing(&r), ["feature-a-commit"]);
    assert!(mistake_ids(&r).contains(&"feature-from-feature"));
}

#[test]
fn parallel_features_a_clone_is_not_a_worktree() {
    let r = play(PF, &mistake_commands(PF, "cloned-instead"));
    assert_mistake(
        &r,
        "cloned-instead",
        &["worktree-a", "feature-a-commit"],
        "No worktree is registered at ../core-feature-a",
        &["push origin feature/a-awesome-feature", "git worktree add"],
    );

    let recovered = play(
        PF,
        &format!(
            "{}\ngit -C ../core-feature-a push origin feature/a-awesome-feature\nrm -rf ../core-feature-a\ngit worktree add ../core-feature-a feature/a-awesome-feature",
            mistake_commands(PF, "cloned-instead")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn parallel_features_both_changes_in_one_branch_do_not_pass() {
    let r = play(
        PF,
        &format!(
            "git worktree add ../core-feature-a feature/a-awesome-feature
             git worktree add ../core-feature-b feature/b-search
             cd ../core-feature-a && {PF_A} && {PF_B} && git commit -am 'A and B'
             cd ../core-feature-b && git commit --allow-empty -m 'B, nothing really'"
        ),
    );
    assert_eq!(failing(&r), ["feature-a-commit", "feature-b-commit"]);
    assert!(
        objective(&r, "feature-a-commit")
            .message
            .contains("services/service-b/config.yaml")
    );
}

// ---------------------------------------------------------------------------------------------
// feature-submodule

const FS: &str = "feature-submodule";
const FS_ADD: &str =
    "git -c protocol.file.allow=always submodule add ../feature-a-repo services/feature-a";

#[test]
fn feature_submodule_as_built_is_unsolved_and_blames_nothing() {
    let r = play(FS, "true");
    assert_eq!(
        failing(&r),
        ["declared", "pinned-v010", "pinned-main", "committed"]
    );
    assert!(r.mistakes.is_empty(), "{:?}", mistake_ids(&r));
}

#[test]
fn feature_submodule_sandbox_keeps_git_file_transport_guard() {
    // The lesson teaches the one-off `-c protocol.file.allow=always`: without it, git must refuse.
    let out = play_failing(FS, "git submodule add ../feature-a-repo services/feature-a");
    assert!(out.contains("transport 'file' not allowed"), "{out}");
    // ...and the refusal leaves nothing behind that would stop the right command.
    let r = play(
        FS,
        &format!(
            "git submodule add ../feature-a-repo services/feature-a || true
             {FS_ADD}
             git -C services/feature-a checkout v0.1.0 && git add services/feature-a && git commit -m pin
             git -C services/feature-a checkout main && git add services/feature-a && git commit -m bump"
        ),
    );
    assert_solved(&r);
}

#[test]
fn feature_submodule_pinning_newest_first_is_caught_and_amend_fixes_it() {
    let r = play(FS, &mistake_commands(FS, "pinned-newest-first"));
    assert_mistake(
        &r,
        "pinned-newest-first",
        &["pinned-v010"],
        "No commit in the history of main pins services/feature-a to feature-a-repo v0.1.0",
        &["git -C services/feature-a checkout v0.1.0", "--amend"],
    );

    let recovered = play(
        FS,
        &format!(
            "{}\ngit -C services/feature-a checkout v0.1.0 && git add services/feature-a && git commit --amend --no-edit
             git -C services/feature-a checkout main && git add services/feature-a && git commit -m bump",
            mistake_commands(FS, "pinned-newest-first")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn feature_submodule_bump_left_in_working_tree_is_caught() {
    let r = play(FS, &mistake_commands(FS, "bump-not-committed"));
    assert_mistake(
        &r,
        "bump-not-committed",
        &["pinned-main", "committed"],
        "not to feature-a-repo v0.2.0",
        &["git add services/feature-a && git commit"],
    );
    assert!(
        objective(&r, "committed")
            .message
            .contains("uncommitted changes: services/feature-a")
    );

    let recovered = play(
        FS,
        &format!(
            "{}\ngit add services/feature-a && git commit -m 'Bump feature-a to v0.2.0'",
            mistake_commands(FS, "bump-not-committed")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn feature_submodule_copied_files_are_caught_and_can_be_replaced() {
    let r = play(FS, &mistake_commands(FS, "copied-as-files"));
    assert_mistake(
        &r,
        "copied-as-files",
        &["declared", "pinned-v010", "pinned-main", "committed"],
        ".gitmodules is not in the index of core-project",
        &["git rm -r", FS_ADD],
    );
    assert!(
        objective(&r, "pinned-main")
            .message
            .contains("not a committed submodule")
    );

    let recovered = play(
        FS,
        &format!(
            "{}\ngit rm -r -q services/feature-a && git commit -m 'Drop copied feature-a'
             {FS_ADD}
             git -C services/feature-a checkout v0.1.0 && git add services/feature-a && git commit -m pin
             git -C services/feature-a checkout main && git add services/feature-a && git commit -m bump",
            mistake_commands(FS, "copied-as-files")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn feature_submodule_embedded_repository_is_caught_and_can_be_replaced() {
    let r = play(FS, &mistake_commands(FS, "embedded-repo"));
    assert_mistake(
        &r,
        "embedded-repo",
        &["declared", "pinned-v010", "committed"],
        ".gitmodules is not in the index of core-project",
        &["git rm --cached services/feature-a", FS_ADD],
    );
    // It is not mistaken for the straight-to-newest pin: there is no submodule declared at all.
    assert!(!mistake_ids(&r).contains(&"pinned-newest-first"));

    let recovered = play(
        FS,
        &format!(
            "{}\ngit rm --cached services/feature-a && rm -rf services/feature-a && git commit -m 'Drop embedded copy'
             {FS_ADD}
             git -C services/feature-a checkout v0.1.0 && git add services/feature-a && git commit -m pin
             git -C services/feature-a checkout main && git add services/feature-a && git commit -m bump",
            mistake_commands(FS, "embedded-repo")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn feature_submodule_bump_squashed_into_one_commit_with_the_pin_does_not_pass() {
    // Checking out v0.1.0 and back before the first commit leaves no v0.1.0 pin in history.
    let r = play(
        FS,
        &format!(
            "{FS_ADD}
             git -C services/feature-a checkout v0.1.0
             git -C services/feature-a checkout main
             git add services/feature-a && git commit -m 'Add feature-a'"
        ),
    );
    assert_eq!(failing(&r), ["pinned-v010"]);
}

// ---------------------------------------------------------------------------------------------
// release-rollback

const RR: &str = "release-rollback";

#[test]
fn release_rollback_as_built_is_unsolved_and_blames_nothing() {
    let r = play(RR, "true");
    assert_eq!(
        failing(&r),
        ["one-new-commit", "manifest-110", "only-manifest"]
    );
    assert!(r.mistakes.is_empty(), "{:?}", mistake_ids(&r));
}

#[test]
fn release_rollback_accepts_a_hand_edited_commit_as_well_as_a_revert() {
    let r = play(
        RR,
        "sed -i 's/backend-search:1.2.0/backend-search:1.1.0/' deploy/backend-search.yaml
         git commit -am 'Roll back backend-search to 1.1.0'",
    );
    assert_solved(&r);
}

#[test]
fn release_rollback_reset_hard_is_history_rewritten_and_orig_head_recovers() {
    let r = play(RR, &mistake_commands(RR, "history-rewritten"));
    assert_mistake(
        &r,
        "history-rewritten",
        &["history-kept", "one-new-commit", "only-manifest"],
        "v1.2.0 is no longer in the history of main: history was rewritten",
        &["git reset --hard ORIG_HEAD", "git revert --no-edit v1.2.0"],
    );
    // The manifest alone looks right, which is exactly why the history has to be checked.
    assert_eq!(objective(&r, "manifest-110").status, Status::Pass);

    let recovered = play(
        RR,
        &format!(
            "{}\ngit reset --hard ORIG_HEAD\ngit revert --no-edit v1.2.0",
            mistake_commands(RR, "history-rewritten")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn release_rollback_dropping_only_the_later_commit_is_history_rewritten_too() {
    let r = play(RR, "git reset --hard HEAD~1\ngit revert --no-edit v1.2.0");
    assert_eq!(
        failing(&r),
        ["history-kept", "one-new-commit", "only-manifest"]
    );
    assert!(
        objective(&r, "history-kept")
            .message
            .to_lowercase()
            .contains("main as it was at the start is no longer in the history of main")
    );
    assert!(mistake_ids(&r).contains(&"history-rewritten"));
}

#[test]
fn release_rollback_amending_the_later_commit_is_history_rewritten() {
    let r = play(
        RR,
        "sed -i 's/backend-search:1.2.0/backend-search:1.1.0/' deploy/backend-search.yaml
         git commit -a --amend --no-edit",
    );
    assert!(failing(&r).contains(&"history-kept"));
    assert!(mistake_ids(&r).contains(&"history-rewritten"));
}

#[test]
fn release_rollback_detached_checkout_of_the_tag_is_caught() {
    let r = play(RR, &mistake_commands(RR, "not-on-main"));
    assert_mistake(
        &r,
        "not-on-main",
        &[
            "one-new-commit",
            "manifest-110",
            "only-manifest",
            "committed",
        ],
        "0 commits ahead",
        &["git switch main", "git revert --no-edit v1.2.0"],
    );
    assert!(objective(&r, "committed").message.contains("detached"));
    // Committing from here would be wrong advice: the working-tree mistake must stay quiet.
    assert!(!mistake_ids(&r).contains(&"not-committed"));

    let recovered = play(
        RR,
        &format!(
            "{}\ngit switch main\ngit revert --no-edit v1.2.0",
            mistake_commands(RR, "not-on-main")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn release_rollback_reverting_the_unrelated_commit_is_caught() {
    let r = play(RR, &mistake_commands(RR, "reverted-wrong-commit"));
    assert_mistake(
        &r,
        "reverted-wrong-commit",
        &["manifest-110", "only-manifest"],
        "differs from what is expected",
        &["git reset --hard HEAD~1", "git revert --no-edit v1.2.0"],
    );
    assert!(
        objective(&r, "only-manifest")
            .message
            .contains("infra/monitoring/backend-search-alerts.yaml")
    );

    let recovered = play(
        RR,
        &format!(
            "{}\ngit reset --hard HEAD~1\ngit revert --no-edit v1.2.0",
            mistake_commands(RR, "reverted-wrong-commit")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn release_rollback_reverting_the_whole_range_is_caught() {
    let r = play(RR, &mistake_commands(RR, "reverted-too-much"));
    assert_mistake(
        &r,
        "reverted-too-much",
        &["one-new-commit"],
        "2 commits ahead",
        &["git reset --hard HEAD~N", "git revert --no-edit v1.2.0"],
    );

    // Squashed into one commit, the extra path gives it away instead.
    let squashed = play(
        RR,
        "git revert --no-commit v1.1.0..main\ngit commit -m 'Roll back to 1.1.0'",
    );
    assert_eq!(failing(&squashed), ["only-manifest"]);
    assert!(mistake_ids(&squashed).contains(&"reverted-too-much"));

    let recovered = play(
        RR,
        &format!(
            "{}\ngit reset --hard HEAD~2\ngit revert --no-edit v1.2.0",
            mistake_commands(RR, "reverted-too-much")
        ),
    );
    assert_solved(&recovered);
}

#[test]
fn release_rollback_restoring_the_whole_tree_from_the_tag_is_caught() {
    // `git restore --source` also deletes what v1.1.0 did not have: the alert rules.
    let r = play(
        RR,
        "git restore --source v1.1.0 .\ngit commit -am 'Roll back to 1.1.0'",
    );
    assert_eq!(failing(&r), ["only-manifest"]);
    assert!(mistake_ids(&r).contains(&"reverted-too-much"));
}

#[test]
fn release_rollback_uncommitted_edit_is_caught() {
    let r = play(RR, &mistake_commands(RR, "not-committed"));
    assert_mistake(
        &r,
        "not-committed",
        &[
            "one-new-commit",
            "manifest-110",
            "only-manifest",
            "committed",
        ],
        "0 commits ahead",
        &["git commit -am"],
    );
    assert!(
        objective(&r, "committed")
            .message
            .contains("uncommitted changes: deploy/backend-search.yaml")
    );

    let recovered = play(
        RR,
        &format!(
            "{}\ngit commit -am 'Roll back backend-search to 1.1.0'",
            mistake_commands(RR, "not-committed")
        ),
    );
    assert_solved(&recovered);
}

// ---------------------------------------------------------------------------------------------
// The track as a whole

#[test]
fn workflow_track_is_in_course_order_after_the_worktree_lessons() {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let ids: Vec<&str> = catalog.lessons.iter().map(|(_, l)| l.id()).collect();
    let at = |id: &str| {
        ids.iter()
            .position(|i| *i == id)
            .unwrap_or_else(|| panic!("{id} is not built in"))
    };
    assert!(at("orphaned-worktree") < at(PF));
    assert!(at(PF) < at(FS) && at(FS) < at(RR));
    assert_eq!(at(RR), ids.len() - 1, "release-rollback ends the course");
    for id in [PF, FS, RR] {
        let l = catalog.get(id).unwrap();
        assert_eq!(l.lesson.track.as_deref(), Some("workflow"));
        assert!(!l.lesson.quiz.is_empty(), "{id} has a quiz question");
        assert!(l.lesson.brief.contains("Predict first"), "{id}");
    }
}
