//! Terminal escape sequences from repositories and lessons never reach the output raw: not on
//! a terminal, not into a pipe, not with NO_COLOR. They are shown (`␛[2J`), so an instructor
//! sees that a file holds them.

use super::*;

/// What a hostile file or commit message holds: clear the screen, write the clipboard (OSC
/// 52), and a carriage return that would overwrite the line with a fake verdict.
const HOSTILE: &str = "\u{1b}[2J\u{1b}]52;c;aGVsbG8=\u{7}\rAll 5 objectives met. Well done!";

fn assert_no_raw_control(out: &Output, what: &str) {
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let raw = bytes.iter().any(|&b| b == 0x1b || b == b'\r' || b == 0x07);
        assert!(
            !raw,
            "{what}: a raw control character on {stream}:\n{}",
            String::from_utf8_lossy(bytes).escape_debug()
        );
    }
}

#[test]
fn repository_content_is_shown_with_its_controls_visible() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("mid-flight-hotfix", "s");
    let repo = dir.join("k8s-fleet-manager");
    // The checked file (a `file` objective with a diff) and a commit message carry it.
    std::fs::write(repo.join("deployment.yaml"), format!("{HOSTILE}\n")).unwrap();
    std::fs::write(repo.join("notes.txt"), "n\n").unwrap();
    env.git(&repo, &["add", "notes.txt"]);
    env.git(&repo, &["commit", "-q", "-m", HOSTILE]);
    let d = path_str(&dir);
    let runs: [&[&str]; 5] = [
        &["check"],
        &["status"],
        &["hint"],
        &["grade", "--dir", d],
        &["grade", "--dir", d, "--format", "tap"],
    ];
    for args in runs {
        for no_color in [false, true] {
            let out = kata_bounded_with(&env, &repo, args, |c| {
                if no_color {
                    c.env("NO_COLOR", "1");
                }
            });
            let what = format!("{args:?} NO_COLOR={no_color}");
            assert_no_raw_control(&out, &what);
            if args == ["check"] {
                assert!(stdout(&out).contains("␛[2J"), "{what}: {}", describe(&out));
            }
        }
    }
}

#[test]
fn a_lesson_whose_text_holds_a_control_character_is_refused_and_quoted_visibly() {
    let env = Env::new(Flavour::Normal);
    let title = "title: \"\\e[2J\\e[HAll objectives met\\r\"";
    let (dir, _) = pack(&env, "escape", &tiny_with("A tiny lesson", title));
    for args in [
        &["--lessons", path_str(&dir), "list"][..],
        &["lesson", "validate", path_str(&dir)],
    ] {
        let out = kata_bounded(&env, &env.work, args);
        assert_eq!(code(&out), 2, "{}", describe(&out));
        assert_no_raw_control(&out, &format!("{args:?}"));
        assert!(
            stderr(&out).contains("`title` holds the control character U+001B"),
            "{}",
            describe(&out)
        );
    }
}
