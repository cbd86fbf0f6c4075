//! The lesson format, version 1, as serde types.
//!
//! Every struct denies unknown fields so that a typo in a lesson is an error with a file:line:col,
//! never a silently ignored objective. Values that later checks must point back at (steps, paths)
//! are wrapped in `Spanned` so that errors found after parsing can still name their line.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

// `crate::predicates::Predicate` here; a stand-in in build.rs, which cannot compile predicates.
use super::Predicate;

/// The only lesson format this build understands.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Must be `1`; a future format gets a new number rather than a silent reinterpretation.
    #[schemars(with = "u32")]
    pub format: Spanned<u32>,
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Which part of the course the lesson belongs to (stash, worktree, workflow, ...).
    #[serde(default)]
    pub track: Option<String>,
    pub title: String,
    pub summary: String,
    /// The situation and the task, shown by `start`.
    pub brief: String,
    /// The repositories of the sandbox, built in this order, bare ones first. The first is where
    /// the learner works.
    pub repos: Vec<RepoSpec>,
    pub objectives: Vec<Objective>,
    /// The reference solution: shell commands as a learner would type them, run by bash from the
    /// lesson's first repository.
    pub solution: String,
    #[serde(default)]
    pub mistakes: Vec<Mistake>,
    #[serde(default)]
    pub quiz: Vec<Question>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepoSpec {
    /// Directory name inside the sandbox; a single path component.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// The branch the repository starts on, as `git init -b` chooses it (default `main`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_branch: Option<String>,
    /// A bare repository (`git init --bare`): an "origin" that other repositories of the
    /// sandbox clone, fetch from and push to, with no network. Its steps build its history in a
    /// working tree that is then taken away: only its refs and objects remain.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bare: bool,
    /// A clone of an earlier repository of this sandbox, like `git clone ../NAME`: a remote
    /// `origin` naming it, each of its branches as `origin/BRANCH`, its tags, and its HEAD's
    /// branch checked out and tracking `origin/BRANCH`. The steps follow the clone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clone: Option<String>,
    #[serde(default)]
    #[schemars(with = "Vec<Step>")]
    pub steps: Vec<Spanned<Step>>,
}

