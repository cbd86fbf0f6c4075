// The C entry point instead of Rust's `fn main`. Rust's runtime set-up, which `fn main` runs
// first, has glibc read and parse /proc/self/maps to find the main thread's stack: 0.1M
// instructions and a file the kernel writes out, 5 % of `check`, which runs after every few
// git commands. Nothing that set-up gives is needed here: `process::exit` still flushes
// standard output, and a closed pipe ends the process as it ends git (SIGPIPE) rather than
// with a panic. The arguments are taken from `argv`, since some platforms' `std::env::args`
// is filled in by that set-up.
#![no_main]

use std::ffi::{c_char, c_int};

#[unsafe(no_mangle)]
extern "C" fn main(argc: c_int, argv: *const *const c_char) -> c_int {
    // SAFETY: the C runtime passes `argc` valid, NUL-terminated strings in `argv`.
    let args = unsafe { arguments(argc, argv) };
    // A panic (a bug: nothing should panic) may not unwind out of a C function; it exits
    // with 101, as from a Rust `fn main`.
    let code = std::panic::catch_unwind(|| git_kata::run(args) as i32).unwrap_or(101);
    std::process::exit(code)
}

#[cfg(unix)]
unsafe fn arguments(argc: c_int, argv: *const *const c_char) -> Vec<std::ffi::OsString> {
    use std::os::unix::ffi::OsStrExt;
    (0..usize::try_from(argc).unwrap_or(0))
        .map(|i| {
            // SAFETY: i < argc, so argv[i] is one of the strings the caller vouches for.
            let arg = unsafe { std::ffi::CStr::from_ptr(*argv.add(i)) };
            std::ffi::OsStr::from_bytes(arg.to_bytes()).to_os_string()
        })
        .collect()
}

// Windows' `std::env::args_os` reads the command line from the system, set-up or not.
#[cfg(not(unix))]
unsafe fn arguments(_argc: c_int, _argv: *const *const c_char) -> Vec<std::ffi::OsString> {
    std::env::args_os().collect()
}
