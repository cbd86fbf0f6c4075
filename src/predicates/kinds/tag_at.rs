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
                    describe_commit(r, commit)?
                )));
            };
            let Some(want) = ctx.resolve(&name, r, at)? else {
                return Ok(Finding::no(format!(
                    "{tag} names {}; there is no {at} to compare with",
                    describe_commit(r, commit)?
                )));
            };
            Ok(Finding::when(
                commit == want,
                format!(
                    "{tag} is {kind} on {} ({})",
                    describe_commit(r, commit)?,
                    at.shown()
                ),
                format!(
                    "{tag} names {}, not {} ({})",
                    describe_commit(r, commit)?,
                    at.shown(),
                    describe_commit(r, want)?
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

#[cfg(test)]
mod tests {
    use crate::predicates::testing::{Scratch, judge, predicate};
    use crate::repo::setup::RepoRecord;

    /// `app` with two commits; `light` (lightweight) and `v1` (annotated) on the first.
    fn sandbox() -> (Scratch, [git2::Oid; 2]) {
        let s = Scratch::new();
        let first = s.commit("HEAD", "first\n", &[]);
        let second = s.commit("HEAD", "second\n", &[first]);
        {
            let r = &s.repo;
            let parent = r.find_commit(first).unwrap();
            r.tag_lightweight("light", parent.as_object(), false)
                .unwrap();
            r.tag(
                "v1",
                parent.as_object(),
                &Scratch::signature(),
                "one\n",
                false,
            )
            .unwrap();
        }
        (s, [first, second])
    }

    fn holds(root: &std::path::Path, yaml: &str) -> (bool, String) {
        let f = judge(root, RepoRecord::default(), &predicate(yaml));
        (f.holds, f.says)
    }

    #[test]
    fn a_tag_is_judged_by_the_commit_it_names_and_its_kind() {
        let (root, _) = sandbox();
        let root = root.path();
        assert!(holds(root, "tag_at: { tag: v1, at: HEAD~1, annotated: true }").0);
        assert!(holds(root, "tag_at: { tag: light, at: HEAD~1, annotated: false }").0);
        let (ok, says) = holds(root, "tag_at: { tag: light, annotated: true }");
        assert!(!ok);
        assert_eq!(
            says,
            "light is a lightweight tag; it should be annotated (`git tag -a`)"
        );
        let (ok, says) = holds(root, "tag_at: { tag: v1, at: HEAD }");
        assert!(!ok);
        assert!(says.starts_with("v1 names "), "{says}");
        assert!(!holds(root, "tag_at: { tag: v2 }").0);
        assert!(holds(root, "not: { tag_at: { tag: v2 } }").0);
    }
}
