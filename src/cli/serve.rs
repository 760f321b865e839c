//! `coach` and `coach chat`: serve the configured platforms (Telegram, Discord, or both from
//! one process) or the terminal chat, with the scheduler, until Ctrl-C; then a clean shutdown
//! and a final flush.

use crate::adapters::terminal;
use crate::app;
use anyhow::Context;
use std::io::IsTerminal;

pub fn run(data_dir: Option<std::path::PathBuf>, chat_user: Option<String>) -> anyhow::Result<()> {
    let config = app::config(data_dir)?;
    let platforms = config.telegram_token.is_some() || config.discord_token.is_some();
    let store = app::open_store(&config)?;
    if platforms && chat_user.is_none() {
        app::init_logging("info", None);
    } else {
        app::init_logging("warn", Some(&config.data_dir));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let engine_store = store.clone();
    let result = runtime.block_on(async move {
        let engine = app::build_engine(engine_store, config.clone(), app::system_clock())?;
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let scheduler = engine.start_scheduler(stop_rx.clone());
        if platforms && chat_user.is_none() {
            let mut adapters = tokio::task::JoinSet::new();
            if let Some(token) = config.telegram_token.clone() {
                let opts = crate::adapters::telegram::Options {
                    token,
                    api_url: config.telegram_api_url.clone(),
                    webhook_url: config.telegram_webhook_url.clone(),
                    webhook_addr: config.telegram_webhook_addr,
                    poll_timeout: 25,
                };
                let telegram = crate::adapters::telegram::run(engine.clone(), opts, stop_rx.clone());
                adapters.spawn(async move { telegram.await.map_err(anyhow::Error::from) });
            }
            if let Some(token) = config.discord_token.clone() {
                let opts = crate::adapters::discord::Options {
                    token,
                    api_url: config.discord_api_url.clone(),
                    guild_id: config.discord_guild_id,
                };
                let discord = crate::adapters::discord::run(engine.clone(), opts, stop_rx.clone());
                adapters.spawn(async move { discord.await.map_err(anyhow::Error::from) });
            }
            if adapters.is_empty() {
                anyhow::bail!("no platform could be started");
            }
            tokio::select! {
                done = adapters.join_next() => {
                    if let Some(Ok(Err(e))) = done {
                        let _ = stop_tx.send(true);
                        let _ = scheduler.await;
                        return Err(e);
                    }
                }
                _ = tokio::signal::ctrl_c() => {
                    eprintln!("coach: shutting down");
                }
            }
            let _ = stop_tx.send(true);
            while tokio::time::timeout(std::time::Duration::from_secs(5), adapters.join_next())
                .await
                .ok()
                .flatten()
                .is_some()
            {}
            let _ = scheduler.await;
            return anyhow::Ok(());
        }
        let user = chat_user.unwrap_or_else(super::default_user);
        let interactive = std::io::stdin().is_terminal();
        let opts = terminal::Options {
            user: if user.is_empty() { "me".into() } else { user },
            interactive,
            export_dir: config.data_dir.join("exports"),
            chart_dir: config.data_dir.join("charts"),
        };
        let chat = terminal::run(engine.clone(), opts);
        tokio::select! {
            () = chat => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        let _ = stop_tx.send(true);
        let _ = scheduler.await;
        anyhow::Ok(())
    });
    store.flush_blocking().context("final flush")?;
    runtime.shutdown_timeout(std::time::Duration::from_secs(2));
    result
}
