//! git-kata: a kata runner for `git stash` and `git worktree`.
//!
//! The code is split by responsibility: `lesson` (the YAML format), `sandbox` (building the
//! repositories), `check` (judging them), `render` (what people and machines read) and
//! `commands` (one module per subcommand).

pub mod authoring;
pub mod check;
pub mod cli;
pub mod commands;
pub mod error;
pub mod grade;
pub mod lesson;
pub mod paths;
#[allow(
    unsafe_code,
    reason = "statfs(2) and signal(2): the platform's calls, behind cfg"
)]
pub mod platform;
pub mod predicates;
pub mod progress;
pub mod prove;
pub mod render;
pub mod repo;
pub mod sandbox;
pub mod script;
pub mod text;
pub mod workshop;

/// The crate's floors, and the test that holds imports to them.
pub mod layers;

/// Runs the command line `args` (the program's name first) and turns every outcome into one
/// of the contract's exit codes.
pub fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> error::Exit {
    keep_freed_memory();
    ignore_user_git_config();
    skip_libgit2_self_checks();
    render::style::init();
    let cli = cli::parse(args);
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            render::print_error(&err);
            error::exit_code(&err)
        }
    }
}

/// Every command is a short-lived process, better off keeping the memory it frees for its next
/// allocation than handing it back to the kernel and faulting it in again. glibc returns large
/// blocks at once: libgit2 allocates and frees zlib's state (about 270 KB, cleared each time) for
/// every object it writes, which cost `start` hundreds of page faults in a lesson of a few
/// dozen objects.
#[allow(unsafe_code, reason = "mallopt(3) tunes glibc's allocator")]
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes glibc's allocator; it is called before any thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

/// libgit2 re-hashes every object it reads to compare it with its name, and looks up every
/// object a new tree or commit names, to refuse dangling ones. git does neither outside `fsck`;
/// here they cost a measurable part of `check`, which reads a few small objects, and of
/// `start`, which writes them (benches/README.md, "Figures the code's comments cite"). The
/// sandboxes' integrity is tested instead: `git fsck --strict` passes on
/// every built-in lesson as built and as solved (tests/lessons.rs).
fn skip_libgit2_self_checks() {
    git2::opts::strict_hash_verification(false);
    git2::opts::strict_object_creation(false);
}

/// libgit2 in this process reads only each repository's own config, never the user's global,
/// XDG or system files. Sandboxes carry every setting they need locally, so a learner's global
/// config can change neither how a sandbox is built nor how it is judged (and checking skips
/// reading files it never needed). The learner's own `git` runs in other processes and is not
/// affected.
#[allow(unsafe_code, reason = "libgit2's search path is global state")]
pub fn ignore_user_git_config() {
    use git2::ConfigLevel;
    for level in [
        ConfigLevel::System,
        ConfigLevel::XDG,
        ConfigLevel::Global,
        ConfigLevel::ProgramData,
    ] {
        // SAFETY: called once at start-up, before any other thread exists or libgit2 is used.
        // Failing to narrow the search path only costs speed, never correctness.
        let _ = unsafe { git2::opts::set_search_path(level, "") };
    }
}
