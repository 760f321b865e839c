//! Interview Coach: a local-first interview-preparation coach. See ARCHITECTURE.md for the map.

pub mod adapters;
pub mod bank;
pub mod calibrate;
pub mod clock;
pub mod config;
pub mod copilot;
pub mod engine;
pub mod interview;
pub mod llm;
pub mod profile;
pub mod scheduler;
pub mod scoring;
pub mod store;

use std::sync::Arc;

/// mimalloc for every binary, example and test linking this crate: a turn allocates many small,
/// short-lived values, and glibc's malloc was a fifth of a turn's CPU under load (see
/// docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Load the embedded (or configured) data and build an engine over a store.
pub fn build_engine(
    store: store::Store,
    config: config::Config,
    clock: clock::SharedClock,
) -> anyhow::Result<engine::Engine> {
    let bank = match &config.bank_dir {
        Some(dir) => bank::Bank::from_dir(dir)?,
        None => bank::Bank::embedded()?,
    };
    let personas = bank::PersonaSet::embedded()?;
    let guides = copilot::Guides::embedded().map_err(anyhow::Error::msg)?;
    let prompts = llm::Prompts::load(config.prompts_dir.as_deref()).map_err(anyhow::Error::msg)?;
    let llm = match &config.llm {
        Some(settings) => Some(Arc::new(build_llm(settings, Some(&store))?)),
        None => None,
    };
    let score_weight = calibrate::resolve(&config, calibrate::Calibrations::In(&store));
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
pub fn build_llm(settings: &llm::LlmSettings, store: Option<&store::Store>) -> anyhow::Result<llm::Llm> {
    let llm = llm::Llm::new(settings.clone()).map_err(anyhow::Error::msg)?;
    if let Some(store) = store {
        if let Some(mode) = calibrate::remembered_json_mode(store, settings) {
            llm.start_in(mode);
        }
        let (store, settings) = (store.clone(), settings.clone());
        llm.on_step_down(move |mode| {
            let (store, settings) = (store.clone(), settings.clone());
            Box::pin(async move { calibrate::remember_json_mode(&store, &settings, mode).await })
        });
    }
    Ok(llm)
}

/// A clock for production.
pub fn system_clock() -> clock::SharedClock {
    Arc::new(clock::SystemClock)
}
