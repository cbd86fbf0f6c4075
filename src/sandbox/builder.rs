//! Builds a lesson's repositories with git2, step by step, with no git CLI and no global config
//! leaking in: fixed signatures and times make the commit ids the same on every machine.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use git2::{
    BranchType, DiffOptions, Oid, Repository, Signature, StashFlags, Time, WorktreeAddOptions,
    build::CheckoutBuilder,
};

mod remote;

use super::init::Skeleton;
use super::marker::{Marker, RepoRecord};
use super::objects::PackingStore;
use crate::lesson::{Loaded, RepoSpec, StashInclude, Step};
use crate::paths;
use crate::repo::reflog::head_log_len;

/// Setup commits are dated from here, one minute apart, so ids never depend on the clock.
const EPOCH: i64 = 1_735_689_600; // 2025-01-01T00:00:00Z
const AUTHOR_NAME: &str = "git-kata";
const AUTHOR_EMAIL: &str = "lessons@git-kata.invalid";
pub const LEARNER_NAME: &str = "Kata Learner";
pub const LEARNER_EMAIL: &str = "learner@git-kata.invalid";

/// The learner's identity, so that `git commit` works with no global one. It is in the config
/// from the start because the setup's own reflog entries (branch creations, switches) name it.
const IDENTITY: &[(&str, &str)] = &[("user.name", LEARNER_NAME), ("user.email", LEARNER_EMAIL)];

/// Local settings that make every sandbox behave the same whatever the learner's global git
/// config says: no signing, no hooks, no global ignore or attribute files, no index formats that
/// libgit2 cannot read, and untracked files shown by `git status` (lessons are about them).
/// None of them changes what libgit2 does while building, and libgit2 copies every config entry
/// each time it takes a config snapshot (every open, diff, checkout...), so they are written
/// once the setup steps are done.
const LOCAL_CONFIG: &[(&str, &str)] = &[
    ("commit.gpgSign", "false"),
    ("tag.gpgSign", "false"),
    ("tag.forceSignAnnotated", "false"),
    ("core.hooksPath", "/dev/null"),
    ("core.excludesFile", "/dev/null"),
    ("core.attributesFile", "/dev/null"),
    ("core.autocrlf", "false"),
    ("core.fsmonitor", "false"),
    ("core.untrackedCache", "false"),
    ("core.splitIndex", "false"),
    ("index.sparse", "false"),
    ("index.skipHash", "false"),
    ("feature.manyFiles", "false"),
    ("stash.showIncludeUntracked", "false"),
    // Setup commits are dated 2025, so their reflog entries (and the stash entries made at
    // setup) would be "old" to `git gc`, which would expire them and lose the learner's
    // starting stashes.
    ("gc.reflogExpire", "never"),
    ("gc.reflogExpireUnreachable", "never"),
    ("status.showUntrackedFiles", "normal"),
];

/// Builds every repository of `lesson` under `root` (an empty directory) and returns what the
/// setup made. Errors name the lesson file and the line of the step that failed.
pub fn build_into(lesson: &Loaded, root: &Path) -> Result<Marker> {
    let mut clock = Clock::default();
    let mut marker = Marker::new(lesson.id());
    // Repositories a teammate pushed to after they were built and recorded.
    let mut pushed_to = BTreeSet::new();
    // Bare repositories first: the learner's repository, listed first because it is where they
    // work, may be a clone of an origin listed after it.
    let repos = &lesson.lesson.repos;
    for spec in repos
        .iter()
        .filter(|r| r.bare)
        .chain(repos.iter().filter(|r| !r.bare))
    {
        let record = build_repo(lesson, spec, root, &mut clock, &mut pushed_to)?;
        let path = root.join(&spec.name.value);
        if spec.bare {
            remote::make_bare(&path)
                .with_context(|| format!("cannot make {} a bare repository", path.display()))?;
        }
        marker.repos.insert(spec.name.value.clone(), record);
    }
    for name in pushed_to {
        let path = root.join(&name);
        let repo = Repository::open(&path)
            .with_context(|| format!("cannot open the repository {}", path.display()))?;
        let named_stashes = marker
            .repos
            .remove(&name)
            .map(|r| r.named_stashes)
            .unwrap_or_default();
        marker.repos.insert(
            name,
            RepoRecord {
                named_stashes,
                ..record(&repo)?
            },
        );
    }
    Ok(marker)
}

