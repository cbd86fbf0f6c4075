//! What the board shows, computed from the database alone: the grid of learners × lessons, who
//! is stuck, each objective's pass rate, the mistakes in the room now, and the class export in
//! `grade`'s own CSV and report.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::db::{Learner, Stored};
use crate::grade::result::{GradeReport, Kind, LessonResult, TestResult};
use crate::workshop::{Event, Verdict};

/// A lesson the server knows from its catalog: titles and points for the board and export.
#[derive(Debug, Clone, Serialize)]
pub struct LessonInfo {
    pub id: String,
    pub title: String,
    pub objectives: Vec<ObjectiveInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveInfo {
    pub id: String,
    pub title: String,
    pub points: u32,
}

#[derive(Debug, Serialize)]
pub struct Board {
    /// The newest event's id: a client knows the board includes everything up to it.
    pub last_event: i64,
    pub events: usize,
    pub now: i64,
    pub stuck_minutes: u64,
    pub announced: Option<String>,
    /// Every lesson the server knows, for the instructor's choice.
    pub catalog: Vec<Choice>,
    pub lessons: Vec<LessonColumn>,
    pub learners: Vec<Row>,
    pub stuck: Vec<Stuck>,
    pub mistakes: Vec<MistakeCount>,
}

#[derive(Debug, Serialize)]
pub struct Choice {
    pub id: String,
    pub title: String,
    pub chosen: bool,
}

#[derive(Debug, Serialize)]
pub struct LessonColumn {
    pub id: String,
    pub title: String,
    pub objectives: Vec<ObjectiveColumn>,
    /// Learners who have checked this lesson, and those whose last check passed it.
    pub attempted: usize,
    pub passed: usize,
}

#[derive(Debug, Serialize)]
pub struct ObjectiveColumn {
    pub id: String,
    pub title: String,
    pub passed: usize,
    pub attempted: usize,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub id: i64,
    pub name: String,
    pub left: bool,
    pub last_at: Option<i64>,
    /// Per lesson id, the learner's last check of it.
    pub cells: BTreeMap<String, Cell>,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    pub status: Verdict,
    pub objectives: BTreeMap<String, Verdict>,
    pub mistakes: Vec<String>,
    pub hints: u32,
    pub at: i64,
    pub checks: usize,
}

#[derive(Debug, Serialize)]
pub struct Stuck {
    pub learner: i64,
    pub name: String,
    pub lesson: String,
    pub objective: String,
    pub since: i64,
    pub minutes: i64,
}

#[derive(Debug, Serialize)]
pub struct MistakeCount {
    pub id: String,
    pub lesson: String,
    /// Learners whose last check of the lesson shows it.
    pub learners: usize,
    pub names: Vec<String>,
}

pub struct Inputs<'a> {
    pub catalog: &'a [LessonInfo],
    pub chosen: &'a [String],
    pub announced: Option<String>,
    pub learners: &'a [Learner],
    pub events: &'a [Stored],
    pub now: i64,
    pub stuck_minutes: u64,
    pub last_event: i64,
}

fn first_unmet(e: &Event) -> Option<&str> {
    (e.status != Verdict::Pass)
        .then(|| {
            e.objectives
                .iter()
                .find(|o| o.status != Verdict::Pass)
                .map(|o| o.id.as_str())
        })
        .flatten()
}

