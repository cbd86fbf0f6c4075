//! `git-kata submit` packs a sandbox into one `.tar.gz` a learner can commit and push; `grade
//! --archive` unpacks it anywhere and grades it.
//!
//! Pushing a repository loses what a lesson is about: stash entries below the newest, linked
//! worktrees, reflogs, uncommitted changes. The archive keeps the sandbox directory whole
//! (repositories with their `.git`, linked worktrees inside the sandbox, the marker) plus a
//! manifest naming the path it came from, so worktree links can be repaired wherever it lands.
//!
//! An archive is untrusted input. Unpacking refuses absolute paths, `..`, hard links, device
//! files and symbolic links that lead out of the sandbox, never writes through a symbolic link,
//! and caps the number of entries and the bytes written, so a tar bomb is an error, not a full disk.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use serde::{Deserialize, Serialize};

use crate::error;
use crate::sandbox::Sandbox;

pub const MANIFEST: &str = "git-kata-submission.json";
pub const ANSWERS: &str = "answers.yaml";
const SANDBOX: &str = "sandbox";
const FORMAT: u32 = 1;

/// More than any sandbox holds by orders of magnitude; past these an archive is refused.
pub const MAX_ENTRIES: usize = 100_000;
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;
const MAX_SMALL_FILE: u64 = 64 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// The absolute path of the sandbox when it was packed: worktree links point below it.
    pub root: String,
    pub lesson: String,
    pub git_kata: String,
}

/// Packs `sandbox` (and the learner's quiz answers, if given) into `out`. Returns the bytes
/// written.
pub fn pack(sandbox: &Sandbox, answers: Option<&Path>, out: &Path) -> Result<u64> {
    let root = &sandbox.root;
    refuse_external_worktrees(root)?;
    let out_abs = std::path::absolute(out).context("cannot resolve the output path")?;
    let out_parent = out_abs
        .parent()
        .context("the output file needs a directory")?;
    std::fs::create_dir_all(out_parent)
        .with_context(|| format!("cannot create {}", out_parent.display()))?;
    if out_parent.canonicalize().is_ok_and(|p| p.starts_with(root)) {
        return Err(error::usage(format!(
            "{} is inside the sandbox; write the archive outside it, e.g. -o ../submission.tar.gz",
            out.display()
        )));
    }
    let answers_text = match answers {
        Some(a) => Some(
            std::fs::read(a)
                .with_context(|| format!("cannot read the answers file {}", a.display()))
                .map_err(|e| error::usage(format!("{e:#}")))?,
        ),
        None => None,
    };

    let tmp = tempfile::NamedTempFile::new_in(out_parent)
        .with_context(|| format!("cannot write in {}", out_parent.display()))?;
    let gz = flate2::write::GzEncoder::new(BufWriter::new(tmp), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.follow_symlinks(false);
    // Fixed owners and times: the same sandbox always packs to the same bytes.
    tar.mode(tar::HeaderMode::Deterministic);

    let manifest = Manifest {
        format: FORMAT,
        root: root.to_string_lossy().into_owned(),
        lesson: sandbox.marker.lesson.clone(),
        git_kata: env!("CARGO_PKG_VERSION").to_string(),
    };
    let json = serde_json::to_vec_pretty(&manifest)?;
    append_bytes(&mut tar, MANIFEST, &json)?;
    if let Some(text) = &answers_text {
        append_bytes(&mut tar, ANSWERS, text)?;
    }
    tar.append_dir(SANDBOX, root)
        .context("cannot pack the sandbox")?;
    add_tree(&mut tar, root, Path::new(SANDBOX))?;

    let gz = tar.into_inner().context("cannot finish the archive")?;
    let file = gz.finish().context("cannot finish the archive")?;
    let tmp = file
        .into_inner()
        .map_err(|e| anyhow!("cannot write the archive: {}", e.error()))?;
    let size = tmp.as_file().metadata().map(|m| m.len()).unwrap_or(0);
    tmp.persist(&out_abs)
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(size)
}

fn append_bytes<W: Write>(tar: &mut tar::Builder<W>, name: &str, bytes: &[u8]) -> Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes)
        .with_context(|| format!("cannot add {name} to the archive"))
}

/// Adds everything below `dir` in name order: directories (empty ones too: git needs its
/// `refs/` and `objects/`), files, and symbolic links as links. Sockets and pipes (a running
/// fsmonitor's) mean nothing elsewhere and are left out.
fn add_tree<W: Write>(tar: &mut tar::Builder<W>, dir: &Path, name: &Path) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("cannot read {}", dir.display()))?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let inner = name.join(entry.file_name());
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if kind.is_dir() {
            tar.append_dir(&inner, &path)
                .with_context(|| format!("cannot pack {}", path.display()))?;
            add_tree(tar, &path, &inner)?;
        } else if kind.is_file() || kind.is_symlink() {
            tar.append_path_with_name(&path, &inner)
                .with_context(|| format!("cannot pack {}", path.display()))?;
        }
    }
    Ok(())
}

