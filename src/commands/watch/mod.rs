//! `git-kata watch`: re-checks the lesson whenever the learner runs a git command or edits a
//! file, and redraws the checklist and the picture of the sandbox, without a keypress.
//!
//! On a terminal it takes over the screen (keys: h, r, q). Elsewhere (a pipe, CI, an editor's
//! output pane) it cannot read keys or redraw, so it prints the checklist again each time the
//! verdict changes and ends, with exit code 0, once every objective is met.

mod files;
mod keys;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::check::overview::{self, Overview};
use crate::check::{self, Report, Status};
use crate::error::{self, Exit};
use crate::lesson::Loaded;
use crate::render::style::Paint;
use crate::render::{report, watch as screen};
use crate::sandbox::Sandbox;
use files::{FileWatch, Message};
use keys::{Key, Terminal};

/// A burst of events (one git command touches many files) settles for this long before we
/// re-check...
const QUIET: Duration = Duration::from_millis(150);
/// ...but never makes the learner wait longer than this.
const MAX_WAIT: Duration = Duration::from_secs(1);
/// How often we look for the sandbox being rebuilt (`git-kata reset`) or deleted.
const IDENTITY_EVERY: Duration = Duration::from_millis(500);
/// How long a plain-mode watch waits for a deleted sandbox to come back before giving up.
const GONE_FOR: Duration = Duration::from_secs(3);
const TICK: Duration = Duration::from_millis(50);

pub fn run(sandbox: Sandbox, packs: &[PathBuf], force_poll: bool) -> Result<Exit> {
    let next = super::next::after(packs, &sandbox.marker.lesson);
    let session = Session::open(sandbox, force_poll, next)?;
    if super::interactive() {
        session.on_terminal()
    } else {
        session.plain()
    }
}

struct Session {
    sandbox: Sandbox,
    lesson: Loaded,
    report: Report,
    overview: Overview,
    identity: Option<[(u64, u64); 2]>,
    files: FileWatch,
    events: Receiver<Message>,
    tx: mpsc::Sender<Message>,
    force_poll: bool,
    next: screen::Next,
}

/// The sandbox directory and its marker directory: a reset of a sandbox that cannot be moved
/// (a mount point) rebuilds it in place, keeping the root and replacing the marker.
fn identity(root: &Path) -> Option<[(u64, u64); 2]> {
    let marker = root.join(crate::sandbox::marker::MARKER_DIR);
    Some([
        crate::platform::fs::identity(root)?,
        crate::platform::fs::identity(&marker)?,
    ])
}

impl Session {
    fn open(sandbox: Sandbox, force_poll: bool, next: screen::Next) -> Result<Session> {
        let lesson = sandbox.lesson()?;
        let (tx, events) = mpsc::channel();
        let files = FileWatch::start(&sandbox.root, force_poll, tx.clone());
        let mut s = Session {
            report: check::check(&sandbox, &lesson.lesson),
            overview: overview::gather(&sandbox, &lesson.lesson),
            identity: identity(&sandbox.root),
            sandbox,
            lesson,
            files,
            events,
            tx,
            force_poll,
            next,
        };
        s.sync_watches();
        s.tell_workshop(None);
        super::hint::mistakes_shown(&s.sandbox, &s.report);
        Ok(s)
    }

    fn recheck(&mut self) {
        let was = self.report.status;
        let before = crate::workshop::Event::of(&self.report, 0, 0, 0);
        self.report = check::check(&self.sandbox, &self.lesson.lesson);
        self.tell_workshop(Some(before));
        super::hint::mistakes_shown(&self.sandbox, &self.report);
        if self.report.status == Status::Pass && was != Status::Pass {
            crate::progress::Progress::record(&self.report.lesson, |p| p.completed = true);
        }
        self.overview = overview::gather(&self.sandbox, &self.lesson.lesson);
        self.sync_watches();
    }

    /// The workshop board hears of each check whose verdicts differ from the one before (a
    /// saved file that changes nothing is not news). The event is queued here, so it is kept
    /// even if watch ends at once; it is sent from another thread so the screen never waits on
    /// the network.
    fn tell_workshop(&self, before: Option<crate::workshop::Event>) {
        if before.is_some_and(|b| b == crate::workshop::Event::of(&self.report, 0, 0, 0)) {
            return;
        }
        if let Some(session) = crate::workshop::client::queue(&self.report) {
            std::thread::spawn(move || {
                crate::workshop::client::flush(&session, crate::workshop::client::SEND_BUDGET)
            });
        }
    }

