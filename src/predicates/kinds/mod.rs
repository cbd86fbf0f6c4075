//! Every kind of predicate, one file each, and the registry that lists them all.
//!
//! A new kind: a file here with its type (fields, doc comment) and its `Kind`
//! implementation, its `pub mod` line, one line in `registry!` below, and a test
//! (CONTRIBUTING.md, "A new predicate").

// A kind's module and type are its documentation in the schema and the author guide.
#![deny(missing_docs)]

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::context::{Context, Fact};
use super::{Finding, Kind, Rules, SetupRef};

pub mod ahead_behind;
pub mod all;
pub mod any;
pub mod branch_exists;
pub mod branch_unchanged;
pub mod branches_off;
pub mod checked_out_in;
pub mod checked_out_nowhere;
pub mod clean;
pub mod commit_changes;
pub mod commit_message;
pub mod commits_ahead;
pub mod committed_in_worktree;
pub mod conflicted;
pub mod dirty_paths;
pub mod fetched;
pub mod fetched_in;
pub mod file;
pub mod file_status;
pub mod head_detached;
pub mod head_is;
pub mod head_never_switched;
pub mod is_ancestor;
pub mod key_matches;
pub mod key_value;
pub mod keys_changed;
pub mod made_here;
pub mod no_global_config;
pub mod no_new_branch;
pub mod no_stale_worktrees;
pub mod not;
pub mod remote_contains;
pub mod root_commit;
pub mod starts_at;
pub mod stash_changes;
pub mod stash_count;
pub mod stash_created_since_setup;
pub mod stash_dropped_since_setup;
pub mod stash_holds;
pub mod stash_kept_index;
pub mod stash_message;
pub mod stash_name;
pub mod stash_unchanged;
pub mod stash_untracked;
pub mod submodule_pin;
pub mod tag_at;
pub mod upstream_is;
pub mod worktree_at;
pub mod worktree_gone;
pub mod worktree_locked;
pub mod worktree_removed;
pub mod worktree_stale;

/// Declares `Predicate` with one variant per kind, each under its YAML name, and dispatches
/// `Kind` to them: the match arms are generated, so no kind can be left out of one.
macro_rules! registry {
    ($($name:literal => $module:ident :: $kind:ident,)*) => {
        /// A check of the repository state. Where a predicate takes `repo` it defaults to the lesson's
        /// first repository; `worktree` (a sandbox-relative directory of a linked worktree) defaults to
        /// that repository's main working tree. Revisions are anything git understands (`main`,
        /// `stash@{0}^3`, `v1.2.0`), or `setup:BRANCH` (optionally followed by `~N`/`^N`) for a branch or
        /// tag as it was when the sandbox was built.
        #[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub enum Predicate {
            $(
                #[serde(rename = $name)]
                #[allow(missing_docs)]
                $kind($module::$kind),
            )*
        }

        /// Every predicate's name in a lesson, in the registry's order.
        pub const NAMES: &[&str] = &[$($name),*];

        impl Kind for Predicate {
            fn eval(&self, ctx: &Context) -> Fact<Finding> {
                match self { $(Predicate::$kind(p) => p.eval(ctx),)* }
            }
            fn setup_refs(&self) -> Vec<SetupRef<'_>> {
                match self { $(Predicate::$kind(p) => p.setup_refs(),)* }
            }
            fn validate(&self, rules: &Rules) -> Result<(), String> {
                match self { $(Predicate::$kind(p) => p.validate(rules),)* }
            }
        }
    };
}