pub fn compute(i: Inputs) -> Board {
    let mut by_learner: HashMap<i64, Vec<&Stored>> = HashMap::new();
    for s in i.events {
        by_learner.entry(s.learner).or_default().push(s);
    }
    let mut rows = Vec::new();
    let mut stuck = Vec::new();
    let mut mistakes: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for l in i.learners {
        let evs = by_learner.get(&l.id).map(Vec::as_slice).unwrap_or(&[]);
        let mut cells: BTreeMap<String, Cell> = BTreeMap::new();
        for s in evs {
            let e = &s.event;
            let checks = cells.get(&e.lesson).map_or(0, |c| c.checks) + 1;
            cells.insert(
                e.lesson.clone(),
                Cell {
                    status: e.status,
                    objectives: e
                        .objectives
                        .iter()
                        .map(|o| (o.id.clone(), o.status))
                        .collect(),
                    mistakes: e.mistakes.clone(),
                    hints: e.hints,
                    at: e.at,
                    checks,
                },
            );
        }
        for (lesson, cell) in &cells {
            for m in &cell.mistakes {
                mistakes
                    .entry((m.clone(), lesson.clone()))
                    .or_default()
                    .push(l.name.clone());
            }
        }
        // Stuck: the last check fails on an objective, and every check before it back to
        // `since` failed first on that same objective of that same lesson.
        if let Some(last) = evs.last().filter(|_| l.left.is_none())
            && let Some(objective) = first_unmet(&last.event)
        {
            let since = evs
                .iter()
                .rev()
                .take_while(|s| {
                    s.event.lesson == last.event.lesson && first_unmet(&s.event) == Some(objective)
                })
                .last()
                .map_or(last.event.at, |s| s.event.at);
            let minutes = (i.now - since).max(0) / 60_000;
            if minutes >= i.stuck_minutes as i64 {
                stuck.push(Stuck {
                    learner: l.id,
                    name: l.name.clone(),
                    lesson: last.event.lesson.clone(),
                    objective: objective.to_string(),
                    since,
                    minutes,
                });
            }
        }
        rows.push(Row {
            id: l.id,
            name: l.name.clone(),
            left: l.left.is_some(),
            last_at: evs.iter().map(|s| s.event.at).max(),
            cells,
        });
    }
    stuck.sort_by_key(|s| s.since);
    let lessons = i
        .chosen
        .iter()
        .map(|id| column(id, i.catalog.iter().find(|l| &l.id == id), &rows))
        .collect();
    let mut mistakes: Vec<MistakeCount> = mistakes
        .into_iter()
        .map(|((id, lesson), names)| MistakeCount {
            id,
            lesson,
            learners: names.len(),
            names,
        })
        .collect();
    mistakes.sort_by(|a, b| b.learners.cmp(&a.learners).then(a.id.cmp(&b.id)));
    Board {
        last_event: i.last_event,
        events: i.events.len(),
        now: i.now,
        stuck_minutes: i.stuck_minutes,
        announced: i.announced,
        catalog: i
            .catalog
            .iter()
            .map(|l| Choice {
                id: l.id.clone(),
                title: l.title.clone(),
                chosen: i.chosen.contains(&l.id),
            })
            .collect(),
        lessons,
        learners: rows,
        stuck,
        mistakes,
    }
}

/// A lesson's column: its objectives from the catalog, or as the learners' checks name them
/// for a lesson the server does not know.
fn column(id: &str, info: Option<&LessonInfo>, rows: &[Row]) -> LessonColumn {
    let cells: Vec<&Cell> = rows.iter().filter_map(|r| r.cells.get(id)).collect();
    let mut ids: Vec<(String, String)> = info
        .map(|l| {
            l.objectives
                .iter()
                .map(|o| (o.id.clone(), o.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    for c in &cells {
        for o in c.objectives.keys() {
            if !ids.iter().any(|(x, _)| x == o) {
                ids.push((o.clone(), o.clone()));
            }
        }
    }
    LessonColumn {
        id: id.to_string(),
        title: info.map_or_else(|| id.to_string(), |l| l.title.clone()),
        objectives: ids
            .into_iter()
            .map(|(oid, title)| ObjectiveColumn {
                passed: cells
                    .iter()
                    .filter(|c| c.objectives.get(&oid) == Some(&Verdict::Pass))
                    .count(),
                attempted: cells.len(),
                id: oid,
                title,
            })
            .collect(),
        attempted: cells.len(),
        passed: cells.iter().filter(|c| c.status == Verdict::Pass).count(),
    }
}

/// The session as `grade` reports a class: per learner and lesson, the last check.
pub fn grade_report(
    catalog: &[LessonInfo],
    learners: &[Learner],
    events: &[Stored],
) -> GradeReport {
    let mut last: BTreeMap<(i64, String), &Event> = BTreeMap::new();
    for s in events {
        last.insert((s.learner, s.event.lesson.clone()), &s.event);
    }
    let names: HashMap<i64, &str> = learners.iter().map(|l| (l.id, l.name.as_str())).collect();
    let results = last
        .into_iter()
        .filter_map(|((learner, lesson), e)| {
            let name = names.get(&learner)?;
            let info = catalog.iter().find(|l| l.id == lesson);
            let mut r = LessonResult::new(name, Kind::Kata, &lesson, "workshop");
            r.tests = e
                .objectives
                .iter()
                .map(|o| {
                    let known = info.and_then(|l| l.objectives.iter().find(|x| x.id == o.id));
                    let max = known.map_or(1, |k| k.points);
                    let status = o.status;
                    TestResult {
                        id: o.id.clone(),
                        name: known.map_or_else(|| o.id.clone(), |k| k.title.clone()),
                        status,
                        message: String::new(),
                        score: if status == Verdict::Pass { max } else { 0 },
                        max_score: max,
                        diff: None,
                    }
                })
                .collect();
            Some(r.finish())
        })
        .collect();
    GradeReport::new(results)
}
