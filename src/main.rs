fn main() -> std::process::ExitCode {
    git_kata::main()
}
