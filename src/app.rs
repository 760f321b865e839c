//! One place wires the application: the configuration (environment and `.env`, with the
//! `--data-dir` override), the data (bank, personas, guides, prompts), the model client with its
//! remembered structured-output mode, the engine, and where logs go. The sub-commands in `cli/`
//! and the tests build what they need here and nowhere else.

use crate::config::{Config, ConfigError};
use crate::models::{self, Calibrations};
use crate::scoring::calibration::ScoreWeight;
use crate::{bank, clock, copilot, engine, llm, store};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why the engine could not be built: the error of the part that failed, worded by its module.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Bank(#[from] bank::BankError),
    #[error(transparent)]
    Guides(#[from] copilot::GuideError),
    #[error(transparent)]
    Prompts(#[from] llm::PromptError),
    #[error(transparent)]
    Llm(#[from] llm::LlmError),
}

/// The configuration from the environment, with the data directory given on the command line
/// (if any) in place of `COACH_DATA_DIR`.
pub fn config(data_dir: Option<PathBuf>) -> Result<Config, ConfigError> {
    let mut config = Config::from_env()?;
    if let Some(d) = data_dir {
        config.data_dir = d;
    }
    Ok(config)
}

/// The question bank: `COACH_BANK_DIR` when set, else the embedded one.
pub fn bank(config: &Config) -> Result<bank::Bank, bank::BankError> {
    match &config.bank_dir {
        Some(dir) => bank::Bank::from_dir(dir),
        None => bank::Bank::embedded(),
    }
}

/// The LLM prompts: `COACH_PROMPTS_DIR` when set, else the embedded ones (checked either way).
pub fn prompts(config: &Config) -> Result<llm::Prompts, llm::PromptError> {
    llm::Prompts::load(config.prompts_dir.as_deref())
}

/// Load the embedded (or configured) data and build an engine over a store.
pub fn build_engine(
    store: store::Store,
    config: Config,
    clock: clock::SharedClock,
) -> Result<engine::Engine, AppError> {
    let bank = bank(&config)?;
    let personas = bank::PersonaSet::embedded()?;
    let guides = copilot::Guides::embedded()?;
    let prompts = prompts(&config)?;
    let llm = match &config.llm {
        Some(settings) => Some(Arc::new(build_llm(settings, Some(&store))?)),
        None => None,
    };
    let score_weight = models::resolve(&config, Calibrations::In(&store));
    Ok(engine::Engine::new(engine::Parts {
        score_weight,
        store,
        bank,
        personas,
        guides,
        clock,
        config,
        llm,
        prompts,
    }))
}

/// The model client, starting in the structured-output mode remembered for this model in
/// `store` and keeping any step down there (without a store: from json_schema, nothing kept).
pub fn build_llm(settings: &llm::LlmSettings, store: Option<&store::Store>) -> Result<llm::Llm, llm::LlmError> {
    let llm = llm::Llm::new(settings.clone())?;
    if let Some(store) = store {
        if let Some(mode) = models::remembered_json_mode(store, settings) {
            llm.start_in(mode);
        }
        let (store, settings) = (store.clone(), settings.clone());
        llm.on_step_down(move |mode| {
            let (store, settings) = (store.clone(), settings.clone());
            Box::pin(async move { models::remember_json_mode(&store, &settings, mode).await })
        });
    }
    Ok(llm)
}

/// A clock for production.
pub fn system_clock() -> clock::SharedClock {
    Arc::new(clock::SystemClock)
}

/// The store: on PostgreSQL when `COACH_DATABASE_URL` is set (the schema migrated at open),
/// else sled in the data directory.
pub fn open_store(config: &Config) -> Result<store::Store, store::StoreError> {
    match &config.database_url {
        Some(url) => store::Store::open_postgres(url, config.database_pool),
        None => store::Store::open(&config.data_dir),
    }
}

/// The store when it exists and can be opened now (a sled data directory held by a running
/// coach cannot).
pub fn existing_store(config: &Config) -> Option<store::Store> {
    if config.database_url.is_some() {
        return open_store(config).ok();
    }
    config
        .data_dir
        .exists()
        .then(|| store::Store::open(&config.data_dir).ok())
        .flatten()
}

/// The score weight for the tools (`coach score`, `doctor`): from the environment, or the
/// model's calibration in `store` (a data directory without one: uncalibrated; one held by a
/// running coach: unknown, and 0).
pub fn score_weight(config: &Config, store: Option<&store::Store>) -> ScoreWeight {
    if config.llm_score_weight.is_some() || !config.data_dir.exists() {
        return models::resolve(config, Calibrations::None);
    }
    match store {
        Some(store) => models::resolve(config, Calibrations::In(store)),
        None => models::resolve(config, Calibrations::Unreadable),
    }
}

/// Where log lines go. Serving platforms log to stderr (`default` level unless `RUST_LOG`
/// says otherwise). The terminal chat keeps its screen for the conversation: its log goes to
/// `coach.log` in the data directory (size-capped, the last three files kept), or to stderr
/// only when `RUST_LOG` asks for it.
pub fn init_logging(default: &str, chat_log: Option<&Path>) {
    let from_env = tracing_subscriber::EnvFilter::try_from_env("RUST_LOG").ok();
    let builder = tracing_subscriber::fmt().with_target(false);
    let _ = match (from_env, chat_log) {
        (None, Some(dir)) => {
            use file_rotate::{ContentLimit, FileRotate, compression::Compression, suffix::AppendCount};
            let file = FileRotate::new(
                dir.join("coach.log"),
                AppendCount::new(3),
                ContentLimit::BytesSurpassed(LOG_FILE_BYTES),
                Compression::None,
                None,
            );
            builder
                .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(file))
                .try_init()
        }
        (filter, _) => builder
            .with_env_filter(filter.unwrap_or_else(|| tracing_subscriber::EnvFilter::new(default)))
            .with_writer(std::io::stderr)
            .try_init(),
    };
}

/// Size of one `coach.log` before it is rotated.
const LOG_FILE_BYTES: usize = 1 << 20;
