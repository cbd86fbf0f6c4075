//! The lesson format, version 1, as serde types.
//!
//! Every struct denies unknown fields so that a typo in a lesson is an error with a file:line:col,
//! never a silently ignored objective. Values that later checks must point back at (steps, paths)
//! are wrapped in `Spanned` so that errors found after parsing can still name their line.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

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
    /// The repositories of the sandbox, built in this order.
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

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    #[schemars(with = "Predicate")]
    pub check: Spanned<Predicate>,
    #[serde(default)]
    pub hints: Vec<String>,
    /// Points for graded runs.
    #[serde(default = "one")]
    pub points: u32,
}

fn one() -> u32 {
    1
}

fn head() -> String {
    "HEAD".to_string()
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
    /// What to tell the learner: what happened and how to recover.
    pub message: String,
    /// Commands that make this mistake from the state as built, for proving the lesson.
    pub commands: String,
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

/// How a text is compared; a predicate that compares text takes exactly one of `equals` (byte for
/// byte), `contains`, or `matches` (a regex-lite pattern, which must match somewhere: Rust regex
/// syntax with ASCII-only `\w`, `\d`, `\s` and `(?i)`, and no `\p{..}` classes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextMatch {
    Equals(String),
    Contains(String),
    Matches(String),
}

impl TextMatch {
    /// Folds the three optional YAML fields into one comparison, or says why it cannot.
    pub fn from_fields(
        equals: &Option<String>,
        contains: &Option<String>,
        matches: &Option<String>,
    ) -> Result<TextMatch, &'static str> {
        match (equals, contains, matches) {
            (Some(e), None, None) => Ok(TextMatch::Equals(e.clone())),
            (None, Some(c), None) => Ok(TextMatch::Contains(c.clone())),
            (None, None, Some(m)) => Ok(TextMatch::Matches(m.clone())),
            (None, None, None) => Err("needs one of `equals`, `contains` or `matches`"),
            _ => Err("takes only one of `equals`, `contains` or `matches`"),
        }
    }
}

/// Where file content is read from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    #[default]
    Worktree,
    Index,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// Tracked and identical in HEAD, index and working tree.
    Clean,
    /// Changed in the working tree and not staged.
    Modified,
    /// Changes staged in the index.
    Staged,
    Untracked,
    Ignored,
    /// Neither in HEAD, the index nor the working tree.
    Absent,
    /// An unresolved conflict in the index.
    Conflicted,
}