registry! {
    "all" => all::All,
    "any" => any::Any,
    "not" => not::Not,
    "head_is" => head_is::HeadIs,
    "committed_in_worktree" => committed_in_worktree::CommittedInWorktree,
    "head_detached" => head_detached::HeadDetached,
    "branch_exists" => branch_exists::BranchExists,
    "branch_unchanged" => branch_unchanged::BranchUnchanged,
    "commits_ahead" => commits_ahead::CommitsAhead,
    "commit_message" => commit_message::CommitMessage,
    "commit_changes" => commit_changes::CommitChanges,
    "file" => file::File,
    "file_status" => file_status::FileStatus,
    "clean" => clean::Clean,
    "dirty_paths" => dirty_paths::DirtyPaths,
    "stash_count" => stash_count::StashCount,
    "stash_message" => stash_message::StashMessage,
    "stash_untracked" => stash_untracked::StashUntracked,
    "stash_changes" => stash_changes::StashChanges,
    "worktree_at" => worktree_at::WorktreeAt,
    "worktree_gone" => worktree_gone::WorktreeGone,
    "worktree_stale" => worktree_stale::WorktreeStale,
    "no_stale_worktrees" => no_stale_worktrees::NoStaleWorktrees,
    "worktree_locked" => worktree_locked::WorktreeLocked,
    "checked_out_in" => checked_out_in::CheckedOutIn,
    "checked_out_nowhere" => checked_out_nowhere::CheckedOutNowhere,
    "head_never_switched" => head_never_switched::HeadNeverSwitched,
    "stash_created_since_setup" => stash_created_since_setup::StashCreatedSinceSetup,
    "stash_unchanged" => stash_unchanged::StashUnchanged,
    "is_ancestor" => is_ancestor::IsAncestor,
    "submodule_pin" => submodule_pin::SubmodulePin,
    "stash_dropped_since_setup" => stash_dropped_since_setup::StashDroppedSinceSetup,
    "conflicted" => conflicted::Conflicted,
    "branches_off" => branches_off::BranchesOff,
    "starts_at" => starts_at::StartsAt,
    "made_here" => made_here::MadeHere,
    "worktree_removed" => worktree_removed::WorktreeRemoved,
    "key_value" => key_value::KeyValue,
    "key_matches" => key_matches::KeyMatches,
    "keys_changed" => keys_changed::KeysChanged,
    "stash_holds" => stash_holds::StashHolds,
    "stash_name" => stash_name::StashName,
    "no_global_config" => no_global_config::NoGlobalConfig,
    // Issue 14's format gaps: traces git records, "no branch was created", tags, roots.
    "stash_kept_index" => stash_kept_index::StashKeptIndex,
    "no_new_branch" => no_new_branch::NoNewBranch,
    "tag_at" => tag_at::TagAt,
    "root_commit" => root_commit::RootCommit,
    // Remotes: upstreams, what was fetched and where, what a push delivered.
    "upstream_is" => upstream_is::UpstreamIs,
    "ahead_behind" => ahead_behind::AheadBehind,
    "remote_contains" => remote_contains::RemoteContains,
    "fetched" => fetched::Fetched,
    "fetched_in" => fetched_in::FetchedIn,
}

