//! What predicates read: the sandbox's repositories opened once with git2, each checked for a
//! state we cannot judge (a crashed git, a merge half done, an index libgit2 cannot read).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use git2::{Oid, Repository};

use super::Rev;
use crate::paths::normalize;
use crate::repo::integrity::first_unreadable_tip;
use crate::repo::setup::RepoRecord;
use crate::repo::worktrees::{Registration, checkouts, operation_in_progress, registrations};
pub use crate::repo::{Fact, Unreadable, git_err, unreadable};

pub struct Context<'a> {
    pub root: &'a Path,
    /// The lesson's first repository: where `repo` points when a predicate leaves it out, and
    /// where the learner works.
    pub main_repo: &'a str,
    /// What each repository looked like when setup finished, by repository name.
    pub setup: &'a BTreeMap<String, RepoRecord>,
    repos: RefCell<HashMap<PathBuf, Rc<Fact<Repository>>>>,
    /// Structured files parsed so far, by their bytes: a lesson often asks two things of the
    /// same file at the same revision (which keys changed, the value of one), and parsing the
    /// YAML is most of what judging it costs.
    documents: RefCell<Documents>,
}

/// Parsed files by (how the file's name says to read it, content).
type Documents = HashMap<(crate::repo::data::Format, Vec<u8>), Rc<Parsed>>;

/// A structured file as `repo::data::parse` read it, or why it could not.
pub type Parsed = Result<serde_json::Value, String>;

impl<'a> Context<'a> {
    pub fn new(
        root: &'a Path,
        main_repo: &'a str,
        setup: &'a BTreeMap<String, RepoRecord>,
    ) -> Self {
        Context {
            root,
            main_repo,
            setup,
            repos: RefCell::new(HashMap::new()),
            documents: RefCell::new(HashMap::new()),
        }
    }

    /// `bytes` of the file `path` parsed as data (`repo::data::parse`), once per content.
    pub fn parsed(&self, path: &str, bytes: &[u8]) -> Rc<Parsed> {
        let key = (crate::repo::data::Format::of(path), bytes.to_vec());
        if let Some(doc) = self.documents.borrow().get(&key) {
            return Rc::clone(doc);
        }
        let doc = Rc::new(crate::repo::data::parse(path, bytes));
        self.documents.borrow_mut().insert(key, Rc::clone(&doc));
        doc
    }

    pub fn repo_name<'n>(&'n self, repo: &'n Option<String>) -> &'n str {
        repo.as_deref().unwrap_or(self.main_repo)
    }

    /// The working tree a predicate looks at: a linked worktree when named, else the main one.
    /// A linked worktree is followed by its identity, the registration git named after the
    /// directory it was made in, which `git worktree move` and `git worktree repair` keep: once
    /// moved, it is read where it is now, not reported missing at its first place.
    pub fn worktree_dir(&self, repo: &Option<String>, worktree: &Option<String>) -> PathBuf {
        match worktree {
            Some(wt) => {
                let dir = self.root.join(wt);
                if dir.join(".git").exists() {
                    return dir;
                }
                let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
                self.registrations(repo)
                    .ok()
                    .and_then(|regs| {
                        regs.into_iter()
                            .find(|r| r.present && Some(&r.name) == name.as_ref())
                    })
                    .map_or(dir, |r| r.dir)
            }
            None => self.root.join(self.repo_name(repo)),
        }
    }

    /// Runs `f` on the repository (as seen from `dir`), opening and vetting it once.
    pub fn with_repo_at<T>(&self, dir: &Path, f: impl FnOnce(&Repository) -> Fact<T>) -> Fact<T> {
        let entry = {
            let mut repos = self.repos.borrow_mut();
            repos
                .entry(dir.to_path_buf())
                .or_insert_with(|| Rc::new(open_checked(self.root, dir)))
                .clone()
        };
        match entry.as_ref() {
            Ok(repo) => f(repo),
            Err(e) => Err(e.clone()),
        }
    }

    pub fn with_repo<T>(
        &self,
        repo: &Option<String>,
        f: impl FnOnce(&Repository) -> Fact<T>,
    ) -> Fact<T> {
        let dir = self.root.join(self.repo_name(repo));
        self.with_repo_at(&dir, f)
    }

    pub fn with_worktree<T>(
        &self,
        repo: &Option<String>,
        worktree: &Option<String>,
        f: impl FnOnce(&Repository) -> Fact<T>,
    ) -> Fact<T> {
        let dir = self.worktree_dir(repo, worktree);
        if worktree.is_some() && !dir.join(".git").exists() {
            return Err(unreadable(format!(
                "{} is not a working tree of {} (it has no .git file)",
                self.rel(&dir),
                self.repo_name(repo)
            )));
        }
        self.with_repo_at(&dir, f)
    }

    /// A path as the learner would write it standing in the lesson's main repository, where
    /// they work: `config.txt`, `../fleet-manager-hotfix`. The main repository itself is named.
    pub fn rel(&self, path: &Path) -> String {
        let main = self.main_repo;
        let main_dir = self.root.join(main);
        let path = normalize(path);
        if path == main_dir {
            main.to_string()
        } else if let Ok(inside) = path.strip_prefix(&main_dir) {
            inside.to_string_lossy().into_owned()
        } else if path.starts_with(self.root) {
            format!("../{}", crate::paths::display_relative(self.root, &path))
        } else {
            // Outside the sandbox (a worktree added at an absolute path elsewhere): as it is,
            // so that a command quoting it works from anywhere.
            path.to_string_lossy().replace('\\', "/")
        }
    }

