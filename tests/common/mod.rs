//! The harness of the integration tests: the built binary and the real git CLI, run the way a
//! learner runs them, in an environment that shares nothing with the machine's own git setup.
//!
//! Every `Env` owns a temporary directory holding its own HOME (with a gitconfig of one of two
//! flavours) and a work area for sandboxes. Child processes get a cleared environment: PATH,
//! HOME, `GIT_CONFIG_NOSYSTEM=1`, `GIT_CONFIG_GLOBAL` (libgit2 ignores it and reads
//! `$HOME/.gitconfig`, so both name the same file), `NO_COLOR=1`, `LC_ALL=C`, and stdin closed.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use git_kata::lesson::{Catalog, Loaded};

/// Which global git configuration the learner has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// An identity and `init.defaultBranch=main`: a friendly machine.
    Normal,
    /// Everything a global config can do to get in the way: no identity, signing that fails,
    /// hooks that fail, another default branch, CRLF conversion, global ignores, split index...
    Hostile,
}

pub const FLAVOURS: [Flavour; 2] = [Flavour::Normal, Flavour::Hostile];

/// Hooks that git runs during the commands a learner types. Each one fails loudly.
const HOOKS: &[&str] = &[
    "pre-commit",
    "prepare-commit-msg",
    "commit-msg",
    "post-commit",
    "pre-merge-commit",
    "post-merge",
    "post-checkout",
    "post-rewrite",
    "reference-transaction",
    "pre-auto-gc",
    "pre-push",
];

pub struct Env {
    _tmp: tempfile::TempDir,
    /// Canonical path of the temporary directory (for redacting it from output).
    pub root: PathBuf,
    pub home: PathBuf,
    /// Where tests put sandboxes and other directories.
    pub work: PathBuf,
    pub flavour: Flavour,
}

impl Env {
    pub fn new(flavour: Flavour) -> Env {
        let tmp = tempfile::Builder::new()
            .prefix("git-kata-test-")
            .tempdir()
            .expect("a temporary directory");
        let root = tmp.path().canonicalize().expect("a canonical temp path");
        let home = root.join("home");
        let work = root.join("work");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&work).unwrap();
        let config = match flavour {
            Flavour::Normal => NORMAL_CONFIG.to_string(),
            Flavour::Hostile => hostile_config(&home),
        };
        std::fs::write(home.join(".gitconfig"), config).unwrap();
        std::fs::write(home.join("learner-repos.gitconfig"), NORMAL_CONFIG).unwrap();
        Env {
            _tmp: tmp,
            root,
            home,
            work,
            flavour,
        }
    }

    /// A path in the work area (not created).
    pub fn path(&self, name: &str) -> PathBuf {
        self.work.join(name)
    }

    /// A command with the isolated environment and nothing else.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>, cwd: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(cwd)
            .env_clear()
            .env(
                "PATH",
                std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()),
            )
            .env("HOME", &self.home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.join(".gitconfig"))
            .env("NO_COLOR", "1")
            .env("LC_ALL", "C")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs the built binary in the work area.
    pub fn kata(&self, args: &[&str]) -> Output {
        self.kata_in(&self.work, args)
    }

    /// Runs the built binary with `cwd` as the current directory.
    pub fn kata_in(&self, cwd: &Path, args: &[&str]) -> Output {
        self.kata_with(cwd, args, |_| {})
    }

    /// Runs the built binary after `tweak` has adjusted the command (extra variables...).
    pub fn kata_with(&self, cwd: &Path, args: &[&str], tweak: impl FnOnce(&mut Command)) -> Output {
        let mut cmd = self.command(env!("CARGO_BIN_EXE_git-kata"), cwd);
        cmd.args(args);
        tweak(&mut cmd);
        let out = cmd.output().expect("the git-kata binary runs");
        assert_no_panic(&out, &format!("git-kata {}", args.join(" ")));
        out
    }

    /// Runs git and returns its stdout; the test fails if git fails.
    pub fn git(&self, cwd: &Path, args: &[&str]) -> String {
        let out = self.git_output(cwd, args);
        assert!(
            out.status.success(),
            "git {} failed in {}:\n{}",
            args.join(" "),
            cwd.display(),
            describe(&out)
        );
        stdout(&out)
    }

    pub fn git_output(&self, cwd: &Path, args: &[&str]) -> Output {
        self.command("git", cwd)
            .args(args)
            .output()
            .expect("git runs")
    }

    /// Runs `script` with bash (`set -e`) in `cwd`, as a learner would type it.
    pub fn bash(&self, script: &str, cwd: &Path) -> Output {
        self.command("bash", cwd)
            .arg("-c")
            .arg(format!("set -e\n{script}"))
            .output()
            .expect("bash runs")
    }

    /// Runs a learner's script. On the hostile machine, a script that creates repositories of
    /// its own (`git clone`, `git submodule`, `git init`) gets a friendly global config: those
    /// new repositories are the learner's, not the sandbox's, and no sandbox can configure a
    /// repository that does not exist yet. The sandbox itself was still built and is still
    /// checked under the hostile config.
    pub fn learner(&self, script: &str, cwd: &Path) -> Output {
        let creates_repos = ["git clone", "git submodule", "git init"]
            .iter()
            .any(|c| script.contains(c))
            || script.contains("submodule add");
        if self.flavour == Flavour::Hostile && creates_repos {
            return self
                .command("bash", cwd)
                .arg("-c")
                .arg(format!("set -e\n{script}"))
                .env(
                    "GIT_CONFIG_GLOBAL",
                    self.home.join("learner-repos.gitconfig"),
                )
                .output()
                .expect("bash runs");
        }
        self.bash(script, cwd)
    }

    /// Like `bash`, but the test fails if the script does.
    pub fn bash_ok(&self, script: &str, cwd: &Path) -> Output {
        let out = self.bash(script, cwd);
        assert!(
            out.status.success(),
            "this script failed in {}:\n{script}\n{}",
            cwd.display(),
            describe(&out)
        );
        out
    }

    /// `git-kata start LESSON --dir work/NAME`, which must succeed; returns the sandbox path.
    pub fn start(&self, lesson: &str, name: &str) -> PathBuf {
        let dir = self.path(name);
        let out = self.kata(&["start", lesson, "--dir", path_str(&dir)]);
        assert_eq!(
            code(&out),
            0,
            "start {lesson} failed ({:?}):\n{}",
            self.flavour,
            describe(&out)
        );
        dir
    }

    /// Starts `lesson_id` in work/NAME and runs `script` (which must succeed) in its first
    /// repository, as the learner would; returns the sandbox path.
    pub fn played(&self, lesson_id: &str, name: &str, script: &str) -> PathBuf {
        let dir = self.start(lesson_id, name);
        self.bash_ok(script, &dir.join(first_repo(&lesson(lesson_id))));
        dir
    }

    /// `git-kata check --json --dir DIR`: the exit code and the parsed report.
    pub fn check_json(&self, dir: &Path) -> (i32, serde_json::Value) {
        let out = self.kata(&["check", "--json", "--dir", path_str(dir)]);
        let json = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("check --json printed no JSON ({e}):\n{}", describe(&out)));
        (code(&out), json)
    }

    /// Replaces this environment's temporary paths by `[TMP]`, for snapshots.
    pub fn redact(&self, text: &str) -> String {
        text.replace(path_str(&self.root), "[TMP]")
    }
}

