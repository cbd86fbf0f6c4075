//! Quiz answers, graded like objectives: one point per right answer, each lesson's quiz its own
//! result (`kind: quiz`), next to the learner's katas.
//!
//! The answers file is a small YAML mapping of lesson id to answers, either one per question in
//! order (a list, or a comma-separated string, of letters `B` or 1-based numbers `2`), or by
//! question id:
//!
//! ```yaml
//! stash-peek: [B]
//! mid-flight-hotfix: "B,A,C"
//! stash-stack: { order: A, drop-which: 3 }
//! ```
//!
//! Grading never reveals the right answer: the report may be read by the learner, and
//! `git-kata quiz --reveal` is the instructor's key.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::result::{Kind, LessonResult, TestResult, Verdict};
use crate::lesson::{Catalog, Question};

/// Answers files are a few lines; anything much larger is not one.
pub const MAX_ANSWERS_BYTES: usize = 64 * 1024;

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Answers {
    List(Vec<One>),
    ById(BTreeMap<String, One>),
    /// `"B,A,C"`, or a single answer.
    Single(One),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum One {
    Number(u64),
    Text(String),
}

impl One {
    fn shown(&self) -> String {
        match self {
            One::Number(n) => n.to_string(),
            One::Text(t) => t.trim().to_string(),
        }
    }

    /// The zero-based choice: `B` or `b` is 1, `2` is 1.
    fn pick(&self, choices: usize) -> Option<usize> {
        let pick = match self {
            One::Number(n) => (*n as usize).checked_sub(1)?,
            One::Text(t) => {
                let t = t.trim();
                match t.parse::<usize>() {
                    Ok(n) => n.checked_sub(1)?,
                    Err(_) => {
                        let mut chars = t.chars();
                        match (chars.next(), chars.next()) {
                            (Some(c), None) if c.is_ascii_alphabetic() => {
                                (c.to_ascii_uppercase() as u8 - b'A') as usize
                            }
                            _ => return None,
                        }
                    }
                }
            }
        };
        (pick < choices).then_some(pick)
    }
}

/// Grades every lesson named in the answers file, in course order.
pub fn grade(text: &str, catalog: &Catalog, learner: &str, submission: &str) -> Vec<LessonResult> {
    let base = |lesson: &str| LessonResult::new(learner, Kind::Quiz, lesson, submission);
    let error = |lesson: &str, message: String| {
        let mut r = base(lesson);
        r.status = Verdict::Error;
        r.message = Some(message);
        r.finish()
    };
    if text.len() > MAX_ANSWERS_BYTES {
        return vec![error(
            "answers",
            format!("The answers file is larger than {MAX_ANSWERS_BYTES} bytes"),
        )];
    }
    let parsed: BTreeMap<String, Answers> = match serde_saphyr::from_str(text) {
        Ok(p) => p,
        Err(e) => {
            let first = e.to_string();
            let first = first.lines().next().unwrap_or("");
            return vec![error(
                "answers",
                format!(
                    "The answers file cannot be read ({first}); it maps lesson ids to answers, e.g. `stash-peek: [B]`."
                ),
            )];
        }
    };
    let mut ordered: Vec<(Option<usize>, String, Answers)> = parsed
        .into_iter()
        .map(|(id, a)| {
            let at = catalog.lessons.iter().position(|(_, l)| l.id() == id);
            (at, id, a)
        })
        .collect();
    ordered.sort_by_key(|(at, id, _)| (at.is_none(), *at, id.clone()));

    let mut out = Vec::new();
    for (_, id, answers) in ordered {
        let Some(lesson) = catalog.get(&id) else {
            out.push(error(
                &id,
                format!("There is no lesson `{id}` in the catalog graded against."),
            ));
            continue;
        };
        let questions = &lesson.lesson.quiz;
        if questions.is_empty() {
            out.push(error(&id, format!("Lesson `{id}` has no quiz questions.")));
            continue;
        }
        let mut r = base(&id);
        r.lesson_version = Some(super::lesson_version(&lesson.text));
        let (given, extra) = by_question(answers, questions);
        r.tests = questions
            .iter()
            .zip(given)
            .map(|(q, a)| grade_question(q, a))
            .collect();
        if !extra.is_empty() {
            r.message = Some(format!(
                "Answers that match no question were ignored: {}.",
                extra.join(", ")
            ));
        }
        out.push(r.finish());
    }
    out
}

/// Lines the answers up with the questions; also returns the answers that fit none.
fn by_question(answers: Answers, questions: &[Question]) -> (Vec<Option<One>>, Vec<String>) {
    match answers {
        Answers::ById(map) => {
            let given = questions
                .iter()
                .map(|q| map.get(&q.id.value).cloned())
                .collect();
            let extra = map
                .keys()
                .filter(|k| !questions.iter().any(|q| &q.id.value == *k))
                .cloned()
                .collect();
            (given, extra)
        }
        Answers::List(list) => positional(list, questions.len()),
        Answers::Single(One::Text(text)) => positional(
            text.split(',')
                .map(|s| One::Text(s.trim().to_string()))
                .filter(|o| !o.shown().is_empty())
                .collect(),
            questions.len(),
        ),
        Answers::Single(one) => positional(vec![one], questions.len()),
    }
}

fn positional(list: Vec<One>, n: usize) -> (Vec<Option<One>>, Vec<String>) {
    let extra = list.iter().skip(n).map(One::shown).collect();
    let mut given: Vec<Option<One>> = list.into_iter().take(n).map(Some).collect();
    given.resize(n, None);
    (given, extra)
}

fn grade_question(q: &Question, answer: Option<One>) -> TestResult {
    let letter = |i: usize| (b'A' + i as u8) as char;
    let (status, message) = match answer {
        None => (Verdict::Fail, "Not answered.".to_string()),
        Some(a) => match a.pick(q.choices.len()) {
            None => (
                Verdict::Fail,
                format!(
                    "`{}` is not one of the choices A to {}.",
                    a.shown(),
                    letter(q.choices.len() - 1)
                ),
            ),
            Some(p) if p == q.answer.value => {
                (Verdict::Pass, format!("Answered {}: right.", letter(p)))
            }
            Some(p) => (Verdict::Fail, format!("Answered {}: not right.", letter(p))),
        },
    };
    TestResult {
        id: q.id.value.clone(),
        name: q.prompt.lines().next().unwrap_or("").trim().to_string(),
        status,
        message,
        score: u32::from(status == Verdict::Pass),
        max_score: 1,
        diff: None,
    }
}
