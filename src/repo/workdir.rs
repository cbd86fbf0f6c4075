//! The working tree against the index: which paths `git status` would list as modified,
//! deleted or untracked.
//!
//! libgit2 answers with a diff, which takes two copies of the whole config (one for the diff,
//! one for the ignore rules) and sets up attributes and ignores: a large share of `check`
//! (benches/README.md, "Figures the code's comments cite"). A sandbox's working tree is almost always plain: no ignore or
//! attribute files, no nested repositories, no conflicts, no line-ending conversion. There the
//! comparison is made here, from the index's stat data and, where that differs, the content's
//! blob id, exactly as git does. Anything else goes to libgit2's diff.

use std::collections::BTreeSet;
use std::path::Path;

use git2::{DiffOptions, Index, IndexEntry, Repository};

/// The index entry flag git sets on paths outside a sparse checkout (`skip-worktree`): git
/// never looks at the working tree for them, so `git status` lists none of them, present or
/// not. libgit2's diff does look, and would call every path outside the cone deleted.
const SKIP_WORKTREE: u16 = 1 << 14;

/// Whether `entry` is outside a sparse checkout, where git does not look.
pub fn skips_worktree(entry: &IndexEntry) -> bool {
    entry.flags_extended & SKIP_WORKTREE != 0
}

/// Paths whose working-tree state differs from the index, sorted.
pub fn changes(r: &Repository, index: &Index) -> Result<BTreeSet<Vec<u8>>, git2::Error> {
    #[cfg(unix)]
    let found = plain::changes(r, index)?;
    #[cfg(not(unix))]
    let found = None;
    let mut paths = match found {
        Some(paths) => paths,
        None => by_libgit2(r, index)?,
    };
    for entry in index.iter().filter(skips_worktree) {
        paths.remove(&entry.path);
    }
    Ok(paths)
}

fn by_libgit2(r: &Repository, index: &Index) -> Result<BTreeSet<Vec<u8>>, git2::Error> {
    let mut opts = DiffOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        // libgit2 would open submodules with no user config at all; see `submodule_changed`.
        .ignore_submodules(true);
    let diff = r.diff_index_to_workdir(Some(index), Some(&mut opts))?;
    let mut paths = BTreeSet::new();
    for delta in diff.deltas() {
        for file in [delta.old_file(), delta.new_file()] {
            if let Some(p) = file.path_bytes() {
                paths.insert(p.to_vec());
            }
        }
    }
    if let Some(workdir) = r.workdir() {
        for entry in index.iter() {
            if entry.mode == 0o160000
                && super::status::stage(&entry) == 0
                && submodule_changed(workdir, &entry)?
            {
                paths.insert(entry.path);
            }
        }
    }
    Ok(paths)
}

/// Whether `git status` lists a submodule: its checkout is not the recorded commit, or it has
/// changes or untracked files of its own. The submodule is a repository the learner made, so
/// it is read under the learner's own global config, as git reads it (with `core.autocrlf`,
/// a file checked out with CRLF is not a change).
fn submodule_changed(workdir: &Path, entry: &IndexEntry) -> Result<bool, git2::Error> {
    let dir = workdir.join(String::from_utf8_lossy(&entry.path).as_ref());
    let Ok(listing) = std::fs::read_dir(&dir) else {
        // Gone from disk: git lists it as deleted.
        return Ok(true);
    };
    let Ok(sub) = Repository::open(&dir) else {
        // An empty directory is a submodule not checked out, which git does not list.
        return Ok(listing.count() > 0);
    };
    if sub.workdir().map(normalized) != Some(normalized(&dir)) {
        // Not a repository of its own at that path (the superproject itself was found).
        return Ok(true);
    }
    super::config::apply_global(&sub);
    let head = sub.head().ok().and_then(|h| h.target());
    if head != Some(entry.id) {
        return Ok(true);
    }
    let sub_index = sub.index()?;
    Ok(!changes(&sub, &sub_index)?.is_empty()
        || !super::status::staged_paths(&sub, &sub_index)?.is_empty())
}

