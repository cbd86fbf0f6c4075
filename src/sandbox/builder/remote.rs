//! Remotes in a sandbox: a bare "origin", clones of it, and a teammate's push after the
//! clone, all on local paths, so that a learner's `git fetch` and `git push` need no network.
//!
//! Remote URLs are absolute paths, rewritten when the sandbox moves (`sandbox/repair.rs`), as
//! worktree links already are. A relative URL would not do: git resolves it against the top
//! of the working tree the command runs in, so `../origin.git` works from the main working
//! tree but not from a linked worktree at another depth (`git worktree add .worktrees/pr`),
//! which is exactly where these lessons send the learner to fetch.

use std::path::Path;

use anyhow::{Context, Result, bail};
use git2::{Index, IndexEntry, IndexTime, Repository, build::CheckoutBuilder};

use super::{RepoBuilder, resolve_commit, with_newline};
use crate::lesson::TeammateCommitStep;
use crate::platform::fs::config_path;
use crate::sandbox::objects::PackingStore;

/// Who pushed the commits of `teammate_commit`: someone else, as `git log` shows it.
const TEAMMATE_NAME: &str = "Robin Teammate";
const TEAMMATE_EMAIL: &str = "robin@git-kata.invalid";

/// A config value as the builder writes it: a remote's URL (a sandbox-relative path, which
/// `lesson validate` holds to that) becomes the absolute path of that repository.
pub(super) fn config_value(root: &Path, key: &str, value: &str) -> String {
    let lower = key.to_ascii_lowercase();
    let is_url =
        lower.starts_with("remote.") && (lower.ends_with(".url") || lower.ends_with(".pushurl"));
    if is_url {
        config_path(&root.join(value))
    } else {
        value.to_string()
    }
}

/// Turns the repository built at `workdir` into a bare one at the same path, as
/// `git init --bare` makes it: the `.git` directory takes the working tree's place.
pub(super) fn make_bare(workdir: &Path) -> Result<()> {
    let name = workdir
        .file_name()
        .context("a repository needs a directory name")?;
    let parked = workdir.with_file_name(format!(".{}.bare", name.to_string_lossy()));
    std::fs::rename(workdir.join(".git"), &parked)?;
    std::fs::remove_dir_all(workdir)?;
    std::fs::rename(&parked, workdir)?;
    // A bare repository has no index; libgit2 made one for the build's working tree.
    match std::fs::remove_file(workdir.join("index")) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    git2::Config::open(&workdir.join("config"))?.set_bool("core.bare", true)?;
    Ok(())
}

