//! A picture of a sandbox as data: each repository's worktrees (main and linked), its branches
//! and how they relate to main, and its stash stack. Read with git2 by the checker's own rules
//! (`predicates::context::registrations` for linked worktrees); `render::status` draws it.
//!
//! Unlike the checker, this never refuses a repository that is busy (a merge in progress, an
//! `index.lock`): it says so and still shows what it can, because that is when a learner most
//! needs to see where things stand.

use std::path::Path;

use git2::{BranchType, Oid, Repository, Status};

use crate::lesson::Lesson;
use crate::repo::worktrees::{Registration, operation_in_progress, registrations};
use crate::repo::{commits as refs, stash, status as files};
use crate::sandbox::Sandbox;

/// The branch every other branch is compared with, when the repository has it.
pub const BASE_BRANCH: &str = "main";

/// What a repository that has no `BASE_BRANCH` is compared with instead: a lesson may start
/// it on `master` (`initial_branch`), as git's own documentation does.
const OTHER_BASE: &str = "master";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub lesson: String,
    pub repos: Vec<RepoView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoView {
    pub name: String,
    /// Why the repository could not be opened at all; everything else is then empty.
    pub unreadable: Option<String>,
    /// A bare repository: a sandbox's "origin", with no working tree of its own.
    pub bare: bool,
    /// The main working tree first, then the linked ones in the order git lists them.
    pub worktrees: Vec<WorktreeView>,
    pub branches: Vec<BranchView>,
    /// `BASE_BRANCH` (else `master`) when it exists: what `Relation` compares with.
    pub base: Option<String>,
    /// `stash@{0}` first.
    pub stashes: Vec<StashView>,
    /// Why the stash stack could not be read.
    pub stash_problem: Option<String>,
    /// Tags, by name; lessons about releases and pins have them.
    pub tags: Vec<TagView>,
    /// Local branches with an upstream, by name: what `git status` compares each with.
    pub upstreams: Vec<UpstreamView>,
    /// Submodules declared in `.gitmodules` or recorded in the index, by path.
    pub submodules: Vec<SubmoduleView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamView {
    pub branch: String,
    /// `origin/main`, as `git branch -vv` shows it.
    pub upstream: String,
    /// Commits of the branch not in the upstream, and of the upstream not in the branch, as
    /// last fetched; `None` when the upstream ref does not exist (not fetched, or gone).
    pub counts: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagView {
    pub name: String,
    /// Short id of the commit it names (a tag of something else shows `-`).
    pub target: String,
    /// The first line of that commit's message.
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmoduleView {
    pub path: String,
    /// The commit HEAD's tree pins, if committed yet.
    pub committed: Option<String>,
    /// The commit the index pins, when it differs from `committed` (staged, not committed).
    pub staged: Option<String>,
    /// The commit checked out in the submodule, when it differs from the index's.
    pub checked_out: Option<String>,
    /// Whether the submodule's own repository is there (cloned / initialised).
    pub present: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorktreeView {
    /// The directory as the learner would type it from the sandbox directory.
    pub path: String,
    /// `None` for the main working tree; else the registration's name in `.git/worktrees/`.
    pub admin: Option<String>,
    pub head: Head,
    pub files: Files,
    /// The reason given to `git worktree lock` (empty when none was given).
    pub locked: Option<String>,
    /// An operation git left half done here (a merge, a rebase, a lock file).
    pub busy: Option<String>,
}

impl WorktreeView {
    /// What `git worktree prune` would remove: a linked worktree whose directory is gone and
    /// that is not locked.
    pub fn prunable(&self) -> bool {
        self.admin.is_some() && self.files == Files::Gone && self.locked.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Head {
    Branch(String),
    /// A detached HEAD, at this short commit id.
    Detached(String),
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Files {
    Clean,
    Dirty(Vec<Change>),
    /// The directory of a linked worktree no longer exists.
    Gone,
    Unreadable(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Changed in the working tree, not staged.
    Modified,
    /// Deleted from the working tree, not staged.
    Deleted,
    Staged,
    /// Staged, then changed again in the working tree.
    StagedAndModified,
    Untracked,
    Conflicted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchView {
    pub name: String,
    /// Short id of the tip commit.
    pub tip: String,
    /// The first line of the tip commit's message.
    pub subject: String,
    pub relation: Relation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// This is the base branch itself.
    Base,
    /// Commits ahead of and behind the base branch (both 0: the same commit).
    Compared { ahead: usize, behind: usize },
    /// No common history with the base branch.
    Unrelated,
    /// There is no base branch to compare with.
    NoBase,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StashView {
    pub index: usize,
    pub message: String,
    /// Tracked files the entry changes.
    pub tracked: Vec<String>,
    /// Untracked files it holds (stashed with `-u` or `-a`).
    pub untracked: Vec<String>,
    pub unreadable: Option<String>,
}

/// Reads every repository of the lesson in the sandbox.
pub fn gather(sandbox: &Sandbox, lesson: &Lesson) -> Overview {
    Overview {
        lesson: lesson.id.value.clone(),
        repos: lesson
            .repos
            .iter()
            .map(|spec| repo_view(&sandbox.root, &spec.name.value))
            .collect(),
    }
}

fn rel(root: &Path, path: &Path) -> String {
    crate::paths::display_relative(root, path)
}

pub fn repo_view(root: &Path, name: &str) -> RepoView {
    let dir = root.join(name);
    let mut view = RepoView {
        name: name.to_string(),
        unreadable: None,
        bare: false,
        worktrees: Vec::new(),
        branches: Vec::new(),
        base: None,
        stashes: Vec::new(),
        stash_problem: None,
        tags: Vec::new(),
        upstreams: Vec::new(),
        submodules: Vec::new(),
    };
    if !dir.exists() {
        view.unreadable = Some(format!("{name} does not exist any more"));
        return view;
    }
    if let Some(special) = crate::repo::integrity::special_git_file(&dir) {
        view.unreadable = Some(special.0);
        return view;
    }
    let repo = match Repository::open(&dir) {
        Ok(r) => r,
        Err(e) => {
            view.unreadable = Some(format!(
                "{name} is not a readable git repository ({})",
                e.message()
            ));
            return view;
        }
    };
    view.bare = repo.is_bare();
    if let Some(workdir) = repo.workdir() {
        view.worktrees.push(WorktreeView {
            // git2 gives the working directory with a trailing slash; components() drops it.
            path: rel(root, workdir.components().as_path()),
            admin: None,
            head: head_of(&repo),
            files: files_of(&repo),
            locked: None,
            busy: busy(&repo),
        });
    }
    for reg in registrations(&repo) {
        view.worktrees.push(linked_view(root, &repo, &reg));
    }
    view.base = [BASE_BRANCH, OTHER_BASE]
        .into_iter()
        .find(|b| repo.find_branch(b, BranchType::Local).is_ok())
        .map(str::to_string);
    view.branches = branches(&repo, view.base.as_deref());
    view.upstreams = upstreams(&repo, &view.branches);
    match stash::entries(&repo) {
        Ok(entries) => {
            view.stashes = entries
                .iter()
                .enumerate()
                .map(|(index, e)| stash_view(&repo, index, &e.message, e.id))
                .collect();
        }
        Err(e) => view.stash_problem = Some(e.0),
    }
    view.tags = tags(&repo);
    view.submodules = submodules(&repo);
    view
}

fn tags(repo: &Repository) -> Vec<TagView> {
    let Ok(names) = repo.tag_names(None) else {
        return Vec::new();
    };
    let mut tags: Vec<TagView> = names
        .iter_bytes()
        .map(|name| {
            let name = String::from_utf8_lossy(name);
            let commit = repo
                .revparse_single(&format!("refs/tags/{name}"))
                .and_then(|o| o.peel_to_commit());
            TagView {
                name: name.to_string(),
                target: commit.as_ref().map_or("-".to_string(), |c| short(c.id())),
                subject: commit
                    .as_ref()
                    .ok()
                    .and_then(|c| c.summary_bytes())
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_default(),
            }
        })
        .collect();
    tags.sort_by(|a, b| a.name.cmp(&b.name));
    tags
}

fn submodules(repo: &Repository) -> Vec<SubmoduleView> {
    let Ok(subs) = repo.submodules() else {
        return Vec::new();
    };
    let mut views: Vec<SubmoduleView> = subs
        .iter()
        .map(|s| {
            let committed = s.head_id();
            let staged = s.index_id().filter(|i| Some(*i) != committed);
            let index = s.index_id().or(committed);
            let checked_out = s.workdir_id().filter(|w| Some(*w) != index);
            SubmoduleView {
                path: s.path().to_string_lossy().into_owned(),
                committed: committed.map(short),
                staged: staged.map(short),
                checked_out: checked_out.map(short),
                present: s.open().is_ok(),
            }
        })
        .collect();
    views.sort_by(|a, b| a.path.cmp(&b.path));
    views
}

fn linked_view(root: &Path, repo: &Repository, reg: &Registration) -> WorktreeView {
    // A FIFO where git keeps a file would hang the open: such a worktree is drawn as gone.
    let vetted = reg.present && crate::repo::integrity::special_git_file(&reg.dir).is_none();
    let opened = if vetted {
        Some(Repository::open(&reg.dir))
    } else {
        None
    };
    let head = match (&reg.branch, &opened) {
        (Some(b), _) => Head::Branch(b.clone()),
        (None, Some(Ok(r))) => head_of(r),
        // Gone and detached: the id is still in the registration's HEAD file.
        (None, _) => std::fs::read_to_string(
            repo.commondir()
                .join("worktrees")
                .join(&reg.name)
                .join("HEAD"),
        )
        .ok()
        .and_then(|t| Oid::from_str(t.trim()).ok())
        .map_or(Head::Unknown, |id| Head::Detached(short(id))),
    };
    let (files, busy) = match opened {
        None => (Files::Gone, None),
        Some(Ok(r)) => (files_of(&r), busy(&r)),
        Some(Err(e)) => (
            Files::Unreadable(format!(
                "it cannot be opened as a working tree ({})",
                e.message()
            )),
            None,
        ),
    };
    WorktreeView {
        path: rel(root, &reg.dir),
        admin: Some(reg.name.clone()),
        head,
        files,
        locked: reg.locked.clone(),
        busy,
    }
}

pub fn short(id: Oid) -> String {
    id.to_string()[..7].to_string()
}

fn head_of(repo: &Repository) -> Head {
    match refs::current_branch(repo) {
        Ok(Ok(branch)) => Head::Branch(branch),
        Ok(Err(_)) => repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .map_or(Head::Unknown, |id| Head::Detached(short(id))),
        Err(_) => Head::Unknown,
    }
}

fn files_of(repo: &Repository) -> Files {
    let paths = match files::dirty(repo) {
        Ok(p) => p,
        Err(e) => return Files::Unreadable(e.0),
    };
    if paths.is_empty() {
        return Files::Clean;
    }
    // One status scan for every path: a status_file per path scans the working tree each
    // time, which made 10,000 untracked files take 36 s.
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false);
    let statuses: std::collections::HashMap<String, Status> = repo
        .statuses(Some(&mut opts))
        .map(|all| {
            all.iter()
                .filter_map(|e| Some((e.path().ok()?.to_string(), e.status())))
                .collect()
        })
        .unwrap_or_default();
    let changes = paths
        .into_iter()
        .map(|path| {
            let status = statuses.get(&path).copied().unwrap_or(Status::WT_NEW);
            Change {
                kind: kind_of(status),
                path,
            }
        })
        .collect();
    Files::Dirty(changes)
}

fn kind_of(s: Status) -> ChangeKind {
    let staged = s.intersects(
        Status::INDEX_NEW
            | Status::INDEX_MODIFIED
            | Status::INDEX_DELETED
            | Status::INDEX_RENAMED
            | Status::INDEX_TYPECHANGE,
    );
    let changed = s.intersects(Status::WT_MODIFIED | Status::WT_TYPECHANGE | Status::WT_RENAMED);
    if s.contains(Status::CONFLICTED) {
        ChangeKind::Conflicted
    } else if s.contains(Status::WT_NEW) {
        ChangeKind::Untracked
    } else if staged && (changed || s.contains(Status::WT_DELETED)) {
        ChangeKind::StagedAndModified
    } else if staged {
        ChangeKind::Staged
    } else if s.contains(Status::WT_DELETED) {
        ChangeKind::Deleted
    } else {
        ChangeKind::Modified
    }
}

/// An operation git left half done in this working tree (the checker's own wording), or a lock
/// file left by a running or crashed git.
fn busy(repo: &Repository) -> Option<String> {
    if let Some(what) = operation_in_progress(repo) {
        return Some(what.to_string());
    }
    repo.path()
        .join("index.lock")
        .exists()
        .then(|| "a git command is running here, or crashed and left .git/index.lock".to_string())
}

fn upstreams(repo: &Repository, branches: &[BranchView]) -> Vec<UpstreamView> {
    branches
        .iter()
        .filter_map(|b| {
            let name = crate::repo::remotes::upstream_of(repo, &b.name).ok()??;
            let tip = repo.refname_to_id(&format!("refs/heads/{}", b.name)).ok()?;
            let counts = repo
                .refname_to_id(&name)
                .ok()
                .and_then(|theirs| repo.graph_ahead_behind(tip, theirs).ok());
            Some(UpstreamView {
                branch: b.name.clone(),
                upstream: crate::repo::remotes::short_ref(&name).to_string(),
                counts,
            })
        })
        .collect()
}

fn branches(repo: &Repository, base: Option<&str>) -> Vec<BranchView> {
    let base_tip = base
        .and_then(|b| repo.find_branch(b, BranchType::Local).ok())
        .and_then(|b| b.get().target());
    let Ok(iter) = repo.branches(Some(BranchType::Local)) else {
        return Vec::new();
    };
    let mut out: Vec<BranchView> = iter
        .filter_map(Result::ok)
        .filter_map(|(b, _)| {
            let name = b.name().ok().flatten()?.to_string();
            let tip = b.get().target()?;
            let subject = repo
                .find_commit(tip)
                .ok()
                .and_then(|c| c.summary().ok().flatten().map(str::to_string))
                .unwrap_or_default();
            let relation = match base_tip {
                _ if Some(name.as_str()) == base => Relation::Base,
                None => Relation::NoBase,
                Some(base_tip) => match repo.graph_ahead_behind(tip, base_tip) {
                    Ok((ahead, behind)) if repo.merge_base(tip, base_tip).is_ok() => {
                        Relation::Compared { ahead, behind }
                    }
                    _ => Relation::Unrelated,
                },
            };
            Some(BranchView {
                name,
                tip: short(tip),
                subject,
                relation,
            })
        })
        .collect();
    // The base first, then the others by name, as a learner scans them.
    out.sort_by(|a, b| {
        (a.relation != Relation::Base, &a.name).cmp(&(b.relation != Relation::Base, &b.name))
    });
    out
}

fn stash_view(repo: &Repository, index: usize, message: &str, id: Oid) -> StashView {
    let mut view = StashView {
        index,
        message: message.to_string(),
        tracked: Vec::new(),
        untracked: Vec::new(),
        unreadable: None,
    };
    let read = repo
        .find_commit(id)
        .map_err(|e| format!("stash@{{{index}}} cannot be read: {}", e.message()))
        .and_then(|c| {
            let tracked = stash::tracked_paths(repo, &c).map_err(|e| e.0)?;
            let untracked = stash::untracked_paths(repo, &c).map_err(|e| e.0)?;
            Ok((tracked, untracked))
        });
    match read {
        Ok((tracked, untracked)) => {
            view.tracked = tracked;
            view.untracked = untracked;
        }
        Err(e) => view.unreadable = Some(e),
    }
    view
}
