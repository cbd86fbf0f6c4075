//! The screen `git-kata watch` keeps redrawing: the checklist (objectives turning green), a hint
//! when asked for, the picture of the sandbox, and a footer with the keys. Pure: lines in, lines
//! out, each at most as wide as the terminal.

use super::checklist::Layout;
use super::status::{self, fit, wrap};
use super::style::Paint;
use crate::check::overview::Overview;
use crate::check::{Report, Status};

/// The lesson after this one in course order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Its id and title.
    Lesson(String, String),
    EndOfCourse,
    /// This lesson is not in the catalog on offer (a lesson pack that changed, for example).
    Unknown,
}

pub struct Screen<'a> {
    pub report: &'a Report,
    pub title: &'a str,
    pub overview: &'a Overview,
    /// A hint the learner asked for with `h`.
    pub hint: Option<&'a str>,
    pub next: &'a Next,
    /// How changes are noticed (events or polling, and why).
    pub mode: &'a str,
    /// A one-off message (a key that does nothing, a sandbox rebuilt).
    pub notice: Option<&'a str>,
}

/// The screen as lines, at most `rows` of them, none wider than `cols`.
pub fn render(s: &Screen, rows: usize, cols: usize, p: Paint) -> Vec<String> {
    let cols = cols.max(20);
    let mut body = checklist(s, cols, p);
    if let Some(hint) = s.hint {
        body.push(String::new());
        for line in wrap(hint, cols) {
            body.push(p.bold(&line));
        }
    }
    body.push(String::new());
    body.extend(
        status::render(s.overview, cols.min(80), p)
            .lines()
            .map(str::to_string),
    );

    let mut footer = vec![p.dim(&"-".repeat(cols.min(80)))];
    if let Some(notice) = s.notice {
        footer.extend(wrap(notice, cols).iter().map(|l| p.warn(l)));
    }
    let keys = format!("{} Keys: h hint, r re-check, q quit.", s.mode);
    footer.extend(wrap(&keys, cols).iter().map(|l| p.dim(l)));

    let room = rows.saturating_sub(footer.len()).max(1);
    if body.len() > room {
        body.truncate(room.saturating_sub(1));
        body.push(p.dim(&fit(
            "... (more below: make the window taller to see all of it)",
            cols,
        )));
    }
    // The footer stays on the last lines, where the eye looks for the keys.
    body.resize(room, String::new());
    body.extend(footer);
    body
}

fn checklist(s: &Screen, cols: usize, p: Paint) -> Vec<String> {
    let r = s.report;
    let mut out = vec![p.bold(&fit(&format!("{} — {}", r.lesson, s.title), cols))];
    // No diffs: the screen has the picture of the sandbox to fit as well.
    let layout = Layout {
        width: Some(cols),
        paint: p,
        diffs: false,
    };
    out.extend(super::checklist::body(r, &layout));
    out.push(String::new());
    let total = r.objectives.len();
    let summary = match r.status {
        Status::Pass => {
            format!(
                "All {total} objectives met. Well done! {}",
                next_sentence(s.next)
            )
        }
        Status::Fail => format!(
            "{} of {total} objectives met. Keep going: this screen updates as you work.",
            r.passed()
        ),
        Status::Error => {
            "Some objectives cannot be checked: fix what is named above and this screen updates."
                .to_string()
        }
    };
    for line in wrap(&summary, cols) {
        out.push(if r.status == Status::Pass {
            p.good(&line)
        } else {
            line
        });
    }
    out
}

/// Where to go once a lesson is complete.
pub fn next_sentence(next: &Next) -> String {
    match next {
        Next::Lesson(id, title) => {
            format!("Next lesson: {id} ({title}). Start it with `git-kata start {id}`.")
        }
        Next::EndOfCourse => {
            "That was the last lesson you had left: the whole course is done.".to_string()
        }
        Next::Unknown => "Pick the next lesson with `git-kata list`.".to_string(),
    }
}
