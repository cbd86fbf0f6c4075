//! `git-kata workshop serve`: the board's HTTP server (axum on tokio), every event in SQLite.
//!
//! Learners post with their own token, issued at join; the board and its controls need the
//! instructor's secret. Bodies are size-limited and requests rate-limited; the page is served
//! with a Content-Security-Policy that runs only its own script, and the script inserts every
//! learner-sent text as text, never as HTML.

mod board;
mod db;
mod limit;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

pub use board::{LessonInfo, ObjectiveInfo};
use db::{Db, Posted};

use super::{Batch, ErrorBody, JoinAnswer, JoinRequest, MAX_BATCH, MAX_BODY, NextAnswer};

pub struct Options {
    pub listen: SocketAddr,
    pub db: PathBuf,
    /// The address learners and the instructor use, when it is not `http://LISTEN` (a TLS
    /// reverse proxy in front, a LAN address for 0.0.0.0).
    pub url: Option<String>,
    pub stuck_minutes: u64,
    pub catalog: Vec<LessonInfo>,
}

struct App {
    db: Mutex<Db>,
    code: String,
    secret: String,
    catalog: Vec<LessonInfo>,
    stuck_minutes: u64,
    version: AtomicU64,
    changed: tokio::sync::watch::Sender<u64>,
    cache: Mutex<Option<(u64, i64, Arc<String>)>>,
    joins: limit::Limiter,
    posts: limit::Limiter,
}

type Shared = Arc<App>;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS generator failing is beyond repair; a predictable secret would be worse than none.
    getrandom::fill(&mut buf).expect("the operating system's random generator failed");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A join code a room can read off a projector: no 0/O or 1/I/L.
fn join_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let mut buf = [0u8; 8];
    getrandom::fill(&mut buf).expect("the operating system's random generator failed");
    let chars: String = buf
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// Compares secrets in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        axum::Json(ErrorBody {
            error: message.into(),
        }),
    )
        .into_response()
}

pub fn serve(opts: Options) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(run(opts))
}

async fn run(opts: Options) -> Result<()> {
    if let Some(dir) = opts.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let db = Db::open(&opts.db)?;
    // Kept in the database, so a restarted server keeps its code, secret and lessons.
    let code = db.setting_or("code", join_code)?;
    let secret = db.setting_or("secret", || random_hex(24))?;
    let default_lessons: Vec<String> = opts.catalog.iter().map(|l| l.id.clone()).collect();
    db.setting_or("lessons", || {
        serde_json::to_string(&default_lessons).unwrap_or_default()
    })?;
    let listener = tokio::net::TcpListener::bind(opts.listen)
        .await
        .with_context(|| format!("cannot listen on {}", opts.listen))?;
    let local = listener.local_addr()?;
    let url = opts
        .url
        .clone()
        .unwrap_or_else(|| format!("http://{local}"))
        .trim_end_matches('/')
        .to_string();
    let (changed, _) = tokio::sync::watch::channel(0);
    let app = Arc::new(App {
        db: Mutex::new(db),
        code: code.clone(),
        secret: secret.clone(),
        catalog: opts.catalog,
        stuck_minutes: opts.stuck_minutes,
        version: AtomicU64::new(1),
        changed,
        cache: Mutex::new(None),
        // A classroom often joins from one address (a NAT): a roomful at once passes.
        joins: limit::Limiter::new(500, 10),
        // A learner checks a few times a minute; a burst of `watch` re-checks passes.
        posts: limit::Limiter::new(40, 5),
    });
    println!("git-kata workshop board listening on {local}");
    println!("Join code: {code}");
    println!("Learners type:");
    println!("  git-kata workshop join {url} {code} --name \"Their Name\"");
    println!("Instructor board (keep this address to yourself: it holds the secret):");
    println!("  {url}/board?key={secret}");
    println!("Events are stored in {}", opts.db.display());
    if local.ip().is_unspecified() && opts.url.is_none() {
        println!(
            "(listening on every interface: give learners this machine's address, or pass --url)"
        );
    }
    let router = Router::new()
        .route("/", get(home))
        .route("/api/join", post(join))
        .route("/api/events", post(events))
        .route("/api/leave", post(leave))
        .route("/api/next", get(next))
        .route("/board", get(page))
        .route("/board.js", get(script))
        .route("/board.css", get(style))
        .route("/board/state", get(state))
        .route("/board/events", get(stream))
        .route("/board/learner/{id}", get(timeline))
        .route("/board/lessons", post(choose))
        .route("/board/announce", post(announce))
        .route("/board/export.csv", get(export_csv))
        .route("/board/report.md", get(export_report))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app);
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    );
    tokio::select! {
        r = server => r.context("the server stopped")?,
        _ = tokio::signal::ctrl_c() => println!("Stopped; every event is in the database."),
    }
    Ok(())
}

