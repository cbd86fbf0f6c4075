//! Narrow terminals: `status`, `check` and `watch` drawn for 40, 80 and 120 columns, pinned
//! with snapshots, every line within the width (diff lines of a file's content excepted: they
//! are code), and `check` in a real 40-column terminal, where nothing is cut or wrapped by
//! the terminal itself.

use std::path::Path;
use std::time::Duration;

use git_kata::check::{self, overview};
use git_kata::lesson::{Catalog, Loaded};
use git_kata::render::style::Paint;
use git_kata::render::{status, watch};
use git_kata::sandbox::{self, Sandbox};
use git_kata::script::{Isolation, Outcome};

use crate::common::*;
use crate::support::Tmux;

const WIDTHS: [usize; 3] = [40, 80, 120];

/// The hotfix lesson half done the wrong way: a linked worktree with a long branch name, a
/// stash in the feature directory (a recognised mistake) and a wrong image.
const HALF_DONE: &str = "git stash push -q -m 'feature edits, parked while I ship the hotfix'\n\
    git worktree add -q -b hotfix/image-patch ../fleet-manager-hotfix main";

fn built(id: &str, script: &str, tmp: &Path) -> (Loaded, Sandbox) {
    let catalog = Catalog::load(&[]).expect("the built-in lessons load");
    let lesson = catalog.find(id).expect("a built-in lesson").clone();
    let sb = sandbox::create(&lesson, &tmp.join("sandbox")).expect("the sandbox builds");
    let iso = Isolation::new().expect("an isolated HOME");
    let run = iso
        .bash(
            script,
            &sb.repo_dir(&lesson.lesson.repos[0].name.value),
            Duration::from_secs(60),
        )
        .expect("bash runs");
    assert_eq!(run.outcome, Outcome::Exited(0), "{}", run.output);
    (lesson, sb)
}

fn assert_fits(text: &str, width: usize, what: &str) {
    for line in text.lines() {
        let code = ["      -", "      +", "       ", "      @@"]
            .iter()
            .any(|p| line.starts_with(p));
        assert!(
            code || console::measure_text_width(line) <= width,
            "{what}: a line is wider than {width} columns:\n{line}\n\n{text}"
        );
    }
}

fn settings(tmp: &Path) -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.add_filter(&regex_lite::escape(&tmp.display().to_string()), "[tmp]");
    s.add_filter(r"\b[0-9a-f]{7}\b", "[sha]");
    s.set_prepend_module_to_snapshot(false);
    s
}

#[test]
fn status_fits_40_80_and_120_columns_and_cuts_no_name() {
    let tmp = tempfile::tempdir().unwrap();
    let (lesson, sb) = built("mid-flight-hotfix", HALF_DONE, tmp.path());
    let picture = overview::gather(&sb, &lesson.lesson);
    for width in WIDTHS {
        let shown = status::render(&picture, width, Paint::plain());
        assert_fits(&shown, width, "status");
        assert!(!shown.contains("..."), "nothing cut at {width}:\n{shown}");
        for name in ["feature/reliability-upgrade", "hotfix/image-patch"] {
            assert!(shown.contains(name), "{name} whole at {width}:\n{shown}");
        }
        settings(tmp.path())
            .bind(|| insta::assert_snapshot!(format!("narrow_status_{width}"), shown));
    }
}

#[test]
fn status_shows_submodules_and_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let lesson = lesson("feature-submodule");
    let (lesson, sb) = built("feature-submodule", &lesson.lesson.solution, tmp.path());
    let picture = overview::gather(&sb, &lesson.lesson);
    for width in WIDTHS {
        let shown = status::render(&picture, width, Paint::plain());
        assert_fits(&shown, width, "status");
        assert!(
            shown.contains("Submodules\n  services/feature-a\n    pinned at "),
            "{shown}"
        );
        assert!(shown.contains("Tags\n  v0.1.0"), "{shown}");
        settings(tmp.path())
            .bind(|| insta::assert_snapshot!(format!("narrow_submodule_{width}"), shown));
    }
}

