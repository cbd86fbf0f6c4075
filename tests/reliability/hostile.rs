//! Special files and links where git-kata reads files: a checked path, a lesson pack entry, a
//! graded directory. Nothing waits on a FIFO, nothing reads a device, and nothing from a file
//! outside the sandbox, the pack or the submission reaches any output.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;

/// A file outside every sandbox whose content must never be printed.
const SECRET: &str = "ghp_SECRETTOKEN0123456789";

fn secret_file(env: &Env) -> PathBuf {
    let file = env.root.join("grader-secret.txt");
    std::fs::write(&file, format!("{SECRET}\n")).unwrap();
    file
}

fn assert_no_secret(out: &Output) {
    let all = format!("{}{}", stdout(out), stderr(out));
    assert!(!all.contains(SECRET), "a file from outside leaked:\n{all}");
}

/// mid-flight-hotfix as started, with its checked `deployment.yaml` (a `file` objective in the
/// main working tree) replaced by `make(path)`.
#[cfg(unix)] // symbolic links and FIFOs as Unix makes them
fn with_checked_file(env: &Env, name: &str, make: impl FnOnce(&Path)) -> (PathBuf, PathBuf) {
    let dir = env.start("mid-flight-hotfix", name);
    let repo = dir.join("k8s-fleet-manager");
    let file = repo.join("deployment.yaml");
    std::fs::remove_file(&file).unwrap();
    make(&file);
    (dir, repo)
}

#[cfg(unix)] // symbolic links and FIFOs as Unix makes them
#[test]
fn checked_files_are_regular_files_inside_the_sandbox_or_an_error() {
    let env = Env::new(Flavour::Normal);
    let secret = secret_file(&env);
    let fifo = |f: &Path| {
        let made = std::process::Command::new("mkfifo")
            .arg(f)
            .status()
            .unwrap();
        assert!(made.success());
    };
    type Make = Box<dyn FnOnce(&Path)>;
    let cases: Vec<(&str, Make, &str)> = vec![
        ("fifo", Box::new(fifo), "FIFO"),
        (
            "zero",
            Box::new(|f: &Path| std::os::unix::fs::symlink("/dev/zero", f).unwrap()),
            "leads out of",
        ),
        (
            "outside",
            Box::new(move |f: &Path| std::os::unix::fs::symlink(&secret, f).unwrap()),
            "leads out of",
        ),
    ];
    for (name, make, why) in cases {
        let (dir, repo) = with_checked_file(&env, name, make);
        let check = kata_bounded(&env, &repo, &["check", "--json"]);
        assert_no_secret(&check);
        let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        assert_eq!(report["status"], "error", "{name}: {}", describe(&check));
        assert!(report.to_string().contains(why), "{name}: {report}");
        for args in [&["status"][..], &["hint"], &["check"]] {
            assert_no_secret(&kata_bounded(&env, &repo, args));
        }
        let graded = kata_bounded(&env, &env.work, &["grade", "--dir", path_str(&dir)]);
        assert_no_secret(&graded);
        assert_eq!(code(&graded), 3, "{name}: {}", describe(&graded));
    }
}

#[cfg(unix)] // symbolic links as Unix makes them
#[test]
fn a_graded_directory_with_a_link_out_is_refused_and_names_the_link_only() {
    let env = Env::new(Flavour::Normal);
    let secret = secret_file(&env);
    // The link sits where no objective looks: grading refuses it all the same.
    let dir = env.start("mid-flight-hotfix", "alice");
    let link = dir.join("k8s-fleet-manager/notes.txt");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    for format in ["text", "json", "junit", "csv"] {
        let graded = kata_bounded(
            &env,
            &env.work,
            &["grade", "--dir", path_str(&dir), "--format", format],
        );
        assert_eq!(code(&graded), 3, "{format}: {}", describe(&graded));
        assert_no_secret(&graded);
        assert!(
            !stdout(&graded).contains("grader-secret"),
            "{format}: the target is named:\n{}",
            stdout(&graded)
        );
        assert!(
            stdout(&graded).contains("notes.txt"),
            "{}",
            describe(&graded)
        );
    }
}

#[cfg(unix)] // FIFOs and symbolic links as Unix makes them
#[test]
fn lesson_packs_read_only_regular_files_and_quote_nothing_from_outside() {
    let env = Env::new(Flavour::Normal);
    let secret = secret_file(&env);
    let (dir, file) = pack(&env, "hostile", TINY);
    std::fs::remove_file(&file).unwrap();
    let fifo = dir.join("a-fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let out = kata_bounded(&env, &env.work, &["--lessons", path_str(&dir), "list"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(stderr(&out).contains("FIFO"), "{}", describe(&out));

    std::fs::remove_file(&fifo).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.yaml")).unwrap();
    let out = kata_bounded(&env, &env.work, &["lesson", "validate", path_str(&dir)]);
    assert_eq!(code(&out), 2, "{}", describe(&out));

    std::fs::remove_file(dir.join("zero.yaml")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("secret.yaml")).unwrap();
    for args in [
        &["--lessons", path_str(&dir), "list"][..],
        &["lesson", "validate", path_str(&dir)],
    ] {
        let out = kata_bounded(&env, &env.work, args);
        assert_eq!(code(&out), 2, "{}", describe(&out));
        assert_no_secret(&out);
        assert!(stderr(&out).contains("leads out of"), "{}", describe(&out));
    }
}

/// Processes whose command line is exactly `sleep SECONDS`.
#[cfg(target_os = "linux")]
fn sleepers(seconds: &str) -> usize {
    let want = format!("sleep\0{seconds}\0");
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| std::fs::read(e.path().join("cmdline")).is_ok_and(|c| c == want.as_bytes()))
        .count()
}

#[cfg(target_os = "linux")] // /proc lists the processes left behind
#[test]
fn lesson_validate_leaves_no_process_of_the_lesson_running() {
    let env = Env::new(Flavour::Normal);
    let text = tiny_with(
        "  git status",
        "  git status\n  sleep 313 &\n  sleep 313 & disown",
    );
    let (dir, _) = pack(&env, "background", &text);
    assert_eq!(
        sleepers("313"),
        0,
        "a sleep 313 was running before the test"
    );
    let out = kata_bounded(&env, &env.work, &["lesson", "validate", path_str(&dir)]);
    assert_no_panic(&out, "lesson validate");
    // The proof may pass or fail; what it started must be gone either way.
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        sleepers("313"),
        0,
        "lesson validate left its processes:\n{}",
        describe(&out)
    );
}

/// Found by the `checker` fuzz target: a config key written without `=` (a boolean `true` to
/// git, an error for a path key) made git2 panic where git-kata read its value.
#[test]
fn a_config_key_without_a_value_never_panics() {
    let env = Env::new(Flavour::Normal);
    let dir = env.start("stash-message", "valueless");
    let repo = dir.join("payments-api");
    let config = repo.join(".git/config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("[core]\n\texcludesfile\n\tattributesfile\n");
    std::fs::write(&config, text).unwrap();
    for args in [&["check", "--json"][..], &["status"], &["hint"]] {
        // kata_bounded fails the test on any panic.
        kata_bounded(&env, &repo, args);
    }
}