    /// Linked worktrees may live outside the sandbox; their files matter too.
    fn sync_watches(&mut self) {
        let root = &self.sandbox.root;
        let linked: Vec<PathBuf> = self
            .overview
            .repos
            .iter()
            .flat_map(|r| &r.worktrees)
            .filter(|w| w.admin.is_some())
            .map(|w| root.join(&w.path))
            .collect();
        self.files.sync(root, &linked);
    }

    /// Whether a relevant change arrived and has settled (see QUIET and MAX_WAIT).
    fn settled(&mut self, pending: &mut Option<(Instant, Instant)>) -> bool {
        while let Ok(message) = self.events.try_recv() {
            // An error from the watcher (e.g. events were dropped) is a reason to look again.
            if message.as_ref().map_or(true, files::relevant) {
                let now = Instant::now();
                let first = pending.map_or(now, |(first, _)| first);
                *pending = Some((first, now));
            }
        }
        match *pending {
            Some((first, last)) if last.elapsed() >= QUIET || first.elapsed() >= MAX_WAIT => {
                *pending = None;
                true
            }
            _ => false,
        }
    }

    /// Notices a sandbox rebuilt by `git-kata reset` (a new directory at the same path) and
    /// starts over on it. `Err(())`: the sandbox directory is not there now.
    fn follow_rebuild(&mut self) -> std::result::Result<bool, ()> {
        let now = identity(&self.sandbox.root);
        if now.is_none() {
            return Err(());
        }
        if now == self.identity {
            return Ok(false);
        }
        let Ok(sandbox) = Sandbox::open(&self.sandbox.root) else {
            return Err(());
        };
        let Ok(lesson) = sandbox.lesson() else {
            return Err(());
        };
        // A new watcher: the old one watches the directory that was moved away and deleted.
        self.files = FileWatch::start(&sandbox.root, self.force_poll, self.tx.clone());
        self.identity = now;
        self.sandbox = sandbox;
        self.lesson = lesson;
        self.recheck();
        Ok(true)
    }

    fn plain(mut self) -> Result<Exit> {
        crate::text::outln!(
            "Watching {} for changes. The checklist is printed again whenever it changes; \
             this ends when every objective is met (or with Ctrl-C).",
            self.sandbox.root.display()
        );
        if let files::Mode::Polling(_) = self.files.mode {
            crate::text::outln!("{}", self.files.mode.describe());
        }
        let title = self.lesson.lesson.title.clone();
        let mut shown = report::checklist(
            &self.report,
            &title,
            report::stdout_width(),
            Paint::stdout(),
        );
        crate::text::outln!();
        crate::text::out!("{shown}");
        let _ = std::io::stdout().flush();
        let mut pending = None;
        let mut last_identity = Instant::now();
        let mut gone_since: Option<Instant> = None;
        while self.report.status != Status::Pass {
            std::thread::sleep(TICK);
            if last_identity.elapsed() >= IDENTITY_EVERY {
                last_identity = Instant::now();
                match self.follow_rebuild() {
                    Ok(rebuilt) => {
                        gone_since = None;
                        if rebuilt {
                            crate::text::outln!("\nThe sandbox was rebuilt; watching the new one.");
                        }
                    }
                    Err(()) => {
                        let since = *gone_since.get_or_insert_with(Instant::now);
                        if since.elapsed() >= GONE_FOR {
                            return Err(error::not_sandbox(format!(
                                "the sandbox {} is gone; start a lesson again with `git-kata start LESSON`",
                                self.sandbox.root.display()
                            )));
                        }
                        continue;
                    }
                }
            }
            if self.settled(&mut pending) {
                self.recheck();
            }
            let now = report::checklist(
                &self.report,
                &title,
                report::stdout_width(),
                Paint::stdout(),
            );
            if now != shown {
                crate::text::outln!();
                crate::text::out!("{now}");
                let _ = std::io::stdout().flush();
                shown = now;
            }
        }
        crate::text::outln!("{}", screen::next_sentence(&self.next));
        Ok(Exit::Success)
    }