fn normalized(p: &Path) -> std::path::PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(unix)]
mod plain {
    use std::collections::HashMap;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    use git2::IndexEntry;

    use super::*;

    const GITLINK: u32 = 0o160000;
    const SYMLINK: u32 = 0o120000;
    const EXECUTABLE: u32 = 0o100755;
    const REGULAR: u32 = 0o100644;

    /// The changed paths, or `None` when the working tree or the config holds anything this
    /// comparison does not model (then libgit2 decides).
    pub fn changes(
        r: &Repository,
        index: &Index,
    ) -> Result<Option<BTreeSet<Vec<u8>>>, git2::Error> {
        let Some(workdir) = r.workdir() else {
            return Ok(None);
        };
        let Some(filemode) = plain_config(r)? else {
            return Ok(None);
        };
        if has_rules(&r.commondir().join("info/exclude"))
            || has_rules(&r.commondir().join("info/attributes"))
        {
            return Ok(None);
        }
        let entries: Vec<IndexEntry> = index.iter().collect();
        let mut tracked: HashMap<&[u8], &IndexEntry> = HashMap::with_capacity(entries.len());
        for entry in &entries {
            if super::super::status::stage(entry) != 0
                || entry.flags_extended != 0
                || entry.mode == GITLINK
            {
                return Ok(None);
            }
            tracked.insert(&entry.path, entry);
        }
        let racy_from = std::fs::metadata(r.path().join("index"))
            .ok()
            .map(|m| (m.mtime(), m.mtime_nsec()));
        let mut changed = BTreeSet::new();
        let mut dirs: Vec<Vec<u8>> = vec![Vec::new()];
        while let Some(dir) = dirs.pop() {
            let Ok(listing) = std::fs::read_dir(workdir.join(std::ffi::OsStr::from_bytes(&dir)))
            else {
                return Ok(None);
            };
            for dirent in listing {
                let Ok(dirent) = dirent else { return Ok(None) };
                let name = dirent.file_name();
                let name = name.as_bytes();
                if name == b".git" {
                    if dir.is_empty() {
                        continue;
                    }
                    // A nested repository or submodule: libgit2 knows how git shows those.
                    return Ok(None);
                }
                if name == b".gitignore" || name == b".gitattributes" {
                    return Ok(None);
                }
                let mut path = dir.clone();
                if !path.is_empty() {
                    path.push(b'/');
                }
                path.extend_from_slice(name);
                let Ok(meta) = dirent.metadata() else {
                    return Ok(None);
                };
                let kind = meta.file_type();
                if kind.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if !kind.is_file() && !kind.is_symlink() {
                    return Ok(None);
                }
                match tracked.remove(path.as_slice()) {
                    None => {
                        changed.insert(path);
                    }
                    Some(entry) => match differs(entry, &meta, &dirent.path(), filemode, racy_from)
                    {
                        Some(true) => {
                            changed.insert(path);
                        }
                        Some(false) => {}
                        None => return Ok(None),
                    },
                }
            }
        }
        // Index entries with no file behind them: deleted, or now a directory.
        changed.extend(tracked.into_keys().map(<[u8]>::to_vec));
        Ok(Some(changed))
    }

