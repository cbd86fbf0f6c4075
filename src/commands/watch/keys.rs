//! Single keys from the terminal without Enter, with a timeout, and the screen set-up that
//! `watch` needs, all undone on drop (also when leaving through an error or a panic).
//!
//! crossterm reads keys the same way on Unix terminals and the Windows console, with a
//! timeout (console's `read_key` has none, so it would need a thread that can be left stuck
//! in raw mode when we quit). Raw mode also turns off output processing on Unix, so the
//! screen is drawn with `\r\n`.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

/// What the learner pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    /// Ctrl-C or Ctrl-D: leave, as a learner expects.
    Interrupt,
    /// The terminal went away.
    Closed,
    /// Anything else (arrows, function keys).
    Other,
}

/// The terminal in "one key at a time, no echo" mode, on the alternate screen, cursor hidden.
pub struct Terminal {
    _private: (),
}

impl Terminal {
    pub fn enter() -> io::Result<Terminal> {
        crossterm::terminal::enable_raw_mode()?;
        let term = Terminal { _private: () };
        // Alternate screen and hidden cursor: quitting gives the learner's terminal back as it was.
        let mut out = io::stdout();
        out.write_all(b"\x1b[?1049h\x1b[?25l")?;
        out.flush()?;
        Ok(term)
    }

    /// Waits up to `timeout` for a key.
    pub fn key(&self, timeout: Duration) -> io::Result<Option<Key>> {
        match event::poll(timeout) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(err) if err.kind() == io::ErrorKind::Interrupted => return Ok(None),
            Err(_) => return Ok(Some(Key::Closed)),
        }
        let event = match event::read() {
            Ok(event) => event,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => return Ok(None),
            Err(_) => return Ok(Some(Key::Closed)),
        };
        let Event::Key(key) = event else {
            // Resizes and focus changes: the next round redraws at the new size.
            return Ok(None);
        };
        // Windows reports releases too; a key counts once, when pressed.
        if key.kind == KeyEventKind::Release {
            return Ok(None);
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        Ok(Some(match key.code {
            KeyCode::Char('c' | 'd') if ctrl => Key::Interrupt,
            KeyCode::Char(c) if !ctrl && c.is_ascii_graphic() => Key::Char(c),
            _ => Key::Other,
        }))
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let mut out = io::stdout();
        let _ = out.write_all(b"\x1b[?25h\x1b[?1049l");
        let _ = out.flush();
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// The terminal's size as (rows, columns), if stdout is one.
pub fn size() -> Option<(usize, usize)> {
    console::Term::stdout()
        .size_checked()
        .map(|(rows, cols)| (rows as usize, cols as usize))
}
