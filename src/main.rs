//! `coach`: parses the command line and runs it (see `cli/`; everything is wired in `app`).

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    interview_coach::cli::run(interview_coach::cli::Cli::parse())
}
