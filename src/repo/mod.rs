//! Facts read from git repositories that more than one floor needs: the builder records them
//! after setup, the checker judges them. This module depends on nothing else of ours, so
//! `sandbox` and `check` can both use it without reaching into each other.

pub mod setup;
pub mod stash;
