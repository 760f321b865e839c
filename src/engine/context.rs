//! What every turn of every user shares: the store, the bank, the personas, the guides, the
//! offline scorer, the clock, the configuration, the model, the per-user locks and inbound
//! limit, and the push channels. Built once by `Engine::new`; turns borrow it.

use super::event::{Place, Platform, UserId};
use super::flood::Flood;
use super::locks::UserLocks;
use super::reply::Reply;
use crate::bank::{Bank, PersonaSet};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::copilot::Guides;
use crate::llm::{Llm, Prompts};
use crate::scoring::OfflineScorer;
use crate::store::Store;
use dashmap::DashMap;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// An unprompted message for one user at one place.
#[derive(Debug, Clone)]
pub struct Push {
    pub user: UserId,
    pub place: Place,
    pub replies: Vec<Reply>,
    /// The push continues in a private thread (a booked interview due in a Discord server
    /// channel): after sending `replies` at `place`, the adapter opens a private thread with the
    /// user there and hands the engine this payload from the user in it, as if typed; where it
    /// cannot open one, it hands the payload over at `place` itself. Only Discord server
    /// channels carry it.
    pub in_private_thread: Option<super::event::Payload>,
}

pub(crate) struct Inner {
    pub store: Store,
    pub bank: Bank,
    pub personas: PersonaSet,
    pub guides: Guides,
    pub scorer: OfflineScorer,
    pub clock: SharedClock,
    pub config: Config,
    pub llm: Option<Arc<Llm>>,
    pub prompts: Prompts,
    pub score_weight: crate::scoring::calibration::ScoreWeight,
    /// The breaker opening each user was last told about.
    pub told: DashMap<UserId, u64>,
    pub locks: UserLocks,
    /// The per-user inbound limit, unless configured off.
    pub flood: Option<Flood>,
    pub pushes: DashMap<Platform, mpsc::UnboundedSender<Push>>,
    /// Pushes made while no adapter of their platform listened — the scheduler starts before the
    /// adapters subscribe, and overdue alarms fire at once — handed to the first adapter of
    /// their platform that subscribes. Bounded: the oldest go first.
    pub held: Mutex<VecDeque<Push>>,
}

/// The most pushes held for adapters not yet listening.
pub(crate) const HELD_PUSHES: usize = 1000;

impl Inner {
    /// Send an unprompted message to its platform's adapter; held for it while none listens
    /// yet (see `held`).
    pub(crate) fn push(&self, push: Push) {
        if push.replies.is_empty() {
            return;
        }
        // The held queue's lock is taken first, here and in `subscribe`: a push never lands in
        // the queue after its adapter has taken what was held.
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        match self.pushes.get(&push.place.platform) {
            Some(tx) => {
                if tx.send(push).is_err() {
                    tracing::warn!("push dropped: the adapter stopped listening");
                }
            }
            None => {
                if held.len() >= HELD_PUSHES {
                    held.pop_front();
                    tracing::warn!("a held push dropped: too many waiting for adapters");
                }
                tracing::debug!(platform = ?push.place.platform, "push held: no adapter listens yet");
                held.push_back(push);
            }
        }
    }

    /// An adapter of `platform` listens from now on: it gets the pushes held for it first.
    pub(crate) fn subscribe(&self, platform: Platform) -> mpsc::UnboundedReceiver<Push> {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        let (mine, others): (VecDeque<Push>, VecDeque<Push>) =
            held.drain(..).partition(|p| p.place.platform == platform);
        *held = others;
        for p in mine {
            let _ = tx.send(p);
        }
        self.pushes.insert(platform, tx);
        rx
    }
}
