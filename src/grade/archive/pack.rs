//! `submit`'s side: the sandbox held to the rules `grade` unpacks by (rules.rs), then packed.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use super::rules::{self, Budget, Over};
use super::{ANSWERS, FORMAT, MANIFEST, Manifest, SANDBOX};
use crate::error;
use crate::paths::shell_path;
use crate::sandbox::Sandbox;

/// Packs `sandbox` (and the learner's quiz answers, if given) into `out`. Returns the bytes
/// written. Nothing is written when the sandbox breaks a rule of rules.rs.
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
        Some(a) => Some(read_answers(a)?),
        None => None,
    };
    // Worktree links are repaired where the archive lands by replacing this path, as text.
    let Some(root_text) = root.to_str() else {
        return Err(error::usage(format!(
            "the sandbox's path {} is not valid UTF-8, and an archive records it as text to repair the sandbox's links where it is graded; move the sandbox to a path named in UTF-8 (then `git worktree repair` in each repository with linked worktrees) and submit again",
            root.display()
        )));
    };
    let manifest = Manifest {
        format: FORMAT,
        root: root_text.to_string(),
        lesson: sandbox.marker.lesson.clone(),
        git_kata: env!("CARGO_PKG_VERSION").to_string(),
    };
    let json = serde_json::to_vec_pretty(&manifest)?;

    // Every entry in the order it is written, counted as `unpack` counts them.
    let mut budget = Budget::default();
    let heads = [
        Some(json.len()),
        answers_text.as_ref().map(Vec::len),
        Some(0),
    ];
    for size in heads.into_iter().flatten() {
        budget
            .take(size as u64)
            .map_err(|over| too_big(root, over, root))?;
    }
    vet_tree(root, root, &mut budget)?;

    let tmp = tempfile::NamedTempFile::new_in(out_parent)
        .with_context(|| format!("cannot write in {}", out_parent.display()))?;
    let gz = flate2::write::GzEncoder::new(BufWriter::new(tmp), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    tar.follow_symlinks(false);
    // Fixed owners and times: the same sandbox always packs to the same bytes.
    tar.mode(tar::HeaderMode::Deterministic);
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

/// The answers as `grade` will read them from the archive: UTF-8 text of at most 64 KiB.
fn read_answers(path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the answers file {}", path.display()))
        .map_err(|e| error::usage(format!("{e:#}")))?;
    if bytes.len() as u64 > rules::MAX_SMALL_FILE {
        return Err(error::usage(format!(
            "the answers file {} is larger than {} KiB, more than `grade` reads; keep only the answers (one line per question) and submit again",
            path.display(),
            rules::MAX_SMALL_FILE / 1024
        )));
    }
    if std::str::from_utf8(&bytes).is_err() {
        return Err(error::usage(format!(
            "the answers file {} is not UTF-8 text, which `grade` needs; save it as UTF-8 and submit again",
            path.display()
        )));
    }
    Ok(bytes)
}

fn too_big(root: &Path, over: Over, at: &Path) -> anyhow::Error {
    let what = match over {
        Over::Entries => format!("more than {} files and directories", rules::MAX_ENTRIES),
        Over::Bytes => format!("more than {} MiB", rules::MAX_BYTES / (1024 * 1024)),
    };
    // The file that crossed the line is often the whole story (a download, a disk image).
    let alone = match std::fs::symlink_metadata(at) {
        Ok(m) if over == Over::Bytes && m.is_file() => format!(
            " ({} alone is {} MiB)",
            at.strip_prefix(root).unwrap_or(at).display(),
            m.len() / (1024 * 1024)
        ),
        _ => String::new(),
    };
    error::usage(format!(
        "the sandbox {} holds {what}{alone}, more than `grade` unpacks, so it cannot be submitted; delete what the lesson does not need (build output, a copied project, large files) and submit again",
        shell_path(root),
    ))
}

/// Walks what `add_tree` packs, in the same way, holding it to the rules `unpack` applies.
fn vet_tree(root: &Path, dir: &Path, budget: &mut Budget) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
        let path = entry.path();
        let meta = std::fs::symlink_metadata(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let kind = meta.file_type();
        let size = if kind.is_file() { meta.len() } else { 0 };
        if !(kind.is_dir() || kind.is_file() || kind.is_symlink()) {
            continue;
        }
        budget
            .take(size)
            .map_err(|over| too_big(root, over, &path))?;
        if kind.is_dir() {
            vet_tree(root, &path, budget)?;
        } else if kind.is_symlink() {
            vet_link(root, &path)?;
        }
    }
    Ok(())
}

/// A symbolic link is packed as a link: it must lead where it will lead once unpacked.
fn vet_link(root: &Path, path: &Path) -> Result<()> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let target = std::fs::read_link(path)
        .with_context(|| format!("cannot read the symbolic link {}", path.display()))?;
    let resolved = path.canonicalize();
    let shown = (rel.display(), shell_path(root), target.display());
    if target.is_absolute()
        && (target.starts_with(root) || resolved.as_ref().is_ok_and(|r| r.starts_with(root)))
    {
        return Err(error::usage(format!(
            "the symbolic link {} in the sandbox {} names its target by an absolute path ({}), which leads nowhere where the archive is graded: make it relative (`ln -sfn RELATIVE/PATH LINK`), then submit again",
            shown.0, shown.1, shown.2
        )));
    }
    if !rules::link_stays_inside(rel, &target) || resolved.is_ok_and(|r| !r.starts_with(root)) {
        return Err(error::usage(format!(
            "the symbolic link {} in the sandbox {} leads out of it (to {}), and an archive carries only the sandbox: replace the link with the file itself, or delete it, then submit again",
            shown.0, shown.1, shown.2
        )));
    }
    Ok(())
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
/// A bare repository (an "origin") keeps its registrations at its top.
fn refuse_external_worktrees(root: &Path) -> Result<()> {
    for entry in
        std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))?
    {
        let repo_dir = entry?.path();
        let bare = !repo_dir.join(".git").exists() && repo_dir.join("HEAD").is_file();
        let admins_dir = if bare {
            repo_dir.join("worktrees")
        } else {
            repo_dir.join(".git").join("worktrees")
        };
        let Ok(admins) = std::fs::read_dir(admins_dir) else {
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
                    shell_path(&repo_dir),
                    shell_path(wt),
                    shell_path(root),
                )));
            }
        }
    }
    Ok(())
}