/// Linked worktrees are packed as part of the sandbox directory. One registered elsewhere would
/// be lost, and its repository would grade differently, so the learner is told how to fix it.
fn refuse_external_worktrees(root: &Path) -> Result<()> {
    for entry in
        std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))?
    {
        let repo_dir = entry?.path();
        let Ok(admins) = std::fs::read_dir(repo_dir.join(".git").join("worktrees")) else {
            continue;
        };
        for admin in admins.filter_map(std::result::Result::ok).map(|a| a.path()) {
            let Ok(gitdir) = std::fs::read_to_string(admin.join("gitdir")) else {
                continue;
            };
            let dot_git = PathBuf::from(gitdir.trim_end());
            let dot_git = if dot_git.is_absolute() {
                dot_git
            } else {
                crate::paths::normalize(&admin.join(dot_git))
            };
            // A registration whose directory is gone stays stale wherever it is unpacked.
            let Ok(real) = dot_git.canonicalize() else {
                continue;
            };
            if !real.starts_with(root) {
                let wt = real.parent().unwrap_or(&real);
                let repo = repo_dir.file_name().unwrap_or_default().to_string_lossy();
                return Err(error::usage(format!(
                    "the linked worktree {} of {repo} is outside the sandbox, so it cannot be packed; move it in with `git -C {} worktree move {} {}/NAME` (or remove it with `git worktree remove`), then submit again",
                    wt.display(),
                    crate::paths::shell_path(&repo_dir),
                    crate::paths::shell_path(wt),
                    crate::paths::shell_path(root),
                )));
            }
        }
    }
    Ok(())
}

/// An archive unpacked into a temporary directory (deleted on drop).
pub struct Unpacked {
    _tmp: tempfile::TempDir,
    /// The sandbox, worktree links already repaired for this path.
    pub root: PathBuf,
    pub manifest: Manifest,
    /// The learner's quiz answers, if the archive carries them.
    pub answers: Option<String>,
}

/// Unpacks and vets `archive`, then repairs its worktree links for where it now lives.
pub fn unpack(archive: &Path) -> Result<Unpacked> {
    let file = File::open(archive).with_context(|| format!("cannot open {}", archive.display()))?;
    let tmp = tempfile::Builder::new()
        .prefix("git-kata-grade-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let base = tmp
        .path()
        .canonicalize()
        .context("cannot open the temporary directory")?;
    let damaged = |e: anyhow::Error| {
        e.context(format!(
            "{} is damaged or not an archive made by `git-kata submit`",
            archive.display()
        ))
    };
    let (manifest, answers) = extract(file, &base).map_err(damaged)?;
    let manifest = manifest.ok_or_else(|| damaged(anyhow!("it has no {MANIFEST}")))?;
    let root = base.join(SANDBOX);
    if !root.is_dir() {
        return Err(damaged(anyhow!("it holds no sandbox")));
    }
    check_links_inside(&root, &root).map_err(damaged)?;
    repair_links(&root, &manifest.root)
        .context("cannot repair the worktree links of the unpacked sandbox")?;
    Ok(Unpacked {
        _tmp: tmp,
        root,
        manifest,
        answers,
    })
}

fn extract(file: File, base: &Path) -> Result<(Option<Manifest>, Option<String>)> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut manifest = None;
    let mut answers = None;
    let mut written: u64 = 0;
    for (count, entry) in archive.entries()?.enumerate() {
        if count >= MAX_ENTRIES {
            bail!("it has more than {MAX_ENTRIES} entries");
        }
        let mut entry = entry?;
        let rel = safe_relative(&entry.path()?)?;
        let size = entry.size();
        written += size;
        if written > MAX_BYTES {
            bail!("it unpacks to more than {} MiB", MAX_BYTES / (1024 * 1024));
        }
        let kind = entry.header().entry_type();
        if rel == Path::new(MANIFEST) || rel == Path::new(ANSWERS) {
            if size > MAX_SMALL_FILE || !kind.is_file() {
                bail!("{} is not a small file", rel.display());
            }
            let mut text = String::new();
            entry
                .read_to_string(&mut text)
                .with_context(|| format!("{} is not UTF-8 text", rel.display()))?;
            if rel == Path::new(MANIFEST) {
                let m: Manifest =
                    serde_json::from_str(&text).context("its manifest cannot be read")?;
                if m.format != FORMAT {
                    bail!(
                        "its format {} is not {FORMAT}: it was made by another git-kata version ({})",
                        m.format,
                        m.git_kata
                    );
                }
                manifest = Some(m);
            } else {
                answers = Some(text);
            }
            continue;
        }
        if rel.components().next() != Some(Component::Normal(SANDBOX.as_ref())) {
            bail!("it holds {}, which is not part of a sandbox", rel.display());
        }
        let dst = base.join(&rel);
        no_links_on_the_way(base, &rel)?;
        if std::fs::symlink_metadata(&dst).is_ok_and(|m| !m.is_dir()) {
            bail!("it holds {} twice", rel.display());
        }
        match kind {
            tar::EntryType::Directory => {}
            tar::EntryType::Regular | tar::EntryType::Continuous => {}
            tar::EntryType::Symlink => {
                let target = entry
                    .link_name()?
                    .context("a symbolic link has no target")?
                    .into_owned();
                let parent = dst.parent().unwrap_or(base);
                let resolved = crate::paths::normalize(&parent.join(&target));
                if target.is_absolute() || !resolved.starts_with(base.join(SANDBOX)) {
                    bail!(
                        "the symbolic link {} leads out of the sandbox (to {})",
                        rel.display(),
                        target.display()
                    );
                }
            }
            other => bail!(
                "{} is a {other:?} entry; only files, directories and symbolic links are allowed",
                rel.display()
            ),
        }
        if let Some(parent) = dst.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        entry
            .unpack(&dst)
            .with_context(|| format!("cannot unpack {}", rel.display()))?;
        // Modes from the archive could lock us out of what we unpack (a directory of mode 000
        // could not even be deleted): only the executable bit, which git tracks, is kept.
        let fixed = match kind {
            tar::EntryType::Directory => crate::platform::fs::set_plain_dir(&dst),
            tar::EntryType::Symlink => Ok(()),
            _ => crate::platform::fs::set_executable(
                &dst,
                entry.header().mode().unwrap_or(0) & 0o111 != 0,
            ),
        };
        fixed.with_context(|| format!("cannot unpack {}", rel.display()))?;
    }
    Ok((manifest, answers))
}

