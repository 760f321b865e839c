//! Settings from the environment (and `.env`). Every variable is documented in `.env.example`.
//! Secrets are read here and never logged: `Debug` shows only whether a token is set.

use std::path::PathBuf;
use std::time::Duration;

/// A variable of the environment whose value cannot be used; the message names the variable
/// and says what it must be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} must {rule}")]
    Invalid { name: &'static str, rule: &'static str },
    #[error("{name} must be a whole number from 1 to {max}")]
    OutOfRange { name: &'static str, max: u64 },
    #[error("{name} must be a whole number from 1 to {max}, or 0 / off for no limit")]
    RateOutOfRange { name: &'static str, max: u32 },
    #[error("{name} must start with http:// or https://")]
    NotHttp { name: &'static str },
}

fn invalid(name: &'static str, rule: &'static str) -> ConfigError {
    ConfigError::Invalid { name, rule }
}

#[derive(Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    /// Overall cap of one mock interview.
    pub interview_cap: Duration,
    /// Multiplies every question's time limit (0.25–10).
    pub time_factor: f64,
    /// How long after a question's time (or the interview's) runs out a late answer still counts
    /// for it (0 turns the grace off).
    pub late_grace: Duration,
    /// Longest answer kept, in characters; longer answers are truncated with a note.
    pub max_answer_chars: usize,
    /// Default question count of /mock (questions of the asked kind; from 5 up an intro and a
    /// wrap-up come in addition).
    pub default_count: u8,
    /// Optional directory that replaces the embedded question bank.
    pub bank_dir: Option<PathBuf>,
    pub telegram_token: Option<String>,
    /// Another Bot API server (self-hosted, or an emulator).
    pub telegram_api_url: Option<String>,
    /// Public URL for webhook mode; long polling when unset.
    pub telegram_webhook_url: Option<String>,
    /// Where the webhook server listens.
    pub telegram_webhook_addr: std::net::SocketAddr,
    pub discord_token: Option<String>,
    /// Another Discord-compatible server (REST at `$DISCORD_API_URL/api/v10/…`).
    pub discord_api_url: Option<String>,
    /// Register slash commands in this guild only (instant; for development).
    pub discord_guild_id: Option<u64>,
    /// The language model, when one is configured (`OPENAI_BASE_URL` or `OPENAI_API_KEY`).
    pub llm: Option<crate::llm::LlmSettings>,
    /// The LLM's share of a blended answer score (0–1), when set; otherwise the model's stored
    /// calibration decides (see `calibrate.rs`), and an uncalibrated model gets 0.
    pub llm_score_weight: Option<f64>,
    /// Daily LLM token cap per user; past it that user gets the offline engine until midnight UTC.
    pub max_tokens_per_user_day: Option<u64>,
    /// Directory whose prompt files replace the embedded ones.
    pub prompts_dir: Option<PathBuf>,
    /// Pins the question draw of mock interviews (a testing knob): with it, the same user's n-th
    /// interview always gets the same questions. Unset, every draw is random.
    pub plan_seed: Option<u64>,
    /// How fast one user may send (a burst, then a steady rate); `None` sets no limit. Past it a
    /// message is dropped before its turn (see `engine/flood.rs`). The terminal is never limited.
    pub rate_limit: Option<RateLimit>,
    /// `COACH_DATABASE_URL`: the store on PostgreSQL (or an engine speaking its protocol)
    /// instead of sled in the data directory. A secret (it may hold a password).
    pub database_url: Option<String>,
    /// `COACH_DATABASE_POOL`: connections to the database (1–64).
    pub database_pool: usize,
}

/// A per-user inbound limit: `burst` messages at once, refilled at `per_minute` a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub burst: u32,
    pub per_minute: u32,
}

