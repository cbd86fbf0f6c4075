//! The rules a predicate's fields must follow, checked when a lesson is loaded. Each returns the
//! problem as a sentence; the loader adds the file, line and column.

use std::collections::HashSet;

use super::text::TextMatch;

pub struct Rules<'a> {
    /// The lesson's repository names.
    pub repos: &'a HashSet<&'a str>,
}

impl Rules<'_> {
    pub fn repo(&self, repo: &Option<String>) -> Result<(), String> {
        match repo {
            Some(name) if !self.repos.contains(name.as_str()) => Err(format!(
                "repository `{name}` is not one of this lesson's repositories"
            )),
            _ => Ok(()),
        }
    }

    /// A path inside a repository or the sandbox: relative, without `..`.
    pub fn path(&self, path: &str) -> Result<(), String> {
        crate::paths::relative(path).map(|_| ())
    }

    /// A structured file (`key_value`, `key_matches`): its repository, and a path read either
    /// from a revision or from a working tree, not both, and a key path.
    pub fn keyed_file(
        &self,
        repo: &Option<String>,
        worktree: &Option<String>,
        rev_given: bool,
        path: &str,
        key: &str,
    ) -> Result<(), String> {
        self.repo(repo)?;
        self.opt_path(worktree)?;
        self.path(path)?;
        if rev_given && worktree.is_some() {
            return Err("give either `rev` or `worktree`, not both".to_string());
        }
        key_path(key)
    }

    pub fn opt_path(&self, path: &Option<String>) -> Result<(), String> {
        path.as_deref().map_or(Ok(()), |p| self.path(p))
    }

    pub fn paths<'p>(&self, paths: impl IntoIterator<Item = &'p String>) -> Result<(), String> {
        paths.into_iter().try_for_each(|p| self.path(p))
    }

    pub fn branch(&self, name: &str) -> Result<(), String> {
        if git2::Branch::name_is_valid(name).unwrap_or(false) {
            Ok(())
        } else {
            Err(format!("`{name}` is not a valid branch name"))
        }
    }

    /// Exactly one of `equals`, `contains` and `matches`, and a pattern regex-lite accepts.
    pub fn text(
        &self,
        equals: &Option<String>,
        contains: &Option<String>,
        matches: &Option<String>,
    ) -> Result<(), String> {
        let text = TextMatch::from_fields(equals, contains, matches)
            .map_err(|e| format!("this check {e}"))?;
        if let TextMatch::Matches(re) = &text {
            self.pattern(re)?;
        }
        Ok(())
    }

    /// A pattern regex-lite accepts.
    pub fn pattern(&self, re: &str) -> Result<(), String> {
        // regex-lite's error is one short sentence, without the pattern.
        regex_lite::Regex::new(re)
            .map(|_| ())
            .map_err(|e| format!("`{re}` is not a valid regular expression: {e}"))
    }
}

/// A key path: names joined by dots.
pub(crate) fn key_path(key: &str) -> Result<(), String> {
    if key.is_empty() || key.split('.').any(str::is_empty) {
        Err(format!(
            "`{key}` is not a key path: names joined by dots, e.g. `search.enabled`"
        ))
    } else {
        Ok(())
    }
}
