//! The stash track, lesson by lesson: each classic mistake fails the objective it should, is
//! recognised, and the recovery its message prescribes really gets the learner to a pass.
//! Scripts run with the real git CLI from the lesson's first repository, as a learner would.

use git_kata::check::{MistakeHit, ObjectiveResult, Report, Status};
use git_kata::lesson::Catalog;
use git_kata::script::Isolation;

struct Kata {
    catalog: Catalog,
    iso: Isolation,
}

impl Kata {
    fn new() -> Kata {
        Kata {
            catalog: Catalog::load(&[]).expect("the built-in lessons load"),
            iso: Isolation::new().expect("an isolated HOME"),
        }
    }

    /// Builds a fresh sandbox of `lesson`, runs `script` in it and checks the result.
    fn run(&self, lesson: &str, script: &str) -> Report {
        let loaded = self
            .catalog
            .get(lesson)
            .unwrap_or_else(|| panic!("no built-in lesson {lesson}"));
        git_kata::prove::run_script(loaded, &self.iso, script)
            .expect("the sandbox is built")
            .unwrap_or_else(|e| panic!("the script failed in {lesson}: {e}"))
    }
}

fn objective<'r>(report: &'r Report, id: &str) -> &'r ObjectiveResult {
    report
        .objectives
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no objective {id} in {report:#?}"))
}

fn mistake<'r>(report: &'r Report, id: &str) -> &'r MistakeHit {
    report
        .mistakes
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("mistake {id} not recognised in {report:#?}"))
}

fn mistake_ids(report: &Report) -> Vec<&str> {
    report.mistakes.iter().map(|m| m.id.as_str()).collect()
}

/// The objectives that did not pass, by id.
fn failing(report: &Report) -> Vec<&str> {
    report
        .objectives
        .iter()
        .filter(|o| o.status != Status::Pass)
        .map(|o| o.id.as_str())
        .collect()
}

fn assert_pass(report: &Report) {
    assert_eq!(
        report.status,
        Status::Pass,
        "expected a pass, failing: {:?}\n{report:#?}",
        failing(report)
    );
}

fn assert_contains(text: &str, needle: &str) {
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}

// ---------------------------------------------------------------- stash-message

const MESSAGE_SOLUTION: &str =
    r#"git stash push -m "Black Friday sizing: 6 replicas, HPA max 12, DB pool 40""#;

#[test]
fn stash_message_fresh_sandbox_fails_every_stash_objective() {
    let k = Kata::new();
    let r = k.run("stash-message", "true");
    assert_eq!(
        failing(&r),
        ["one-stash", "holds-change", "described", "clean"]
    );
    assert_contains(
        &objective(&r, "clean").message,
        "uncommitted changes: values.yaml",
    );
    assert!(r.mistakes.is_empty(), "{:?}", mistake_ids(&r));
}

#[test]
fn stash_message_bare_stash_is_the_amnesia_mistake() {
    let k = Kata::new();
    let r = k.run("stash-message", "git stash");
    assert_eq!(failing(&r), ["described"]);
    assert_contains(&objective(&r, "described").message, "WIP on main:");
    assert_eq!(mistake_ids(&r), ["bare-stash"]);
    let m = &mistake(&r, "bare-stash").message;
    assert_contains(m, "Three days");
    assert_contains(m, "`git stash pop`, then `git stash push -m");

    // The recovery the message gives ends in a pass.
    let r = k.run(
        "stash-message",
        &format!("git stash\ngit stash pop\n{MESSAGE_SOLUTION}"),
    );
    assert_pass(&r);
}

#[test]
fn stash_message_default_name_typed_by_hand_does_not_count() {
    let k = Kata::new();
    let r = k.run(
        "stash-message",
        r#"git stash push -m "WIP on main: 28e3545 Payments API chart 0.7.2""#,
    );
    assert_eq!(failing(&r), ["described"]);
    assert_eq!(mistake_ids(&r), ["bare-stash"]);
}