#[derive(Default)]
struct Clock {
    ticks: i64,
}

impl Clock {
    fn signature(&mut self) -> Result<Signature<'static>> {
        self.signature_of(AUTHOR_NAME, AUTHOR_EMAIL)
    }

    fn signature_of(&mut self, name: &str, email: &str) -> Result<Signature<'static>> {
        self.ticks += 1;
        Signature::new(name, email, &Time::new(EPOCH + 60 * self.ticks, 0))
            .context("cannot make the setup signature")
    }
}

fn build_repo(
    lesson: &Loaded,
    spec: &RepoSpec,
    root: &Path,
    clock: &mut Clock,
    pushed_to: &mut BTreeSet<String>,
) -> Result<RepoRecord> {
    let path = root.join(&spec.name.value);
    let skeleton = Skeleton::create(&path, IDENTITY)
        .with_context(|| format!("cannot create the repository {}", path.display()))?;
    if let Some(branch) = &spec.initial_branch {
        skeleton.start_on(branch)?;
    }
    let repo = Repository::open(&path)
        .with_context(|| format!("cannot open the repository {}", path.display()))?;
    let odb = PackingStore::odb_of(&repo)?;
    let objects = PackingStore::new(&odb, &skeleton.git_dir)?;
    let mut b = RepoBuilder {
        root,
        repo,
        clock,
        objects: &objects,
        config_steps: Vec::new(),
        named_stashes: Default::default(),
        pushed_to,
    };
    if let Some(origin) = &spec.clone {
        b.clone_from(origin).map_err(|e| {
            anyhow!(crate::error::invalid_lesson(format!(
                "{}: repository `{}` cannot be cloned from `{origin}`: {}",
                lesson.error_at(&spec.name.referenced, "").position(),
                spec.name.value,
                crate::error::one_line(&e)
            )))
        })?;
    }
    for (number, step) in (1..).zip(&spec.steps) {
        b.apply(&step.value).map_err(|e| {
            // Built-in lessons are embedded already parsed, without positions: the step's
            // number still finds it.
            let at = &step.referenced;
            anyhow!(crate::error::invalid_lesson(format!(
                "{}: setup step {number} of repository `{}` failed: {}",
                lesson.error_at(at, "").position(),
                spec.name.value,
                crate::error::one_line(&e)
            )))
        })?;
    }
    objects.flush(&b.repo)?;
    let config_steps = std::mem::take(&mut b.config_steps);
    let mut record = record(&b.repo)?;
    record.named_stashes = std::mem::take(&mut b.named_stashes);
    drop(b);
    finish_config(&skeleton, &config_steps)?;
    Ok(record)
}

/// The sandbox's final local config: [`IDENTITY`], git's core lines and [`LOCAL_CONFIG`]. A
/// lesson's own `config` steps changed the config during the build; they are replayed over the
/// final one so that they win over ours, as they did during the build.
fn finish_config(skeleton: &Skeleton, config_steps: &[(String, String)]) -> Result<()> {
    if config_steps.is_empty() {
        // The config is still exactly what the skeleton wrote.
        return skeleton.append_config(LOCAL_CONFIG);
    }
    let all: Vec<(&str, &str)> = IDENTITY.iter().chain(LOCAL_CONFIG).copied().collect();
    skeleton.rewrite_config(&all)?;
    let path = skeleton.git_dir.join("config");
    let mut config =
        git2::Config::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    for (key, value) in config_steps {
        config
            .set_str(key, value)
            .with_context(|| format!("cannot set {key}"))?;
    }
    Ok(())
}

struct RepoBuilder<'a> {
    root: &'a Path,
    repo: Repository,
    clock: &'a mut Clock,
    objects: &'a PackingStore<'a>,
    /// The lesson's `config` steps, replayed over the final config.
    config_steps: Vec<(String, String)>,
    /// Stash entries a step named, to their commits: `setup:NAME` outlives a `stash_drop`.
    named_stashes: std::collections::BTreeMap<String, String>,
    /// Names of the sandbox repositories this one's teammates pushed to.
    pushed_to: &'a mut BTreeSet<String>,
}

