//! A new repository's `.git`, laid out by hand the way `git init --template=<empty>` lays it out.
//!
//! libgit2's `init` also writes a description, a sample hook and `info/exclude`, rewrites
//! `.git/config` under a lock four times and probes the file system with a scratch file in the
//! working tree. On a disk-backed file system each of those metadata operations costs about as
//! much as storing an object, and building a sandbox is mostly metadata operations. git's own
//! layout is six directories and two files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::platform::fs as platform;

/// A repository created by [`Skeleton::create`]: where its `.git` is, and the `core` settings
/// `git init` would have written for the file system it is on.
pub struct Skeleton {
    pub git_dir: PathBuf,
    core: Vec<(&'static str, &'static str)>,
}

impl Skeleton {
    /// Creates `workdir/.git` (and `workdir` if needed) with HEAD on an unborn `main`, and a
    /// local config of `first`, then git's `core` lines. `core` comes last so that
    /// [`Skeleton::append_config`] can add to it without a second `[core]`.
    pub fn create(workdir: &Path, first: &[(&str, &str)]) -> Result<Skeleton> {
        std::fs::create_dir_all(workdir)
            .with_context(|| format!("cannot create {}", workdir.display()))?;
        let git_dir = workdir.join(".git");
        let dirs = [
            "objects",
            "objects/info",
            "objects/pack",
            "refs",
            "refs/heads",
            "refs/tags",
        ];
        for dir in std::iter::once(git_dir.clone()).chain(dirs.iter().map(|d| git_dir.join(d))) {
            std::fs::create_dir(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let head = git_dir.join("HEAD");
        std::fs::write(&head, "ref: refs/heads/main\n")
            .with_context(|| format!("cannot write {}", head.display()))?;
        let skeleton = Skeleton {
            core: core_settings(&git_dir),
            git_dir,
        };
        let text = config_text(first.iter().chain(&skeleton.core).copied(), None);
        skeleton.write(&text, WriteMode::Replace)?;
        Ok(skeleton)
    }

    /// Puts the unborn HEAD on `branch` instead of `main`, as `git init -b BRANCH` does.
    pub fn start_on(&self, branch: &str) -> Result<()> {
        let head = self.git_dir.join("HEAD");
        std::fs::write(&head, format!("ref: refs/heads/{branch}\n"))
            .with_context(|| format!("cannot write {}", head.display()))
    }

    /// Adds `settings` at the end of the config written by [`Skeleton::create`]: an append, not
    /// a rewrite, since ext4 forces a write-back when a file is truncated and written again.
    /// Only valid while nothing else has written to the config.
    pub fn append_config(&self, settings: &[(&str, &str)]) -> Result<()> {
        self.write(
            &config_text(settings.iter().copied(), Some("core")),
            WriteMode::Append,
        )
    }

    /// Replaces the config with git's `core` lines followed by `settings`.
    pub fn rewrite_config(&self, settings: &[(&str, &str)]) -> Result<()> {
        let text = config_text(self.core.iter().chain(settings).copied(), None);
        self.write(&text, WriteMode::Replace)
    }

    fn write(&self, text: &str, how: WriteMode) -> Result<()> {
        let path = self.git_dir.join("config");
        let mut options = std::fs::OpenOptions::new();
        match how {
            WriteMode::Replace => options.write(true).create(true).truncate(true),
            WriteMode::Append => options.append(true),
        };
        options
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .with_context(|| format!("cannot write {}", path.display()))
    }
}

enum WriteMode {
    Replace,
    Append,
}

/// What `git init` writes into `core`: the format, the working tree, and what it found by
/// probing the file system (only where the answer differs from git's default, as git does).
fn core_settings(git_dir: &Path) -> Vec<(&'static str, &'static str)> {
    let mut core = vec![
        ("core.repositoryformatversion", "0"),
        (
            "core.filemode",
            bool_str(platform::keeps_executable_bit(&git_dir.join("HEAD"))),
        ),
        ("core.bare", "false"),
        ("core.logallrefupdates", "true"),
    ];
    if !probe_symlinks(git_dir) {
        core.push(("core.symlinks", "false"));
    }
    // A file system that finds HEAD under another case is case-insensitive.
    if git_dir.join("hEaD").exists() {
        core.push(("core.ignorecase", "true"));
    }
    if let Some(precompose) = probe_precompose_unicode(git_dir) {
        core.push(("core.precomposeunicode", bool_str(precompose)));
    }
    core
}

fn bool_str(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

fn probe_symlinks(git_dir: &Path) -> bool {
    let probe = git_dir.join("symlink-probe");
    let works = platform::symlink_file(Path::new("testing"), &probe).is_ok()
        && std::fs::symlink_metadata(&probe).is_ok_and(|m| m.file_type().is_symlink());
    let _ = std::fs::remove_file(&probe);
    works
}

/// macOS may hand back file names in decomposed Unicode; git records whether it does, and
/// libgit2 reads the setting. Elsewhere git writes nothing.
#[cfg(target_os = "macos")]
fn probe_precompose_unicode(git_dir: &Path) -> Option<bool> {
    let composed = git_dir.join("\u{e4}");
    if std::fs::write(&composed, "").is_err() {
        return None;
    }
    let decomposes = git_dir.join("a\u{308}").exists();
    let _ = std::fs::remove_file(&composed);
    Some(decomposes)
}

#[cfg(not(target_os = "macos"))]
fn probe_precompose_unicode(_git_dir: &Path) -> Option<bool> {
    None
}

/// `section.name` settings as git config text: one section per name, in the order of first
/// use. Settings of the section `open` (the one a file being appended to ends in) come first,
/// with no header. Values that git would otherwise read differently are quoted.
fn config_text<'a>(
    settings: impl Iterator<Item = (&'a str, &'a str)>,
    open: Option<&str>,
) -> String {
    let mut sections: Vec<(&str, String)> = Vec::new();
    if let Some(open) = open {
        sections.push((open, String::new()));
    }
    for (key, value) in settings {
        let (section, name) = key.split_once('.').unwrap_or(("core", key));
        let line = format!("\t{name} = {}\n", quoted(value));
        match sections
            .iter_mut()
            .find(|(s, _)| s.eq_ignore_ascii_case(section))
        {
            Some((_, lines)) => lines.push_str(&line),
            None => sections.push((section, line)),
        }
    }
    sections
        .into_iter()
        .enumerate()
        .map(|(i, (section, lines))| {
            if i == 0 && open.is_some() {
                lines
            } else {
                format!("[{section}]\n{lines}")
            }
        })
        .collect()
}

fn quoted(value: &str) -> String {
    let plain =
        !value.is_empty() && value.trim() == value && !value.contains(['"', '\\', '#', ';', '\n']);
    if plain {
        value.to_string()
    } else {
        format!(
            "\"{}\"",
            value
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What we write must read back, through libgit2, as exactly the settings given, and open
    /// as a repository on an unborn main.
    #[test]
    fn skeleton_reads_back_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let settings = [
            ("user.name", "Kata Learner"),
            ("user.email", "learner@git-kata.invalid"),
            ("test.spaces", " padded "),
            ("core.hooksPath", "/dev/null"),
            ("test.quotes", "say \"hi\" # not a comment; \\ ok"),
            ("test.empty", ""),
        ];
        let (first, later) = settings.split_at(2);
        let skeleton = Skeleton::create(&dir.path().join("repo"), first).unwrap();
        skeleton.append_config(later).unwrap();
        let text = std::fs::read_to_string(skeleton.git_dir.join("config")).unwrap();
        assert_eq!(text.matches("[core]").count(), 1, "{text}");
        let config = git2::Config::open(&skeleton.git_dir.join("config")).unwrap();
        for (key, value) in settings {
            assert_eq!(config.get_string(key).unwrap(), value, "{key}");
        }
        assert!(!config.get_bool("core.bare").unwrap());
        assert!(config.get_bool("core.filemode").unwrap());
        assert!(config.get_bool("core.logallrefupdates").unwrap());
        let repo = git2::Repository::open(dir.path().join("repo")).unwrap();
        assert!(repo.head().is_err(), "HEAD is unborn");
        assert_eq!(
            repo.find_reference("HEAD").unwrap().symbolic_target(),
            Ok(Some("refs/heads/main"))
        );
        let left: Vec<_> = std::fs::read_dir(&skeleton.git_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        let mut left = left;
        left.sort();
        assert_eq!(
            left,
            ["HEAD", "config", "objects", "refs"],
            "no probe left behind"
        );
    }
}
