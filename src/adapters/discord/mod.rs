//! The coach in Discord (serenity 0.12, rustls). Translation only: slash commands, buttons,
//! modals and messages → engine events; replies → Discord messages (markdown, embeds for
//! reports, buttons, attachments); engine pushes → the DM or thread they belong to.
//!
//! `/mock` in a server channel opens a private thread with the candidate (a public one, with a
//! warning, where private threads are not allowed) and the interview runs there. Message
//! content is read only in DMs and in the bot's own interview threads; without the privileged
//! MESSAGE_CONTENT intent (gateway close 4014) the bot starts anyway and answers go through
//! DMs and the `/answer` modal.

mod commands;
mod inbound;
mod outbound;
pub mod render;

pub use commands::{args_line, slash_commands};

use crate::engine::Engine;
use crate::engine::event::Platform;
use serenity::all::GatewayIntents;
use serenity::http::{Http, HttpBuilder};
use std::sync::Arc;
use tokio::sync::watch;

#[derive(Clone)]
pub struct Options {
    pub token: String,
    /// Another Discord-compatible server (a fake one in tests, a proxy): REST goes to
    /// `$DISCORD_API_URL/api/v10/…`, the gateway URL comes from its answer.
    pub api_url: Option<String>,
    /// Register commands in this guild (instant, for development); globally otherwise.
    pub guild_id: Option<u64>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("token", &"<set>")
            .field("api_url", &self.api_url)
            .field("guild_id", &self.guild_id)
            .finish()
    }
}

/// Why Discord could not be served (the CLI prints it and exits).
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    #[error("cannot start the Discord client: {0}")]
    Start(serenity::Error),
    #[error("Discord connection ended: {0}")]
    Ended(serenity::Error),
}

fn http(opts: &Options) -> Http {
    match &opts.api_url {
        // serenity's ratelimiter builds its own URLs and ignores the proxy: off for other servers
        // (429s then reach us and are retried in `outbound::retrying`).
        Some(url) => HttpBuilder::new(&opts.token)
            .proxy(url.trim_end_matches('/'))
            .ratelimiter_disabled(true)
            .build(),
        None => Http::new(&opts.token),
    }
}

const BASE_INTENTS: GatewayIntents = GatewayIntents::GUILDS
    .union(GatewayIntents::GUILD_MESSAGES)
    .union(GatewayIntents::DIRECT_MESSAGES);

/// Serve Discord until `shutdown` turns true.
pub async fn run(engine: Engine, opts: Options, shutdown: watch::Receiver<bool>) -> Result<(), DiscordError> {
    let mut message_content = true;
    loop {
        let intents = if message_content {
            BASE_INTENTS | GatewayIntents::MESSAGE_CONTENT
        } else {
            BASE_INTENTS
        };
        let state = Arc::new(inbound::State::new(engine.clone(), opts.guild_id, message_content));
        let mut client = serenity::client::ClientBuilder::new_with_http(http(&opts), intents)
            .event_handler_arc(state.clone())
            .await
            .map_err(DiscordError::Start)?;
        let http = client.http.clone();
        // Engine pushes (timers, later reminders) go to the channel (DM or thread) they name.
        let mut pushes = engine.subscribe(Platform::Discord);
        let push_http = http.clone();
        let push_state = state.clone();
        let push_task = tokio::spawn(async move {
            while let Some(p) = pushes.recv().await {
                outbound::push(&push_http, &p.place, p.replies).await;
                if let Some(payload) = p.in_private_thread {
                    push_state
                        .continue_in_thread(&push_http, &p.user, &p.place, payload)
                        .await;
                }
            }
        });
        let manager = client.shard_manager.clone();
        let mut stop = shutdown.clone();
        let stopper = tokio::spawn(async move {
            while stop.changed().await.is_ok() {
                if *stop.borrow() {
                    break;
                }
            }
            manager.shutdown_all().await;
        });
        let result = client.start().await;
        push_task.abort();
        stopper.abort();
        match result {
            Err(serenity::Error::Gateway(serenity::gateway::GatewayError::DisallowedGatewayIntents))
                if message_content =>
            {
                tracing::warn!(
                    "Discord refused the MESSAGE_CONTENT intent (close 4014). Running without it: answers work in DMs and through /answer in threads. To read answers typed in threads, enable \"Message Content Intent\" for the bot in the Discord Developer Portal (Bot → Privileged Gateway Intents) and restart."
                );
                message_content = false;
            }
            Err(e) if *shutdown.borrow() => {
                tracing::debug!(error = %e, "Discord client stopped");
                return Ok(());
            }
            Err(e) => return Err(DiscordError::Ended(e)),
            Ok(()) => return Ok(()),
        }
    }
}
