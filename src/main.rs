//! The `frontline` binary: parses the command line and runs a command or opens the window.

use std::process::ExitCode;

use clap::Parser;
use frontline::cli::{Cli, DEFAULT_SCENARIO, run_command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run_command(command),
        None => {
            let scenario = cli.scenario.unwrap_or_else(|| DEFAULT_SCENARIO.into());
            frontline::app::run(frontline::app::Launch {
                scenario,
                date: cli.date,
                screenshot: cli.screenshot,
                window_capture: cli.window_capture,
            })
        }
    }
}