const NORMAL_CONFIG: &str = "\
[user]
\tname = Normal Learner
\temail = normal@example.com
[init]
\tdefaultBranch = main
[advice]
\tdetachedHead = false
";

/// A global config that breaks everything a sandbox could inherit from it. Hooks, templates and
/// filter files live in `home`.
fn hostile_config(home: &Path) -> String {
    let hooks = home.join("hooks");
    let template = home.join("template");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::create_dir_all(template.join("hooks")).unwrap();
    std::fs::create_dir_all(template.join("info")).unwrap();
    let failing = "#!/bin/sh\necho \"hostile hook $0 refuses\" >&2\nexit 1\n";
    for hook in HOOKS {
        for dir in [&hooks, &template.join("hooks")] {
            let file = dir.join(hook);
            std::fs::write(&file, failing).unwrap();
            // Git for Windows runs hooks by their #! line; the executable bit is Unix's.
            git_kata::platform::fs::set_executable(&file, true).unwrap();
        }
    }
    // A template that ignores everything: if it were copied in, no file could be staged.
    std::fs::write(template.join("info/exclude"), "*\n").unwrap();
    let excludes = home.join("global-ignore");
    std::fs::write(&excludes, ".env\n*.yaml\n*.txt\n").unwrap();
    let attributes = home.join("global-attributes");
    std::fs::write(&attributes, "* text eol=crlf\n").unwrap();
    format!(
        "\
[init]
\tdefaultBranch = master
\ttemplateDir = {template}
[user]
\tuseConfigOnly = true
[commit]
\tgpgSign = true
\tverbose = true
[tag]
\tgpgSign = true
\tforceSignAnnotated = true
[gpg]
\tprogram = false
[core]
\thooksPath = {hooks}
\tautocrlf = true
\teol = crlf
\texcludesFile = {excludes}
\tattributesFile = {attributes}
\tsplitIndex = true
\tuntrackedCache = true
\tlogAllRefUpdates = false
\teditor = false
\tpager = false
[index]
\tversion = 4
[status]
\tshowUntrackedFiles = no
[feature]
\tmanyFiles = true
[stash]
\tshowIncludeUntracked = true
\tshowPatch = true
[color]
\tui = always
[advice]
\tdetachedHead = true
\tstatusHints = true
[merge]
\tff = false
",
        template = template.display(),
        hooks = hooks.display(),
        excludes = excludes.display(),
        attributes = attributes.display(),
    )
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("test paths are UTF-8")
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("the process exited, not killed")
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit code, stdout and stderr, for assertion messages.
pub fn describe(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        stdout(out),
        stderr(out)
    )
}

