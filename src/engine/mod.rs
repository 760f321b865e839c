//! The conversation engine: the only thing adapters call. An [`Inbound`] event in, a list of
//! platform-neutral [`Reply`]s out; unprompted messages (timers, later reminders) go out through
//! per-platform push channels. Events of one user are serialised; different users run in parallel.

mod brain;
pub mod buttons;
pub(crate) mod chat;
pub mod command_table;
mod commands;
mod context;
mod conversation;
mod error;
pub mod event;
mod flood;
mod history;
mod interview_turns;
mod jobs;
mod locks;
pub mod messages;
mod prep;
pub mod reply;
mod reviews;
mod turn;

use crate::bank::{Bank, PersonaSet};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::copilot::Guides;
use crate::llm::{Llm, Prompts};
use crate::scoring::OfflineScorer;
use crate::store::Store;
use context::Inner;
pub use context::Push;
use dashmap::DashMap;
pub use error::TurnError;
use event::{Inbound, Payload, Platform};
use reply::{Partial, Reply};
use std::sync::Arc;
use tokio::sync::{mpsc, watch};
pub use turn::Turn;

/// Everything the engine needs, built once in `main.rs` (or a test).
pub struct Parts {
    pub store: Store,
    pub bank: Bank,
    pub personas: PersonaSet,
    pub guides: Guides,
    pub clock: SharedClock,
    pub config: Config,
    /// The language model, if one is configured; `None` runs the offline engine.
    pub llm: Option<Arc<Llm>>,
    pub prompts: Prompts,
    /// The model's share of answer scores (resolved by `calibrate::resolve`).
    pub score_weight: crate::scoring::calibration::ScoreWeight,
}

#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

impl Engine {
    pub fn new(parts: Parts) -> Engine {
        let scorer = OfflineScorer::new(&parts.bank);
        let flood = parts.config.rate_limit.map(flood::Flood::new);
        Engine {
            inner: Arc::new(Inner {
                store: parts.store,
                bank: parts.bank,
                personas: parts.personas,
                guides: parts.guides,
                scorer,
                clock: parts.clock,
                config: parts.config,
                llm: parts.llm,
                prompts: parts.prompts,
                score_weight: parts.score_weight,
                told: DashMap::new(),
                locks: locks::UserLocks::default(),
                flood,
                pushes: DashMap::new(),
                held: Default::default(),
            }),
        }
    }

    /// Handle one event. Never panics on any input; errors become a friendly reply.
    /// When this returns, everything the replies report is durable.
    pub async fn handle(&self, ev: Inbound) -> Vec<Reply> {
        self.handle_streaming(ev, None).await
    }

    /// [`handle`](Self::handle), with replies that are still being written (streamed LLM
    /// answers) sent to `progress` as they grow; see [`reply::Partial`].
    pub async fn handle_streaming(&self, ev: Inbound, progress: Option<mpsc::UnboundedSender<Partial>>) -> Vec<Reply> {
        let user = ev.user_id();
        // Past the user's inbound limit the message is dropped before anything is read or
        // written (see flood.rs). The terminal's one user runs the process and is not limited.
        if ev.place.platform != Platform::Terminal
            && let Some(flood) = &self.inner.flood
        {
            match flood.check(&user) {
                flood::Verdict::Pass => {}
                flood::Verdict::Notice { wait } => return vec![messages::flood_notice(wait)],
                flood::Verdict::Silent => return Vec::new(),
            }
        }
        let _guard = self.inner.locks.lock(&user).await;
        let mut turn = match Turn::begin(&self.inner, user.clone(), ev.sender.clone(), ev.place.clone(), ev.at) {
            Ok(t) => t,
            Err(e) => {
                tracing::error!(error = %e, "cannot load user state");
                return vec![messages::storage_error()];
            }
        };
        turn.progress = progress;
        let result = match ev.payload {
            Payload::Command { name, args } => commands::dispatch(&mut turn, &name, &args).await,
            Payload::Text(text) => chat::text(&mut turn, &text).await,
            Payload::Button(payload) => commands::button(&mut turn, &payload).await,
            Payload::Document {
                name,
                mime,
                bytes,
                caption,
            } => chat::document(&mut turn, &name, mime.as_deref(), bytes, caption.as_deref()).await,
            Payload::Voice { mime, bytes } => chat::voice(&mut turn, &mime, bytes).await,
        };
        if let Err(e) = result {
            // Nothing of a failed turn is committed: the user's data stays as it was.
            tracing::error!(error = %e, "turn failed");
            return vec![messages::storage_error()];
        }
        match turn.finish().await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "commit failed");
                vec![messages::storage_error()]
            }
        }
    }

    /// The push channel of one platform; pushes held while no adapter of it listened come
    /// first. Calling it again replaces the previous receiver.
    pub fn subscribe(&self, platform: Platform) -> mpsc::UnboundedReceiver<Push> {
        self.inner.subscribe(platform)
    }

    /// Start the durable scheduler (time warnings, time-outs, later reminders).
    pub fn start_scheduler(&self, shutdown: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
        let handler: Arc<dyn crate::scheduler::JobHandler> = Arc::new(jobs::Handler {
            inner: self.inner.clone(),
        });
        tokio::spawn(crate::scheduler::run(
            self.inner.store.clone(),
            self.inner.clock.clone(),
            handler,
            shutdown,
        ))
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn bank(&self) -> &Bank {
        &self.inner.bank
    }

    pub fn scorer(&self) -> &OfflineScorer {
        &self.inner.scorer
    }

    pub fn clock(&self) -> &SharedClock {
        &self.inner.clock
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The user's competency cards due at `now`, weakest (lowest recall) first: what /practice
    /// drills next, and what practice reminders read (see `history::due_cards`).
    pub fn due_cards(
        &self,
        user: &event::UserId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<crate::practice::Card>, crate::store::StoreError> {
        history::due_cards(&self.inner.store, user, now)
    }

    /// The shared command table (adapters build menus and slash commands from it).
    pub fn commands() -> &'static [command_table::CommandSpec] {
        command_table::TABLE
    }
}
