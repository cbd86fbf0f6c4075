//! Remotes and upstreams, read as git reads them: a branch's upstream from its `branch.*`
//! config and the remote's fetch refspec, a remote's repository from its URL.

use std::path::PathBuf;

use git2::Repository;

use super::{Fact, git_err};

/// The full name of the ref `branch`'s upstream is (`refs/remotes/origin/main`, or
/// `refs/heads/base` for a local upstream), or `None` when it has none.
pub fn upstream_of(repo: &Repository, branch: &str) -> Fact<Option<String>> {
    match repo.branch_upstream_name(&format!("refs/heads/{branch}")) {
        Ok(name) => Ok(name.as_str().ok().map(str::to_string)),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(git_err(&format!("the upstream of {branch}"), e)),
    }
}

/// A ref's name as `git branch -vv` shows it: `origin/main`, `main`.
pub fn short_ref(name: &str) -> &str {
    name.strip_prefix("refs/remotes/")
        .or_else(|| name.strip_prefix("refs/heads/"))
        .unwrap_or(name)
}

/// The directory `remote`'s URL names, when it is a local path (what a sandbox's remotes are),
/// or `None` when the repository has no such remote.
pub fn remote_dir(repo: &Repository, remote: &str) -> Fact<Option<PathBuf>> {
    let config = repo.config().map_err(|e| git_err("the config", e))?;
    match config.get_string(&format!("remote.{remote}.url")) {
        Ok(url) => Ok(Some(PathBuf::from(
            url.strip_prefix("file://").unwrap_or(&url),
        ))),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(git_err(&format!("the URL of {remote}"), e)),
    }
}