impl RateLimit {
    /// `COACH_RATE_BURST` and `COACH_RATE_PER_MINUTE` when unset.
    pub const DEFAULT: RateLimit = RateLimit {
        burst: 10,
        per_minute: 30,
    };
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("data_dir", &self.data_dir)
            .field("interview_cap", &self.interview_cap)
            .field("time_factor", &self.time_factor)
            .field("late_grace", &self.late_grace)
            .field("max_answer_chars", &self.max_answer_chars)
            .field("default_count", &self.default_count)
            .field("bank_dir", &self.bank_dir)
            .field("telegram_token", &self.telegram_token.as_ref().map(|_| "<set>"))
            .field("discord_token", &self.discord_token.as_ref().map(|_| "<set>"))
            .field("llm", &self.llm)
            .field("llm_score_weight", &self.llm_score_weight)
            .field("max_tokens_per_user_day", &self.max_tokens_per_user_day)
            .field("plan_seed", &self.plan_seed)
            .field("rate_limit", &self.rate_limit)
            .field("database_url", &self.database_url.as_ref().map(|_| "<set>"))
            .field("database_pool", &self.database_pool)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: default_data_dir(),
            interview_cap: Duration::from_secs(30 * 60),
            time_factor: 1.0,
            late_grace: Duration::from_secs(60),
            max_answer_chars: 6000,
            default_count: 6,
            bank_dir: None,
            telegram_token: None,
            telegram_api_url: None,
            telegram_webhook_url: None,
            telegram_webhook_addr: std::net::SocketAddr::from(([0, 0, 0, 0], 8443)),
            discord_token: None,
            discord_api_url: None,
            discord_guild_id: None,
            llm: None,
            llm_score_weight: None,
            max_tokens_per_user_day: None,
            prompts_dir: None,
            plan_seed: None,
            rate_limit: Some(RateLimit::DEFAULT),
            database_url: None,
            database_pool: crate::store::DEFAULT_POOL,
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
    pub fn from_env() -> Result<Config, ConfigError> {
        let mut c = Config::default();
        if let Some(d) = var("COACH_DATA_DIR") {
            c.data_dir = PathBuf::from(d);
        }
        c.database_url = var("COACH_DATABASE_URL");
        if let Some(n) = var("COACH_DATABASE_POOL") {
            c.database_pool = n
                .parse()
                .ok()
                .filter(|n| (1..=64).contains(n))
                .ok_or(invalid("COACH_DATABASE_POOL", "be a whole number from 1 to 64"))?;
        }
        if let Some(m) = var("COACH_INTERVIEW_MINUTES") {
            let m: u64 = m.parse().ok().filter(|m| (1..=240).contains(m)).ok_or(invalid(
                "COACH_INTERVIEW_MINUTES",
                "be a whole number of minutes from 1 to 240",
            ))?;
            c.interview_cap = Duration::from_secs(m * 60);
        }
        if let Some(f) = var("COACH_TIME_FACTOR") {
            c.time_factor = f
                .parse()
                .ok()
                .filter(|f: &f64| (0.25..=10.0).contains(f))
                .ok_or(invalid("COACH_TIME_FACTOR", "be a number from 0.25 to 10"))?;
        }
        if let Some(s) = var("COACH_LATE_GRACE_SECS") {
            let s: u64 = s.parse().ok().filter(|s| *s <= 600).ok_or(invalid(
                "COACH_LATE_GRACE_SECS",
                "be a whole number of seconds from 0 to 600",
            ))?;
            c.late_grace = Duration::from_secs(s);
        }
        if let Some(n) = var("COACH_MAX_ANSWER_CHARS") {
            c.max_answer_chars = n
                .parse()
                .ok()
                .filter(|n| (200..=100_000).contains(n))
                .ok_or(invalid("COACH_MAX_ANSWER_CHARS", "be a number from 200 to 100000"))?;
        }
        c.bank_dir = var("COACH_BANK_DIR").map(PathBuf::from);
        c.telegram_token = var("TELEGRAM_BOT_TOKEN");
        c.telegram_api_url = var("TELEGRAM_API_URL");
        c.telegram_webhook_url = var("TELEGRAM_WEBHOOK_URL");
        if let Some(a) = var("TELEGRAM_WEBHOOK_ADDR") {
            c.telegram_webhook_addr = a
                .parse()
                .map_err(|_| invalid("TELEGRAM_WEBHOOK_ADDR", "be an address like 0.0.0.0:8443"))?;
        }
        for (name, v) in [
            ("TELEGRAM_API_URL", &c.telegram_api_url),
            ("TELEGRAM_WEBHOOK_URL", &c.telegram_webhook_url),
        ] {
            if v.as_ref()
                .is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://")))
            {
                return Err(ConfigError::NotHttp { name });
            }
        }
        c.discord_token = var("DISCORD_TOKEN");
        c.discord_api_url = var("DISCORD_API_URL");
        if c.discord_api_url
            .as_ref()
            .is_some_and(|u| !(u.starts_with("http://") || u.starts_with("https://")))
        {
            return Err(ConfigError::NotHttp {
                name: "DISCORD_API_URL",
            });
        }
        if let Some(g) = var("DISCORD_GUILD_ID") {
            c.discord_guild_id = Some(
                g.parse()
                    .map_err(|_| invalid("DISCORD_GUILD_ID", "be a number (the server's id)"))?,
            );
        }
        c.prompts_dir = var("COACH_PROMPTS_DIR").map(PathBuf::from);
        if let Some(w) = var("COACH_LLM_SCORE_WEIGHT") {
            c.llm_score_weight = Some(
                w.parse()
                    .ok()
                    .filter(|w: &f64| (0.0..=1.0).contains(w))
                    .ok_or(invalid("COACH_LLM_SCORE_WEIGHT", "be a number from 0 to 1"))?,
            );
        }
        if let Some(n) = var("COACH_MAX_TOKENS_PER_USER_DAY") {
            c.max_tokens_per_user_day = Some(
                n.parse()
                    .ok()
                    .filter(|n: &u64| *n > 0)
                    .ok_or(invalid("COACH_MAX_TOKENS_PER_USER_DAY", "be a whole number above 0"))?,
            );
        }
        if let Some(n) = var("COACH_PLAN_SEED") {
            c.plan_seed = Some(
                n.parse()
                    .map_err(|_| invalid("COACH_PLAN_SEED", "be a whole number from 0 to 18446744073709551615"))?,
            );
        }
        c.rate_limit = rate_limit_from(var)?;
        let base = var("OPENAI_BASE_URL");
        let key = var("OPENAI_API_KEY");
        if base.is_some() || key.is_some() {
            let base_url = base.unwrap_or_else(|| "https://api.openai.com/v1".to_string());
            if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
                return Err(ConfigError::NotHttp {
                    name: "OPENAI_BASE_URL",
                });
            }
            let secs = |name: &'static str, default: u64, max: u64| -> Result<u64, ConfigError> {
                match var(name) {
                    None => Ok(default),
                    Some(v) => v
                        .parse()
                        .ok()
                        .filter(|n: &u64| (1..=max).contains(n))
                        .ok_or(ConfigError::OutOfRange { name, max }),
                }
            };
            c.llm = Some(crate::llm::LlmSettings {
                base_url,
                api_key: key,
                model: var("COACH_MODEL").unwrap_or_else(|| "gpt-4o-mini".to_string()),
                transcribe_model: var("COACH_TRANSCRIBE_MODEL").unwrap_or_else(|| "whisper-1".to_string()),
                timeout: Duration::from_secs(secs("COACH_LLM_TIMEOUT_SECS", 30, 3600)?),
                retries: match var("COACH_LLM_RETRIES") {
                    None => 2,
                    Some(v) => v
                        .parse()
                        .ok()
                        .filter(|n: &u32| *n <= 10)
                        .ok_or(invalid("COACH_LLM_RETRIES", "be a whole number from 0 to 10"))?,
                },
                failures_to_open: 3,
                cooldown: Duration::from_secs(secs("COACH_LLM_COOLDOWN_SECS", 60, 86_400)?),
            });
        }
        Ok(c)
    }
}

