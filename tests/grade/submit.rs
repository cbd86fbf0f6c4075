//! `submit` and `grade --archive` agree: whatever `submit` writes, `grade` reads; what `grade`
//! would refuse, `submit` refuses up-front, naming the path and why, and writes nothing; and a
//! refused archive that `submit` did make is never called "not made by `git-kata submit`".

use std::path::{Path, PathBuf};
use std::process::Output;

use super::{catalog, json, only, play, status, verdict};
use crate::support::{User, repo_root, stderr};

fn submit(user: &User, dir: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["submit", "--dir", dir.to_str().unwrap()];
    args.extend(["-o", out.to_str().unwrap()]);
    args.extend(extra);
    user.kata(&args, &repo_root())
}

/// A learner's stash-message sandbox at WORK/sb, as built.
fn started(user: &User, work: &Path) -> PathBuf {
    let dir = work.join("sb");
    play(user, catalog().get("stash-message").unwrap(), &dir, "");
    dir
}

fn grade(user: &User, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["grade"];
    all.extend(args);
    all.extend(["--format", "json"]);
    json(&user.kata(&all, &repo_root()))
}

/// Everything a learner can leave in a working tree that the archive format has a limit or a
/// special case for: names past tar's 100 bytes, non-ASCII names (and on Linux, names that are
/// not UTF-8), links inside the sandbox with long targets and through other links, a nested
/// repository of the learner's own, empty directories, an executable, a sparse 8 MiB file.
/// Its archive grades as the sandbox does in place.
#[cfg(unix)] // symbolic links and the executable bit as a learner on Unix makes them
#[test]
fn what_submit_packs_grade_unpacks_and_grades_as_in_place() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let cat = catalog();
    let lesson = cat.get("stash-message").unwrap();
    let dir = work.path().join("sb");
    let long = format!("{}/{}", "a".repeat(200), "b".repeat(200));
    let mut script = format!(
        "{solution}\
         mkdir -p {long} && echo deep > {long}/{c}.txt\n\
         ln -s {long}/{c}.txt long-link\n\
         mkdir -p 'dir é/日本' && echo ü > 'dir é/日本/ünï cödé.txt'\n\
         mkdir d && ln -s .. d/up && ln -s d/up/Chart.yaml chained\n\
         mkdir inner && git -C inner init -q && echo x > inner/f && git -C inner add f\n\
         git -C inner -c user.name=L -c user.email=l@x commit -q -m inner\n\
         mkdir -p empty/deeper\n\
         printf '#!/bin/sh\\n' > run.sh && chmod +x run.sh\n\
         truncate -s 8M sparse.bin\n",
        solution = lesson.lesson.solution,
        c = "c".repeat(250),
    );
    if cfg!(target_os = "linux") {
        script.push_str("touch \"$(printf 'raw\\377name')\"\n");
    }
    play(&user, lesson, &dir, &script);
    let in_place = grade(&user, &["--dir", dir.to_str().unwrap()]);
    let archive = work.path().join("sb.tar.gz");
    let o = submit(&user, &dir, &archive, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::rename(&dir, work.path().join("gone")).unwrap();
    let from_archive = grade(&user, &["--archive", archive.to_str().unwrap()]);
    assert_ne!(status(only(&from_archive)), "error", "{from_archive:#}");
    assert_eq!(verdict(only(&in_place)), verdict(only(&from_archive)));
}

