//! `coach doctor`: what is configured and whether it works, one line each.

use crate::app;
use anyhow::Context;

/// Exits non-zero when a configured language model does not answer (the coach would run on
/// the offline engine).
pub fn run(data_dir: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let config = app::config(data_dir)?;
    println!("data directory: {}", config.data_dir.display());
    if config.database_url.is_some() {
        match app::open_store(&config) {
            Ok(_) => println!("store: PostgreSQL (COACH_DATABASE_URL): connected, schema up to date"),
            Err(e) => anyhow::bail!("store: PostgreSQL (COACH_DATABASE_URL): {e}"),
        }
    } else {
        println!("store: sled in the data directory");
    }
    match app::prompts(&config) {
        Ok(_) => println!("prompts: ok"),
        Err(e) => anyhow::bail!("prompts: {e}"),
    }
    let platforms: Vec<&str> = [
        config.telegram_token.as_ref().map(|_| "Telegram"),
        config.discord_token.as_ref().map(|_| "Discord"),
    ]
    .into_iter()
    .flatten()
    .collect();
    println!(
        "platforms: {}",
        if platforms.is_empty() {
            "none configured (terminal chat)".to_string()
        } else {
            platforms.join(", ")
        }
    );
    let Some(settings) = config.llm.clone() else {
        println!("brain: offline (set OPENAI_BASE_URL or OPENAI_API_KEY to use a language model)");
        return Ok(());
    };
    // The mode found is kept for the serving coach; a running coach holds the data directory.
    let store = match app::open_store(&config) {
        Ok(s) => Some(s),
        Err(e) => {
            println!("data: cannot open ({e}); what this check finds is not kept");
            None
        }
    };
    let remembered = store
        .as_ref()
        .and_then(|s| crate::models::remembered_json_mode(s, &settings));
    let llm = app::build_llm(&settings, store.as_ref())?;
    // Probe from the top, so a server that has learned json_schema since is noticed.
    llm.start_in(crate::llm::JsonMode::Schema);
    println!(
        "brain: LLM {} (key {})",
        llm.describe(),
        if llm.settings.api_key.is_some() {
            "set"
        } else {
            "not set"
        }
    );
    println!("score: {}", app::score_weight(&config, store.as_ref()).describe());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let checked = runtime.block_on(async {
        let started = std::time::Instant::now();
        match llm.ping(llm.settings.timeout).await {
            Ok(models) => {
                let listed = models.contains(&llm.settings.model);
                println!(
                    "endpoint: answers ({} model{} listed{}; {} ms)",
                    models.len(),
                    if models.len() == 1 { "" } else { "s" },
                    if listed {
                        ", including ours"
                    } else {
                        "; ours is not among them"
                    },
                    started.elapsed().as_millis()
                );
            }
            Err(e) => println!("endpoint: /models failed ({e}); trying a completion anyway"),
        }
        let started = std::time::Instant::now();
        let usage = llm
            .probe()
            .await
            .map_err(|e| anyhow::anyhow!("completion failed: {e}; the coach would use the offline engine"))?;
        let now = llm.json_mode();
        println!(
            "structured output: ok via {} ({} ms, {} tokens){}",
            now.label(),
            started.elapsed().as_millis(),
            usage.total(),
            match (&store, remembered, now) {
                (None, ..) | (Some(_), None, crate::llm::JsonMode::Schema) => "",
                (Some(_), Some(m), now) if m == now => "; as remembered for this model",
                _ => "; remembered for this model from now on",
            }
        );
        // A server that takes a richer mode than the one remembered (steps down are kept as
        // they happen): keep what works now.
        if let Some(store) = &store
            && remembered.is_some_and(|m| m != now)
        {
            crate::models::remember_json_mode(store, &settings, now).await;
        }
        anyhow::Ok(())
    });
    if let Some(store) = &store {
        store.flush_blocking().context("final flush")?;
    }
    checked
}
