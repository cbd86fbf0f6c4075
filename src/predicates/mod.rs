//! Predicates: the checks a lesson's objectives and mistakes are made of. Each kind is one type
//! in one file of `kinds/`, carrying its fields (the YAML), its documentation (its doc comment,
//! which the JSON schema and the author guide show), its evaluation, the `setup:` revisions it
//! refers to and the rules its fields follow. `kinds/mod.rs` holds the one registry that the
//! loader, `lesson validate`, the schema and the checker all read.
//!
//! This floor sits below `lesson`: a lesson is made of predicates, and a predicate reads the
//! repositories through `context::Context`, never through the lesson or the sandbox.

mod common;
pub mod context;
mod finding;
pub mod kinds;
mod rev;
mod rules;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;

pub use context::{Context, Fact, Unreadable, unreadable};
pub use finding::{Finding, TextDiff};
pub(crate) use finding::{MAX_MATCHED_BYTES, compare_text, list, one_line, plural};
pub use kinds::{NAMES, Predicate};
pub use rev::Rev;
pub use rules::Rules;
pub(crate) use text::text;

/// What every kind of predicate does. Its methods have no defaults, so a new kind that forgets
/// one does not compile; a kind missing from the registry (`kinds/mod.rs`) is never
/// constructed, which `dead_code` (an error in CI) reports.
pub trait Kind {
    /// Reads the repositories and says what it found, whether or not it holds.
    fn eval(&self, ctx: &Context) -> Fact<Finding>;

    /// Every `setup:NAME` the predicate refers to (and `branch_unchanged`'s branch), each with
    /// its repository: `lesson validate` checks that the setup makes them.
    fn setup_refs(&self) -> Vec<SetupRef<'_>>;

    /// The rules its fields follow beyond their types (names, paths, patterns); the problem as a
    /// sentence.
    fn validate(&self, rules: &Rules) -> Result<(), String>;
}

/// A branch or tag a predicate needs as the setup left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupRef<'a> {
    /// `None`: the lesson's first repository.
    pub repo: Option<&'a str>,
    pub name: &'a str,
}

impl<'a> SetupRef<'a> {
    /// The `setup:` revisions among `revs`.
    pub fn revs(repo: Option<&'a str>, revs: impl IntoIterator<Item = &'a Rev>) -> Vec<Self> {
        revs.into_iter()
            .filter_map(|r| r.setup_name())
            .map(|name| SetupRef { repo, name })
            .collect()
    }

    /// A branch named as it was at setup.
    pub fn branch(repo: Option<&'a str>, name: &'a str) -> Self {
        SetupRef { repo, name }
    }
}
