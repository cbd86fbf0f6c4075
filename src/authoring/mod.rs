//! Tools for lesson authors: `lesson validate` (lint, then proof with the real git CLI),
//! `lesson schema` and `lesson new`.

pub mod scaffold;
pub mod schema;
pub mod validate;