/// Points the unpacked sandbox's worktree links and remote URLs (absolute paths below `old`,
/// where it was packed) at where it is now, as `git worktree repair` would.
///
/// `sandbox::relocate_worktree_links` is not used here: it also serves a sandbox that has not
/// moved yet, so it follows a link to its old place, and the sandbox an archive came from may
/// still be there, on this very machine. This never writes outside `root`, and paths read from
/// the archive that leave `old` or use `..` are left alone.
fn repair_links(root: &Path, old: &str) -> Result<()> {
    let old = old.trim_end_matches('/');
    // Remote URLs are rewritten in the configs inside `root` only.
    crate::sandbox::relocate_remote_urls(root, Path::new(old), root)?;
    let moved = |path: &str| -> Option<PathBuf> {
        let rest = path.strip_prefix(old)?.strip_prefix('/')?;
        let rel = Path::new(rest);
        rel.components()
            .all(|c| matches!(c, Component::Normal(_)))
            .then(|| root.join(rel))
    };
    let is_file = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file());
    for repo in std::fs::read_dir(root)? {
        let Ok(admins) = std::fs::read_dir(repo?.path().join(".git").join("worktrees")) else {
            continue;
        };
        for admin in admins {
            let admin = admin?.path();
            if !std::fs::symlink_metadata(&admin).is_ok_and(|m| m.is_dir()) {
                continue;
            }
            // libgit2 records the common directory as an absolute path; git writes `../..`.
            let commondir = admin.join("commondir");
            if is_file(&commondir)
                && std::fs::read_to_string(&commondir).is_ok_and(|c| c.trim_end().starts_with(old))
            {
                std::fs::write(&commondir, "../..\n")?;
            }
            let gitdir_file = admin.join("gitdir");
            if !is_file(&gitdir_file) {
                continue;
            }
            let Some(link) = moved(std::fs::read_to_string(&gitdir_file)?.trim_end()) else {
                continue;
            };
            std::fs::write(&gitdir_file, format!("{}\n", link.display()))?;
            // The worktree's own `.git` file points back at the admin directory; it is absent
            // when the worktree was deleted (a stale registration).
            if is_file(&link)
                && let Ok(content) = std::fs::read_to_string(&link)
                && let Some(target) = content.trim_end().strip_prefix("gitdir: ").and_then(moved)
            {
                std::fs::write(&link, format!("gitdir: {}\n", target.display()))?;
            }
        }
    }
    Ok(())
}

/// A path inside the archive: relative, no `..`, nothing but plain names.
fn safe_relative(path: &Path) -> Result<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => bail!(
                "it holds the path {}, which leaves its directory",
                path.display()
            ),
        }
    }
    if out.as_os_str().is_empty() {
        bail!("it holds an entry with an empty name");
    }
    Ok(out)
}

/// Refuses to create anything below a symbolic link: an earlier entry could have made one that
/// leads anywhere.
fn no_links_on_the_way(base: &Path, rel: &Path) -> Result<()> {
    let mut at = base.to_path_buf();
    let parts: Vec<_> = rel.components().collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "it writes through the symbolic link {}",
                at.strip_prefix(base).unwrap_or(&at).display()
            );
        }
    }
    Ok(())
}

/// Every symbolic link that resolves must resolve inside the sandbox: a chain of links, each
/// harmless on its own, could still lead out.
fn check_links_inside(dir: &Path, root: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let path = entry.path();
        if kind.is_symlink() {
            if let Ok(real) = path.canonicalize()
                && !real.starts_with(root)
            {
                bail!(
                    "the symbolic link {} leads out of the sandbox",
                    path.strip_prefix(root).unwrap_or(&path).display()
                );
            }
        } else if kind.is_dir() {
            check_links_inside(&path, root)?;
        }
    }
    Ok(())
}