#[test]
fn stash_message_one_or_two_words_are_too_vague() {
    let k = Kata::new();
    for label in ["wip", "db pool"] {
        let r = k.run("stash-message", &format!("git stash push -m \"{label}\""));
        assert_eq!(failing(&r), ["described"], "label {label:?}");
        assert_contains(
            &objective(&r, "described").message,
            &format!("is called \"{label}\""),
        );
        assert_eq!(mistake_ids(&r), ["vague-message"], "label {label:?}");
        assert_contains(&mistake(&r, "vague-message").message, "git stash pop");
    }
    // Three words of the learner's own are enough, staged or not.
    let r = k.run(
        "stash-message",
        "git add values.yaml\ngit stash push -m \"bigger DB pool\"",
    );
    assert_pass(&r);
}

#[test]
fn stash_message_discarding_the_edit_is_recognised() {
    let k = Kata::new();
    for discard in ["git restore values.yaml", "git checkout -- values.yaml"] {
        let r = k.run("stash-message", discard);
        assert_eq!(
            failing(&r),
            ["one-stash", "holds-change", "described"],
            "{discard}"
        );
        assert_eq!(mistake_ids(&r), ["discarded"], "{discard}");
        assert_contains(&mistake(&r, "discarded").message, "git-kata reset");
    }
}

#[test]
fn stash_message_wip_commit_is_recognised_and_undone() {
    let k = Kata::new();
    let r = k.run("stash-message", "git commit -am WIP");
    assert_eq!(failing(&r), ["one-stash", "holds-change", "described"]);
    assert_eq!(mistake_ids(&r), ["committed"]);
    assert_contains(
        &mistake(&r, "committed").message,
        "git reset --soft HEAD~1 && git restore --staged values.yaml",
    );
    let r = k.run(
        "stash-message",
        &format!(
            "git commit -am WIP\ngit reset --soft HEAD~1 && git restore --staged values.yaml\n{MESSAGE_SOLUTION}"
        ),
    );
    assert_pass(&r);
}

// ---------------------------------------------------------------- stash-stack

#[test]
fn stash_stack_apply_keeps_all_three_entries() {
    let k = Kata::new();
    let r = k.run("stash-stack", "true");
    assert_eq!(failing(&r), ["database-applied"]);
    // As built the file was never uncommitted, so nothing may say it should "still" be.
    let message = &objective(&r, "database-applied").message;
    assert_contains(
        message,
        "is clean; postgres-config.yaml should be uncommitted",
    );
    assert!(!message.contains("still"), "{message}");
    let r = k.run("stash-stack", "git stash apply stash@{1}");
    assert_pass(&r);
    assert_contains(
        &objective(&r, "stack-intact").message,
        "still holds its 3 entries in their original order",
    );
}

#[test]
fn stash_stack_pop_and_apply_then_drop_lose_the_entry() {
    let k = Kata::new();
    for script in [
        "git stash pop stash@{1}",
        "git stash apply stash@{1}\ngit stash drop stash@{1}",
    ] {
        let r = k.run("stash-stack", script);
        assert_eq!(failing(&r), ["stack-intact"], "{script}");
        assert_contains(
            &objective(&r, "stack-intact").message,
            "stash@{1} from the start is no longer on the stash stack",
        );
        assert_eq!(mistake_ids(&r), ["popped"], "{script}");
        let m = mistake(&r, "popped")
            .recovery
            .as_deref()
            .unwrap_or_default();
        assert_contains(m, "git-kata reset");
        assert_contains(m, "git stash apply stash@{1}");
    }
}

