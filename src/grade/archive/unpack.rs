//! `grade`'s side: an archive unpacked into a temporary directory, vetted as it goes by the
//! rules `submit` packs by (rules.rs), its worktree links repaired for where it now lives.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

use super::rules::{self, Budget};
use super::{ANSWERS, FORMAT, MANIFEST, Manifest, SANDBOX};

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
    // The manifest comes first in every archive `submit` writes: once it has been read, a
    // refusal is about an archive git-kata made, and says so with the real reason.
    let mut made_by = None;
    let extracted = extract(file, &base, &mut made_by);
    let refused = |made_by: Option<&Manifest>, e: anyhow::Error| match made_by {
        Some(m) => e.context(format!(
            "{} (from `git-kata submit` of git-kata {}, lesson {}) cannot be graded",
            archive.display(),
            m.git_kata,
            m.lesson
        )),
        None => e.context(format!(
            "{} is damaged or not an archive made by `git-kata submit`",
            archive.display()
        )),
    };
    let answers = extracted.map_err(|e| refused(made_by.as_ref(), e))?;
    let Some(manifest) = made_by else {
        return Err(refused(None, anyhow!("it has no {MANIFEST}")));
    };
    let root = base.join(SANDBOX);
    if !std::fs::symlink_metadata(&root).is_ok_and(|m| m.is_dir()) {
        return Err(refused(Some(&manifest), anyhow!("it holds no sandbox")));
    }
    check_links_inside(&root, &root).map_err(|e| refused(Some(&manifest), e))?;
    repair_links(&root, &manifest.root)
        .context("cannot repair the worktree links of the unpacked sandbox")?;
    Ok(Unpacked {
        _tmp: tmp,
        root,
        manifest,
        answers,
    })
}

/// Unpacks every entry into `base`, vetting each first; the manifest, once read, is left in
/// `made_by` (even when unpacking fails after it), the answers are returned.
fn extract(file: File, base: &Path, made_by: &mut Option<Manifest>) -> Result<Option<String>> {
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut answers = None;
    let mut budget = Budget::default();
    for entry in archive.entries().context("it is not a tar.gz archive")? {
        let mut entry = entry.context("it is cut short or damaged")?;
        let rel = safe_relative(&entry.path()?)?;
        let size = entry.size();
        budget.take(size).map_err(|over| match over {
            rules::Over::Entries => anyhow!("it has {}", over.limit()),
            rules::Over::Bytes => anyhow!("it unpacks to {}", over.limit()),
        })?;
        let kind = entry.header().entry_type();
        if rel == Path::new(MANIFEST) || rel == Path::new(ANSWERS) {
            if size > rules::MAX_SMALL_FILE || !kind.is_file() {
                bail!("{} is not a small file", rel.display());
            }
            let mut text = String::new();
            entry
                .read_to_string(&mut text)
                .with_context(|| format!("{} is not UTF-8 text", rel.display()))?;
            if rel == Path::new(MANIFEST) {
                let m: Manifest =
                    serde_json::from_str(&text).context("its manifest cannot be read")?;
                let format = m.format;
                *made_by = Some(m);
                if format != FORMAT {
                    bail!(
                        "its format {format} is not {FORMAT}: it was made by another git-kata version, which can grade it"
                    );
                }
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
            // `submit` on Linux packs `README` and `readme` as two files; macOS and Windows
            // keep one name for both, and the second would overwrite the first.
            let why = if crate::platform::fs::NAMES_MAY_FOLD_CASE {
                ", or two names this file system takes for one (they differ only in case): grade it on Linux"
            } else {
                ""
            };
            bail!("it holds {} twice{why}", rel.display());
        }
        match kind {
            tar::EntryType::Directory => {}
            // `submit` writes a file with holes (made by `truncate`, a database, a disk image)
            // as a sparse entry: a regular file whose runs of zeros are left out.
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::GNUSparse => {}
            tar::EntryType::Symlink => {
                let target = entry
                    .link_name()?
                    .context("a symbolic link has no target")?
                    .into_owned();
                let in_sandbox = rel.strip_prefix(SANDBOX).unwrap_or(&rel);
                if in_sandbox.as_os_str().is_empty()
                    || !rules::link_stays_inside(in_sandbox, &target)
                {
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
        entry.unpack(&dst).map_err(|e| unpack_failed(&rel, &e))?;
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
    Ok(answers)
}

/// Why an entry could not be unpacked, without tar's wording, which names our temporary
/// directory: a stream that ends early or does not inflate is the archive's damage, anything
/// else is this machine's (a full disk).
fn unpack_failed(rel: &Path, e: &std::io::Error) -> anyhow::Error {
    let mut cause: &dyn std::error::Error = e;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    use std::io::ErrorKind::{InvalidData, InvalidInput, UnexpectedEof};
    if matches!(e.kind(), UnexpectedEof | InvalidData | InvalidInput) {
        anyhow!("it is cut short or damaged at {}: {cause}", rel.display())
    } else {
        anyhow!("cannot unpack {}: {cause}", rel.display())
    }
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
            // Not UTF-8 (a worktree registered at such a path, then deleted): nothing below
            // `old`, which is UTF-8, so nothing to move.
            let Ok(gitdir) = std::fs::read_to_string(&gitdir_file) else {
                continue;
            };
            let Some(link) = moved(gitdir.trim_end()) else {
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
