//! `reset` of a sandbox that cannot be moved (a mount point, a container volume): it is
//! rebuilt inside itself, and an interruption there keeps the learner's sandbox inside it and
//! names it, as one beside it is kept and named.

use std::path::Path;
use std::time::Duration;

use super::reset::{age, build_dirs};
use super::*;

/// What the learner did in the stash lesson: a commit and a file left uncommitted.
const PLAYED: &str = "echo mine > mine.txt\ngit add mine.txt\ngit commit -q -m 'My own work'\necho draft > draft.txt\n";

/// The learner's work as `PLAYED` left it, in the repository at `repo`.
fn assert_learner_work_in(env: &Env, repo: &Path) {
    assert_eq!(
        env.git(repo, &["log", "-1", "--format=%s"]).trim(),
        "My own work"
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("draft.txt")).unwrap(),
        "draft\n"
    );
    let fsck = env.git_output(repo, &["fsck", "--strict"]);
    assert!(fsck.status.success(), "{}", describe(&fsck));
}

/// The sandbox at `sb` as `start` builds it: none of `PLAYED`, and `check` says so.
fn assert_fresh(env: &Env, sb: &Path, as_built: &Output) {
    let repo = sb.join("payments-api");
    assert!(!repo.join("draft.txt").exists());
    assert!(!repo.join("mine.txt").exists());
    assert_ne!(
        env.git(&repo, &["log", "-1", "--format=%s"]).trim(),
        "My own work"
    );
    let out = kata_bounded(env, &env.work, &["check", "--json", "--dir", path_str(sb)]);
    assert_eq!(code(&out), code(as_built), "{}", describe(&out));
    assert_eq!(stdout(&out), stdout(as_built));
}

/// A sandbox holding what an in-place reset interrupted mid-swap leaves (the learner's
/// repository moved into `ROOT/.git-kata-build-XXXXXX/old`, the marker still in the root),
/// with a stale fresh build beside it: the next `reset` names the kept sandbox, keeps it,
/// takes the in-place route itself (a root holding a kept sandbox is never moved whole, which
/// would take it along), and the next `start` names it too.
#[test]
fn an_interrupted_in_place_reset_keeps_the_learners_sandbox_inside_and_names_it() {
    let env = Env::new(Flavour::Normal);
    let sb = env.start("stash-message", "sb");
    let as_built = kata_bounded(&env, &env.work, &["check", "--json", "--dir", "sb"]);
    env.bash_ok(PLAYED, &sb.join("payments-api"));
    let kept = sb.join(".git-kata-build-Int3rr");
    std::fs::create_dir_all(kept.join("old")).unwrap();
    std::fs::rename(sb.join("payments-api"), kept.join("old/payments-api")).unwrap();
    // The fresh build of that reset, abandoned two hours ago: nothing of the learner's.
    let stale = sb.join(".git-kata-build-St4le0");
    std::fs::create_dir_all(stale.join("payments-api/.git/objects")).unwrap();
    age(&stale, Duration::from_secs(2 * 3600));
    let shown = kept.join("old").display().to_string();
    let names_it = |out: &Output| {
        assert!(
            stderr(out).contains(&format!("left the previous sandbox at {shown}")),
            "{shown} is not named:\n{}",
            describe(out)
        );
    };

    let out = kata_bounded(&env, &env.work, &["reset", "--yes", "--dir", "sb"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    names_it(&out);
    assert_learner_work_in(&env, &kept.join("old/payments-api"));
    assert_fresh(&env, &sb, &as_built);
    assert_eq!(build_dirs(&sb), [".git-kata-build-Int3rr"]);
    assert_eq!(build_dirs(&env.work), Vec::<String>::new());

    // A `start` there is refused (the directory holds a sandbox) and names it all the same.
    let out = kata_bounded(&env, &env.work, &["start", "stash-message", "--dir", "sb"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    names_it(&out);
    assert_learner_work_in(&env, &kept.join("old/payments-api"));
}

/// A tmpfs mounted for one test, unmounted when the test ends, however it ends.
#[cfg(target_os = "linux")]
struct Mounted(std::path::PathBuf);

#[cfg(target_os = "linux")]
impl Mounted {
    /// Mounts a tmpfs at the empty directory `dir`; why not, when it cannot (not root, no
    /// permission in this container).
    fn tmpfs(dir: &Path) -> Result<Mounted, String> {
        let uid = Command::new("id")
            .arg("-u")
            .output()
            .map_err(|e| e.to_string())?;
        if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
            return Err("not running as root".into());
        }
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=20m", "tmpfs"])
            .arg(dir)
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(describe(&out));
        }
        Ok(Mounted(dir.to_path_buf()))
    }

    /// Whether `dir` is still where a file system is mounted (/proc/self/mountinfo: the fifth
    /// field is the mount point).
    fn is_mount_point(dir: &Path) -> bool {
        let canonical = dir.canonicalize().unwrap();
        std::fs::read_to_string("/proc/self/mountinfo")
            .unwrap()
            .lines()
            .any(|l| l.split(' ').nth(4) == Some(path_str(&canonical)))
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mounted {
    fn drop(&mut self) {
        let unmounted = Command::new("umount").arg(&self.0).status();
        if !unmounted.is_ok_and(|s| s.success()) {
            // Busy (a process still inside): detach it now, gone when that process is.
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
}

/// A sandbox that is a mount point cannot be renamed aside (EBUSY): `reset` rebuilds it in
/// place, and the mount point stays what it is.
#[cfg(target_os = "linux")]
#[test]
fn a_sandbox_that_is_a_mount_point_is_reset_in_place() {
    let env = Env::new(Flavour::Normal);
    let sb = env.path("mp");
    std::fs::create_dir(&sb).unwrap();
    // Declared after `env`, so dropped before it: unmounted before the temp dir is removed.
    let _mounted = match Mounted::tmpfs(&sb) {
        Ok(m) => m,
        Err(why) => {
            println!("skipped: cannot mount a tmpfs here: {why}");
            return;
        }
    };
    let out = kata_bounded(&env, &env.work, &["start", "stash-message", "--dir", "mp"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let as_built = kata_bounded(&env, &env.work, &["check", "--json", "--dir", "mp"]);
    env.bash_ok(PLAYED, &sb.join("payments-api"));

    let out = kata_bounded(&env, &env.work, &["reset", "--yes", "--dir", "mp"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        Mounted::is_mount_point(&sb),
        "mp is no longer a mount point"
    );
    assert_fresh(&env, &sb, &as_built);
    assert_eq!(build_dirs(&sb), Vec::<String>::new());
    assert_eq!(build_dirs(&env.work), Vec::<String>::new());
}