#[test]
fn stash_stack_wrong_entry_is_recognised_and_recoverable() {
    let k = Kata::new();
    for (script, file) in [
        ("git stash apply", "logging.yaml"),
        ("git stash apply stash@{2}", "ingress.yaml"),
    ] {
        let r = k.run("stash-stack", script);
        assert_eq!(failing(&r), ["database-applied"], "{script}");
        assert_contains(&objective(&r, "database-applied").message, file);
        assert_eq!(mistake_ids(&r), ["wrong-entry"], "{script}");
        // The message says why at once; the commands wait for `hint`, which counts them.
        let hit = mistake(&r, "wrong-entry");
        assert!(!hit.message.contains("git restore"), "{}", hit.message);
        let m = hit.recovery.as_deref().expect("a recovery given on hint");
        assert_contains(m, "git restore logging.yaml ingress.yaml");
        assert_contains(m, "git stash show -p stash@{1}");
        // Following the recovery from there passes.
        let r = k.run(
            "stash-stack",
            &format!(
                "{script}\ngit restore logging.yaml ingress.yaml\ngit stash apply stash@{{1}}"
            ),
        );
        assert_pass(&r);
    }
    // Applying the right entry on top of a wrong one is still wrong.
    let r = k.run("stash-stack", "git stash apply\ngit stash apply stash@{1}");
    assert_eq!(failing(&r), ["database-applied"]);
    assert_eq!(mistake_ids(&r), ["wrong-entry"]);
}

#[test]
fn stash_stack_clear_and_commit_are_caught() {
    let k = Kata::new();
    let r = k.run("stash-stack", "git stash clear");
    assert_eq!(failing(&r), ["database-applied", "stack-intact"]);
    assert_eq!(mistake_ids(&r), ["stack-cleared"]);

    let r = k.run(
        "stash-stack",
        "git stash apply stash@{1}\ngit commit -am \"DB settings\"",
    );
    assert_eq!(failing(&r), ["database-applied", "main-unchanged"]);
    // (The checker capitalises the sentence's first word, branch name or not.)
    assert_contains(
        &objective(&r, "main-unchanged").message.to_lowercase(),
        "main has 1 new commit since the start",
    );
}

// ---------------------------------------------------------------- stash-branch

const ESCAPE: &str = "git stash branch recovered-auth-work stash@{0}";

#[test]
fn stash_branch_escape_hatch_passes_committed_or_not() {
    let k = Kata::new();
    assert_pass(&k.run("stash-branch", ESCAPE));
    let r = k.run(
        "stash-branch",
        &format!("{ESCAPE}\ngit commit -am \"Token lifetimes\""),
    );
    assert_pass(&r);
    assert_contains(
        &objective(&r, "branch-at-stash-base").message,
        "recovered-auth-work starts at 42ad12b",
    );
    assert_contains(
        &objective(&r, "branch-at-stash-base").message,
        "\"Add JWT settings and their config type\"",
    );
    // Building the same thing by hand is the same state.
    assert_pass(&k.run(
        "stash-branch",
        "git switch -c recovered-auth-work feature-auth~1\ngit stash pop",
    ));
}

#[test]
fn stash_branch_fresh_sandbox_says_what_is_missing() {
    let k = Kata::new();
    let r = k.run("stash-branch", "true");
    assert_eq!(
        failing(&r),
        ["branch-at-stash-base", "work-carried", "stash-gone"]
    );
    for id in ["branch-at-stash-base", "work-carried"] {
        assert_eq!(
            objective(&r, id).message,
            "There is no branch recovered-auth-work."
        );
    }
}

#[test]
fn stash_branch_conflicted_pop_or_apply_is_checkable_and_recognised() {
    let k = Kata::new();
    for op in ["pop", "apply"] {
        let r = k.run("stash-branch", &format!("git stash {op} || true"));
        // A conflicted stash leaves no MERGE_HEAD: a wrong answer, not an unreadable state.
        assert_eq!(r.status, Status::Fail, "git stash {op}: {r:#?}");
        assert!(
            r.objectives.iter().all(|o| o.status != Status::Error),
            "{r:#?}"
        );
        // A conflicted pop does not drop the entry.
        assert_eq!(
            objective(&r, "stash-gone").message,
            "Nothing to judge yet: bring the stashed work out onto recovered-auth-work first."
        );
        assert_eq!(mistake_ids(&r), ["stuck-in-conflict"], "git stash {op}");
        let m = &mistake(&r, "stuck-in-conflict").message;
        assert_contains(m, "git reset --merge");
        assert_contains(m, "the stash is still on the stack");
        assert_contains(m, ESCAPE);
    }
}