impl Predicate {
    /// The checks an `all`, `any` or `not` is made of, each with its place in the lesson file
    /// (its own, or `at`, the enclosing one's, where it has none: a model read back from JSON,
    /// as the built-in lessons are), so that a problem with one is reported at its own line;
    /// `None` for other kinds.
    pub fn parts_at<'p>(
        &'p self,
        at: &'p serde_saphyr::Location,
    ) -> Option<Vec<(&'p Predicate, &'p serde_saphyr::Location)>> {
        let list: Vec<&serde_saphyr::Spanned<Predicate>> = match self {
            Predicate::All(all::All(list)) | Predicate::Any(any::Any(list)) => {
                list.iter().collect()
            }
            Predicate::Not(not::Not(one)) => vec![one.as_ref()],
            _ => return None,
        };
        Some(
            list.into_iter()
                .map(|part| {
                    let here = if part.referenced.line() == 0 {
                        at
                    } else {
                        &part.referenced
                    };
                    (&part.value, here)
                })
                .collect(),
        )
    }

    /// Every check that is not an `all`, `any` or `not`, each with its place in the lesson
    /// file (see `parts_at`).
    pub fn leaves<'p>(
        &'p self,
        at: &'p serde_saphyr::Location,
    ) -> Vec<(&'p Predicate, &'p serde_saphyr::Location)> {
        match self.parts_at(at) {
            None => vec![(self, at)],
            Some(parts) => parts
                .into_iter()
                .flat_map(|(part, here)| part.leaves(here))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{NAMES, Predicate};
    use crate::predicates::{Kind, SetupRef};

    fn parse(yaml: &str) -> Predicate {
        serde_saphyr::from_str(yaml).unwrap()
    }

    #[test]
    fn names_are_unique_and_each_parses_as_its_own_kind() {
        let mut seen = std::collections::HashSet::new();
        for name in NAMES {
            assert!(seen.insert(name), "{name} is registered twice");
        }
        assert!(matches!(parse("all: []"), Predicate::All(_)));
        assert!(matches!(
            parse("not: { stash_count: { count: 1 } }"),
            Predicate::Not(_)
        ));
    }

    /// The schema (what editors show) and the author guide are written from the registry: each
    /// kind's doc comment is its description, and CONTRIBUTING.md names every kind.
    /// The predicate reference in CONTRIBUTING.md, generated from the types themselves: each
    /// kind's doc comment and its fields, required ones first.
    fn guide_reference() -> String {
        let schema = serde_json::to_value(schemars::schema_for!(Predicate)).unwrap();
        let defs = &schema["$defs"];
        let variants = schema["oneOf"].as_array().unwrap();
        let mut out = String::new();
        for (variant, name) in variants.iter().zip(NAMES) {
            let reference = variant["properties"][name]["$ref"].as_str().unwrap_or("");
            let def = &defs[reference.rsplit('/').next().unwrap_or("")];
            let description = def["description"]
                .as_str()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let required: Vec<&str> = def["required"]
                .as_array()
                .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            let fields: Vec<&String> = def["properties"]
                .as_object()
                .map(|p| p.keys().collect())
                .unwrap_or_default();
            let shown = |names: Vec<&str>| {
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let optional: Vec<&str> = fields
                .iter()
                .map(|f| f.as_str())
                .filter(|f| !required.contains(f))
                .collect();
            let mut line = format!("- `{name}`: {description}");
            if !required.is_empty() {
                line.push_str(&format!(" Fields: {}", shown(required.clone())));
                if !optional.is_empty() {
                    line.push_str(&format!("; optional {}", shown(optional)));
                }
                line.push('.');
            } else if !optional.is_empty() {
                line.push_str(&format!(" Optional fields: {}.", shown(optional)));
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    /// CONTRIBUTING.md carries the reference `guide_reference` makes, between its markers;
    /// `UPDATE_GUIDE=1 cargo test --lib predicate_reference` rewrites it.
    #[test]
    fn predicate_reference_in_the_guide_is_generated_from_the_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/CONTRIBUTING.md");
        let guide = std::fs::read_to_string(path).unwrap();
        let (start, end) = ("<!-- predicates:start -->\n", "<!-- predicates:end -->");
        let from = guide.find(start).expect("the start marker") + start.len();
        let to = guide.find(end).expect("the end marker");
        let generated = guide_reference();
        if std::env::var_os("UPDATE_GUIDE").is_some() {
            let updated = format!("{}{generated}{}", &guide[..from], &guide[to..]);
            std::fs::write(path, updated).unwrap();
            return;
        }
        assert_eq!(
            guide[from..to],
            generated,
            "CONTRIBUTING.md's predicate reference is stale: run UPDATE_GUIDE=1 cargo test --lib predicate_reference"
        );
    }

    #[test]
    fn every_kind_is_documented_in_the_schema_and_the_author_guide() {
        let schema = serde_json::to_value(schemars::schema_for!(Predicate)).unwrap();
        let variants = schema["oneOf"].as_array().unwrap();
        assert_eq!(variants.len(), NAMES.len());
        let defs = &schema["$defs"];
        let guide =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/CONTRIBUTING.md"))
                .unwrap();
        for (variant, name) in variants.iter().zip(NAMES) {
            let reference = variant["properties"][name]["$ref"].as_str().unwrap();
            let def = &defs[reference.rsplit('/').next().unwrap()];
            let description = def["description"].as_str().unwrap_or("");
            assert!(!description.is_empty(), "{name} has no doc comment");
            assert!(
                guide.contains(&format!("`{name}`")),
                "CONTRIBUTING.md's author guide does not name `{name}`"
            );
        }
    }

    /// Every `setup:` revision reaches `lesson validate`, from any field of any kind and from
    /// inside `all`, `any` and `not`.
    #[test]
    fn setup_references_come_from_every_revision_field() {
        let p = parse(
            "all:\n\
             - branches_off: { branch: hotfix, from: 'setup:main', at: 'setup:release~1' }\n\
             - not: { submodule_pin: { repo: app, rev: 'setup:app-main', path: lib, target_repo: lib, target_rev: 'setup:v1' } }\n\
             - any: [ { branch_unchanged: { branch: main } }, { is_ancestor: { ancestor: 'setup:main^2', of: main } } ]\n",
        );
        let refs: Vec<(Option<&str>, &str)> = p
            .setup_refs()
            .into_iter()
            .map(|SetupRef { repo, name }| (repo, name))
            .collect();
        assert_eq!(
            refs,
            [
                (None, "main"),
                (None, "release"),
                (Some("app"), "app-main"),
                (Some("lib"), "v1"),
                (None, "main"),
                (None, "main"),
            ]
        );
    }
}