/// A check of the repository state. Where a predicate takes `repo` it defaults to the lesson's
/// first repository; `worktree` (a sandbox-relative directory of a linked worktree) defaults to
/// that repository's main working tree. Revisions are anything git understands (`main`,
/// `stash@{0}^3`, `v1.2.0`), or `setup:BRANCH` (optionally followed by `~N`/`^N`) for a branch or
/// tag as it was when the sandbox was built.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum Predicate {
    All(Vec<Predicate>),
    Any(Vec<Predicate>),
    Not(Box<Predicate>),

    /// The branch checked out in a working tree.
    HeadIs {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        worktree: Option<String>,
        branch: String,
    },
    BranchExists {
        #[serde(default)]
        repo: Option<String>,
        branch: String,
    },
    /// The branch points where it pointed when the sandbox was built.
    BranchUnchanged {
        #[serde(default)]
        repo: Option<String>,
        branch: String,
    },
    /// `base` is an ancestor of `branch` and `branch` has exactly `count` commits on top of it.
    CommitsAhead {
        #[serde(default)]
        repo: Option<String>,
        branch: String,
        base: String,
        count: usize,
    },
    CommitMessage {
        #[serde(default)]
        repo: Option<String>,
        rev: String,
        #[serde(default)]
        equals: Option<String>,
        #[serde(default)]
        contains: Option<String>,
        #[serde(default)]
        matches: Option<String>,
    },
    /// The commit differs from its first parent in exactly these paths.
    CommitChanges {
        #[serde(default)]
        repo: Option<String>,
        rev: String,
        paths: Vec<String>,
    },
    /// A file's content in the working tree, the index, or a revision (`rev`, any git revision
    /// such as `main`, `stash@{0}` or `stash@{0}^3`).
    File {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        worktree: Option<String>,
        path: String,
        #[serde(default)]
        from: Source,
        #[serde(default)]
        rev: Option<String>,
        #[serde(default)]
        equals: Option<String>,
        #[serde(default)]
        contains: Option<String>,
        #[serde(default)]
        matches: Option<String>,
    },
    FileStatus {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        worktree: Option<String>,
        path: String,
        status: FileState,
    },
    /// No changes at all in the working tree and index (ignored files aside).
    Clean {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        worktree: Option<String>,
    },
    /// Exactly these paths are changed or untracked.
    DirtyPaths {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        worktree: Option<String>,
        paths: Vec<String>,
    },
    StashCount {
        #[serde(default)]
        repo: Option<String>,
        count: usize,
    },
    StashMessage {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        index: usize,
        #[serde(default)]
        equals: Option<String>,
        #[serde(default)]
        contains: Option<String>,
        #[serde(default)]
        matches: Option<String>,
    },
    /// The entry holds untracked files: exactly `paths` when given, at least one otherwise.
    StashUntracked {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        index: usize,
        #[serde(default)]
        paths: Option<Vec<String>>,
    },
    /// The tracked paths the entry changes, compared with the commit it was made on.
    StashChanges {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        index: usize,
        paths: Vec<String>,
    },
    /// A linked worktree is registered at `path` and its directory exists.
    WorktreeAt {
        #[serde(default)]
        repo: Option<String>,
        path: String,
        #[serde(default)]
        branch: Option<String>,
    },
    /// No worktree is registered at `path` and the directory is gone.
    WorktreeGone {
        #[serde(default)]
        repo: Option<String>,
        path: String,
    },
    /// A registration whose directory is gone (what `git worktree prune` would remove).
    WorktreeStale {
        #[serde(default)]
        repo: Option<String>,
        path: String,
    },
    /// No registration anywhere is stale.
    NoStaleWorktrees {
        #[serde(default)]
        repo: Option<String>,
    },
    WorktreeLocked {
        #[serde(default)]
        repo: Option<String>,
        path: String,
        /// Text the lock reason must contain.
        #[serde(default)]
        reason: Option<String>,
    },
    /// Where a branch is checked out, by git's rule (stale registrations still hold their branch).
    /// `worktree` is the sandbox-relative directory, or omitted for the main working tree.
    CheckedOutIn {
        #[serde(default)]
        repo: Option<String>,
        branch: String,
        #[serde(default)]
        worktree: Option<String>,
    },
    /// The branch is checked out in no worktree at all.
    CheckedOutNowhere {
        #[serde(default)]
        repo: Option<String>,
        branch: String,
    },
    /// The working tree's HEAD has not moved to another branch since setup (from its reflog).
    HeadNeverSwitched {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        worktree: Option<String>,
    },
    /// Some stash was made after setup, even if it has since been popped or dropped.
    StashCreatedSinceSetup {
        #[serde(default)]
        repo: Option<String>,
    },
    /// The stash stack holds exactly the entries made at setup, in the same order.
    StashUnchanged {
        #[serde(default)]
        repo: Option<String>,
    },
    /// `ancestor` is in the history of `of` (or the same commit): history was not rewritten.
    IsAncestor {
        #[serde(default)]
        repo: Option<String>,
        ancestor: String,
        of: String,
    },
    /// The submodule at `path`, as committed in `rev` of `repo`, pins `target_rev` of the
    /// sandbox repository `target_repo`. With `in_history`, any commit reachable from `rev` will do.
    SubmodulePin {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default = "head")]
        rev: String,
        path: String,
        target_repo: String,
        target_rev: String,
        #[serde(default)]
        in_history: bool,
    },
    /// Some stash made at setup is no longer on the stack.
    StashDroppedSinceSetup {
        #[serde(default)]
        repo: Option<String>,
    },
    /// An unresolved conflict in the index (a `stash pop` or merge that stopped half way).
    Conflicted {
        #[serde(default)]
        repo: Option<String>,
        #[serde(default)]
        worktree: Option<String>,
    },
    /// `branch` parts from the history of `from` exactly at `at`: their merge base is `at`,
    /// whatever either side has gained since (e.g. a branch made by `git stash branch` starts at
    /// the stash's base commit, not at the tip `from` has moved on to).
    BranchesOff {
        #[serde(default)]
        repo: Option<String>,
        branch: String,
        from: String,
        at: String,
    },
}
