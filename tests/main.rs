//! Every integration test, in one crate: each module drives the built binary or the library
//! as a learner, an instructor or CI would. One crate links the dependencies once, where one
//! crate per file linked them fourteen times (CONTRIBUTING.md, "Tests").

mod common;
mod support;

mod authoring;
mod cli;
mod contract;
mod errors;
mod first_hour;
mod format;
mod grade;
mod hints;
mod judge;
mod learner_view;
mod lessons;
mod lessons_stash;
mod lessons_workflow;
mod lessons_worktree;
mod narrow;
mod platform;
mod proofs;
mod quiz_progress;
mod reliability;
mod remotes;
mod scenarios;
mod shell;
mod status;
mod watch;
mod workshop;
