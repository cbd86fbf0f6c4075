//! The learner's outbox: events not yet acknowledged by the server, one JSON line each, in the
//! workshop directory. Appending holds a file lock for a moment; only one process at a time
//! sends (a second lock, tried and never waited for), and it removes exactly the lines it sent,
//! so a `check` and a `watch` running together neither lose nor double an event.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::Event;

pub struct Outbox {
    dir: PathBuf,
}

/// Held while this process sends; dropped, it lets the next one.
pub struct Sending {
    _lock: File,
}

impl Outbox {
    pub fn at(dir: &Path) -> Outbox {
        Outbox {
            dir: dir.to_path_buf(),
        }
    }

    fn file(&self) -> PathBuf {
        self.dir.join("outbox.jsonl")
    }

    fn lock(&self, name: &str) -> Result<File> {
        let path = self.dir.join(name);
        OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))
    }

    /// Gives the event the next sequence number and appends it; returns the number.
    pub fn push(&self, make: impl FnOnce(u64) -> Event) -> Result<u64> {
        let lock = self.lock("outbox.lock")?;
        lock.lock().context("cannot lock the outbox")?;
        let seq_path = self.dir.join("seq");
        let last: u64 = std::fs::read_to_string(&seq_path)
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0);
        let event = make(last + 1);
        std::fs::write(&seq_path, event.seq.to_string())
            .with_context(|| format!("cannot write {}", seq_path.display()))?;
        let mut line = serde_json::to_string(&event).context("cannot encode the event")?;
        line.push('\n');
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.file())
            .with_context(|| format!("cannot open {}", self.file().display()))?;
        f.write_all(line.as_bytes())
            .with_context(|| format!("cannot write {}", self.file().display()))?;
        Ok(event.seq)
    }

    /// The right to send, unless another process is sending now.
    pub fn try_send(&self) -> Option<Sending> {
        let lock = self.lock("send.lock").ok()?;
        lock.try_lock().ok()?;
        Some(Sending { _lock: lock })
    }

    /// The oldest events waiting, at most `max`. A line that does not parse (a torn write
    /// after a crash) is skipped rather than blocking every later event.
    pub fn peek(&self, _sending: &Sending, max: usize) -> Vec<Event> {
        let Ok(f) = File::open(self.file()) else {
            return Vec::new();
        };
        BufReader::new(f)
            .lines()
            .map_while(std::result::Result::ok)
            .filter_map(|l| serde_json::from_str(&l).ok())
            .take(max)
            .collect()
    }

    /// Removes the events up to and including `seq` (they are in order), keeping any appended
    /// since they were read.
    pub fn acknowledge(&self, _sending: &Sending, seq: u64) -> Result<()> {
        let lock = self.lock("outbox.lock")?;
        lock.lock().context("cannot lock the outbox")?;
        let text = match std::fs::read_to_string(self.file()) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e).context("cannot read the outbox"),
        };
        let rest: String = text
            .lines()
            .filter(|l| serde_json::from_str::<Event>(l).is_ok_and(|e| e.seq > seq))
            .map(|l| format!("{l}\n"))
            .collect();
        crate::sandbox::marker::write_atomic(&self.file(), rest.as_bytes())
    }

    /// How many events wait.
    pub fn len(&self) -> usize {
        std::fs::read_to_string(self.file())
            .map(|t| t.lines().filter(|l| !l.trim().is_empty()).count())
            .unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
