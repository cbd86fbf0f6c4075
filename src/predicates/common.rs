//! Helpers several kinds share that need the checker's context or speak in findings: a
//! revision as a commit, a stash entry by position, the stash stack against setup, a worktree
//! by its sandbox path. Plain git facts live in `crate::repo`.

use std::path::{Path, PathBuf};

use git2::{Commit, Oid, Repository};
use serde_json::Value;

use crate::paths::normalize;
use crate::predicates::context::{Context, Fact, git_err, unreadable};
use crate::predicates::text::Source;
use crate::predicates::{Finding, Rev, list, one_line, plural};
use crate::repo::stash::{Entry, entries};
use crate::repo::status::{blob_at, is_stash_entry, shown_rev};
use crate::repo::worktrees::Registration;

/// The remote a predicate reads when it names none, as git's own default is.
pub(crate) fn origin() -> String {
    "origin".to_string()
}

pub(crate) fn find(regs: &[Registration], dir: &PathBuf) -> Option<Registration> {
    regs.iter().find(|r| normalize(&r.dir) == *dir).cloned()
}

pub(crate) fn target(ctx: &Context, path: &str) -> PathBuf {
    normalize(&ctx.root.join(path))
}

/// What a predicate about the worktree at `path` starts from: `repo`'s worktree registrations,
/// the one at that directory if any, and the path as the learner, standing in the main
/// repository, would write it.
pub(crate) struct AtPath {
    pub regs: Vec<Registration>,
    pub reg: Option<Registration>,
    pub dir: PathBuf,
    pub shown: String,
}

pub(crate) fn worktree_at(ctx: &Context, repo: &Option<String>, path: &str) -> Fact<AtPath> {
    let regs = ctx.registrations(repo)?;
    let dir = target(ctx, path);
    Ok(AtPath {
        reg: find(&regs, &dir),
        shown: ctx.rel(&dir),
        regs,
        dir,
    })
}

pub(crate) fn describe(ctx: &Context, repo: &Option<String>, place: &Option<PathBuf>) -> String {
    match place {
        None => format!("the main working tree ({})", ctx.repo_name(repo)),
        Some(dir) => ctx.rel(dir),
    }
}

pub(crate) fn find_commit<'r>(
    ctx: &Context,
    name: &str,
    r: &'r Repository,
    rev: &Rev,
) -> Fact<Option<git2::Commit<'r>>> {
    match ctx.resolve(name, r, rev)? {
        Some(id) => r
            .find_commit(id)
            .map(Some)
            .map_err(|e| git_err(rev.as_str(), e)),
        None => Ok(None),
    }
}

pub(crate) fn nth<'r>(
    r: &'r Repository,
    index: usize,
) -> Fact<Result<(Entry, Commit<'r>), Finding>> {
    let mut all = entries(r)?;
    if index >= all.len() {
        let holds = if all.is_empty() {
            "the stash stack is empty".to_string()
        } else {
            format!(
                "the stash stack holds only {}",
                plural(all.len(), "entry", "entries")
            )
        };
        return Ok(Err(Finding::no(format!(
            "there is no stash@{{{index}}}: {holds}"
        ))));
    }
    let entry = all.swap_remove(index);
    let commit = r
        .find_commit(entry.id)
        .map_err(|e| unreadable(format!("stash@{{{index}}} cannot be read: {}", e.message())))?;
    Ok(Ok((entry, commit)))
}

/// The stash entries made at setup (newest first), as the marker recorded them.
pub fn setup_stashes(ctx: &Context, repo_name: &str) -> Vec<String> {
    ctx.setup
        .get(repo_name)
        .map(|rec| rec.stashes.clone())
        .unwrap_or_default()
}

/// The stack now compared with the stack at setup.
pub struct SinceSetup {
    pub setup: Vec<String>,
    pub now: Vec<String>,
    /// Setup entries no longer on the stack, named by their position at setup (`stash@{1}`).
    pub missing: Vec<String>,
}

pub fn since_setup(ctx: &Context, repo_name: &str, r: &Repository) -> Fact<SinceSetup> {
    let setup = setup_stashes(ctx, repo_name);
    let now: Vec<String> = entries(r)?.iter().map(|e| e.id.to_string()).collect();
    let missing = setup
        .iter()
        .enumerate()
        .filter(|(_, id)| !now.contains(id))
        .map(|(i, _)| format!("stash@{{{i}}}"))
        .collect();
    Ok(SinceSetup {
        setup,
        now,
        missing,
    })
}

/// `stash@{1} is` / `stash@{0} and stash@{2} are`.
pub fn missing_phrase(missing: &[String]) -> String {
    format!(
        "{} from the start {}",
        list(missing),
        if missing.len() == 1 { "is" } else { "are" }
    )
}

/// A commit as a learner recognises it in `git log --oneline`: short id and subject. A
/// commit that cannot be read is damage, reported as such rather than drawn without a subject.
pub(crate) fn describe_commit(r: &Repository, id: Oid) -> Fact<String> {
    let short = id.to_string()[..7].to_string();
    let c = r
        .find_commit(id)
        .map_err(|e| crate::repo::integrity::damaged(&short, Some(id), &e))?;
    Ok(format!(
        "{short} \"{}\"",
        one_line(c.summary().ok().flatten().unwrap_or(""))
    ))
}