impl RepoBuilder<'_> {
    fn apply(&mut self, step: &Step) -> Result<()> {
        match step {
            Step::Write(s) => {
                let file = self.file(&s.path, s.worktree.as_deref())?;
                if let Some(parent) = file.parent() {
                    std::fs::create_dir_all(parent)
                        .with_context(|| format!("cannot create {}", parent.display()))?;
                }
                std::fs::write(&file, &s.content)
                    .with_context(|| format!("cannot write {}", file.display()))
            }
            Step::Delete(s) => {
                let file = self.file(&s.path, s.worktree.as_deref())?;
                std::fs::remove_file(&file).with_context(|| {
                    format!("cannot delete {}: it must be an existing file", s.path)
                })
            }
            Step::Chmod(s) => {
                let file = self.file(&s.path, s.worktree.as_deref())?;
                crate::platform::fs::set_executable(&file, s.executable)
                    .with_context(|| format!("cannot change the mode of {}", s.path))
            }
            Step::Stage(s) => self.in_worktree(s.worktree.as_deref(), |repo| stage(repo, &s.paths)),
            Step::Commit(s) => {
                let sig = self.clock.signature()?;
                self.in_worktree(s.worktree.as_deref(), |repo| {
                    if s.all {
                        stage(repo, &[])?;
                    }
                    commit(repo, &sig, &s.message)
                })
            }
            Step::Branch(s) => {
                let target = match &s.at {
                    Some(rev) => resolve_commit(&self.repo, rev)?,
                    None => self
                        .repo
                        .head()
                        .context("HEAD has no commit yet: commit before branching")?
                        .peel_to_commit()?,
                };
                self.repo
                    .branch(&s.name, &target, false)
                    .with_context(|| format!("cannot create branch {}", s.name))?;
                if s.switch {
                    switch(&self.repo, &s.name)?;
                }
                Ok(())
            }
            Step::Switch(s) => {
                self.in_worktree(s.worktree.as_deref(), |repo| switch(repo, &s.branch))
            }
            Step::Tag(s) => {
                let target = match &s.at {
                    Some(rev) => resolve_commit(&self.repo, rev)?,
                    None => self.repo.head()?.peel_to_commit()?,
                };
                match &s.message {
                    Some(message) => {
                        let sig = self.clock.signature()?;
                        self.repo.tag(
                            &s.name,
                            target.as_object(),
                            &sig,
                            &with_newline(message),
                            false,
                        )?;
                    }
                    None => {
                        self.repo
                            .tag_lightweight(&s.name, target.as_object(), false)?;
                    }
                }
                Ok(())
            }
            Step::Stash(s) => {
                let flags = match s.include {
                    StashInclude::Tracked => StashFlags::DEFAULT,
                    StashInclude::Untracked => StashFlags::INCLUDE_UNTRACKED,
                    StashInclude::All => {
                        StashFlags::INCLUDE_UNTRACKED | StashFlags::INCLUDE_IGNORED
                    }
                };
                let sig = self.clock.signature()?;
                let id = self.in_worktree(s.worktree.as_deref(), |repo| {
                    repo.stash_save2(&sig, s.message.as_deref(), Some(flags))
                        .context("cannot stash: is there anything to stash at this point?")
                })?;
                if let Some(name) = &s.name {
                    self.named_stashes.insert(name.clone(), id.to_string());
                }
                Ok(())
            }
            Step::WorktreeAdd(s) => self.worktree_add(s),
            Step::RemoveDir(s) => {
                let dir = paths::inside(self.root, &s.path)?;
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("cannot delete the directory {}", s.path))
            }
            Step::StashDrop(s) => super::history::stash_drop(&mut self.repo, s.index),
            Step::StashClear(_) => super::history::stash_clear(&mut self.repo),
            Step::Merge(s) => {
                let sig = self.clock.signature()?;
                super::history::merge(&self.repo, &sig, &s.branch, s.message.as_deref())
            }
            Step::Config(s) => {
                let value = remote::config_value(self.root, &s.key, &s.value);
                self.set_config(&s.key, &value)
            }
            Step::TeammateCommit(s) => self.teammate_commit(s),
        }
    }

    /// Sets a local config value now, and keeps it to replay over the final config.
    fn set_config(&mut self, key: &str, value: &str) -> Result<()> {
        let mut config = self.repo.config()?.open_level(git2::ConfigLevel::Local)?;
        config
            .set_str(key, value)
            .with_context(|| format!("cannot set {key}"))?;
        self.config_steps.push((key.to_string(), value.to_string()));
        Ok(())
    }

    /// A file path in the main working tree or in a linked worktree of this repository.
    fn file(&self, path: &str, worktree: Option<&str>) -> Result<PathBuf> {
        let base = match worktree {
            Some(wt) => paths::inside(self.root, wt)?,
            None => self
                .repo
                .workdir()
                .context("the repository has no working tree")?
                .to_path_buf(),
        };
        paths::inside(&base, path)
    }

    /// Runs `f` on the main repository, or on the repository as seen from the linked worktree
    /// `worktree` (its own HEAD and index). The main one stays open for the whole build.
    fn in_worktree<T>(
        &mut self,
        worktree: Option<&str>,
        f: impl FnOnce(&mut Repository) -> Result<T>,
    ) -> Result<T> {
        match worktree {
            None => f(&mut self.repo),
            Some(wt) => {
                let dir = paths::inside(self.root, wt)?;
                let mut repo = Repository::open(&dir)
                    .with_context(|| format!("cannot open the working tree {}", dir.display()))?;
                self.objects.attach(&repo)?;
                f(&mut repo)
            }
        }
    }

    fn worktree_add(&mut self, s: &crate::lesson::WorktreeAddStep) -> Result<()> {
        let dir = paths::inside(self.root, &s.path)?;
        if dir.exists() {
            bail!("{} already exists", s.path);
        }
        // libgit2 checks the new worktree out through a handle of its own, which reads the
        // objects from disk.
        self.objects.flush(&self.repo)?;
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if let Some(from) = &s.new_branch_from {
            let start = resolve_commit(&self.repo, from)?;
            self.repo
                .branch(&s.branch, &start, false)
                .with_context(|| format!("cannot create branch {}", s.branch))?;
        }
        let branch = self
            .repo
            .find_branch(&s.branch, BranchType::Local)
            .with_context(|| format!("there is no branch {} to check out", s.branch))?;
        let reference = branch.into_reference();
        // git names a worktree after the last part of its path; we do the same.
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .context("a worktree path needs a final directory name")?
            .to_string();
        let mut opts = WorktreeAddOptions::new();
        opts.reference(Some(&reference));
        let wt = self
            .repo
            .worktree(&name, &dir, Some(&opts))
            .with_context(|| format!("cannot add a worktree at {} on {}", s.path, s.branch))?;
        if let Some(reason) = &s.lock {
            wt.lock(Some(reason)).context("cannot lock the worktree")?;
        }
        Ok(())
    }
}

