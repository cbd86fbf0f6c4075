//! A tmux server of our own for the tests that need a real terminal (quiz keys, menus, shells
//! typing completions): keys go in with `send-keys`, the screen comes back with `capture-pane`.

use std::path::Path;
use std::process::Command;

/// A tmux server of our own, so tests never touch a developer's sessions.
pub struct Tmux {
    socket: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    /// Runs `command` in a 100 by 30 terminal.
    pub fn start(command: &str, cwd: &Path) -> Tmux {
        Tmux::sized(command, cwd, 100, 30)
    }

    /// Runs `command` (a shell command line) in a terminal `cols` wide and `rows` high; the
    /// pane stays open after it ends, showing `EXIT=<code>`.
    pub fn sized(command: &str, cwd: &Path, cols: u16, rows: u16) -> Tmux {
        assert!(
            Command::new("tmux")
                .arg("-V")
                .output()
                .is_ok_and(|o| o.status.success()),
            "tmux is required for the terminal tests (apt-get install tmux); .ci/run installs it"
        );
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("sock");
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                &cols.to_string(),
                "-y",
                &rows.to_string(),
                "-c",
            ])
            .arg(cwd)
            .arg(format!("{command}; echo EXIT=$?; sleep 60"))
            .env_remove("CI")
            .env("TERM", "xterm-256color")
            .status()
            .unwrap();
        assert!(status.success());
        Tmux { socket, _dir: dir }
    }

    pub fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["send-keys", "-t", "0"])
            .args(keys)
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub fn screen(&self) -> String {
        let o = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["capture-pane", "-p", "-t", "0"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Polls the screen until `text` shows (up to 20 s); panics with the screen otherwise.
    pub fn wait_for(&self, text: &str) -> String {
        for _ in 0..400 {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("{text:?} never appeared; the screen:\n{}", self.screen());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .status();
    }
}
