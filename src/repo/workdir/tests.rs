//! The hand comparison against libgit2's diff, its oracle: every plain working tree must give
//! the same paths, and everything the hand comparison does not model must be handed over.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::*;

/// An empty repository with the sandbox's ignore and attribute settings.
fn plain_repo() -> (tempfile::TempDir, Repository) {
    let dir = tempfile::tempdir().unwrap();
    let r = Repository::init(dir.path()).unwrap();
    let mut config = r.config().unwrap();
    config.set_str("core.excludesFile", "/dev/null").unwrap();
    config.set_str("core.attributesFile", "/dev/null").unwrap();
    (dir, r)
}

/// Writes `content` to `path`, dated `when`.
fn write_dated(path: &Path, content: &str, when: SystemTime) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(when)
        .unwrap();
}

/// Stages the whole working tree and writes the index.
fn stage_all(r: &Repository) {
    let mut index = r.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
}

/// A repository whose index holds `files` (path, content), every file last modified an hour
/// before the index was written, so that stat data decides.
fn repo_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Repository) {
    let (dir, r) = plain_repo();
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for (path, content) in files {
        write_dated(&dir.path().join(path), content, an_hour_ago);
    }
    stage_all(&r);
    (dir, r)
}

fn strings(paths: BTreeSet<Vec<u8>>) -> Vec<String> {
    paths
        .into_iter()
        .map(|p| String::from_utf8_lossy(&p).into_owned())
        .collect()
}

/// The hand comparison's answer, which must exist and agree with libgit2's.
fn compared(r: &Repository) -> Vec<String> {
    let index = r.index().unwrap();
    let by_hand = plain::changes(r, &index)
        .unwrap()
        .expect("a plain working tree is compared by hand");
    let oracle = by_libgit2(r, &index).unwrap();
    assert_eq!(strings(by_hand.clone()), strings(oracle), "hand vs libgit2");
    strings(by_hand)
}

fn handed_over(r: &Repository) -> bool {
    plain::changes(r, &r.index().unwrap()).unwrap().is_none()
}

const FILES: &[(&str, &str)] = &[
    ("deployment.yaml", "image: fleet-api:v1.0.0\n"),
    ("k8s/service.yaml", "port: 80\n"),
    ("k8s/deep/config.txt", "v1\n"),
    ("run.sh", "echo hi\n"),
];