/// What setup left in `repo`: its branches, tags and remote-tracking refs, its stashes, the
/// length of each HEAD log, and the branch of each linked worktree.
fn record(repo: &Repository) -> Result<RepoRecord> {
    let mut record = RepoRecord::default();
    for reference in repo.references()? {
        let reference = reference?;
        if let (Ok(name), Some(target)) = (reference.name(), reference.target())
            && ["refs/heads/", "refs/tags/", "refs/remotes/"]
                .iter()
                .any(|p| name.starts_with(p))
        {
            record.refs.insert(name.to_string(), target.to_string());
        }
    }
    record.stashes = stash_ids(repo)?;
    let git_dir = repo.path().to_path_buf();
    record
        .head_reflog
        .insert(String::new(), head_log_len(&git_dir));
    if let Ok(names) = repo.worktrees() {
        for name in names.iter().filter_map(|n| n.ok().flatten()) {
            let admin = git_dir.join("worktrees").join(name);
            record
                .head_reflog
                .insert(name.to_string(), head_log_len(&admin));
            let branch = std::fs::read_to_string(admin.join("HEAD"))
                .ok()
                .and_then(|h| {
                    h.trim()
                        .strip_prefix("ref: refs/heads/")
                        .map(str::to_string)
                });
            record.worktrees.insert(name.to_string(), branch);
        }
    }
    Ok(record)
}

