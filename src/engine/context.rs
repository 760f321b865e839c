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
use std::sync::Arc;
use tokio::sync::mpsc;

/// An unprompted message for one user at one place.
#[derive(Debug, Clone)]
pub struct Push {
    pub user: UserId,
    pub place: Place,
    pub replies: Vec<Reply>,
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
}

impl Inner {
    /// Send an unprompted message to its platform's adapter (dropped, with a log line, when
    /// none listens).
    pub(crate) fn push(&self, push: Push) {
        if push.replies.is_empty() {
            return;
        }
        match self.pushes.get(&push.place.platform) {
            Some(tx) => {
                if tx.send(push).is_err() {
                    tracing::warn!("push dropped: the adapter stopped listening");
                }
            }
            None => tracing::debug!(platform = ?push.place.platform, "push dropped: no adapter for this platform"),
        }
    }
}
