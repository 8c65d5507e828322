//! The `frontline` binary: parses the command line and runs a command or opens the window.

use std::process::ExitCode;

use clap::Parser;
use frontline::cli::{Cli, run_command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run_command(command),
        None => {
            eprintln!("the map window is not built yet");
            ExitCode::FAILURE
        }
    }
}
