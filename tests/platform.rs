//! What differs between platforms, seen from outside: paths with spaces and non-ASCII
//! letters, lesson packs with Windows line endings, finding bash, and how the process meets
//! a closed standard output. The tests that need bash or Unix file descriptors say so with
//! `cfg(unix)`; the rest run on every platform.

use crate::common::*;

/// A learner whose home folder has a space and non-ASCII letters: start, solve with git by
/// the reference solution, check, pack with `submit` and grade the archive elsewhere.
#[test]
fn a_sandbox_under_a_path_with_spaces_and_non_ascii_letters_is_judged_the_same() {
    for flavour in FLAVOURS {
        let env = Env::new(flavour);
        let id = "worktree-add";
        let dir = env.path("Jürgen Müller/my kata (1)/worktree add");
        std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
        let out = env.kata(&["start", id, "--dir", path_str(&dir)]);
        assert_eq!(code(&out), 0, "{}", describe(&out));
        let (failing, _) = env.check_json(&dir);
        assert_eq!(failing, 1, "unsolved as built");
        let lesson = lesson(id);
        env.bash_ok(&lesson.lesson.solution, &dir.join(first_repo(&lesson)));
        let (passing, report) = env.check_json(&dir);
        assert_eq!(
            passing, 0,
            "solved by the reference ({flavour:?}): {report:#}"
        );

        let archive = env.path("Jürgen Müller/abgabe ü.tar.gz");
        let out = env.kata(&["submit", "--dir", path_str(&dir), "-o", path_str(&archive)]);
        assert_eq!(code(&out), 0, "{}", describe(&out));
        let out = env.kata(&["grade", "--archive", path_str(&archive)]);
        assert_eq!(
            code(&out),
            0,
            "the archive grades as passed:\n{}",
            describe(&out)
        );
    }
}

/// A lesson pack saved with CRLF line endings (an editor on Windows, or git's
/// `core.autocrlf=true` on checkout) is read, built and judged exactly as the LF original.
#[test]
fn a_lesson_pack_with_crlf_line_endings_judges_as_its_lf_original() {
    let env = Env::new(Flavour::Hostile);
    for id in ["stash-message", "mid-flight-hotfix"] {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("lessons/{id}.yaml")),
        )
        .unwrap();
        let (pack_dir, _) = pack(&env, id, &text.replace('\n', "\r\n"));
        let pack_dir = path_str(&pack_dir);
        let out = env.kata(&["lesson", "validate", pack_dir]);
        assert_eq!(
            code(&out),
            0,
            "the CRLF pack validates:\n{}",
            describe(&out)
        );

        let lf = env.start(id, &format!("{id}-lf"));
        let crlf = env.path(&format!("{id}-crlf"));
        let out = env.kata(&["--lessons", pack_dir, "start", id, "--dir", path_str(&crlf)]);
        assert_eq!(code(&out), 0, "{}", describe(&out));
        let lesson = lesson(id);
        for (name, dir) in [("lf", &lf), ("crlf", &crlf)] {
            let out = env.bash(&lesson.lesson.solution, &dir.join(first_repo(&lesson)));
            assert_eq!(code(&out), 0, "{name}: {}", describe(&out));
        }
        let verdict = |dir: &std::path::Path, lessons: Option<&str>| {
            let mut args = vec![];
            if let Some(l) = lessons {
                args.extend(["--lessons", l]);
            }
            args.extend(["check", "--json", "--dir", path_str(dir)]);
            let out = env.kata(&args);
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            (code(&out), json["objectives"].clone())
        };
        let (lf_code, lf_objectives) = verdict(&lf, None);
        let (crlf_code, crlf_objectives) = verdict(&crlf, Some(pack_dir));
        assert_eq!(lf_code, 0, "{id} solved: {lf_objectives:#}");
        assert_eq!(
            (crlf_code, crlf_objectives),
            (lf_code, lf_objectives),
            "{id}"
        );
    }
}

