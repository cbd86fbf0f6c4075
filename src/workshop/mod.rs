//! Live workshops: learners `join` a board the instructor `serve`s, and every `check` (and
//! `watch`) then reports one small event to it.
//!
//! What an event holds is exactly [`Event`]: the lesson id, each objective's id and verdict, the
//! recognised mistakes' ids, the hints used and a timestamp. Never file contents, paths,
//! commands or anything else from the learner's machine. Events wait in a local outbox
//! ([`outbox`]) and go with the next one when the network is slow or down, so a workshop never
//! delays `check` by more than [`client::SEND_BUDGET`] nor changes its output or exit code.
//!
//! The server ([`server`]) is behind the `workshop-server` feature and is never reached from
//! `check`'s or `start`'s start-up path.

pub mod client;
pub mod outbox;
#[cfg(feature = "workshop-server")]
pub mod server;

use serde::{Deserialize, Serialize};

use crate::check::Report;

/// The largest request body the server reads; the outbox sends at most [`MAX_BATCH`] events of
/// bounded size, far below it.
pub const MAX_BODY: usize = 256 * 1024;
/// Events per request at most: a long outage drains in a few requests.
pub const MAX_BATCH: usize = 200;
/// A learner's display name: at most this many characters, no control characters.
pub const MAX_NAME: usize = 40;
/// Ids (lessons, objectives, mistakes) are at most this long.
pub const MAX_ID: usize = 64;
/// Objectives or mistakes in one event at most.
pub const MAX_ITEMS: usize = 64;

/// One `check` as the board sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The learner's own counter, 1, 2, 3…: the server keeps each (learner, seq) once, so a
    /// batch resent after a lost answer is not counted twice.
    pub seq: u64,
    /// When the check ran, in milliseconds since the Unix epoch (the learner's clock).
    pub at: i64,
    pub lesson: String,
    pub status: Verdict,
    pub objectives: Vec<ObjectiveStatus>,
    /// Ids of the classic mistakes `check` recognised.
    #[serde(default)]
    pub mistakes: Vec<String>,
    /// Hints the learner has asked for in this lesson so far.
    #[serde(default)]
    pub hints: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveStatus {
    pub id: String,
    pub status: Verdict,
}

/// An objective's or a check's verdict, as `grade` reports it (and the same words on the wire).
pub use crate::grade::result::Verdict;

/// The body of `POST /api/events`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub events: Vec<Event>,
}

/// What `join` sends and gets back.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct JoinAnswer {
    pub learner: i64,
    pub token: String,
    /// The lessons the instructor chose, in workshop order.
    pub lessons: Vec<String>,
}

/// The server's answer to `GET /api/next`.
#[derive(Debug, Serialize, Deserialize)]
pub struct NextAnswer {
    pub lesson: Option<String>,
}

/// Every error the server returns has this body, so a learner reads a sentence, not a status.
#[derive(Debug, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
}

impl Event {
    /// The event for a finished check. Only ids and verdicts are copied out of the report.
    pub fn of(report: &Report, seq: u64, at: i64, hints: u32) -> Event {
        Event {
            seq,
            at,
            lesson: report.lesson.clone(),
            status: report.status.into(),
            objectives: report
                .objectives
                .iter()
                .map(|o| ObjectiveStatus {
                    id: o.id.clone(),
                    status: o.status.into(),
                })
                .collect(),
            mistakes: report.mistakes.iter().map(|m| m.id.clone()).collect(),
            hints,
        }
    }

    /// Why the server refuses this event, if it does: ids are short and plain, lists bounded.
    pub fn problem(&self) -> Option<String> {
        let ids = std::iter::once(&self.lesson)
            .chain(self.objectives.iter().map(|o| &o.id))
            .chain(self.mistakes.iter());
        for id in ids {
            if !plain_id(id) {
                return Some(format!(
                    "event {}: `{}` is not an id (1 to {MAX_ID} letters, digits, `-`, `_`, `.`)",
                    self.seq,
                    id.chars().take(MAX_ID).collect::<String>().escape_debug()
                ));
            }
        }
        if self.objectives.len() > MAX_ITEMS || self.mistakes.len() > MAX_ITEMS {
            return Some(format!(
                "event {}: more than {MAX_ITEMS} objectives or mistakes",
                self.seq
            ));
        }
        if self.seq == 0 {
            return Some("event seq starts at 1".into());
        }
        None
    }
}

fn plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Why a display name is refused, if it is: names are shown to the whole room.
pub fn name_problem(name: &str) -> Option<String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Some("the name is empty".into());
    }
    if trimmed.chars().count() > MAX_NAME {
        return Some(format!("the name is longer than {MAX_NAME} characters"));
    }
    if trimmed.chars().any(char::is_control) {
        return Some("the name contains control characters (a tab, a newline, an escape…)".into());
    }
    None
}

/// The one call `check` and `watch` make after every check: queue the event and try to send
/// the outbox within a fraction of a second. Not joined costs one failed file open; nothing
/// here can fail the check or print on its standard output.
pub fn report(report: &Report) {
    client::record(report);
}
