//! The checker over mutated repositories: one sandbox of each of a few lessons is built once;
//! each input picks a file of a repository's `.git` (or a working-tree file), damages it
//! (flips bytes, truncates it, or writes the input over it), runs the checker and `status`'s
//! overview, and puts the file back. A panic, a hang (libFuzzer's -timeout) or a crash is a
//! finding; what the checker says is for the matrix script to judge against git.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use git_kata::lesson::{Catalog, Loaded};
use git_kata::sandbox::{self, Sandbox};
use libfuzzer_sys::fuzz_target;

const LESSONS: &[&str] = &["mid-flight-hotfix", "stash-stack", "orphaned-worktree"];

struct Built {
    _tmp: tempfile::TempDir,
    sandboxes: Vec<(Loaded, Sandbox, Vec<PathBuf>)>,
}

/// Every regular file under `dir`, sorted, for inputs to pick from.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return;
    };
    for e in listing.flatten() {
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            files(&e.path(), out);
        } else if t.is_file() {
            out.push(e.path());
        }
    }
}

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let catalog = Catalog::load(&[]).expect("the built-in lessons");
        let sandboxes = LESSONS
            .iter()
            .map(|id| {
                let loaded = catalog.get(id).expect("a built-in lesson").clone();
                let sb = sandbox::create(&loaded, &tmp.path().join(id)).expect("a sandbox");
                let mut all = Vec::new();
                files(&sb.root, &mut all);
                all.retain(|p| !p.components().any(|c| c.as_os_str() == ".git-kata"));
                all.sort();
                (loaded, sb, all)
            })
            .collect();
        Built {
            _tmp: tmp,
            sandboxes,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let b = built();
    let (loaded, sb, all) = &b.sandboxes[usize::from(data[0]) % b.sandboxes.len()];
    let file = &all[usize::from(u16::from_le_bytes([data[1], data[2]])) % all.len()];
    let Ok(original) = std::fs::read(file) else {
        return;
    };
    let mut damaged = original.clone();
    let rest = &data[4..];
    match data[3] % 3 {
        0 => {
            // Flip bytes at positions the input names.
            for pair in rest.chunks(3) {
                if let [a, b, x] = pair
                    && !damaged.is_empty()
                {
                    let at = usize::from(u16::from_le_bytes([*a, *b])) % damaged.len();
                    damaged[at] ^= x | 1;
                }
            }
        }
        1 => {
            let keep = rest
                .first()
                .map_or(0, |n| usize::from(*n) * damaged.len() / 256);
            damaged.truncate(keep);
        }
        _ => damaged = rest.to_vec(),
    }
    // git writes objects read-only; the fuzzer must be able to put them back. Unix: the mode
    // git's own files have; elsewhere (Windows) the read-only flag is all there is.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o644));
    }
    #[cfg(not(unix))]
    if let Ok(meta) = std::fs::metadata(file) {
        let mut perms = meta.permissions();
        perms.set_readonly(false);
        let _ = std::fs::set_permissions(file, perms);
    }
    if std::fs::write(file, &damaged).is_ok() {
        let _ = git_kata::check::check(sb, &loaded.lesson);
        let _ = git_kata::check::overview::gather(sb, &loaded.lesson);
    }
    let _ = std::fs::write(file, &original);
});
