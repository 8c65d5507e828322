//! The `frontline` binary: parses the command line and runs a command or opens the window.

use std::process::ExitCode;

use clap::Parser;
use frontline::cli::{Cli, open_window, run_command};

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let mut cli = Cli::parse();
    match cli.command.take() {
        Some(command) => run_command(command),
        None => open_window(cli, started),
    }
}
