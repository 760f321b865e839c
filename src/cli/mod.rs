//! The `coach` command line: the sub-commands, one file each (`serve`, `doctor`, `calibrate`,
//! `score`), each building what it needs through [`crate::app`]. `main.rs` parses the arguments
//! and calls [`run`].

mod calibrate;
mod doctor;
mod score;
mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "coach",
    version,
    about = "Interview Coach: mock interviews and answer scoring, in the terminal, Telegram and Discord"
)]
pub struct Cli {
    /// Data directory (overrides COACH_DATA_DIR).
    #[arg(long, global = true)]
    pub data_dir: Option<std::path::PathBuf>,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Subcommand)]
pub enum Cmd {
    /// Serve the configured platforms, or open the terminal chat when none is configured (default).
    Run,
    /// Chat with the coach in the terminal: interactive on a TTY, line-by-line when piped.
    Chat {
        /// Your user name in the terminal (each name has its own history).
        #[arg(long, default_value_t = default_user())]
        user: String,
    },
    /// Score one answer read from stdin and print the result as JSON.
    Score {
        /// A question of the bank.
        #[arg(long, conflicts_with_all = ["question", "category"])]
        question_id: Option<String>,
        /// A question given as text (with --category).
        #[arg(long, requires = "category")]
        question: Option<String>,
        /// behavioral, technical, system_design, case (case_study), situational or motivation.
        #[arg(long)]
        category: Option<String>,
        /// Pretty-print the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Check the configuration: data directory, prompts, and whether the language model answers.
    Doctor,
    /// Grade the hand-graded evaluation set with the configured model and store the model's
    /// measured share of the score (0 unless a share ranks the set better than the offline
    /// scorer alone, on both halves). Resumable: answers graded by an earlier run are kept.
    Calibrate {
        /// A directory of evaluation files (eval/*.toml format) instead of the built-in set.
        #[arg(long)]
        eval_dir: Option<std::path::PathBuf>,
        /// Grade every k-th answer only (runs over other subsets add up).
        #[arg(long, default_value_t = 1)]
        every: usize,
        /// Start at this answer.
        #[arg(long, default_value_t = 0)]
        skip: usize,
        /// Grade at most this many answers in this run.
        #[arg(long)]
        limit: Option<usize>,
        /// Forget this model's earlier results first.
        #[arg(long)]
        fresh: bool,
    },
}

pub(crate) fn default_user() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "me".into())
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .take(32)
        .collect()
}

/// Run one parsed command line; errors are printed as one line on stderr.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Some(Cmd::Score {
            question_id,
            question,
            category,
            pretty,
        }) => score::run(cli.data_dir, question_id, question, category, pretty),
        Some(Cmd::Chat { user }) => serve::run(cli.data_dir, Some(user)),
        Some(Cmd::Doctor) => doctor::run(cli.data_dir),
        Some(Cmd::Calibrate {
            eval_dir,
            every,
            skip,
            limit,
            fresh,
        }) => calibrate::run(
            cli.data_dir,
            eval_dir,
            crate::models::Options {
                every: every.max(1),
                skip,
                limit: limit.unwrap_or(usize::MAX),
                fresh,
            },
        ),
        Some(Cmd::Run) | None => serve::run(cli.data_dir, None),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("coach: {e:#}");
            ExitCode::FAILURE
        }
    }
}
