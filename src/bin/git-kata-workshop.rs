//! `git-kata-workshop`: the workshop board's server, a program of its own so that git-kata,
//! which learners run after every few git commands, carries none of its code
//! (commands/workshop.rs). `git-kata workshop serve` and `workshop export` run it.

fn main() -> std::process::ExitCode {
    let code = git_kata::commands::workshop::server_main(std::env::args_os());
    std::process::ExitCode::from(code as u8)
}