/// `COACH_RATE_BURST` and `COACH_RATE_PER_MINUTE` as `var` reads them; either one `0` or `off`
/// turns the limit off.
fn rate_limit_from(var: impl Fn(&str) -> Option<String>) -> Result<Option<RateLimit>, ConfigError> {
    let read = |name: &'static str, default: u32, max: u32| -> Result<Option<u32>, ConfigError> {
        match var(name) {
            None => Ok(Some(default)),
            Some(v) if v == "0" || v.eq_ignore_ascii_case("off") => Ok(None),
            Some(v) => v
                .parse()
                .ok()
                .filter(|n: &u32| (1..=max).contains(n))
                .map(Some)
                .ok_or(ConfigError::RateOutOfRange { name, max }),
        }
    };
    let burst = read("COACH_RATE_BURST", RateLimit::DEFAULT.burst, 1000)?;
    let per_minute = read("COACH_RATE_PER_MINUTE", RateLimit::DEFAULT.per_minute, 60_000)?;
    Ok(burst
        .zip(per_minute)
        .map(|(burst, per_minute)| RateLimit { burst, per_minute }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(vars: &[(&str, &str)]) -> Result<Option<RateLimit>, ConfigError> {
        rate_limit_from(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn the_rate_limit_reads_burst_and_rate_and_turns_off_with_0_or_off() {
        assert_eq!(
            limit(&[]),
            Ok(Some(RateLimit {
                burst: 10,
                per_minute: 30
            }))
        );
        assert_eq!(
            limit(&[("COACH_RATE_BURST", "4"), ("COACH_RATE_PER_MINUTE", "120")]),
            Ok(Some(RateLimit {
                burst: 4,
                per_minute: 120
            }))
        );
        assert_eq!(
            limit(&[("COACH_RATE_PER_MINUTE", "6")]),
            Ok(Some(RateLimit {
                burst: 10,
                per_minute: 6
            }))
        );
        assert_eq!(limit(&[("COACH_RATE_BURST", "off")]), Ok(None));
        assert_eq!(
            limit(&[("COACH_RATE_BURST", "OFF"), ("COACH_RATE_PER_MINUTE", "5")]),
            Ok(None)
        );
        assert_eq!(limit(&[("COACH_RATE_PER_MINUTE", "0")]), Ok(None));
        for bad in ["-1", "ten", "1001", "2.5"] {
            let e = limit(&[("COACH_RATE_BURST", bad)]).unwrap_err().to_string();
            assert!(e.contains("COACH_RATE_BURST must be"), "{bad}: {e}");
        }
        let e = limit(&[("COACH_RATE_PER_MINUTE", "60001")]).unwrap_err().to_string();
        assert!(e.contains("COACH_RATE_PER_MINUTE must be"), "{e}");
    }
}
