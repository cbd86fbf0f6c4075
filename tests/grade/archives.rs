//! Archives an attacker made, what `submit` refuses to pack, usage errors, the published schema.

use super::class::row;
use super::{catalog, json, play};
use crate::support::{User, repo_root, stderr, stdout};

#[test]
fn hostile_archives_are_error_rows_and_write_nothing_outside() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let subs = work.path().join("subs");
    std::fs::create_dir_all(&subs).unwrap();
    let target = work.path().join("pwned");
    let manifest = br#"{"format":1,"root":"/tmp/x","lesson":"stash-untracked","git_kata":"0.1.0"}"#;

    type Add = Box<dyn Fn(&mut tar::Builder<Vec<u8>>)>;
    let file = |name: &str, size: u64, data: &'static [u8]| -> Add {
        let name = name.to_string();
        Box::new(move |b: &mut tar::Builder<Vec<u8>>| {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(tar::EntryType::Regular);
            h.set_size(size);
            h.set_mode(0o644);
            raw_name(&mut h, &name);
            h.set_cksum();
            b.append(&h, data).unwrap();
        })
    };
    let link = |kind: tar::EntryType, name: &str, to: &str| -> Add {
        let (name, to) = (name.to_string(), to.to_string());
        Box::new(move |b: &mut tar::Builder<Vec<u8>>| {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(kind);
            h.set_size(0);
            h.set_mode(0o777);
            raw_name(&mut h, &name);
            if !to.is_empty() {
                h.set_link_name(&to).unwrap();
            }
            h.set_cksum();
            b.append(&h, &[][..]).unwrap();
        })
    };
    let t = target.to_str().unwrap().to_string();
    let cases: Vec<(&str, Vec<Add>, &str)> = vec![
        ("absolute", vec![file(&t, 2, b"hi")], "leaves its directory"),
        (
            "dotdot",
            vec![file("sandbox/../../pwned", 2, b"hi")],
            "leaves its directory",
        ),
        (
            "symlink-out",
            vec![link(tar::EntryType::Symlink, "sandbox/r", "../../..")],
            "leads out of the sandbox",
        ),
        (
            "symlink-abs",
            vec![link(tar::EntryType::Symlink, "sandbox/r", "/etc")],
            "leads out of the sandbox",
        ),
        (
            "through-link",
            vec![
                link(tar::EntryType::Symlink, "sandbox/r", "."),
                file("sandbox/r/x", 2, b"hi"),
            ],
            "writes through the symbolic link",
        ),
        (
            "hardlink",
            vec![link(tar::EntryType::Link, "sandbox/h", "/etc/passwd")],
            "only files, directories and symbolic links",
        ),
        (
            "device",
            vec![link(tar::EntryType::Char, "sandbox/tty", "")],
            "only files, directories and symbolic links",
        ),
        (
            "bomb",
            vec![file("sandbox/huge", 300 * 1024 * 1024, b"")],
            "more than 256 MiB",
        ),
        (
            "twice",
            vec![file("sandbox/x", 2, b"hi"), file("sandbox/x", 2, b"hi")],
            "holds sandbox/x twice",
        ),
        ("no-manifest", vec![], "no git-kata-submission.json"),
    ];
    for (name, adds, _) in &cases {
        let mut b = tar::Builder::new(Vec::new());
        if *name != "no-manifest" {
            let mut h = tar::Header::new_gnu();
            h.set_size(manifest.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, "git-kata-submission.json", &manifest[..])
                .unwrap();
        } else {
            let mut h = tar::Header::new_gnu();
            h.set_entry_type(tar::EntryType::Directory);
            h.set_size(0);
            h.set_mode(0o755);
            h.set_cksum();
            b.append_data(&mut h, "sandbox", &[][..]).unwrap();
        }
        for add in adds {
            add(&mut b);
        }
        let tar = b.into_inner().unwrap_or_default();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &tar).unwrap();
        std::fs::write(subs.join(format!("{name}.tar.gz")), gz.finish().unwrap()).unwrap();
    }
    let o = user.kata(
        &[
            "grade",
            "--submissions",
            subs.to_str().unwrap(),
            "--format",
            "json",
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let r = json(&o);
    for (name, _, why) in &cases {
        let res = &row(&r, name)["results"][0];
        assert_eq!(res["status"], "error", "{name}");
        assert!(
            res["message"].as_str().unwrap().contains(why),
            "{name}: {res:#}"
        );
    }
    assert!(!target.exists(), "nothing was written outside");

    // Worktree links in an archive are paths it chose: repairing them never writes outside.
    let victim = work.path().join("victim");
    std::fs::write(&victim, "gitdir: /tmp/x/elsewhere\n").unwrap();
    let escape = format!("/tmp/x/../..{}", victim.display());
    let mut b = tar::Builder::new(Vec::new());
    for (name, body) in [
        ("git-kata-submission.json", manifest.to_vec()),
        ("sandbox/r/.git/worktrees/w/gitdir", escape.into_bytes()),
        (
            "sandbox/r/.git/worktrees/w/commondir",
            b"/tmp/x/r/.git\n".to_vec(),
        ),
    ] {
        let mut h = tar::Header::new_gnu();
        h.set_size(body.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, &body[..]).unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &b.into_inner().unwrap()).unwrap();
    let file = work.path().join("escape.tar.gz");
    std::fs::write(&file, gz.finish().unwrap()).unwrap();
    let o = user.kata(
        &["grade", "--archive", file.to_str().unwrap()],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "gitdir: /tmp/x/elsewhere\n"
    );
}

/// Writes a path into the header as is, `..` and all (tar's own setter refuses them).
fn raw_name(h: &mut tar::Header, name: &str) {
    let bytes = name.as_bytes();
    let field = &mut h.as_old_mut().name;
    field.fill(0);
    field[..bytes.len()].copy_from_slice(bytes);
}

#[test]
fn submit_refuses_what_it_cannot_pack_faithfully() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let cat = catalog();
    let lesson = cat.get("mid-flight-hotfix").unwrap();
    let dir = work.path().join("sb");
    let outside = work.path().join("elsewhere/hotfix");
    play(
        &user,
        lesson,
        &dir,
        &format!(
            "git worktree add -b hotfix/image-patch {} main\n",
            outside.display()
        ),
    );
    let o = user.kata(
        &[
            "submit",
            "--dir",
            dir.to_str().unwrap(),
            "-o",
            work.path().join("s.tar.gz").to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is outside the sandbox") && stderr(&o).contains("worktree move"),
        "{}",
        stderr(&o)
    );
    assert!(!work.path().join("s.tar.gz").exists());

    // A bare repository (an origin) keeps its registrations at its top: one outside is
    // refused as well.
    let fetch = cat.get("worktree-fetch").unwrap();
    let with_origin = work.path().join("with-origin");
    let review = work.path().join("elsewhere/review");
    play(&user, fetch, &with_origin, "");
    user.bash(
        &format!(
            "git -C ../origin.git worktree add {} main\n",
            review.display()
        ),
        &with_origin.join("checkout-web"),
    );
    let o = user.kata(
        &[
            "submit",
            "--dir",
            with_origin.to_str().unwrap(),
            "-o",
            work.path().join("s.tar.gz").to_str().unwrap(),
        ],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("of origin.git is outside the sandbox"),
        "{}",
        stderr(&o)
    );
    assert!(!work.path().join("s.tar.gz").exists());

    // Not inside the sandbox it packs, and only a sandbox.
    user.bash(
        &format!("git worktree remove {}", outside.display()),
        &dir.join("k8s-fleet-manager"),
    );
    let o = user.kata(
        &["submit", "-o", "inside.tar.gz"],
        &dir.join("k8s-fleet-manager"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("inside the sandbox"), "{}", stderr(&o));
    let o = user.kata(
        &["submit", "--dir", work.path().to_str().unwrap()],
        &repo_root(),
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_2() {
    let user = User::new();
    let work = tempfile::tempdir().unwrap();
    let script = work.path().join("s.sh");
    std::fs::write(&script, "true\n").unwrap();
    let s = script.to_str().unwrap();
    let w = work.path().to_str().unwrap();
    for args in [
        vec!["grade", "--script", s],
        vec![
            "grade",
            "stash-untracked",
            "--script",
            s,
            "--format",
            "json,csv",
        ],
        vec!["grade", "--dir", w],
        vec!["grade", "--dir", "/no/such/dir"],
        vec!["grade", "no-such-lesson", "--script", s],
        vec![
            "grade",
            "stash-untracked",
            "--lesson",
            "orphaned-worktree",
            "--script",
            s,
        ],
        vec!["grade", "--archive", "/no/such.tar.gz"],
        vec!["grade", "--dir", w, "--archive", s],
        vec!["grade", "--shard", "1/2", "--dir", w],
        vec![
            "grade",
            "--submissions",
            w,
            "--lesson",
            "stash-untracked",
            "--answers",
            s,
        ],
        vec!["grade", "stash-untracked", "--script", s, "--timeout", "0"],
    ] {
        let o = user.kata(&args, &repo_root());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with("error: ") || stderr(&o).contains("error:"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn the_published_schema_is_the_generated_one() {
    let o = User::new().kata(&["grade", "--schema"], &repo_root());
    assert_eq!(o.status.code(), Some(0));
    let committed =
        std::fs::read_to_string(repo_root().join("schema/grade-result.schema.json")).unwrap();
    assert_eq!(
        stdout(&o),
        committed,
        "schema/grade-result.schema.json is stale: regenerate it with `git-kata grade --schema > schema/grade-result.schema.json`"
    );
}
