//! What a learner reads, pinned as snapshots: a change of wording or layout shows up in review.
//! Temporary paths become `[TMP]`, commit ids `[SHA]`/`[SHORT]`.

use std::process::Output;

use crate::common::*;

/// Exit code, stdout and stderr as one text with this environment's paths and any commit id
/// redacted.
fn shown(env: &Env, out: &Output) -> String {
    let mut text = format!("exit: {}\n", code(out));
    if !out.stdout.is_empty() {
        text.push_str(&format!("--- stdout\n{}", stdout(out)));
    }
    if !out.stderr.is_empty() {
        text.push_str(&format!("--- stderr\n{}", stderr(out)));
    }
    env.redact(&text)
}

macro_rules! snapshot {
    ($name:expr, $text:expr) => {
        insta::with_settings!({
            filters => vec![
                (r"\b[0-9a-f]{40}\b", "[SHA]"),
                (r"\b[0-9a-f]{7}\b", "[SHORT]"),
            ],
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!($name, $text);
        });
    };
}

#[test]
fn start_shows_the_brief_and_where_to_go() {
    let env = Env::new(Flavour::Normal);
    let out = env.kata(&["start", "mid-flight-hotfix", "--dir", "mid-flight-hotfix"]);
    snapshot!("start_mid_flight_hotfix", shown(&env, &out));
}

#[test]
fn check_as_built() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-untracked", "stash-untracked");
    let out = env.kata_in(&dir.join("stash-practice"), &["check"]);
    snapshot!("check_stash_untracked_as_built", shown(&env, &out));
}

#[test]
fn check_failing_with_a_diff() {
    let env = Env::new(Flavour::Normal);
    let dir = env.played(
        "mid-flight-hotfix",
        "mid-flight-hotfix",
        &mistake_commands("mid-flight-hotfix", "feature-leaked"),
    );
    let out = env.kata_in(&dir, &["check"]);
    snapshot!("check_mid_flight_hotfix_feature_leaked", shown(&env, &out));
}

#[test]
fn check_failing_with_a_recognised_mistake() {
    let env = Env::new(Flavour::Normal);
    let dir = env.played(
        "stash-untracked",
        "stash-untracked",
        &mistake_commands("stash-untracked", "forgot-untracked"),
    );
    let out = env.kata_in(&dir, &["check"]);
    snapshot!("check_stash_untracked_forgot_untracked", shown(&env, &out));
}

#[test]
fn check_failing_after_rm_rf_of_a_worktree() {
    let env = Env::new(Flavour::Normal);
    let dir = env.played(
        "mid-flight-hotfix",
        "mid-flight-hotfix",
        &mistake_commands("mid-flight-hotfix", "rm-rf-worktree"),
    );
    let out = env.kata_in(&dir, &["check"]);
    snapshot!("check_mid_flight_hotfix_rm_rf_worktree", shown(&env, &out));
}

#[test]
fn check_passing() {
    let env = Env::new(Flavour::Normal);
    let dir = env.played(
        "stash-untracked",
        "stash-untracked",
        &lesson("stash-untracked").lesson.solution,
    );
    let out = env.kata_in(&dir, &["check"]);
    snapshot!("check_stash_untracked_solved", shown(&env, &out));
}

#[test]
fn check_of_an_unreadable_repository() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-untracked", "stash-untracked");
    std::fs::write(dir.join("stash-practice/.git/index.lock"), "").unwrap();
    let out = env.kata_in(&dir, &["check"]);
    snapshot!("check_stash_untracked_index_lock", shown(&env, &out));
}

#[test]
fn hints_in_turn() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("mid-flight-hotfix", "mid-flight-hotfix");
    let mut text = String::new();
    for _ in 0..4 {
        text.push_str(&shown(&env, &env.kata_in(&dir, &["hint"])));
    }
    snapshot!("hint_mid_flight_hotfix", text);
}

#[test]
fn list() {
    let env = Env::new(Flavour::Normal);
    snapshot!("list", shown(&env, &env.kata(&["list"])));
}

#[test]
fn errors_of_a_bad_lesson_and_of_a_wrong_place() {
    let env = Env::new(Flavour::Normal);
    let pack = env.root.join("pack");
    std::fs::create_dir_all(&pack).unwrap();
    let lesson = lesson("stash-untracked").text.replacen(
        "track: stash\n",
        "track: stash\ncolour: blue\n",
        1,
    );
    std::fs::write(pack.join("stash-untracked.yaml"), lesson).unwrap();
    let mut text = shown(
        &env,
        &env.kata(&["--lessons", path_str(&pack), "start", "stash-untracked"]),
    );
    text.push_str(&shown(&env, &env.kata(&["check"])));
    text.push_str(&shown(&env, &env.kata(&["start", "stash-everything"])));
    snapshot!("errors", text);
}
