//! Settings from the environment (and `.env`). Every variable is documented in `.env.example`.
//! Secrets are read here and never logged: `Debug` shows only whether a token is set.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    /// Overall cap of one mock interview.
    pub interview_cap: Duration,
    /// Multiplies every question's time limit (0.25–10).
    pub time_factor: f64,
    /// Longest answer kept, in characters; longer answers are truncated with a note.
    pub max_answer_chars: usize,
    /// Default question count of /mock.
    pub default_count: u8,
    /// Optional directory that replaces the embedded question bank.
    pub bank_dir: Option<PathBuf>,
    pub telegram_token: Option<String>,
    pub discord_token: Option<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("interview_cap", &self.interview_cap)
            .field("time_factor", &self.time_factor)
            .field("max_answer_chars", &self.max_answer_chars)
            .field("default_count", &self.default_count)
            .field("bank_dir", &self.bank_dir)
            .field("telegram_token", &self.telegram_token.as_ref().map(|_| "<set>"))
            .field("discord_token", &self.discord_token.as_ref().map(|_| "<set>"))
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: default_data_dir(),
            interview_cap: Duration::from_secs(30 * 60),
            time_factor: 1.0,
            max_answer_chars: 6000,
            default_count: 8,
            bank_dir: None,
            telegram_token: None,
            discord_token: None,
        }
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// `$XDG_DATA_HOME/interview-coach`, else `~/.local/share/interview-coach`, else `./coach-data`.
pub fn default_data_dir() -> PathBuf {
    if let Some(x) = var("XDG_DATA_HOME") {
        return PathBuf::from(x).join("interview-coach");
    }
    if let Some(h) = var("HOME") {
        return PathBuf::from(h).join(".local/share/interview-coach");
    }
    PathBuf::from("coach-data")
}

impl Config {
    pub fn from_env() -> Result<Config, String> {
        let mut c = Config::default();
        if let Some(d) = var("COACH_DATA_DIR") {
            c.data_dir = PathBuf::from(d);
        }
        if let Some(m) = var("COACH_INTERVIEW_MINUTES") {
            let m: u64 = m
                .parse()
                .ok()
                .filter(|m| (1..=240).contains(m))
                .ok_or("COACH_INTERVIEW_MINUTES must be a whole number of minutes from 1 to 240")?;
            c.interview_cap = Duration::from_secs(m * 60);
        }
        if let Some(f) = var("COACH_TIME_FACTOR") {
            c.time_factor = f
                .parse()
                .ok()
                .filter(|f: &f64| (0.25..=10.0).contains(f))
                .ok_or("COACH_TIME_FACTOR must be a number from 0.25 to 10")?;
        }
        if let Some(n) = var("COACH_MAX_ANSWER_CHARS") {
            c.max_answer_chars = n
                .parse()
                .ok()
                .filter(|n| (200..=100_000).contains(n))
                .ok_or("COACH_MAX_ANSWER_CHARS must be a number from 200 to 100000")?;
        }
        c.bank_dir = var("COACH_BANK_DIR").map(PathBuf::from);
        c.telegram_token = var("TELEGRAM_BOT_TOKEN");
        c.discord_token = var("DISCORD_TOKEN");
        Ok(c)
    }
}
