#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    xfdesk::cli::main()
}
