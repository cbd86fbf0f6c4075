//! Is this the repository git-kata built for the lesson, or one that only looks like it?
//!
//! Setup commits have fixed authors, dates and messages, so their ids are the same on every
//! machine. A hand-made repository with the same files (git init, copy, commit) gets other ids.
//! So every branch and tag tip that setup made must be in the submission's object database:
//! whatever the learner did since, those objects are still there (git keeps unreachable objects
//! for two weeks, and nothing in a lesson prunes them sooner).
//!
//! Stash commits are not required: dropping a stash can be the task, and the branch tips already
//! tell a look-alike apart.

use std::path::Path;

use git2::{ErrorCode, Oid, Repository};

use crate::sandbox::Marker;

/// What the check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Genuineness {
    Genuine,
    /// Built by someone else, or for another lesson: the lesson fails with this message.
    NotGenuine(String),
    /// A repository could not be read: the submission cannot be graded.
    Unreadable(String),
}

pub fn verify(root: &Path, expected: &Marker) -> Genuineness {
    for (name, record) in &expected.repos {
        let dir = root.join(name);
        if !dir.exists() {
            return Genuineness::NotGenuine(format!(
                "the repository was not built by git-kata for this lesson: {name} is missing"
            ));
        }
        if let Some(special) = crate::repo::integrity::special_git_file(&dir) {
            return Genuineness::Unreadable(format!("in {name}, {}", special.0));
        }
        let repo = match Repository::open(&dir) {
            Ok(r) => r,
            Err(e) => {
                return Genuineness::Unreadable(format!(
                    "{name} is not a readable git repository ({})",
                    e.message()
                ));
            }
        };
        let odb = match repo.odb() {
            Ok(o) => o,
            Err(e) => {
                return Genuineness::Unreadable(format!(
                    "the objects of {name} cannot be read ({})",
                    e.message()
                ));
            }
        };
        // A setup commit missing from a damaged store says nothing about who built it: refs
        // that lead to unreadable objects make the submission ungradable, not a forgery.
        if let Some(damage) = crate::repo::integrity::first_unreadable_tip(&repo) {
            return Genuineness::Unreadable(format!("in {name}, {}", damage.0));
        }
        // main first: it is the ref a reader knows; then the others in name order.
        let mut refs: Vec<(&String, &String)> = record.refs.iter().collect();
        refs.sort_by_key(|(r, _)| r.as_str() != "refs/heads/main");
        for (refname, id) in refs {
            let Ok(oid) = Oid::from_str(id) else {
                continue;
            };
            if !odb.exists(oid) {
                let short = refname
                    .strip_prefix("refs/heads/")
                    .or_else(|| refname.strip_prefix("refs/tags/"))
                    .unwrap_or(refname);
                let whose = if expected.repos.len() > 1 {
                    format!("in {name}, {short}'s")
                } else {
                    format!("{short}'s")
                };
                return Genuineness::NotGenuine(format!(
                    "the repository was not built by git-kata for this lesson: {whose} setup commit {} is missing",
                    &id[..7.min(id.len())]
                ));
            }
        }
        // A repository whose HEAD cannot be read is damaged, whatever its objects say.
        if let Err(e) = repo.head()
            && e.code() != ErrorCode::UnbornBranch
        {
            return Genuineness::Unreadable(format!(
                "{name} has a HEAD that cannot be read ({})",
                e.message()
            ));
        }
    }
    Genuineness::Genuine
}
