//! The coach in Telegram (teloxide 0.17, rustls). Translation only: updates → engine events,
//! engine replies → Telegram messages (HTML, inline keyboards, photos, documents), engine pushes
//! → the chat they belong to. Long polling by default, a webhook when configured; any Bot API
//! server via `TELEGRAM_API_URL`. Sends go through teloxide's `Throttle` (1 message/s per chat,
//! 30/s overall; `RetryAfter` honoured); network errors are retried with backoff; optional calls
//! (commands menu, typing, edits) are logged and the conversation carries on.

mod inbound;
mod outbound;
pub mod render;

use crate::engine::Engine;
use crate::engine::command_table::CommandSpec;
use crate::engine::event::Platform;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use teloxide::adaptors::Throttle;
use teloxide::adaptors::throttle::Limits;
use teloxide::dispatching::{Dispatcher, UpdateFilterExt};
use teloxide::error_handlers::LoggingErrorHandler;
use teloxide::prelude::*;
use teloxide::types::BotCommand;
use teloxide::update_listeners::Polling;
use tokio::sync::watch;

/// How to reach Telegram (from `config`, wired in `main.rs`).
#[derive(Clone)]
pub struct Options {
    pub token: String,
    /// Another Bot API server (self-hosted, or an emulator in tests).
    pub api_url: Option<String>,
    /// Public HTTPS URL of the webhook; long polling when `None`.
    pub webhook_url: Option<String>,
    /// Where the webhook server listens.
    pub webhook_addr: SocketAddr,
    /// Long-polling timeout (seconds) of one getUpdates call.
    pub poll_timeout: u32,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("token", &"<set>")
            .field("api_url", &self.api_url)
            .field("webhook_url", &self.webhook_url)
            .finish_non_exhaustive()
    }
}

/// Why Telegram could not be served (the CLI prints it and exits).
#[derive(Debug, thiserror::Error)]
pub enum TelegramError {
    #[error("cannot build the HTTP client: {0}")]
    Client(Box<dyn std::error::Error + Send + Sync>),
    #[error("TELEGRAM_API_URL is not a URL: {0}")]
    ApiUrl(UrlError),
    #[error("Telegram refused the bot token ({0}); check TELEGRAM_BOT_TOKEN")]
    TokenRefused(teloxide::ApiError),
    #[error("cannot reach the Telegram Bot API: {0}")]
    Unreachable(teloxide::RequestError),
    #[error("TELEGRAM_WEBHOOK_URL is not a URL: {0}")]
    WebhookUrl(UrlError),
    #[error("cannot set the webhook: {0}")]
    Webhook(teloxide::RequestError),
}

/// `url::ParseError`, named through reqwest (no direct dependency on `url`).
type UrlError = <reqwest::Url as std::str::FromStr>::Err;

pub(crate) type Sender = Throttle<Bot>;

pub(crate) struct State {
    pub engine: Engine,
    /// Unthrottled: downloads and polling.
    pub bot: Bot,
    /// Throttled: everything that sends.
    pub out: Sender,
    pub me_id: u64,
    pub me_username: String,
}

/// The command menu, from the engine's command table.
pub fn menu(table: &[CommandSpec]) -> Vec<BotCommand> {
    table
        .iter()
        .filter(|c| !c.hidden)
        .map(|c| {
            let mut d: String = c.summary.chars().take(256).collect();
            if d.chars().count() < 3 {
                d = format!("/{}", c.name);
            }
            BotCommand::new(c.name, d)
        })
        .collect()
}

fn build_bot(opts: &Options) -> Result<Bot, TelegramError> {
    let client = teloxide::net::default_reqwest_settings()
        .timeout(Duration::from_secs(opts.poll_timeout as u64 + 20))
        .build()
        .map_err(|e| TelegramError::Client(Box::new(e)))?;
    let mut bot = Bot::with_client(opts.token.clone(), client);
    if let Some(url) = &opts.api_url {
        let url = reqwest::Url::parse(url.trim_end_matches('/')).map_err(TelegramError::ApiUrl)?;
        bot = bot.set_api_url(url);
    }
    Ok(bot)
}

/// Serve Telegram until `shutdown` turns true.
pub async fn run(engine: Engine, opts: Options, mut shutdown: watch::Receiver<bool>) -> Result<(), TelegramError> {
    let bot = build_bot(&opts)?;
    // Who we are (for mentions in groups). Retried: the server may still be starting.
    let mut attempt = 0u32;
    let me = loop {
        match bot.get_me().await {
            Ok(me) => break me,
            Err(teloxide::RequestError::Api(e)) => return Err(TelegramError::TokenRefused(e)),
            Err(e) if attempt < 5 => {
                tracing::warn!(error = %e, "cannot reach the Bot API yet; retrying");
                tokio::time::sleep(Duration::from_millis(500 * 2u64.pow(attempt))).await;
                attempt += 1;
            }
            Err(e) => return Err(TelegramError::Unreachable(e)),
        }
    };
    let out = Throttle::new_spawn(bot.clone(), Limits::default());
    if let Err(e) = out.set_my_commands(menu(Engine::commands())).await {
        tracing::warn!(error = %e, "setMyCommands failed; the command menu stays as it was");
    }
    let state = Arc::new(State {
        engine: engine.clone(),
        bot: bot.clone(),
        out,
        me_id: me.id.0,
        me_username: me.username.clone().unwrap_or_default(),
    });
    tracing::info!(bot = %state.me_username, "serving Telegram");

    // Engine pushes (timers, later reminders) go to the chat they name.
    let mut pushes = engine.subscribe(Platform::Telegram);
    let push_state = state.clone();
    let push_task = tokio::spawn(async move {
        while let Some(p) = pushes.recv().await {
            let user = p.user.as_str().strip_prefix("tg:").unwrap_or("").to_string();
            outbound::deliver(&push_state, &p.place, &user, p.replies, &Default::default(), None).await;
        }
    });

    let handler = dptree::entry()
        .branch(Update::filter_message().endpoint(inbound::on_message))
        .branch(Update::filter_callback_query().endpoint(inbound::on_callback));
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler)
        .dependencies(dptree::deps![state.clone()])
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text("a Telegram update failed"))
        .build();
    let token = dispatcher.shutdown_token();
    tokio::spawn(async move {
        while shutdown.changed().await.is_ok() {
            if *shutdown.borrow() {
                break;
            }
        }
        if let Ok(done) = token.shutdown() {
            done.await;
        }
    });
    match &opts.webhook_url {
        Some(url) => {
            let url = reqwest::Url::parse(url).map_err(TelegramError::WebhookUrl)?;
            let listener = teloxide::update_listeners::webhooks::axum(
                bot.clone(),
                teloxide::update_listeners::webhooks::Options::new(opts.webhook_addr, url),
            )
            .await
            .map_err(TelegramError::Webhook)?;
            dispatcher
                .dispatch_with_listener(listener, LoggingErrorHandler::with_custom_text("webhook"))
                .await;
        }
        None => {
            let listener = Polling::builder(bot.clone())
                .timeout(Duration::from_secs(opts.poll_timeout as u64))
                .delete_webhook()
                .await
                .build();
            dispatcher
                .dispatch_with_listener(listener, LoggingErrorHandler::with_custom_text("polling"))
                .await;
        }
    }
    push_task.abort();
    Ok(())
}