    /// The object a ref pointed at when setup finished.
    pub fn setup_ref(&self, repo_name: &str, refname: &str) -> Option<&str> {
        self.setup
            .get(repo_name)?
            .refs
            .get(refname)
            .map(String::as_str)
    }

    /// Resolves a revision to a commit; `setup:NAME` is branch, tag, remote-tracking branch
    /// or named stash NAME as it was when the sandbox was built, and may be followed by `~N`
    /// or `^N`. `Ok(None)`: no such commit.
    pub fn resolve(&self, repo_name: &str, repo: &Repository, rev: &Rev) -> Fact<Option<Oid>> {
        let spec = match rev.setup_name() {
            Some(name) => {
                let id = self
                    .setup
                    .get(repo_name)
                    .and_then(|r| r.setup_object(name))
                    .ok_or_else(|| {
                        unreadable(format!(
                            "the setup of {repo_name} made no branch, tag, remote-tracking branch or named stash `{name}`"
                        ))
                    })?;
                format!("{id}{}", rev.setup_suffix())
            }
            None => rev.to_string(),
        };
        // A name that resolves to nothing is the learner's state; a name whose object cannot
        // be read is a damaged repository (crate::repo::integrity).
        crate::repo::integrity::resolve_commit(repo, &spec, &format!("`{rev}` in {repo_name}"))
    }

    /// Runs `f` on the repository that `remote` of `repo` names: a repository of this sandbox,
    /// opened directly (not through `repo`'s remote-tracking refs). Its name comes first.
    pub fn with_remote<T>(
        &self,
        repo: &Option<String>,
        remote: &str,
        f: impl FnOnce(&str, &Repository) -> Fact<T>,
    ) -> Fact<T> {
        let name = self.repo_name(repo).to_string();
        let dir = self.with_repo(repo, |r| crate::repo::remotes::remote_dir(r, remote))?;
        let Some(dir) = dir else {
            return Err(unreadable(format!(
                "{name} has no remote `{remote}` (`git remote -v` lists them; `git remote add {remote} PATH` makes one)"
            )));
        };
        // A relative URL is git's to resolve against the working tree's top.
        let dir = normalize(&self.root.join(&name).join(dir));
        // On Windows the root is canonical, so verbatim (`\\?\C:\`), and the URL is not:
        // compare both in their ordinary form.
        let remote_name = match dunce::simplified(&dir).strip_prefix(dunce::simplified(self.root)) {
            Ok(rest) if rest.components().count() == 1 => rest.to_string_lossy().into_owned(),
            _ => {
                return Err(unreadable(format!(
                    "remote `{remote}` of {name} is {}, not a repository of this sandbox: point it back with `git remote set-url {remote} PATH`",
                    dir.display()
                )));
            }
        };
        self.with_repo_at(&dir, |r| f(&remote_name, r))
    }

    /// Every linked worktree registered in the repository, read the way git reads them.
    pub fn registrations(&self, repo: &Option<String>) -> Fact<Vec<Registration>> {
        self.with_repo(repo, |r| Ok(registrations(r)))
    }

    /// Where each branch is checked out, by git's rule: the main HEAD plus every registered
    /// worktree's HEAD, stale ones included. Keys are `None` for the main working tree.
    pub fn checkouts(&self, repo: &Option<String>) -> Fact<Vec<(Option<PathBuf>, String)>> {
        self.with_repo(repo, |r| Ok(checkouts(r)))
    }
}

fn open_checked(root: &Path, dir: &Path) -> Fact<Repository> {
    let shown = crate::paths::display_relative(root, dir);
    if !dir.exists() {
        return Err(unreadable(format!("{shown} does not exist")));
    }
    if let Some(special) = crate::repo::integrity::special_git_file(dir) {
        return Err(unreadable(format!("in {shown}, {}", special.0)));
    }
    // libgit2 on Windows follows a linked worktree's `.git` file from an ordinary path, not
    // from a verbatim one (`\\?\C:\`), which is what a canonical sandbox root gives.
    let repo = Repository::open(dunce::simplified(dir)).map_err(|e| {
        unreadable(format!(
            "{shown} is not a readable git repository ({}); run `git-kata reset` to start again",
            e.message()
        ))
    })?;
    if repo.path().join("index.lock").exists() {
        return Err(unreadable(format!(
            "{shown} has a .git/index.lock: a git command is running or crashed. If none is running, delete {}",
            repo.path().join("index.lock").display()
        )));
    }
    if let Some(what) = operation_in_progress(&repo) {
        return Err(unreadable(format!("in {shown} {what}")));
    }
    if let Err(e) = repo.head()
        && e.code() != git2::ErrorCode::UnbornBranch
    {
        return Err(unreadable(format!(
            "{shown} has a HEAD that cannot be read ({})",
            e.message()
        )));
    }
    // Refs that lead to objects nobody can read: nothing judged here would be true.
    if let Some(damage) = first_unreadable_tip(&repo) {
        return Err(unreadable(format!("in {shown}, {}", damage.0)));
    }
    if let Err(e) = repo.index() {
        return Err(unreadable(format!(
            "the index of {shown} cannot be read ({}). A split or sparse index is not supported: run `git -C {} update-index --no-split-index` or `git sparse-checkout disable`",
            e.message(),
            dir.display()
        )));
    }
    Ok(repo)
}