type Edit = (&'static str, fn(&Path), &'static [&'static str]);

/// Edits of a working tree holding `FILES`, and the paths each leaves changed.
const EDITS: &[Edit] = &[
    ("untouched", |_| {}, &[]),
    (
        "same size, new content",
        |d| fs::write(d.join("deployment.yaml"), "image: fleet-api:v1.0.1\n").unwrap(),
        &["deployment.yaml"],
    ),
    (
        "rewritten with the same content",
        |d| fs::write(d.join("k8s/service.yaml"), "port: 80\n").unwrap(),
        &[],
    ),
    (
        "longer",
        |d| fs::write(d.join("k8s/deep/config.txt"), "v2, longer\n").unwrap(),
        &["k8s/deep/config.txt"],
    ),
    (
        "made executable",
        |d| fs::set_permissions(d.join("run.sh"), fs::Permissions::from_mode(0o755)).unwrap(),
        &["run.sh"],
    ),
    (
        "deleted",
        |d| fs::remove_file(d.join("k8s/service.yaml")).unwrap(),
        &["k8s/service.yaml"],
    ),
    (
        "untracked, nested and empty directories",
        |d| {
            fs::write(d.join(".env"), "SECRET=1\n").unwrap();
            fs::create_dir_all(d.join("new/deeper")).unwrap();
            fs::write(d.join("new/deeper/file"), "x").unwrap();
            fs::create_dir_all(d.join("empty/dir")).unwrap();
        },
        &[".env", "new/deeper/file"],
    ),
    (
        "a file became a directory",
        |d| {
            fs::remove_file(d.join("run.sh")).unwrap();
            fs::create_dir(d.join("run.sh")).unwrap();
            fs::write(d.join("run.sh/inner"), "x").unwrap();
        },
        &["run.sh", "run.sh/inner"],
    ),
    (
        "a directory became a file",
        |d| {
            fs::remove_dir_all(d.join("k8s/deep")).unwrap();
            fs::write(d.join("k8s/deep"), "x").unwrap();
        },
        &["k8s/deep", "k8s/deep/config.txt"],
    ),
    (
        "a file became a symbolic link",
        |d| {
            fs::remove_file(d.join("deployment.yaml")).unwrap();
            symlink("k8s/service.yaml", d.join("deployment.yaml")).unwrap();
        },
        &["deployment.yaml"],
    ),
    (
        "a non-UTF-8 name",
        |d| {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
            fs::write(d.join(name), "x").unwrap();
        },
        &["caf\u{fffd}.txt"],
    ),
];

#[test]
fn plain_working_trees_agree_with_libgit2() {
    for (what, edit, expected) in EDITS {
        let (dir, r) = repo_with(FILES);
        edit(dir.path());
        assert_eq!(compared(&r), *expected, "{what}");
    }
}

/// git itself, with no user or system config (its HOME is inside `.git`, out of the work tree).
fn git(dir: &Path, args: &[&str]) -> Vec<u8> {
    let home = dir.join(".git/test-home");
    fs::create_dir_all(&home).unwrap();
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    out.stdout
}

#[test]
fn an_index_written_by_git_gives_the_paths_git_reports() {
    for (what, edit, expected) in EDITS {
        let (dir, r) = plain_repo();
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        for (path, content) in FILES {
            write_dated(&dir.path().join(path), content, an_hour_ago);
        }
        git(dir.path(), &["add", "-A"]);
        edit(dir.path());
        let by_hand = plain::changes(&r, &r.index().unwrap())
            .unwrap()
            .expect("a plain working tree is compared by hand");
        // git's own answer: tracked paths whose working copy differs, then untracked files.
        let mut by_git = BTreeSet::new();
        for listing in [
            git(dir.path(), &["diff", "--name-only", "-z"]),
            git(
                dir.path(),
                &["ls-files", "--others", "--exclude-standard", "-z"],
            ),
        ] {
            by_git.extend(
                listing
                    .split(|b| *b == 0)
                    .filter(|p| !p.is_empty())
                    .map(<[u8]>::to_vec),
            );
        }
        assert_eq!(strings(by_hand.clone()), strings(by_git), "{what}");
        assert_eq!(strings(by_hand), *expected, "{what}");
    }
}

#[test]
fn tracked_symbolic_links_and_racy_entries_agree_with_libgit2() {
    // a.txt dated after the index (a racy entry): its content decides, not its stat data.
    let (dir, r) = plain_repo();
    let in_an_hour = SystemTime::now() + Duration::from_secs(3600);
    write_dated(&dir.path().join("a.txt"), "a\n", in_an_hour);
    symlink("a.txt", dir.path().join("link")).unwrap();
    stage_all(&r);
    assert_eq!(compared(&r), Vec::<String>::new());
    fs::remove_file(dir.path().join("link")).unwrap();
    symlink("elsewhere", dir.path().join("link")).unwrap();
    assert_eq!(compared(&r), ["link"]);
    fs::remove_file(dir.path().join("link")).unwrap();
    fs::write(dir.path().join("link"), "a.txt").unwrap();
    assert_eq!(compared(&r), ["link"]);
}

#[test]
fn without_core_filemode_the_executable_bit_is_not_a_change() {
    let (dir, r) = repo_with(FILES);
    r.config()
        .unwrap()
        .set_bool("core.filemode", false)
        .unwrap();
    fs::set_permissions(dir.path().join("run.sh"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(compared(&r), Vec::<String>::new());
}

#[test]
fn what_the_hand_comparison_does_not_model_goes_to_libgit2() {
    type Change = fn(&Path, &Repository);
    let cases: &[(&str, Change)] = &[
        ("an ignore file", |d, _| {
            fs::write(d.join(".gitignore"), "*.log\n").unwrap();
        }),
        ("a nested attributes file", |d, _| {
            fs::write(d.join("k8s/.gitattributes"), "* text=auto\n").unwrap();
        }),
        ("a nested repository", |d, _| {
            Repository::init(d.join("vendor/lib")).unwrap();
        }),
        ("rules in info/exclude", |d, _| {
            fs::write(d.join(".git/info/exclude"), "# local\n.env\n").unwrap();
        }),
        ("an indented `#`, a pattern to git", |d, _| {
            fs::write(d.join(".git/info/exclude"), "  #notes\n").unwrap();
        }),
        ("line-ending conversion", |_, r| {
            r.config().unwrap().set_bool("core.autocrlf", true).unwrap();
        }),
        ("case-insensitive paths", |_, r| {
            r.config()
                .unwrap()
                .set_bool("core.ignorecase", true)
                .unwrap();
        }),
        ("a global ignore file", |_, r| {
            r.config()
                .unwrap()
                .set_str("core.excludesFile", "/etc/ignores")
                .unwrap();
        }),
        ("a conflict", |_, r| {
            let mut index = r.index().unwrap();
            let id = r.blob(b"theirs").unwrap();
            let entry = crate::repo::status::test_index_entry(id, "deployment.yaml", 0o100644, 3);
            index.add(&entry).unwrap();
            index.write().unwrap();
        }),
        ("a submodule", |_, r| {
            let mut index = r.index().unwrap();
            let id = git2::Oid::from_str("0123456789012345678901234567890123456789").unwrap();
            let entry = crate::repo::status::test_index_entry(id, "sub", 0o160000, 0);
            index.add(&entry).unwrap();
            index.write().unwrap();
        }),
    ];
    for (what, change) in cases {
        let (dir, r) = repo_with(FILES);
        fs::create_dir_all(dir.path().join(".git/info")).unwrap();
        change(dir.path(), &r);
        assert!(handed_over(&r), "{what} should go to libgit2");
    }
    // Comments and blank lines alone in info/exclude change nothing: git's own template
    // writes such a file.
    let (dir, r) = repo_with(FILES);
    fs::create_dir_all(dir.path().join(".git/info")).unwrap();
    fs::write(
        dir.path().join(".git/info/exclude"),
        "# git ls-files --others\n   \n\n",
    )
    .unwrap();
    assert_eq!(compared(&r), Vec::<String>::new());
}
