//! The session in SQLite: the join code and instructor secret, the learners (their tokens kept
//! only as SHA-256 hashes), and every event. Nothing lives only in memory: a server killed and
//! restarted on the same file carries on with the same code, secret, learners and events.

use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::workshop::{Event, ObjectiveStatus};

pub struct Db {
    conn: Connection,
}

/// A stored event with who sent it and when it arrived.
#[derive(Debug, Clone)]
pub struct Stored {
    pub learner: i64,
    pub received: i64,
    pub event: Event,
}

#[derive(Debug, Clone)]
pub struct Learner {
    pub id: i64,
    pub name: String,
    pub joined: i64,
    pub left: Option<i64>,
}

pub enum Posted {
    /// New events stored, how many were already there, and the newest id stored.
    Stored {
        accepted: usize,
        duplicates: usize,
        last_id: i64,
    },
    /// Every event was already stored: the request is a replay.
    Replay,
}

pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Db {
    pub fn open(path: &Path) -> Result<Db> {
        let conn = Connection::open(path)
            .with_context(|| format!("cannot open the workshop database {}", path.display()))?;
        // WAL with synchronous=NORMAL: a killed server loses no committed event (only a power
        // cut could lose the last few), and bursts of checks do not wait on fsync each.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA busy_timeout = 5000;
             CREATE TABLE IF NOT EXISTS setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE IF NOT EXISTS learner (
                 id INTEGER PRIMARY KEY,
                 name TEXT NOT NULL UNIQUE,
                 token_hash TEXT NOT NULL UNIQUE,
                 joined INTEGER NOT NULL,
                 left_at INTEGER);
             CREATE TABLE IF NOT EXISTS event (
                 id INTEGER PRIMARY KEY,
                 learner INTEGER NOT NULL REFERENCES learner(id),
                 seq INTEGER NOT NULL,
                 at INTEGER NOT NULL,
                 received INTEGER NOT NULL,
                 lesson TEXT NOT NULL,
                 status TEXT NOT NULL,
                 objectives TEXT NOT NULL,
                 mistakes TEXT NOT NULL,
                 hints INTEGER NOT NULL,
                 UNIQUE (learner, seq));",
        )
        .with_context(|| format!("cannot set up the workshop database {}", path.display()))?;
        Ok(Db { conn })
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// The setting, created with `make` the first time.
    pub fn setting_or(&self, key: &str, make: impl FnOnce() -> String) -> Result<String> {
        if let Some(v) = self.setting(key)? {
            return Ok(v);
        }
        let v = make();
        self.set(key, &v)?;
        Ok(v)
    }

    /// A new learner, or `None` when the name is taken by someone still in the workshop.
    pub fn add_learner(&self, name: &str, token: &str, now: i64) -> Result<Option<i64>> {
        let taken: Option<Option<i64>> = self
            .conn
            .query_row("SELECT left_at FROM learner WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        match taken {
            Some(None) => return Ok(None),
            // Someone who left gives their name back; their events stay theirs.
            Some(Some(_)) => {
                self.conn.execute(
                    "UPDATE learner SET name = name || ' (left ' || id || ')' WHERE name = ?1",
                    [name],
                )?;
            }
            None => {}
        }
        self.conn.execute(
            "INSERT INTO learner (name, token_hash, joined) VALUES (?1, ?2, ?3)",
            params![name, hash(token), now],
        )?;
        Ok(Some(self.conn.last_insert_rowid()))
    }

    /// The learner a token belongs to: `Ok(Err(true))` when it was revoked by `leave`.
    pub fn learner_by_token(&self, token: &str) -> Result<std::result::Result<i64, bool>> {
        let row: Option<(i64, Option<i64>)> = self
            .conn
            .query_row(
                "SELECT id, left_at FROM learner WHERE token_hash = ?1",
                [hash(token)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            Some((id, None)) => Ok(id),
            Some((_, Some(_))) => Err(true),
            None => Err(false),
        })
    }

    pub fn leave(&self, learner: i64, now: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE learner SET left_at = ?2 WHERE id = ?1",
            params![learner, now],
        )?;
        Ok(())
    }

    /// Stores a batch in one transaction; an event already stored (same learner and seq) is
    /// counted, not stored again.
    pub fn post(&mut self, learner: i64, events: &[Event], now: i64) -> Result<Posted> {
        let tx = self.conn.transaction()?;
        let mut accepted = 0;
        let mut last_id = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO event
                 (learner, seq, at, received, lesson, status, objectives, mistakes, hints)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for e in events {
                let added = insert.execute(params![
                    learner,
                    e.seq as i64,
                    e.at,
                    now,
                    e.lesson,
                    e.status.as_str(),
                    serde_json::to_string(&e.objectives)?,
                    serde_json::to_string(&e.mistakes)?,
                    e.hints,
                ])?;
                if added > 0 {
                    last_id = tx.last_insert_rowid();
                }
                accepted += added;
            }
        }
        tx.commit()?;
        if accepted == 0 && !events.is_empty() {
            return Ok(Posted::Replay);
        }
        Ok(Posted::Stored {
            accepted,
            duplicates: events.len() - accepted,
            last_id,
        })
    }

    pub fn learners(&self) -> Result<Vec<Learner>> {
        let mut q = self
            .conn
            .prepare_cached("SELECT id, name, joined, left_at FROM learner ORDER BY name")?;
        let rows = q.query_map([], |r| {
            Ok(Learner {
                id: r.get(0)?,
                name: r.get(1)?,
                joined: r.get(2)?,
                left: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Events in the order they happened on each learner's machine; one learner's when given.
    pub fn events(&self, learner: Option<i64>) -> Result<Vec<Stored>> {
        let mut q = self.conn.prepare_cached(
            "SELECT id, learner, received, seq, at, lesson, status, objectives, mistakes, hints
             FROM event WHERE ?1 IS NULL OR learner = ?1 ORDER BY learner, seq",
        )?;
        let rows = q.query_map([learner], |r| {
            let objectives: String = r.get(7)?;
            let mistakes: String = r.get(8)?;
            let status: String = r.get(6)?;
            Ok(Stored {
                learner: r.get(1)?,
                received: r.get(2)?,
                event: Event {
                    seq: r.get::<_, i64>(3)? as u64,
                    at: r.get(4)?,
                    lesson: r.get(5)?,
                    status: serde_json::from_value(serde_json::Value::String(status))
                        .unwrap_or(crate::workshop::Verdict::Error),
                    objectives: serde_json::from_str::<Vec<ObjectiveStatus>>(&objectives)
                        .unwrap_or_default(),
                    mistakes: serde_json::from_str(&mistakes).unwrap_or_default(),
                    hints: r.get(9)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn last_event_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM event", [], |r| r.get(0))?)
    }
}