/// One declarative setup step. Paths of files are relative to the repository's main working tree
/// (or to the linked worktree named by `worktree`); paths of worktrees are relative to the sandbox.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Step {
    Write(WriteStep),
    Delete(FileRef),
    Chmod(ChmodStep),
    Stage(StageStep),
    Commit(CommitStep),
    Branch(BranchStep),
    Switch(SwitchStep),
    Tag(TagStep),
    Stash(StashStep),
    WorktreeAdd(WorktreeAddStep),
    RemoveDir(RemoveDirStep),
    Config(ConfigStep),
    /// `git stash drop`: the entry leaves the stack, its commit stays in the object store,
    /// unreachable, for a lesson that starts after the accident.
    StashDrop(StashDropStep),
    /// `git stash clear`: every entry leaves the stack.
    StashClear(StashClearStep),
    /// `git merge --no-ff BRANCH` into the branch checked out: a merge commit with two parents.
    Merge(MergeStep),
    TeammateCommit(TeammateCommitStep),
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WriteStep {
    pub path: String,
    pub content: String,
    #[serde(default)]
    pub worktree: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileRef {
    pub path: String,
    #[serde(default)]
    pub worktree: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChmodStep {
    pub path: String,
    pub executable: bool,
    #[serde(default)]
    pub worktree: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageStep {
    /// Paths to stage; empty means every change, new files included (`git add -A`).
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub worktree: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitStep {
    pub message: String,
    /// Stage every change first, like `git add -A && git commit`.
    #[serde(default)]
    pub all: bool,
    #[serde(default)]
    pub worktree: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BranchStep {
    pub name: String,
    /// Where the branch starts; defaults to HEAD.
    #[serde(default)]
    pub at: Option<String>,
    /// Also switch to it, keeping uncommitted changes, like `git switch -c`.
    #[serde(default)]
    pub switch: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SwitchStep {
    pub branch: String,
    #[serde(default)]
    pub worktree: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TagStep {
    pub name: String,
    #[serde(default)]
    pub at: Option<String>,
    /// With a message the tag is annotated, otherwise lightweight.
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashStep {
    /// Without a message the entry gets git's own "WIP on <branch>: <sha> <subject>".
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub include: StashInclude,
    #[serde(default)]
    pub worktree: Option<String>,
    /// A name for the entry, so that predicates can say `setup:NAME` for its commit even after
    /// a `stash_drop` step has taken it off the stack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What a stash takes besides tracked changes: `git stash`, `-u` or `-a`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StashInclude {
    #[default]
    Tracked,
    Untracked,
    All,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorktreeAddStep {
    /// Sandbox-relative directory of the new worktree.
    pub path: String,
    pub branch: String,
    /// Create `branch` starting here (like `git worktree add -b`); omit to check out an existing branch.
    #[serde(default)]
    pub new_branch_from: Option<String>,
    /// Lock the worktree with this reason.
    #[serde(default)]
    pub lock: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashDropStep {
    /// Which entry: 0 for `stash@{0}` (the default).
    #[serde(default)]
    pub index: usize,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StashClearStep {}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeStep {
    /// The branch to merge into the one checked out.
    pub branch: String,
    /// The merge commit's message; git's "Merge branch 'BRANCH'" when omitted.
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveDirStep {
    /// Sandbox-relative directory to delete, as `rm -rf` would (for orphaning a worktree).
    pub path: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigStep {
    pub key: String,
    pub value: String,
}

/// A commit a teammate pushed to the remote after this repository was cloned: made in the
/// remote's own repository (a sandbox repository, found by the remote's URL), so this one does
/// not know it until it fetches. Dated by the setup's clock like every setup commit.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeammateCommitStep {
    /// The remote of this repository to push to.
    #[serde(default = "origin")]
    pub remote: String,
    /// The remote's branch the commit goes on.
    pub branch: String,
    /// For a new branch: the remote's revision it starts at (a pull request's base).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub message: String,
    /// Files the commit writes, by path: their whole new content.
    #[serde(default)]
    pub write: std::collections::BTreeMap<String, String>,
    /// Files the commit deletes.
    #[serde(default)]
    pub delete: Vec<String>,
}

fn origin() -> String {
    "origin".to_string()
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[schemars(with = "Predicate")]
    pub check: Spanned<Predicate>,
    /// What must exist before the objective means anything (the hotfix branch, the rollback
    /// commit). Until it holds, the objective is not met and says "nothing to judge yet",
    /// instead of ticking a vacuous truth such as "the worktree is gone" when none was made.
    #[serde(default)]
    pub requires: Option<Requirement>,
    #[serde(default)]
    pub hints: Vec<String>,
    /// Points for graded runs.
    #[serde(default = "one")]
    pub points: u32,
}

/// A precondition of an objective, and what the learner has to do to meet it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    #[schemars(with = "Predicate")]
    pub check: Spanned<Predicate>,
    /// What to do first, as the learner would be told: "make the rollback commit".
    pub first: String,
}

fn one() -> u32 {
    1
}

/// A classic wrong approach, recognised from the repository state.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mistake {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The state that gives it away.
    #[schemars(with = "Predicate")]
    pub when: Spanned<Predicate>,
    /// What to tell the learner at once: what happened and why it matters. Without a
    /// `recovery`, also how to recover; `check` then counts showing it as a hint.
    pub message: String,
    /// How to recover, with the commands: given only by `git-kata hint` (and `h` in `watch`),
    /// which counts it as a hint, so the answer is never handed over uncounted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<String>,
    /// Commands that make this mistake from the state as built, for proving the lesson.
    pub commands: String,
    /// The recovery's commands as the learner would type them, played right after `commands`
    /// to prove the advice: it must lose none of the learner's work, and `finish` must then
    /// reach a pass. A line `git-kata reset` rebuilds the sandbox there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recover: Option<String>,
    /// What is left of the solution after `recover`; the whole `solution` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finish: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    #[serde(default)]
    pub kind: QuestionKind,
    pub prompt: String,
    pub choices: Vec<String>,
    /// Zero-based index into `choices`.
    #[schemars(with = "usize")]
    pub answer: Spanned<usize>,
    pub explanation: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    #[default]
    Choice,
    /// A situation from the decision matrix: pick stash, worktree, clone or branch.
    Scenario,
}