#[test]
fn stash_branch_both_ways_out_of_a_conflict_work() {
    let k = Kata::new();
    for way_out in [
        "git reset --merge",
        "git restore --staged --worktree config/auth.yaml internal/auth/jwt.go",
    ] {
        let r = k.run(
            "stash-branch",
            &format!("git stash pop || true\n{way_out}\n{ESCAPE}"),
        );
        assert_pass(&r);
    }
}

#[test]
fn stash_branch_from_the_moved_on_tip_is_recognised() {
    let k = Kata::new();
    let r = k.run(
        "stash-branch",
        "git switch -c recovered-auth-work\ngit stash apply || true",
    );
    let base = &objective(&r, "branch-at-stash-base").message;
    assert_contains(
        base,
        "holds 6a5a39a \"Group token lifetimes under jwt.tokens\", which existed before you began",
    );
    assert_contains(
        base,
        "does not start at 42ad12b \"Add JWT settings and their config type\"",
    );
    // One mistake, not two contradicting pieces of advice.
    assert_eq!(mistake_ids(&r), ["branched-from-tip"]);
    let m = &mistake(&r, "branched-from-tip").message;
    assert_contains(m, "git branch -D recovered-auth-work");
    assert_contains(m, ESCAPE);
    let r = k.run(
        "stash-branch",
        &format!(
            "git switch -c recovered-auth-work\ngit stash apply || true\ngit reset --merge\ngit switch feature-auth\ngit branch -D recovered-auth-work\n{ESCAPE}"
        ),
    );
    assert_pass(&r);
}

#[test]
fn stash_branch_conflicts_settled_on_feature_auth_are_recognised() {
    let k = Kata::new();
    let settle = "git stash pop || true\ngit checkout --theirs config/auth.yaml internal/auth/jwt.go\ngit add config/auth.yaml internal/auth/jwt.go";
    // Settled but not committed.
    let r = k.run("stash-branch", settle);
    assert_eq!(mistake_ids(&r), ["resolved-on-feature"]);
    // Settled and committed: feature-auth itself is now wrong.
    let commit = "git commit -m \"Token lifetimes\"";
    let r = k.run("stash-branch", &format!("{settle}\n{commit}"));
    assert!(failing(&r).contains(&"feature-untouched"), "{r:#?}");
    assert_eq!(
        objective(&r, "feature-untouched").message,
        "feature-auth has 1 new commit since the start."
    );
    assert_eq!(mistake_ids(&r), ["resolved-on-feature"]);
    assert_contains(
        &mistake(&r, "resolved-on-feature").message,
        "`git reset --hard HEAD~1` if you committed it",
    );
    let r = k.run(
        "stash-branch",
        &format!("{settle}\n{commit}\ngit reset --hard HEAD~1\n{ESCAPE}"),
    );
    assert_pass(&r);
}

// ---------------------------------------------------------------- stash-all

const ALL: &str = r#"git stash push -a -m "Manager tuning, backup sample and local build""#;

#[test]
fn stash_all_needs_dash_a() {
    let k = Kata::new();
    let r = k.run("stash-all", ALL);
    assert_pass(&r);
    let r = k.run("stash-all", "true");
    assert_eq!(
        failing(&r),
        [
            "single-stash",
            "manifest-stashed",
            "everything-stashed",
            "sanitised"
        ]
    );
}

