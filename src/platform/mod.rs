//! Everything that differs between Linux, macOS and Windows, one module per concern, each
//! saying what the other platforms do instead. The rest of the crate calls these and carries
//! no `cfg` of its own (the few exceptions, such as the plain working-tree comparison in
//! check/predicates/workdir.rs, fall back to portable code and say so where they are).

pub mod fs;
pub mod process;