/// The most of a working-tree file a predicate reads: lesson files are a few lines, and a
/// file this large is a mistake to report, not a text to match patterns against.
pub const MAX_CHECKED_BYTES: u64 = 1024 * 1024;

/// A file's content from the working tree, the index or a revision, with the words that name
/// it (`deployment.yaml in main`); or the finding that says it is not there.
pub fn content(
    ctx: &Context,
    repo: &Option<String>,
    worktree: &Option<String>,
    path: &str,
    from: Source,
    rev: &Option<Rev>,
) -> Fact<Result<(String, Vec<u8>), Finding>> {
    let name = ctx.repo_name(repo).to_string();
    let where_ = ctx.rel(&ctx.worktree_dir(repo, worktree));
    ctx.with_worktree(repo, worktree, |r| {
        Ok(match (rev, from) {
            (Some(rev), _) => {
                let what = format!("{path} in {}", shown_rev(rev.as_str()));
                let Some(id) = ctx.resolve(&name, r, rev)? else {
                    // `stash@{N}^3` is where -u and -a put new files; say so, not "no such rev".
                    if let Some(entry) = rev.as_str().strip_suffix("^3").filter(|e| is_stash_entry(e))
                        && ctx.resolve(&name, r, &Rev::parse(entry))?.is_some()
                    {
                        return Ok(Err(Finding::no(format!(
                            "{entry} has no untracked-files part, so {path} is not in it: only -u and -a put files there"
                        ))));
                    }
                    return Ok(Err(Finding::no(format!(
                        "there is no {rev} yet, so its {path} cannot be read"
                    ))));
                };
                let commit = r.find_commit(id).map_err(|e| git_err(rev.as_str(), e))?;
                let tree = commit.tree().map_err(|e| git_err(rev.as_str(), e))?;
                // A stash entry holds a new file wherever git put it: in its working-tree
                // commit (staged first) or in its untracked-files parent (`-u`, `-a`).
                let mut found = blob_at(r, &tree, path)?;
                if found.is_none() && is_stash_entry(rev.as_str()) && commit.parent_count() > 2 {
                    let untracked = commit
                        .parent(2)
                        .and_then(|p| p.tree())
                        .map_err(|e| git_err(rev.as_str(), e))?;
                    found = blob_at(r, &untracked, path)?;
                }
                match found {
                    Some(bytes) => Ok((what, bytes)),
                    None => Err(Finding::no(format!("{what} does not exist"))),
                }
            }
            (None, Source::Index) => {
                let what = format!("{path} in the index of {where_}");
                let index = r.index().map_err(|e| git_err("the index", e))?;
                match index.get_path(Path::new(path), 0) {
                    Some(e) => {
                        // Staged content whose blob is gone is damage, not an absent file.
                        let blob = r.find_blob(e.id).map_err(|e| git_err(&what, e))?;
                        Ok((what, blob.content().to_vec()))
                    }
                    None => Err(Finding::no(format!(
                        "{path} is not in the index of {where_}"
                    ))),
                }
            }
            (None, Source::Worktree) => {
                let what = ctx.rel(&ctx.worktree_dir(repo, worktree).join(path));
                let workdir = r
                    .workdir()
                    .ok_or_else(|| unreadable(format!("{where_} has no working tree")))?;
                // Only a regular file inside the sandbox, and only so much of it: a FIFO would
                // hang the check, a link to /dev/zero fill memory, and a link to a file outside
                // would put that file in a report (a grader's key, a CI token).
                let file = workdir.join(path);
                match crate::platform::fs::read_regular_within(ctx.root, &file, MAX_CHECKED_BYTES)
                {
                    Ok(bytes) => Ok((what, bytes)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        Err(Finding::no(format!("{what} does not exist")))
                    }
                    Err(e) => return Err(unreadable(format!("cannot read {what}: {e}"))),
                }
            }
        })
    })
}

/// Every commit the setup made or could reach: branch and tag tips and stash entries with
/// their parents (a stash's index and untracked commits included).
pub(crate) fn setup_tips(ctx: &Context, repo_name: &str) -> Vec<Oid> {
    let Some(record) = ctx.setup.get(repo_name) else {
        return Vec::new();
    };
    record
        .refs
        .values()
        .chain(record.stashes.iter())
        .filter_map(|id| Oid::from_str(id).ok())
        .collect()
}

/// Parses `path` as read from `rev` (or a working tree), or says why it cannot be judged.
pub(crate) fn document(
    ctx: &Context,
    repo: &Option<String>,
    worktree: &Option<String>,
    rev: &Option<Rev>,
    path: &str,
) -> Fact<Result<(String, Value, String), Finding>> {
    Ok(
        match content(ctx, repo, worktree, path, Source::Worktree, rev)? {
            Err(missing) => Err(missing),
            Ok((what, bytes)) => match ctx.parsed(path, &bytes).as_ref() {
                Ok(doc) => Ok((
                    what,
                    doc.clone(),
                    String::from_utf8_lossy(&bytes).into_owned(),
                )),
                Err(why) => Err(Finding::no(format!("{what} cannot be read as data: {why}"))),
            },
        },
    )
}
