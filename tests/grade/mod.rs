//! Graded assessment: `git-kata grade` on every input (a sandbox, a solution script, an archive
//! from `git-kata submit`, a directory of submissions, quiz answers) with the lessons' real
//! solutions and real mistakes, and every format parsed back as its consumer reads it.

mod archives;
mod class;
mod formats;
mod inputs;
mod quiz;
mod submit;

use std::path::Path;
use std::process::Output;

use crate::support::{User, repo_root, stderr, stdout};
use git_kata::lesson::{Catalog, Loaded};
use serde_json::Value;

fn catalog() -> Catalog {
    Catalog::load(&[]).expect("the built-in lessons load")
}

fn first_repo(lesson: &Loaded) -> String {
    lesson.lesson.repos[0].name.value.clone()
}

/// Starts `lesson` at `dir` and plays `commands` in it with the real git CLI, as a learner.
fn play(user: &User, lesson: &Loaded, dir: &Path, commands: &str) {
    let o = user.kata(
        &["start", lesson.id(), "--dir", dir.to_str().unwrap()],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(0), "start: {}", stderr(&o));
    if !commands.trim().is_empty() {
        user.bash(commands, &dir.join(first_repo(lesson)));
    }
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(o), stderr(o)))
}

/// The only lesson result of a single-input report.
fn only(report: &Value) -> &Value {
    let learners = report["learners"].as_array().unwrap();
    assert_eq!(learners.len(), 1, "{report:#}");
    &learners[0]["results"][0]
}

fn status(v: &Value) -> &str {
    v["status"].as_str().unwrap()
}

fn mistakes(v: &Value) -> Vec<String> {
    v["mistakes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

/// The verdict of a lesson result without what names the submission.
fn verdict(v: &Value) -> Value {
    let mut v = v.clone();
    for k in ["learner", "submission", "output"] {
        v.as_object_mut().unwrap().remove(k);
    }
    v
}