#[test]
fn stash_all_dash_u_leaves_the_binary_behind() {
    let k = Kata::new();
    let r = k.run("stash-all", "git stash push -u -m \"Manager tuning\"");
    assert_eq!(failing(&r), ["everything-stashed", "sanitised"]);
    assert_contains(
        &objective(&r, "everything-stashed").message,
        "does not hold bin/manager:",
    );
    assert_contains(&objective(&r, "sanitised").message, "bin/manager");
    assert_eq!(mistake_ids(&r), ["include-untracked-only"]);
    assert_contains(
        &mistake(&r, "include-untracked-only").message,
        "git stash push -a -m",
    );
    let r = k.run(
        "stash-all",
        &format!("git stash push -u -m \"Manager tuning\"\ngit stash pop\n{ALL}"),
    );
    assert_pass(&r);
}

#[test]
fn stash_all_bare_stash_leaves_new_and_ignored_files() {
    let k = Kata::new();
    let r = k.run("stash-all", "git stash");
    assert_eq!(failing(&r), ["everything-stashed", "sanitised"]);
    assert_contains(
        &objective(&r, "everything-stashed").message,
        "does not hold bin/manager and config/samples/db_v1alpha1_backup.yaml",
    );
    assert_eq!(mistake_ids(&r), ["bare-stash"]);
    let r = k.run("stash-all", &format!("git stash\ngit stash pop\n{ALL}"));
    assert_pass(&r);
}

#[test]
fn stash_all_split_over_two_stashes_is_recognised_and_mergeable() {
    let k = Kata::new();
    let split = "git stash push -u -m \"Manager tuning\"\ngit stash push -a -m \"Local build\"";
    let r = k.run("stash-all", split);
    assert_eq!(
        failing(&r),
        ["single-stash", "manifest-stashed", "everything-stashed"]
    );
    assert_eq!(mistake_ids(&r), ["split-stash"]);
    let r = k.run(
        "stash-all",
        &format!("{split}\ngit stash pop\ngit stash pop\n{ALL}"),
    );
    assert_pass(&r);
}

#[test]
fn stash_all_deleting_instead_of_stashing_is_caught() {
    let k = Kata::new();
    for script in [
        "git stash push -u -m \"Manager tuning\"\ngit clean -fdX",
        "rm -rf bin\ngit stash push -u -m \"Manager tuning\"",
    ] {
        let r = k.run("stash-all", script);
        assert_eq!(failing(&r), ["everything-stashed"], "{script}");
        assert_eq!(mistake_ids(&r), ["deleted-not-stashed"], "{script}");
        assert_contains(
            &mistake(&r, "deleted-not-stashed").message,
            "git-kata reset",
        );
    }
}

#[test]
fn stash_all_adding_files_first_is_not_the_flag() {
    let k = Kata::new();
    // Forcing the files into the index makes a plain stash take them, as tracked changes.
    let r = k.run(
        "stash-all",
        "git add -A\ngit add -f bin/manager\ngit stash push -m \"Everything\"",
    );
    // The stash holds all three, but the ignored binary was forced in, not taken by -a.
    assert_eq!(failing(&r), ["everything-stashed"]);
    assert_contains(
        &objective(&r, "everything-stashed").message,
        "stash@{0} has no untracked-files part",
    );
}

// ---------------------------------------------------------------- quizzes

#[test]
fn stash_track_quizzes_are_in_place() {
    let catalog = Catalog::load(&[]).unwrap();
    for (lesson, question, answer_has) in [
        ("stash-message", "stash-amnesia", "git stash push -m"),
        ("stash-untracked", "untracked-left-behind", "already tracks"),
        (
            "stash-stack",
            "stash-show-patch",
            "git stash show -p stash@{1}",
        ),
        ("stash-branch", "stash-branch-escape", "git stash branch"),
        ("stash-all", "all-vs-untracked", "-a"),
    ] {
        let l = &catalog.get(lesson).unwrap().lesson;
        let q = l
            .quiz
            .iter()
            .find(|q| q.id.value == question)
            .unwrap_or_else(|| panic!("{lesson} has no question {question}"));
        assert!(
            (3..=4).contains(&q.choices.len()),
            "{lesson}/{question}: {} choices",
            q.choices.len()
        );
        assert_contains(&q.choices[q.answer.value], answer_has);
    }
}