    fn on_terminal(mut self) -> Result<Exit> {
        let term = Terminal::enter().map_err(|e| {
            error::usage(format!(
                "cannot take over the terminal ({e}); run `git-kata watch` in a terminal, or `git-kata check`"
            ))
        })?;
        let paint = Paint::stdout();
        let mut ui = Ui::default();
        let mut pending = None;
        let mut last_identity = Instant::now();
        let mut drawn: Vec<String> = Vec::new();
        loop {
            let (rows, cols) = keys::size().unwrap_or((24, 80));
            let lines = self.screen(&ui, rows, cols, paint);
            if lines != drawn {
                draw(&lines)?;
                drawn = lines;
            }
            match term.key(TICK)? {
                Some(Key::Char('q') | Key::Interrupt | Key::Closed) => break,
                Some(Key::Char('r')) => {
                    self.recheck();
                    ui.notice = Some("Checked again just now.".to_string());
                }
                Some(Key::Char('h')) => ui.hint(&self),
                Some(Key::Char(_)) => {
                    ui.notice = Some("That key does nothing here.".to_string());
                }
                Some(Key::Other) | None => {}
            }
            if last_identity.elapsed() >= IDENTITY_EVERY {
                last_identity = Instant::now();
                match self.follow_rebuild() {
                    Ok(true) => {
                        ui = Ui::default();
                        ui.notice = Some("The sandbox was rebuilt; watching the new one.".into());
                    }
                    Ok(false) => {
                        if ui.gone {
                            ui.gone = false;
                            ui.notice = None;
                            self.recheck();
                        }
                    }
                    Err(()) => {
                        ui.gone = true;
                        ui.notice = Some(format!(
                            "The sandbox {} is gone. Rebuild it with `git-kata reset`, or press q to quit.",
                            self.sandbox.root.display()
                        ));
                    }
                }
            }
            if self.settled(&mut pending) {
                self.recheck();
            }
            ui.forget_stale_hint(&self.report);
        }
        drop(term);
        crate::text::outln!("{}", report_line(&self.report, &self.lesson.lesson.title));
        // Quitting is not a verdict: `check` is the command whose exit code says pass or fail.
        Ok(Exit::Success)
    }

    fn screen(&self, ui: &Ui, rows: usize, cols: usize, paint: Paint) -> Vec<String> {
        let mode = self.files.mode.describe();
        screen::render(
            &screen::Screen {
                report: &self.report,
                title: &self.lesson.lesson.title,
                overview: &self.overview,
                hint: ui.hint.as_ref().map(|(_, text)| text.as_str()),
                next: &self.next,
                mode: &mode,
                notice: ui.notice.as_deref(),
            },
            rows,
            cols,
            paint,
        )
    }
}

/// What the learner asked to see on the screen.
#[derive(Default)]
struct Ui {
    /// The objective a hint is for, and the hint.
    hint: Option<(String, String)>,
    notice: Option<String>,
    gone: bool,
}

impl Ui {
    fn hint(&mut self, s: &Session) {
        use super::hint::Next;
        self.notice = None;
        let unmet = s.report.first_unmet().map(|o| o.id.clone());
        match super::hint::next(&s.sandbox, &s.lesson.lesson, &s.report) {
            Next::AllMet => self.notice = Some("Every objective is met: no hint needed.".into()),
            Next::NoHints { message, .. } => {
                self.notice = Some(format!(
                    "This objective has no hints. What is wrong: {message}"
                ));
            }
            Next::Recovery { mistake, text } => {
                self.hint = unmet.map(|id| {
                    (
                        id,
                        format!(
                            "The way back from the mistake ({mistake}): {}",
                            text.split_whitespace().collect::<Vec<_>>().join(" ")
                        ),
                    )
                });
            }
            Next::Hint {
                objective,
                index,
                total,
                text,
            } => {
                let last = if index + 1 == total {
                    " (That was the last hint for this objective.)"
                } else {
                    ""
                };
                self.hint = unmet.map(|id| {
                    (
                        id,
                        format!(
                            "Hint {} of {total} for \"{objective}\": {text}{last}",
                            index + 1
                        ),
                    )
                });
            }
        }
    }

    /// A hint is about one objective; once another is the first unmet one, it goes.
    fn forget_stale_hint(&mut self, report: &Report) {
        let unmet = report.first_unmet().map(|o| o.id.as_str());
        if self
            .hint
            .as_ref()
            .is_some_and(|(id, _)| Some(id.as_str()) != unmet)
        {
            self.hint = None;
        }
    }
}

/// Redraws in place: home, each line cleared to its end, then the rest of the screen cleared.
fn draw(lines: &[String]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let mut buf = String::from("\x1b[H");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            buf.push_str("\r\n");
        }
        // The lines hold commit messages and file contents: only our own escapes act.
        buf.push_str(&crate::text::for_stream(line, crate::text::Stream::Stdout));
        buf.push_str("\x1b[K");
    }
    buf.push_str("\x1b[J");
    out.write_all(buf.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// One line left on the terminal after quitting, so the learner knows where they stand.
fn report_line(r: &Report, title: &str) -> String {
    let total = r.objectives.len();
    match r.status {
        Status::Pass => format!("{} — {title}: all {total} objectives met.", r.lesson),
        _ => format!(
            "{} — {title}: {} of {total} objectives met. `git-kata watch` picks up where you left off.",
            r.lesson,
            r.passed()
        ),
    }
}
