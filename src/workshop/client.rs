//! The learner's side: `join`, `leave`, `status`, and the event each `check` queues and sends.
//! A small blocking client (ureq) with short timeouts: a slow or absent server costs `check`
//! at most [`SEND_BUDGET`], and never its output or exit code.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::outbox::Outbox;
use super::{Batch, ErrorBody, Event, JoinAnswer, JoinRequest, MAX_BATCH, NextAnswer};
use crate::check::Report;

/// The most a `check` waits for the network, all requests together.
pub const SEND_BUDGET: Duration = Duration::from_millis(400);

/// What `join` saved: where the board is and who this learner is there.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    pub url: String,
    pub name: String,
    pub learner: i64,
    pub token: String,
    #[serde(default)]
    pub lessons: Vec<String>,
}

/// The workshop directory in the data directory: the session, the outbox, the sequence number.
pub fn dir() -> Option<PathBuf> {
    crate::progress::data_dir().map(|d| d.join("workshop"))
}

pub fn session() -> Option<Session> {
    let text = std::fs::read_to_string(dir()?.join("session.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// What every `join` prints, and WORKSHOP.md repeats: the whole of what is sent.
pub const WHAT_IS_SENT: &str = "After each `git-kata check` (and each re-check of `watch`) this machine sends the board one event:
your name as you gave it, the lesson id, each objective's id and pass/fail, the ids of the
mistakes check recognised, how many hints you used, and the time. Never file contents, file
names, paths, commands or anything else from your machine. `git-kata workshop leave` stops it.";

fn agent(budget: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(budget))
        .http_status_as_error(false)
        .build();
    ureq::Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::default(),
        LiteralFirst(ureq::unversioned::resolver::DefaultResolver::default()),
    )
}

/// An address that is already an IP (a board on a LAN, loopback) needs no lookup. ureq's own
/// resolver would start a thread to bound the lookup's time even then, which is a tenth of
/// `check`'s run time; names still go through it.
#[derive(Debug)]
struct LiteralFirst(ureq::unversioned::resolver::DefaultResolver);

impl ureq::unversioned::resolver::Resolver for LiteralFirst {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let literal = uri.authority().and_then(|a| {
            let host = a.host().trim_start_matches('[').trim_end_matches(']');
            let ip: std::net::IpAddr = match host {
                "localhost" => std::net::Ipv4Addr::LOCALHOST.into(),
                other => other.parse().ok()?,
            };
            let port = a.port_u16().unwrap_or(match uri.scheme_str() {
                Some("https") => 443,
                _ => 80,
            });
            Some(std::net::SocketAddr::new(ip, port))
        });
        match literal {
            Some(addr) => {
                let mut found = self.empty();
                found.push(addr);
                Ok(found)
            }
            None => self.0.resolve(uri, config, timeout),
        }
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// The server's base URL as given, without a trailing slash; only http and https.
fn base(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/');
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        bail!("`{url}` is not a board address: it starts with http:// or https://");
    }
    Ok(url.to_string())
}

/// The server's sentence from an error body, else the status.
fn refusal(status: u16, body: &str) -> String {
    serde_json::from_str::<ErrorBody>(body)
        .map(|e| e.error)
        .unwrap_or_else(|_| format!("the board answered HTTP {status}"))
}

pub fn join(url: &str, code: &str, name: &str) -> Result<Session> {
    if let Some(problem) = super::name_problem(name) {
        bail!("{problem}; choose another with --name");
    }
    let url = base(url)?;
    let body = serde_json::to_string(&JoinRequest {
        code: code.trim().to_string(),
        name: name.trim().to_string(),
    })?;
    let mut resp = agent(Duration::from_secs(10))
        .post(format!("{url}/api/join"))
        .header("content-type", "application/json")
        .send(&body)
        .with_context(|| format!("cannot reach the board at {url}"))?;
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    if status != 200 {
        bail!("{}", refusal(status, &text));
    }
    let answer: JoinAnswer =
        serde_json::from_str(&text).context("the board's answer to join is not understood")?;
    let session = Session {
        url,
        name: name.trim().to_string(),
        learner: answer.learner,
        token: answer.token,
        lessons: answer.lessons,
    };
    let dir = dir().context("there is no data directory for this user (set GIT_KATA_DATA_DIR)")?;
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // A new session starts a new count: the server numbers events per learner.
    for stale in ["outbox.jsonl", "seq"] {
        let _ = std::fs::remove_file(dir.join(stale));
    }
    crate::sandbox::marker::write_atomic(
        &dir.join("session.json"),
        serde_json::to_string_pretty(&session)?.as_bytes(),
    )?;
    Ok(session)
}

/// Forgets the session (and tells the server, which then refuses its token). Events still in
/// the outbox are sent first when the board can be reached.
pub fn leave() -> Result<Option<(Session, usize)>> {
    let Some(session) = session() else {
        return Ok(None);
    };
    let dir = dir().context("there is no data directory")?;
    let _ = flush(&session, Duration::from_secs(3));
    let unsent = Outbox::at(&dir).len();
    let _ = agent(Duration::from_secs(3))
        .post(format!("{}/api/leave", session.url))
        .header("authorization", format!("Bearer {}", session.token))
        .send("");
    for file in ["session.json", "outbox.jsonl", "seq"] {
        match std::fs::remove_file(dir.join(file)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot delete {file}")),
        }
    }
    Ok(Some((session, unsent)))
}

/// Queues the event for this check and sends what waits, within [`SEND_BUDGET`]. Failures are
/// silent by design: the outbox keeps the event for the next check.
pub fn record(report: &Report) {
    if let Some(session) = queue(report) {
        let _ = flush(&session, SEND_BUDGET);
    }
}

/// Puts the event for this check in the outbox (no network); the session to send it to, when
/// this machine is in a workshop and the event was kept.
pub fn queue(report: &Report) -> Option<Session> {
    let session = session()?;
    let dir = dir()?;
    let hints = crate::progress::Progress::load()
        .get(&report.lesson)
        .hints_used;
    Outbox::at(&dir)
        .push(|seq| Event::of(report, seq, now_ms(), hints))
        .ok()?;
    Some(session)
}

/// What one attempt to drain the outbox did.
#[derive(Debug, PartialEq, Eq)]
pub enum Flushed {
    /// Everything waiting was delivered (or there was nothing).
    Empty,
    /// Another process is sending right now.
    Busy,
    /// Some events still wait; the reason why.
    Waiting(String),
}

/// Sends waiting events in batches until none is left or `budget` is spent.
pub fn flush(session: &Session, budget: Duration) -> Flushed {
    let Some(dir) = dir() else {
        return Flushed::Waiting("no data directory".into());
    };
    let outbox = Outbox::at(&dir);
    let Some(sending) = outbox.try_send() else {
        return Flushed::Busy;
    };
    let deadline = Instant::now() + budget;
    loop {
        let events = outbox.peek(&sending, MAX_BATCH);
        let Some(last) = events.last().map(|e| e.seq) else {
            return Flushed::Empty;
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Flushed::Waiting("out of time; the next check sends the rest".into());
        }
        let Ok(body) = serde_json::to_string(&Batch { events }) else {
            return Flushed::Waiting("cannot encode events".into());
        };
        let sent = agent(left)
            .post(format!("{}/api/events", session.url))
            .header("authorization", format!("Bearer {}", session.token))
            .header("content-type", "application/json")
            .send(&body);
        let mut resp = match sent {
            Ok(r) => r,
            Err(e) => return Flushed::Waiting(format!("the board cannot be reached: {e}")),
        };
        let status = resp.status().as_u16();
        // 409: the server already holds every one of these (an answer was lost on the way).
        if status == 200 || status == 409 {
            if outbox.acknowledge(&sending, last).is_err() {
                return Flushed::Waiting("cannot update the outbox".into());
            }
            continue;
        }
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        return Flushed::Waiting(refusal(status, &text));
    }
}

/// The lesson the instructor announced, if the board says one.
pub fn announced(session: &Session) -> Result<Option<String>> {
    let mut resp = agent(Duration::from_secs(3))
        .get(format!("{}/api/next", session.url))
        .header("authorization", format!("Bearer {}", session.token))
        .call()
        .with_context(|| format!("cannot reach the board at {}", session.url))?;
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    if status != 200 {
        bail!("{}", refusal(status, &text));
    }
    Ok(serde_json::from_str::<NextAnswer>(&text)
        .context("the board's answer is not understood")?
        .lesson)
}