/// Each thing `grade` refuses in an archive, made by a learner in the sandbox: `submit` names
/// it and why, exits 2 and writes no archive. Taken away, the sandbox submits and grades.
#[cfg(unix)] // symbolic links as a learner on Unix makes them
#[test]
fn submit_refuses_up_front_what_grade_would_refuse_and_writes_nothing() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let dir = started(&user, work.path());
    let repo = dir.join("payments-api");
    let archive = work.path().join("out/sb.tar.gz");
    std::fs::write(work.path().join("secret"), "token\n").unwrap();
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "ln -s \"$OUTSIDE\" host",
            "rm host",
            &["symbolic link payments-api/host", "leads out of it"],
        ),
        (
            "ln -s \"$PWD/Chart.yaml\" chart",
            "rm chart",
            &["symbolic link payments-api/chart", "absolute path"],
        ),
        (
            "ln -s ../../nowhere gone",
            "rm gone",
            &["symbolic link payments-api/gone", "leads out of it"],
        ),
        (
            "mkdir d && ln -s ../.. d/up && ln -s d/up/.. out",
            "rm -r d out",
            &["symbolic link payments-api/out", "leads out of it"],
        ),
        (
            "truncate -s 300M big.bin",
            "rm big.bin",
            &["more than 256 MiB", "payments-api/big.bin alone is 300 MiB"],
        ),
        (
            "mkdir many && cd many && seq 1 100001 | xargs touch",
            "rm -r many",
            &["more than 100000 files and directories"],
        ),
    ];
    for (make, undo, says) in cases {
        let made = user.bash(
            &format!("OUTSIDE='{}'\n{make}", work.path().join("secret").display()),
            &repo,
        );
        assert!(made.status.success(), "{make}: {}", stderr(&made));
        let o = submit(&user, &dir, &archive, &[]);
        assert_eq!(o.status.code(), Some(2), "{make}: {}", stderr(&o));
        for s in *says {
            assert!(stderr(&o).contains(s), "{make}: {s}:\n{}", stderr(&o));
        }
        assert!(!stderr(&o).contains("token"), "{}", stderr(&o));
        assert!(!archive.exists(), "{make}: an archive was written");
        user.bash(undo, &repo);
    }
    for (answers, says) in [
        (b"q1: 0\n\xff\xfe\n".to_vec(), "is not UTF-8 text"),
        (vec![b'#'; 70_000], "larger than 64 KiB"),
    ] {
        let file = work.path().join("answers.yaml");
        std::fs::write(&file, answers).unwrap();
        let o = submit(
            &user,
            &dir,
            &archive,
            &["--answers", file.to_str().unwrap()],
        );
        assert_eq!(o.status.code(), Some(2), "{says}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{says}: {}", stderr(&o));
        assert!(!archive.exists());
    }
    let o = submit(&user, &dir, &archive, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let graded = grade(&user, &["--archive", archive.to_str().unwrap()]);
    assert_ne!(status(only(&graded)), "error", "{graded:#}");
}

/// A refused archive says why. One `submit` made (it carries the manifest) and that was cut
/// short in transit, or that an older git-kata packed with a link `grade` refuses, is named as
/// `submit`'s; only an archive without the manifest is "not made by `git-kata submit`".
#[test]
fn a_refused_archive_from_submit_is_called_that_with_the_real_reason() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let dir = started(&user, work.path());
    let archive = work.path().join("sb.tar.gz");
    let o = submit(&user, &dir, &archive, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&archive).unwrap();

    let message = |name: &str, content: &[u8]| -> String {
        let file = work.path().join(name);
        std::fs::write(&file, content).unwrap();
        let r = grade(&user, &["--archive", file.to_str().unwrap()]);
        assert_eq!(status(only(&r)), "error", "{name}: {r:#}");
        only(&r)["message"].as_str().unwrap().to_string()
    };
    let cut = message("cut.tar.gz", &bytes[..bytes.len() / 2]);
    assert!(
        cut.contains("from `git-kata submit` of git-kata")
            && cut.contains("lesson stash-message")
            && cut.contains("cut short or damaged")
            && !cut.contains("not an archive made by"),
        "{cut}"
    );
    assert!(!cut.contains("git-kata-grade-"), "no temporary path: {cut}");

    // What an older `submit` wrote for a sandbox holding an absolute link.
    let mut tar = tar::Builder::new(Vec::new());
    let manifest = serde_json::json!({
        "format": 1,
        "root": dir,
        "lesson": "stash-message",
        "git_kata": "0.0.9",
    })
    .to_string();
    let mut h = tar::Header::new_gnu();
    h.set_size(manifest.len() as u64);
    h.set_mode(0o644);
    h.set_cksum();
    tar.append_data(&mut h, "git-kata-submission.json", manifest.as_bytes())
        .unwrap();
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Symlink);
    h.set_size(0);
    h.set_mode(0o777);
    tar.append_link(&mut h, "sandbox/payments-api/host", "/etc/hostname")
        .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &tar.into_inner().unwrap()).unwrap();
    let old = message("old.tar.gz", &gz.finish().unwrap());
    assert!(
        old.contains("from `git-kata submit` of git-kata 0.0.9")
            && old.contains("sandbox/payments-api/host leads out of the sandbox")
            && !old.contains("not an archive made by"),
        "{old}"
    );

    let plain = message("plain.tar.gz", b"hello\n");
    assert!(
        plain.contains("damaged or not an archive made by `git-kata submit`"),
        "{plain}"
    );
}