impl RepoBuilder<'_> {
    /// `git clone ../ORIGIN`, done by hand so that the clone gets our config and layout: the
    /// origin's packs copied (as `git clone --local` links them), each of its branches as
    /// `origin/BRANCH`, its tags, its HEAD's branch checked out and tracking its remote twin.
    pub(super) fn clone_from(&mut self, origin_name: &str) -> Result<()> {
        let origin_dir = self.root.join(origin_name);
        let origin = Repository::open(&origin_dir)
            .with_context(|| format!("cannot open {}", origin_dir.display()))?;
        let packs = origin.path().join("objects/pack");
        let into = self.repo.path().join("objects/pack");
        for entry in
            std::fs::read_dir(&packs).with_context(|| format!("cannot read {}", packs.display()))?
        {
            let entry = entry?;
            std::fs::copy(entry.path(), into.join(entry.file_name()))
                .with_context(|| format!("cannot copy {}", entry.path().display()))?;
        }
        self.repo.odb()?.refresh()?;
        let url = config_path(&origin_dir);
        let log = format!("clone: from {url}");
        for reference in origin.references()? {
            let reference = reference?;
            let (Ok(name), Some(id)) = (reference.name(), reference.target()) else {
                continue;
            };
            let copy = if let Some(branch) = name.strip_prefix("refs/heads/") {
                format!("refs/remotes/origin/{branch}")
            } else if name.starts_with("refs/tags/") {
                name.to_string()
            } else {
                continue;
            };
            self.repo.reference(&copy, id, false, &log)?;
        }
        let head = origin.find_reference("HEAD")?;
        let Some(branch) = head
            .symbolic_target()
            .ok()
            .flatten()
            .and_then(|t| t.strip_prefix("refs/heads/"))
            .map(str::to_string)
        else {
            bail!("the HEAD of {origin_name} names no branch");
        };
        self.set_config("remote.origin.url", &url)?;
        self.set_config("remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")?;
        let Ok(tip) = origin.refname_to_id(&format!("refs/heads/{branch}")) else {
            // An empty origin: git clones it with HEAD on an unborn branch.
            return Ok(());
        };
        self.repo.reference_symbolic(
            "refs/remotes/origin/HEAD",
            &format!("refs/remotes/origin/{branch}"),
            false,
            &log,
        )?;
        self.repo
            .reference(&format!("refs/heads/{branch}"), tip, false, &log)?;
        self.repo.set_head(&format!("refs/heads/{branch}"))?;
        self.set_config(&format!("branch.{branch}.remote"), "origin")?;
        self.set_config(
            &format!("branch.{branch}.merge"),
            &format!("refs/heads/{branch}"),
        )?;
        self.repo
            .checkout_head(Some(CheckoutBuilder::new().force()))
            .context("cannot check out the clone")?;
        Ok(())
    }

    /// A commit made in the remote's own repository, as if a teammate had pushed it: this
    /// repository's remote-tracking branch does not move until the learner fetches.
    pub(super) fn teammate_commit(&mut self, s: &TeammateCommitStep) -> Result<()> {
        let key = format!("remote.{}.url", s.remote);
        let url = self
            .repo
            .config()?
            .get_string(&key)
            .with_context(|| format!("this repository has no remote `{}`", s.remote))?;
        // The URL was written by `config_path` (forward slashes on Windows, no verbatim
        // prefix), so it is matched in that form rather than parsed back into a path.
        let root = config_path(self.root);
        let name = match url
            .strip_prefix(root.as_str())
            .and_then(|rest| rest.strip_prefix('/'))
        {
            Some(name) if !name.is_empty() && !name.contains(['/', '\\']) => name.to_string(),
            _ => bail!("remote `{}` is not a repository of this sandbox", s.remote),
        };
        let dir = self.root.join(&name);
        let remote =
            Repository::open(&dir).with_context(|| format!("cannot open the remote {name}"))?;
        let odb = PackingStore::odb_of(&remote)?;
        let objects = PackingStore::new(&odb, remote.path())?;
        let refname = format!("refs/heads/{}", s.branch);
        let parent = match (remote.refname_to_id(&refname), &s.from) {
            (Ok(_), Some(_)) => bail!(
                "`from` starts a new branch, and {name} already has {}",
                s.branch
            ),
            (Ok(id), None) => remote.find_commit(id)?,
            (Err(_), Some(from)) => resolve_commit(&remote, from)?,
            (Err(_), None) => bail!("{name} has no branch {}: give `from` to start it", s.branch),
        };
        let mut index = Index::new()?;
        index.read_tree(&parent.tree()?)?;
        for (path, content) in &s.write {
            let id = remote.blob(content.as_bytes())?;
            index
                .add(&blob_entry(path, id, content.len()))
                .with_context(|| format!("cannot write {path}"))?;
        }
        for path in &s.delete {
            index
                .remove_path(Path::new(path))
                .with_context(|| format!("cannot delete {path}: it is not in {}", s.branch))?;
        }
        let tree = remote.find_tree(index.write_tree_to(&remote)?)?;
        let sig = self.clock.signature_of(TEAMMATE_NAME, TEAMMATE_EMAIL)?;
        let id = remote.commit(
            None,
            &sig,
            &sig,
            &with_newline(&s.message),
            &tree,
            &[&parent],
        )?;
        remote.reference(&refname, id, true, "push")?;
        objects.flush(&remote)?;
        self.pushed_to.insert(name);
        Ok(())
    }
}

fn blob_entry(path: &str, id: git2::Oid, size: usize) -> IndexEntry {
    let path = path.as_bytes().to_vec();
    IndexEntry {
        ctime: IndexTime::new(0, 0),
        mtime: IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: u16::try_from(path.len()).unwrap_or(0xfff).min(0xfff),
        flags_extended: 0,
        path,
    }
}