impl App {
    fn db(&self) -> std::sync::MutexGuard<'_, Db> {
        self.db
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn bump(&self) {
        let v = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        self.changed.send_replace(v);
    }

    fn learner(&self, headers: &HeaderMap) -> Result<i64, Response> {
        let Some(token) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return Err(error(
                StatusCode::UNAUTHORIZED,
                "no learner token: run `git-kata workshop join URL CODE --name NAME` first",
            ));
        };
        match self.db().learner_by_token(token.trim()) {
            Ok(Ok(id)) => Ok(id),
            Ok(Err(true)) => Err(error(
                StatusCode::UNAUTHORIZED,
                "this learner token was given up by `workshop leave`; join again",
            )),
            Ok(Err(false)) => Err(error(
                StatusCode::UNAUTHORIZED,
                "unknown learner token: this machine has not joined this workshop; join again",
            )),
            Err(e) => Err(error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))),
        }
    }

    /// The board as JSON, computed at most once per change (and every few seconds, so the
    /// minutes someone has been stuck keep counting).
    fn board_json(&self) -> Result<Arc<String>> {
        let version = self.version.load(Ordering::SeqCst);
        let now = now_ms();
        if let Some((v, at, json)) = &*self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            && *v == version
            && now - at < 5_000
        {
            return Ok(json.clone());
        }
        let db = self.db();
        let chosen: Vec<String> = db
            .setting("lessons")?
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        let learners = db.learners()?;
        let events = db.events(None)?;
        let board = board::compute(board::Inputs {
            catalog: &self.catalog,
            chosen: &chosen,
            announced: db.setting("announced")?.filter(|a| !a.is_empty()),
            learners: &learners,
            events: &events,
            now,
            stuck_minutes: self.stuck_minutes,
            last_event: db.last_event_id()?,
        });
        drop(db);
        let json = Arc::new(serde_json::to_string(&board)?);
        *self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some((version, now, json.clone()));
        Ok(json)
    }
}

async fn home() -> impl IntoResponse {
    "git-kata workshop board. Learners: git-kata workshop join URL CODE --name NAME (URL and CODE from the instructor).\n"
}

async fn join(
    State(app): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    if !app.joins.allow(&peer.ip().to_string()) {
        return error(
            StatusCode::TOO_MANY_REQUESTS,
            "too many joins from this address; wait a few seconds",
        );
    }
    let req: JoinRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("malformed join request: {e}"),
            );
        }
    };
    if !same(req.code.trim(), &app.code) {
        return error(
            StatusCode::FORBIDDEN,
            "wrong join code: check it against the one the instructor shows",
        );
    }
    if let Some(problem) = super::name_problem(&req.name) {
        return error(StatusCode::BAD_REQUEST, problem);
    }
    let token = random_hex(32);
    let added = app.db().add_learner(req.name.trim(), &token, now_ms());
    let lessons = app
        .db()
        .setting("lessons")
        .ok()
        .flatten()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    match added {
        Ok(Some(learner)) => {
            app.bump();
            axum::Json(JoinAnswer {
                learner,
                token,
                lessons,
            })
            .into_response()
        }
        Ok(None) => error(
            StatusCode::CONFLICT,
            format!(
                "someone in this workshop already goes by `{}`; choose another --name",
                req.name.trim()
            ),
        ),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
    }
}

async fn events(State(app): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let learner = match app.learner(&headers) {
        Ok(id) => id,
        Err(r) => return r,
    };
    if !app.posts.allow(&learner.to_string()) {
        return error(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests from this learner; the outbox sends them with the next check",
        );
    }
    let batch: Batch = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("malformed events: {e}")),
    };
    if batch.events.is_empty() || batch.events.len() > MAX_BATCH {
        return error(
            StatusCode::BAD_REQUEST,
            format!("a request carries 1 to {MAX_BATCH} events"),
        );
    }
    if let Some(problem) = batch.events.iter().find_map(super::Event::problem) {
        return error(StatusCode::BAD_REQUEST, problem);
    }
    let posted = app.db().post(learner, &batch.events, now_ms());
    match posted {
        Ok(Posted::Stored {
            accepted,
            duplicates,
            last_id,
        }) => {
            app.bump();
            // `last_id`: the board includes this request's events once its `last_event` is
            // at least this (the load test measures update latency with it).
            axum::Json(serde_json::json!({
                "accepted": accepted,
                "duplicates": duplicates,
                "last_id": last_id,
            }))
            .into_response()
        }
        Ok(Posted::Replay) => error(
            StatusCode::CONFLICT,
            "replayed request: the board already holds every one of these events",
        ),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
    }
}

