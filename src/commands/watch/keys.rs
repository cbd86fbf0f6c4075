//! Single keys from the terminal without Enter, with a timeout, and the screen set-up that
//! `watch` needs, all undone on drop (also when leaving through an error or a panic).
//!
//! Raw input is done with termios directly (libc is already a dependency): console's
//! `read_key` blocks without a timeout, so it would need a thread that can be stuck in raw mode
//! when we quit. Output processing (OPOST) stays on, so `\n` still starts a new line.

use std::io::{self, Write};
use std::os::fd::AsRawFd;
use std::time::Duration;

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
    fd: i32,
    original: libc::termios,
}

impl Terminal {
    pub fn enter() -> io::Result<Terminal> {
        let fd = io::stdin().as_raw_fd();
        // SAFETY: termios is plain data; tcgetattr fills it or fails.
        let mut original: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut original) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let mut raw = original;
        // No line editing, no echo, and Ctrl-C arrives as a key so that we can restore the
        // terminal before leaving.
        raw.c_lflag &= !(libc::ICANON | libc::ECHO | libc::ISIG | libc::IEXTEN);
        raw.c_iflag &= !(libc::IXON | libc::ICRNL);
        raw.c_cc[libc::VMIN] = 1;
        raw.c_cc[libc::VTIME] = 0;
        // SAFETY: fd is stdin and raw a valid termios.
        if unsafe { libc::tcsetattr(fd, libc::TCSANOW, &raw) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let term = Terminal { fd, original };
        // Alternate screen and hidden cursor: quitting gives the learner's terminal back as it was.
        let mut out = io::stdout();
        out.write_all(b"\x1b[?1049h\x1b[?25l")?;
        out.flush()?;
        Ok(term)
    }

    /// Waits up to `timeout` for a key.
    pub fn key(&self, timeout: Duration) -> io::Result<Option<Key>> {
        let mut pfd = libc::pollfd {
            fd: self.fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
        // SAFETY: one valid pollfd.
        let ready = unsafe { libc::poll(&mut pfd, 1, ms) };
        if ready < 0 {
            let err = io::Error::last_os_error();
            return if err.kind() == io::ErrorKind::Interrupted {
                Ok(None)
            } else {
                Err(err)
            };
        }
        if ready == 0 {
            return Ok(None);
        }
        if pfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
            && pfd.revents & libc::POLLIN == 0
        {
            return Ok(Some(Key::Closed));
        }
        // An escape sequence arrives in one go; reading it whole keeps its tail from being
        // taken for keys.
        let mut buf = [0u8; 32];
        // SAFETY: buf is writable for its length.
        let n = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
        Ok(Some(match n {
            n if n < 0 => {
                let err = io::Error::last_os_error();
                if err.kind() == io::ErrorKind::Interrupted {
                    return Ok(None);
                }
                return Err(err);
            }
            0 => Key::Closed,
            1 => match buf[0] {
                3 | 4 => Key::Interrupt,
                b if b.is_ascii_graphic() => Key::Char(b as char),
                _ => Key::Other,
            },
            _ => Key::Other,
        }))
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let mut out = io::stdout();
        let _ = out.write_all(b"\x1b[?25h\x1b[?1049l");
        let _ = out.flush();
        // SAFETY: restoring the settings read in `enter`.
        unsafe {
            libc::tcsetattr(self.fd, libc::TCSANOW, &self.original);
        }
    }
}

/// The terminal's size as (rows, columns), if stdout is one.
pub fn size() -> Option<(usize, usize)> {
    console::Term::stdout()
        .size_checked()
        .map(|(rows, cols)| (rows as usize, cols as usize))
}
