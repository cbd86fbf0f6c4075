use std::process::ExitCode;

fn main() -> ExitCode {
    git_kata::platform::process::default_sigpipe();
    ExitCode::from(git_kata::run(std::env::args_os()) as u8)
}
