//! `git-kata lesson new ID`: a commented lesson skeleton whose every placeholder says TODO, so
//! that `lesson validate` lists exactly what is left to write.

/// The skeleton for lesson `id`.
pub fn lesson(id: &str) -> String {
    SCAFFOLD.replace("{ID}", id)
}

const SCAFFOLD: &str = r#"# A git-kata lesson. Replace every TODO; `git-kata lesson validate {ID}.yaml` lists the ones left,
# then proves the lesson with the real git CLI. The format: CONTRIBUTING.md, "Writing a lesson".
# yaml-language-server: $schema=lesson.schema.json
format: 1
id: {ID}
track: TODO                    # stash, worktree or workflow
title: TODO a short title
summary: TODO one line for `git-kata list`
# Shown by `git-kata start`: the situation, the task, and a "predict first" question.
brief: |
  TODO the situation and the task
repos:
  # Each repository is built at DIR/<name>, starting on main, by these steps in order:
  # write, delete, chmod, stage, commit, branch, switch, tag, stash, worktree_add, remove_dir, config.
  - name: TODO-repository
    steps:
      - write: { path: README.md, content: "TODO what the file holds\n" }
      - commit: { message: TODO the first commit's message, all: true }
objectives:
  # Checked in order; `git-kata hint` helps with the first one that is not met.
  - id: first-objective
    title: TODO the state the learner must reach
    # One predicate (see CONTRIBUTING.md); combine several with all / any / not.
    check:
      branch_exists: { branch: TODO-branch }
    hints:
      - TODO a nudge in the right direction
      - TODO the exact command
# The reference solution, typed as a learner would; it runs from DIR/<first repository>.
solution: |
  TODO the commands that solve the lesson
# Classic wrong approaches, each recognised from the repository state. For example:
#  - id: forgot-something
#    when: { not: { branch_exists: { branch: the-branch } } }
#    message: What happened, why it hurts, and how to recover.
#    commands: |
#      the commands that make this mistake from the fresh sandbox
mistakes: []
# Optional multiple-choice questions; `answer` counts from 0.
quiz: []
"#;