/// The contract: never a panic or a backtrace, whatever happens.
pub fn assert_no_panic(out: &Output, what: &str) {
    let err = stderr(out);
    assert!(
        !err.contains("panicked")
            && !err.contains("RUST_BACKTRACE")
            && !err.contains("stack backtrace"),
        "{what} panicked:\n{}",
        describe(out)
    );
    assert_ne!(
        out.status.code(),
        Some(101),
        "{what} exited with Rust's panic code:\n{}",
        describe(out)
    );
}

/// The built-in course, loaded by the library exactly as the binary loads it.
pub fn catalog() -> Catalog {
    Catalog::load(&[]).expect("the built-in lessons load")
}

pub fn lesson(id: &str) -> Loaded {
    catalog()
        .get(id)
        .unwrap_or_else(|| panic!("no built-in lesson {id}"))
        .clone()
}

/// The commands of one of a built-in lesson's mistakes.
pub fn mistake_commands(lesson_id: &str, mistake: &str) -> String {
    lesson(lesson_id)
        .lesson
        .mistakes
        .iter()
        .find(|m| m.id.value == mistake)
        .unwrap_or_else(|| panic!("{lesson_id} has no mistake {mistake}"))
        .commands
        .clone()
}

/// The directory name of a lesson's first repository, where solutions and mistakes run.
pub fn first_repo(lesson: &Loaded) -> String {
    lesson.lesson.repos[0].name.value.clone()
}

/// The id of every mistake `check --json` recognised.
pub fn mistake_ids(report: &serde_json::Value) -> Vec<String> {
    report["mistakes"]
        .as_array()
        .expect("the report has a `mistakes` list")
        .iter()
        .map(|m| m["id"].as_str().expect("a mistake has an id").to_string())
        .collect()
}

/// The objective of a report with this id.
pub fn objective<'r>(report: &'r serde_json::Value, id: &str) -> &'r serde_json::Value {
    report["objectives"]
        .as_array()
        .expect("the report has objectives")
        .iter()
        .find(|o| o["id"] == id)
        .unwrap_or_else(|| panic!("no objective {id} in {report:#}"))
}

/// Every ref and what it points at, stash entries, and every commit reachable: what must be the
/// same whenever a lesson is built.
pub fn fingerprint(env: &Env, repo: &Path) -> String {
    let refs = env.git(repo, &["for-each-ref", "--format=%(refname) %(objectname)"]);
    // A bare repository (a lesson's origin) has no stash, and `git stash` needs a work tree.
    let bare = env.git(repo, &["rev-parse", "--is-bare-repository"]);
    let stashes = if bare.trim() == "true" {
        String::new()
    } else {
        env.git(repo, &["stash", "list", "--format=%H"])
    };
    let log = env.git(repo, &["log", "--all", "--format=%H"]);
    format!("refs:\n{refs}stashes:\n{stashes}commits:\n{log}")
}

/// A small valid lesson; tests of lesson files change one thing in it (`tiny_with`).
pub const TINY: &str = r#"format: 1
id: tiny
title: A tiny lesson
summary: One file, one commit.
brief: |
  Commit a file.
repos:
  - name: tiny-repo
    steps:
      - write: { path: notes.txt, content: "hello\n" }
      - commit: { message: First, all: true }
objectives:
  - id: on-main
    title: main exists
    check: { branch_exists: { branch: main } }
    hints:
      - Look at main.
solution: |
  git status
quiz:
  - id: q1
    prompt: Which?
    choices: [a, b]
    answer: 1
    explanation: Because.
"#;

/// `TINY` with the line holding `find` replaced by `replace` (which may be several lines).
pub fn tiny_with(find: &str, replace: &str) -> String {
    assert_eq!(
        TINY.lines().filter(|l| l.contains(find)).count(),
        1,
        "`{find}` must name exactly one line of the tiny lesson"
    );
    TINY.lines()
        .map(|l| {
            if l.contains(find) {
                replace.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Writes `text` as the only lesson of a fresh pack directory `name` (outside the work area);
/// returns the pack and the file.
pub fn pack(env: &Env, name: &str, text: &str) -> (PathBuf, PathBuf) {
    let dir = env.root.join("packs").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("lesson.yaml");
    std::fs::write(&file, text).unwrap();
    (dir, file)
}