/// Stash commit ids, newest first, read from the stash reflog exactly as `git stash list` does.
pub fn stash_ids(repo: &Repository) -> Result<Vec<String>> {
    let entries = crate::repo::stash::read_stash(repo).context("cannot read the stash list")?;
    Ok(entries.iter().map(|e| e.id.to_string()).collect())
}

/// A commit or tag message as the setup writes it. git ends every message with a newline;
/// without it our ids would differ from git's. (The benchmark's git-CLI scripts use it too.)
pub fn with_newline(message: &str) -> String {
    if message.ends_with('\n') {
        message.to_string()
    } else {
        format!("{message}\n")
    }
}

fn resolve_commit<'r>(repo: &'r Repository, rev: &str) -> Result<git2::Commit<'r>> {
    repo.revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .with_context(|| format!("`{rev}` names no commit at this point of the setup"))
}

/// `git add -A`, or `git add -A -- PATHS...`: each path added, or removed if it is gone.
fn stage(repo: &Repository, paths: &[String]) -> Result<()> {
    let mut index = repo.index()?;
    let workdir = repo
        .workdir()
        .context("the repository has no working tree")?
        .to_path_buf();
    let paths: Vec<PathBuf> = if paths.is_empty() {
        // Everything that differs from the index, untracked files included but not ignored
        // ones, from one diff: libgit2's add_all and update_all would run one each.
        let mut opts = DiffOptions::new();
        opts.include_untracked(true).recurse_untracked_dirs(true);
        let diff = repo.diff_index_to_workdir(Some(&index), Some(&mut opts))?;
        diff.deltas()
            .filter_map(|d| d.new_file().path().or(d.old_file().path()))
            .map(Path::to_path_buf)
            .collect()
    } else {
        paths.iter().map(PathBuf::from).collect()
    };
    for p in &paths {
        // A dangling symbolic link is still a file to add.
        if std::fs::symlink_metadata(workdir.join(p)).is_ok() {
            index
                .add_path(p)
                .with_context(|| format!("cannot stage {}", p.display()))?;
        } else {
            index
                .remove_path(p)
                .with_context(|| format!("cannot stage the deletion of {}", p.display()))?;
        }
    }
    index.write().context("cannot write the index")
}

fn commit(repo: &Repository, sig: &Signature, message: &str) -> Result<()> {
    let mut index = repo.index()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let parent = match repo.head() {
        Ok(head) => Some(head.peel_to_commit()?),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            None
        }
        Err(e) => return Err(e.into()),
    };
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(
        Some("HEAD"),
        sig,
        sig,
        &with_newline(message),
        &tree,
        &parents,
    )
    .context("cannot commit")?;
    Ok(())
}

/// `git switch BRANCH`: keeps uncommitted changes that do not clash, refuses otherwise.
fn switch(repo: &Repository, branch: &str) -> Result<()> {
    let target: Oid = repo
        .find_branch(branch, BranchType::Local)
        .with_context(|| format!("there is no branch {branch}"))?
        .get()
        .target()
        .context("the branch points nowhere")?;
    let tree = repo.find_commit(target)?.tree()?;
    // Onto the same tree (a branch just made at HEAD), a checkout changes nothing but rewrites
    // the index, and replacing a file costs a forced write-back on ext4.
    let same_tree = repo
        .head()
        .and_then(|h| h.peel_to_tree())
        .is_ok_and(|t| t.id() == tree.id());
    if !same_tree {
        repo.checkout_tree(tree.as_object(), Some(CheckoutBuilder::new().safe()))
            .with_context(|| {
                format!("cannot switch to {branch}: uncommitted changes would be overwritten")
            })?;
    }
    repo.set_head(&format!("refs/heads/{branch}"))?;
    Ok(())
}