async fn leave(State(app): State<Shared>, headers: HeaderMap) -> Response {
    let learner = match app.learner(&headers) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let left = app.db().leave(learner, now_ms());
    match left {
        Ok(()) => {
            app.bump();
            axum::Json(serde_json::json!({ "left": true })).into_response()
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
    }
}

async fn next(State(app): State<Shared>, headers: HeaderMap) -> Response {
    if let Err(r) = app.learner(&headers) {
        return r;
    }
    let lesson = app.db().setting("announced").ok().flatten();
    axum::Json(NextAnswer {
        lesson: lesson.filter(|l| !l.is_empty()),
    })
    .into_response()
}

#[derive(Deserialize)]
struct Key {
    key: Option<String>,
}

fn instructor(app: &App, key: &Key, headers: &HeaderMap) -> Result<(), Response> {
    let given = key.key.as_deref().or_else(|| {
        headers
            .get("x-instructor-key")
            .and_then(|v| v.to_str().ok())
    });
    match given {
        Some(k) if same(k, &app.secret) => Ok(()),
        Some(_) => Err(error(
            StatusCode::FORBIDDEN,
            "wrong instructor key: use the board address `workshop serve` printed",
        )),
        None => Err(error(
            StatusCode::UNAUTHORIZED,
            "the board needs the instructor key: use the address `workshop serve` printed",
        )),
    }
}

/// Headers for everything the board serves: its own script only, no referrer (the address
/// holds the secret), no framing.
fn hardened(mut r: Response, content_type: &'static str) -> Response {
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn page(State(app): State<Shared>, Query(key): Query<Key>, headers: HeaderMap) -> Response {
    if let Err(r) = instructor(&app, &key, &headers) {
        return r;
    }
    hardened(
        include_str!("board.html").into_response(),
        "text/html; charset=utf-8",
    )
}

async fn script() -> Response {
    hardened(
        include_str!("board.js").into_response(),
        "text/javascript; charset=utf-8",
    )
}

async fn style() -> Response {
    hardened(
        include_str!("board.css").into_response(),
        "text/css; charset=utf-8",
    )
}

async fn state(State(app): State<Shared>, Query(key): Query<Key>, headers: HeaderMap) -> Response {
    if let Err(r) = instructor(&app, &key, &headers) {
        return r;
    }
    match app.board_json() {
        Ok(json) => hardened(json.to_string().into_response(), "application/json"),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
    }
}

/// Server-sent events: the whole board after every change, at most every 50 ms (a burst of
/// checks becomes one update), and every 10 s regardless so the stuck minutes count on.
async fn stream(State(app): State<Shared>, Query(key): Query<Key>, headers: HeaderMap) -> Response {
    if let Err(r) = instructor(&app, &key, &headers) {
        return r;
    }
    let rx = app.changed.subscribe();
    let events = futures_util::stream::unfold((app, rx, true), |(app, mut rx, first)| async move {
        if !first {
            tokio::select! {
                changed = rx.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                _ = tokio::time::sleep(Duration::from_secs(10)) => {}
            }
        }
        rx.mark_unchanged();
        let data = app
            .board_json()
            .map(|j| j.to_string())
            .unwrap_or_else(|e| serde_json::json!({ "error": format!("{e:#}") }).to_string());
        let event = SseEvent::default().event("board").data(data);
        Some((Ok::<_, std::convert::Infallible>(event), (app, rx, false)))
    });
    let mut r = Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn timeline(
    State(app): State<Shared>,
    UrlPath(id): UrlPath<i64>,
    Query(key): Query<Key>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = instructor(&app, &key, &headers) {
        return r;
    }
    let db = app.db();
    let learner = match db.learners() {
        Ok(ls) => ls.into_iter().find(|l| l.id == id),
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
    };
    let Some(learner) = learner else {
        return error(StatusCode::NOT_FOUND, format!("no learner {id}"));
    };
    let events = match db.events(Some(id)) {
        Ok(e) => e,
        Err(e) => return error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
    };
    let items: Vec<_> = events
        .iter()
        .map(|s| {
            let e = &s.event;
            serde_json::json!({
                "at": e.at,
                "received": s.received,
                "lesson": e.lesson,
                "status": e.status,
                "passed": e.objectives.iter().filter(|o| o.status == super::Verdict::Pass).count(),
                "total": e.objectives.len(),
                "unmet": e.objectives.iter().filter(|o| o.status != super::Verdict::Pass).map(|o| o.id.clone()).collect::<Vec<_>>(),
                "mistakes": e.mistakes,
                "hints": e.hints,
            })
        })
        .collect();
    axum::Json(serde_json::json!({
        "id": learner.id,
        "name": learner.name,
        "joined": learner.joined,
        "left": learner.left,
        "events": items,
    }))
    .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Chosen {
    lessons: Vec<String>,
}

async fn choose(
    State(app): State<Shared>,
    Query(key): Query<Key>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let chosen: Chosen = match instructor_json(&app, &key, &headers, &body, "lessons") {
        Ok(c) => c,
        Err(r) => return r,
    };
    if let Some(r) = chosen
        .lessons
        .iter()
        .find_map(|id| unknown_lesson(&app, id))
    {
        return r;
    }
    let saved = app.db().set(
        "lessons",
        &serde_json::to_string(&chosen.lessons).unwrap_or_default(),
    );
    saved_reply(
        &app,
        saved,
        serde_json::json!({ "lessons": chosen.lessons }),
    )
}

/// An instructor's request body: the instructor secret first, then the JSON, whose fault is
/// named with `what` ("malformed lessons: ...").
fn instructor_json<T: serde::de::DeserializeOwned>(
    app: &App,
    key: &Key,
    headers: &HeaderMap,
    body: &Bytes,
    what: &str,
) -> Result<T, Response> {
    instructor(app, key, headers)?;
    serde_json::from_slice(body)
        .map_err(|e| error(StatusCode::BAD_REQUEST, format!("malformed {what}: {e}")))
}

/// The refusal for a lesson id the server's catalog does not have, if it does not.
fn unknown_lesson(app: &App, id: &str) -> Option<Response> {
    (!app.catalog.iter().any(|l| l.id == id)).then(|| {
        error(
            StatusCode::BAD_REQUEST,
            format!("no lesson `{}` in this server's catalog", id.escape_debug()),
        )
    })
}

/// After an instructor's change is stored: wake the boards and echo what was stored.
fn saved_reply(app: &App, saved: Result<()>, reply: serde_json::Value) -> Response {
    match saved {
        Ok(()) => {
            app.bump();
            axum::Json(reply).into_response()
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Announce {
    lesson: Option<String>,
}

async fn announce(
    State(app): State<Shared>,
    Query(key): Query<Key>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let a: Announce = match instructor_json(&app, &key, &headers, &body, "announcement") {
        Ok(a) => a,
        Err(r) => return r,
    };
    if let Some(r) = a.lesson.as_deref().and_then(|id| unknown_lesson(&app, id)) {
        return r;
    }
    let saved = app.db().set("announced", a.lesson.as_deref().unwrap_or(""));
    saved_reply(&app, saved, serde_json::json!({ "announced": a.lesson }))
}

fn class(app: &App) -> Result<crate::grade::result::GradeReport> {
    let db = app.db();
    Ok(board::grade_report(
        &app.catalog,
        &db.learners()?,
        &db.events(None)?,
    ))
}

async fn export_csv(
    State(app): State<Shared>,
    Query(key): Query<Key>,
    headers: HeaderMap,
) -> Response {
    export_as(
        &app,
        &key,
        &headers,
        crate::render::grade::csv::render,
        "text/csv; charset=utf-8",
    )
}

async fn export_report(
    State(app): State<Shared>,
    Query(key): Query<Key>,
    headers: HeaderMap,
) -> Response {
    export_as(
        &app,
        &key,
        &headers,
        crate::render::grade::csv::class_report,
        "text/markdown; charset=utf-8",
    )
}

/// The session as one of `grade`'s documents, for the instructor only.
fn export_as(
    app: &App,
    key: &Key,
    headers: &HeaderMap,
    render: fn(&crate::grade::result::GradeReport) -> String,
    content_type: &'static str,
) -> Response {
    if let Err(r) = instructor(app, key, headers) {
        return r;
    }
    match class(app) {
        Ok(report) => hardened(render(&report).into_response(), content_type),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")),
    }
}

/// `workshop export`: the same CSV and class report from the database file, server stopped.
pub fn export(db: &std::path::Path, catalog: &[LessonInfo]) -> Result<(String, String)> {
    if !db.exists() {
        anyhow::bail!(
            "{} does not exist: no workshop was served with it",
            db.display()
        );
    }
    let db = Db::open(db)?;
    let report = board::grade_report(catalog, &db.learners()?, &db.events(None)?);
    Ok((
        crate::render::grade::csv::render(&report),
        crate::render::grade::csv::class_report(&report),
    ))
}