    /// `Some(core.filemode)` when nothing in the repository's config changes how content or
    /// paths compare (line endings, case, symbolic links, ignore and attribute files beyond
    /// the repository's own); `None` otherwise.
    fn plain_config(r: &Repository) -> Result<Option<bool>, git2::Error> {
        let config = r.config()?;
        let text = |name: &str| -> Option<String> {
            config
                .get_entry(name)
                .ok()
                // A key written without `=` has no value, and git2's value_bytes panics on
                // one (found by the checker fuzz target): git reads it as `true`.
                .map(|e| {
                    if e.has_value() {
                        String::from_utf8_lossy(e.value_bytes()).into_owned()
                    } else {
                        "true".to_string()
                    }
                })
        };
        let flag = |name: &str, default: bool| -> Option<bool> {
            match config.get_bool(name) {
                Ok(value) => Some(value),
                Err(e) if e.code() == git2::ErrorCode::NotFound => Some(default),
                Err(_) => None,
            }
        };
        let plain = flag("core.autocrlf", false) == Some(false)
            && text("core.eol").is_none()
            && flag("core.ignorecase", false) == Some(false)
            && flag("core.precomposeunicode", false) == Some(false)
            && flag("core.symlinks", true) == Some(true)
            && text("core.excludesfile").as_deref() == Some("/dev/null")
            && text("core.attributesfile").as_deref() == Some("/dev/null");
        Ok(if plain {
            flag("core.filemode", true)
        } else {
            None
        })
    }

    /// Whether an ignore or attributes file holds anything but blank lines and comments, as
    /// git reads them: a comment starts with `#` in its first column, and only trailing
    /// spaces are dropped (any other line is taken for a rule, which only costs speed).
    fn has_rules(file: &Path) -> bool {
        match std::fs::read(file) {
            Ok(bytes) => bytes.split(|b| *b == b'\n').any(|mut line| {
                while let [rest @ .., b' '] = line {
                    line = rest;
                }
                !line.is_empty() && !line.starts_with(b"#")
            }),
            Err(e) => e.kind() != std::io::ErrorKind::NotFound,
        }
    }

    /// Whether the file differs from its index entry, by git's rule: the same stat data,
    /// written before the index was, means unchanged; otherwise the content's blob id and
    /// the mode decide. `None` for an entry this comparison does not model.
    fn differs(
        entry: &IndexEntry,
        meta: &std::fs::Metadata,
        path: &Path,
        filemode: bool,
        racy_from: Option<(i64, i64)>,
    ) -> Option<bool> {
        let is_link = meta.file_type().is_symlink();
        let mode = match (entry.mode, is_link) {
            (SYMLINK, true) => SYMLINK,
            (REGULAR | EXECUTABLE, false) if !filemode => entry.mode,
            (REGULAR | EXECUTABLE, false) if meta.mode() & 0o100 != 0 => EXECUTABLE,
            (REGULAR | EXECUTABLE, false) => REGULAR,
            // A file that became a link or the reverse.
            (SYMLINK | REGULAR | EXECUTABLE, _) => return Some(true),
            _ => return None,
        };
        if mode != entry.mode {
            return Some(true);
        }
        // The index keeps 32 bits of each number. The device is left out, as git leaves it
        // out: libgit2 records st_rdev there, 0 for a file.
        let stat_same = entry.mtime.seconds() == meta.mtime() as i32
            && entry.mtime.nanoseconds() == meta.mtime_nsec() as u32
            && entry.ctime.seconds() == meta.ctime() as i32
            && entry.ctime.nanoseconds() == meta.ctime_nsec() as u32
            && entry.ino == meta.ino() as u32
            && entry.uid == meta.uid()
            && entry.gid == meta.gid()
            && entry.file_size == meta.size() as u32;
        // An entry written in the same instant as the index may hide a later change of the
        // same size: git calls it racy and reads the content.
        let racy = racy_from.is_none_or(|index| {
            (
                i64::from(entry.mtime.seconds()),
                i64::from(entry.mtime.nanoseconds()),
            ) >= index
        });
        if stat_same && !racy {
            return Some(false);
        }
        let content = if is_link {
            std::fs::read_link(path)
                .ok()?
                .into_os_string()
                .into_encoded_bytes()
        } else {
            std::fs::read(path).ok()?
        };
        let id = git2::Oid::hash_object(git2::ObjectType::Blob, &content).ok()?;
        Some(id != entry.id)
    }
}

#[cfg(all(test, unix))]
mod tests;
