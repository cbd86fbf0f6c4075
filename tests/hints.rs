//! Hints that count, played: a recognised mistake says why at once and keeps its commands for
//! `hint`; every hint and way back is counted once, in `list` and in `grade`'s results; and
//! after a dropped stash `hint` gives the way back, not an objective's hint that now fails.

use crate::common::*;

fn grade_hints(env: &Env, dir: &std::path::Path) -> serde_json::Value {
    let out = env.kata(&["grade", "--dir", path_str(dir), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("grade printed no JSON ({e}):\n{}", describe(&out)));
    json["learners"][0]["results"][0]["hints_used"].clone()
}

/// The lesson's entry in `list`: its line and the notes line under it.
fn list_line(env: &Env, id: &str) -> String {
    let list = stdout(&env.kata(&["list"]));
    let lines: Vec<&str> = list.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(id))
        .unwrap_or_else(|| panic!("{id} not in:\n{list}"));
    lines[at..(at + 2).min(lines.len())].join("\n")
}

#[test]
fn a_dropped_stash_gets_its_why_at_once_and_its_way_back_on_hint_counted_once() {
    let env = Env::new(Flavour::Normal);
    let dir = env.played("stash-stack", "stack", "git stash pop stash@{1}");
    let repo = dir.join("fleet-config");

    // check: the mistake and why it matters, but not the commands of the way back.
    let check = env.kata_in(&repo, &["check"]);
    assert_eq!(code(&check), 1, "{}", describe(&check));
    let text = stdout(&check);
    assert!(text.contains("Recognised mistake (popped)"), "{text}");
    assert!(text.contains("no copy left to retry from"), "{text}");
    assert!(!text.contains("git-kata reset`, then"), "{text}");
    assert!(
        text.contains("`git-kata hint` (counts as a hint)"),
        "{text}"
    );
    assert!(!list_line(&env, "stash-stack").contains("hint"));
    assert_eq!(grade_hints(&env, &dir), serde_json::Value::Null);

    // hint follows the state: the way back, not "git stash list should look as at the start"
    // or an objective's `git stash apply stash@{1}`, which now applies the wrong entry.
    let hint = stdout(&env.kata_in(&repo, &["hint"]));
    assert!(
        hint.contains("The way back from the mistake (popped)"),
        "{hint}"
    );
    assert!(
        hint.contains("`git-kata reset`, then `git stash apply stash@{1}`"),
        "{hint}"
    );
    assert!(!hint.contains("Hint 1 of"), "{hint}");
    assert!(list_line(&env, "stash-stack").contains("1 hint used"));
    // Asking again shows it again, but it was counted once.
    let again = stdout(&env.kata_in(&repo, &["hint"]));
    assert_eq!(again, hint);
    assert!(list_line(&env, "stash-stack").contains("1 hint used"));
    assert_eq!(grade_hints(&env, &dir), 1);

    // The way back, followed, passes; the record of help survives the reset.
    let reset = env.kata_in(&repo, &["reset", "--yes"]);
    assert_eq!(code(&reset), 0, "{}", describe(&reset));
    env.bash_ok("git stash apply stash@{1}", &repo);
    let check = env.kata_in(&repo, &["check"]);
    assert_eq!(code(&check), 0, "{}", describe(&check));
    assert_eq!(grade_hints(&env, &dir), 1);
    let text = stdout(&env.kata(&["grade", "--dir", path_str(&dir)]));
    assert!(
        text.contains("1 hint used (as the sandbox recorded)"),
        "{text}"
    );
}

#[test]
fn objective_hints_are_counted_in_list_and_grade() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-stack", "stack");
    let repo = dir.join("fleet-config");
    for n in 1..=3 {
        let hint = stdout(&env.kata_in(&repo, &["hint"]));
        assert!(hint.contains(&format!("Hint {n} of 3")), "{hint}");
    }
    // The last hint again is not new help.
    let hint = stdout(&env.kata_in(&repo, &["hint"]));
    assert!(hint.contains("Hint 3 of 3"), "{hint}");
    assert!(list_line(&env, "stash-stack").contains("3 hints used"));
    assert_eq!(grade_hints(&env, &dir), 3);
}

#[test]
fn a_mistake_whose_message_is_its_whole_advice_counts_as_a_hint_when_shown() {
    let env = Env::new(Flavour::Normal);
    let lesson = lesson("stash-message");
    let m = lesson
        .lesson
        .mistakes
        .iter()
        .find(|m| m.id.value == "bare-stash")
        .unwrap();
    // This one still gives its commands in the message, so showing it is help given.
    assert!(m.recovery.is_none());
    let dir = env.played("stash-message", "msg", "git stash");
    let repo = dir.join(first_repo(&lesson));
    let text = stdout(&env.kata_in(&repo, &["check"]));
    assert!(text.contains("Recognised mistake (bare-stash)"), "{text}");
    assert!(text.contains("This advice counts as a hint."), "{text}");
    // check --json is for scripts: it counts nothing.
    env.check_json(&dir);
    env.kata_in(&repo, &["check"]);
    assert!(list_line(&env, "stash-message").contains("1 hint used"));
    assert_eq!(grade_hints(&env, &dir), 1);
}