/// Without bash, a `--script` solution is an error row that says what to install.
#[test]
fn a_missing_bash_is_named_with_what_to_install() {
    let env = Env::new(Flavour::Normal);
    let script = env.path("solution.sh");
    std::fs::write(&script, "git stash push -m 'values'\n").unwrap();
    let missing = env.path("no-such-bash");
    let out = env.kata_with(
        &env.work,
        &["grade", "stash-message", "--script", path_str(&script)],
        |cmd| {
            cmd.env("GIT_KATA_BASH", &missing);
        },
    );
    assert_eq!(code(&out), 3, "ungradable:\n{}", describe(&out));
    assert!(
        stdout(&out).contains("GIT_KATA_BASH names") && stdout(&out).contains("not a file"),
        "{}",
        describe(&out)
    );

    // No bash on PATH at all (Windows would still look in Program Files, so Unix only).
    #[cfg(unix)]
    {
        let empty = env.path("empty-path");
        std::fs::create_dir_all(&empty).unwrap();
        let out = env.kata_with(
            &env.work,
            &["grade", "stash-message", "--script", path_str(&script)],
            |cmd| {
                cmd.env("PATH", &empty);
            },
        );
        assert_eq!(code(&out), 3, "{}", describe(&out));
        assert!(
            stdout(&out).contains("bash was not found"),
            "{}",
            describe(&out)
        );
    }
}

/// `git-kata lesson schema | head -c 10`: the closed pipe ends git-kata as it ends git
/// (SIGPIPE), with nothing on stderr.
#[test]
// SIGPIPE is Unix's (Windows reports a closed pipe as a write error), and only Linux lets the
// test shrink the pipe so that the race below cannot be won by the writer.
#[cfg(target_os = "linux")]
#[allow(unsafe_code, reason = "fcntl(2) shrinks the test's own pipe")]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::os::fd::AsRawFd;
    use std::os::unix::process::ExitStatusExt;
    let env = Env::new(Flavour::Normal);
    let (mut reader, writer) = std::io::pipe().unwrap();
    // A one-page pipe, made before git-kata starts, so that the schema (44 kB) can never be
    // written whole before the reader goes: git-kata is always writing into a closed pipe.
    // SAFETY: F_SETPIPE_SZ on a pipe we own; no memory is involved.
    let size = unsafe { libc::fcntl(reader.as_raw_fd(), libc::F_SETPIPE_SZ, 4096) };
    assert!(size > 0 && size < 44_000, "the pipe holds {size} bytes");
    let mut cmd = env.command(env!("CARGO_BIN_EXE_git-kata"), &env.work);
    cmd.args(["lesson", "schema"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    drop(cmd); // the parent's copy of the write end
    let mut first = [0u8; 10];
    std::io::Read::read_exact(&mut reader, &mut first).unwrap();
    drop(reader);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.signal(), Some(13), "{}", describe(&out));
    assert_eq!(stderr(&out), "", "nothing on stderr: {}", describe(&out));
}

/// Run with standard output closed, `check` must not take the next file it opens for its
/// output: nothing in the sandbox may change (git's status and every file's bytes).
#[test]
#[cfg(unix)] // Closing fd 1 from the caller is a Unix shell's `>&-`.
fn check_with_standard_output_closed_writes_nothing_into_the_sandbox() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("mid-flight-hotfix", "closed");
    let repo = dir.join(first_repo(&lesson("mid-flight-hotfix")));
    let state = || {
        let files = env.bash(
            "find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0 sha1sum",
            &repo,
        );
        let status = env.git(&repo, &["status", "--porcelain"]);
        format!("{}{}{}", fingerprint(&env, &repo), stdout(&files), status)
    };
    let before = state();
    let out = env.bash(
        &format!(
            "'{}' check --dir '{}' >&-; echo \"status=$?\" >&2",
            env!("CARGO_BIN_EXE_git-kata"),
            path_str(&dir)
        ),
        &env.work,
    );
    assert!(!stderr(&out).contains("panicked"), "{}", describe(&out));
    assert_eq!(state(), before, "{}", describe(&out));
}