#[test]
fn check_wraps_to_the_width_it_is_given() {
    let env = Env::new(Flavour::Normal);
    let dir = env.played("mid-flight-hotfix", "hotfix", HALF_DONE);
    let repo = dir.join("k8s-fleet-manager");
    for width in WIDTHS {
        let out = env.kata_with(&repo, &["check"], |c| {
            c.env("COLUMNS", width.to_string());
        });
        assert_eq!(code(&out), 1, "{}", describe(&out));
        let text = env.redact(&stdout(&out));
        assert_fits(&text, width, "check");
        assert!(
            text.contains("Recognised mistake (stash-and-switch)"),
            "{text}"
        );
        settings(&env.root).bind(|| insta::assert_snapshot!(format!("narrow_check_{width}"), text));
    }
    // A pipe with no COLUMNS gets the lines as they are: scripts parse them.
    let piped = stdout(&env.kata_in(&repo, &["check"]));
    assert!(
        piped.contains("  ✗ hotfix/image-patch starts at main and is one commit ahead of it\n")
            || piped.contains("hotfix/image-patch starts at main"),
        "{piped}"
    );
}

#[test]
fn watch_screens_fit_40_80_and_120_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let (lesson, sb) = built("mid-flight-hotfix", HALF_DONE, tmp.path());
    let report = check::check(&sb, &lesson.lesson);
    let picture = overview::gather(&sb, &lesson.lesson);
    let next = watch::Next::Unknown;
    for width in WIDTHS {
        let screen = watch::Screen {
            report: &report,
            title: &lesson.lesson.title,
            overview: &picture,
            hint: Some(
                "Hint 1 of 3 for \"hotfix/image-patch starts at main\": a linked worktree can get a new branch as it is created, with -b.",
            ),
            next: &next,
            mode: "Watching for changes.",
            notice: None,
        };
        let lines = watch::render(&screen, 200, width, Paint::plain()).join("\n");
        // The screen is padded to its 200 rows so that the keys stay at the bottom.
        let lines = regex_lite::Regex::new("\n{3,}")
            .unwrap()
            .replace_all(&lines, "\n\n(blank rows)\n\n")
            .into_owned();
        assert_fits(&lines, width, "watch");
        settings(tmp.path())
            .bind(|| insta::assert_snapshot!(format!("narrow_watch_{width}"), lines));
    }
}

/// In a real terminal 40 columns wide: every objective's title starts its own line with its
/// mark and continues indented, so the terminal never has to wrap a line itself.
#[cfg(unix)] // needs tmux
#[test]
fn check_in_a_40_column_terminal() {
    let env = Env::new(Flavour::Normal);
    let dir = env.played("mid-flight-hotfix", "hotfix", HALF_DONE);
    let repo = dir.join("k8s-fleet-manager");
    let cmd = format!(
        "env -u COLUMNS HOME={} {} check",
        env.home.display(),
        env!("CARGO_BIN_EXE_git-kata")
    );
    let tmux = Tmux::sized(&cmd, &repo, 40, 100);
    let screen = tmux.wait_for("EXIT=");
    assert!(screen.contains("EXIT=1"), "{screen}");
    assert!(
        screen.contains("  ✗ hotfix/image-patch starts at main\n    and is one commit ahead of it"),
        "{screen}"
    );
    // The terminal wrapped nothing itself: the screen is line for line what check prints for
    // 40 columns, which the test above holds within 40.
    let ours = env.kata_with(&repo, &["check"], |c| {
        c.env("COLUMNS", "40");
    });
    let shown: Vec<&str> = screen
        .lines()
        .map(str::trim_end)
        .take_while(|l| !l.starts_with("EXIT="))
        .collect();
    let ours = stdout(&ours);
    let expected: Vec<&str> = ours.lines().map(str::trim_end).collect();
    assert_eq!(shown, expected);
}
