//! The `tag_at` predicate.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::predicates::common::describe_commit;
use crate::predicates::context::{Context, Fact, git_err};
use crate::predicates::{Finding, Kind, Rev, Rules, SetupRef};

/// The tag `tag` exists; with `at`, it names that commit (an annotated tag is followed to its
/// commit); with `annotated`, it is (`true`) or is not (`false`) an annotated tag, one with a
/// message and a tagger, as `git tag -a` makes.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagAt {
    #[serde(default)]
    pub(crate) repo: Option<String>,
    pub(crate) tag: String,
    /// The commit the tag must name (`main`, `setup:release~1`).
    #[serde(default)]
    pub(crate) at: Option<Rev>,
    #[serde(default)]
    pub(crate) annotated: Option<bool>,
}

impl Kind for TagAt {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let name = ctx.repo_name(&self.repo).to_string();
        let tag = self.tag.as_str();
        ctx.with_repo(&self.repo, |r| {
            let reference = match r.find_reference(&format!("refs/tags/{tag}")) {
                Ok(reference) => reference,
                Err(e) if e.code() == git2::ErrorCode::NotFound => {
                    return Ok(Finding::no(format!("there is no tag {tag} in {name}")));
                }
                Err(e) => return Err(git_err(&format!("tag {tag}"), e)),
            };
            // What the ref itself names: a tag object for `git tag -a`, the commit otherwise.
            let is_annotated = reference
                .target()
                .and_then(|id| r.find_object(id, None).ok())
                .is_some_and(|o| o.kind() == Some(git2::ObjectType::Tag));
            let kind = if is_annotated {
                "an annotated tag"
            } else {
                "a lightweight tag"
            };
            if let Some(want) = self.annotated
                && want != is_annotated
            {
                return Ok(Finding::no(format!(
                    "{tag} is {kind}; it should be {}",
                    if want {
                        "annotated (`git tag -a`)"
                    } else {
                        "lightweight"
                    }
                )));
            }
            let commit = reference
                .peel_to_commit()
                .map_err(|e| git_err(&format!("tag {tag}"), e))?
                .id();
            let Some(at) = &self.at else {
                return Ok(Finding::yes(format!(
                    "{tag} is {kind} on {}",
                    describe_commit(r, commit)
                )));
            };
            let Some(want) = ctx.resolve(&name, r, at)? else {
                return Ok(Finding::no(format!(
                    "{tag} names {}; there is no {at} to compare with",
                    describe_commit(r, commit)
                )));
            };
            Ok(Finding::when(
                commit == want,
                format!(
                    "{tag} is {kind} on {} ({})",
                    describe_commit(r, commit),
                    at.shown()
                ),
                format!(
                    "{tag} names {}, not {} ({})",
                    describe_commit(r, commit),
                    at.shown(),
                    describe_commit(r, want)
                ),
            ))
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        SetupRef::revs(self.repo.as_deref(), self.at.as_ref())
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        rules.repo(&self.repo)?;
        if git2::Reference::is_valid_name(&format!("refs/tags/{}", self.tag)) {
            Ok(())
        } else {
            Err(format!("`{}` is not a valid tag name", self.tag))
        }
    }
}
