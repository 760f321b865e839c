//! The plain identifiers every layer shares: platforms, users (namespaced by platform) and
//! places (where an event came from, where replies go). A leaf: it depends on nothing of ours,
//! so records in `store`, `interview` and `scheduler` can carry them without reaching up into
//! the engine.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The platform an event came from. User ids are namespaced by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Platform {
    Telegram,
    Discord,
    Terminal,
}

impl Platform {
    pub fn prefix(self) -> &'static str {
        match self {
            Platform::Telegram => "tg",
            Platform::Discord => "dc",
            Platform::Terminal => "term",
        }
    }
}

/// A user, namespaced by platform: `tg:123`, `dc:456`, `term:alice`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct UserId(String);

impl UserId {
    pub fn new(platform: Platform, local_id: &str) -> Self {
        // Keys in the store separate components with '/': keep ids free of it (and of control
        // characters) so one user's prefix can never cover another user's keys.
        let clean: String = local_id
            .chars()
            .map(|c| if c == '/' || c == '%' || c.is_control() { '_' } else { c })
            .take(64)
            .collect();
        UserId(format!("{}:{}", platform.prefix(), clean))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Rebuild from a stored string (already namespaced).
    pub fn from_stored(s: &str) -> Self {
        UserId(s.to_string())
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaceKind {
    /// A direct conversation with the bot.
    Direct,
    /// A group chat or a server channel: others can read what is said.
    Group,
    /// A thread (Discord thread, Telegram forum topic).
    Thread,
    /// A thread only the user and the bot are in (Discord's private interview threads).
    PrivateThread,
}

/// Where an event came from and where replies and pushes go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub platform: Platform,
    pub kind: PlaceKind,
    /// Platform chat / channel id.
    pub chat: String,
    /// Thread or topic id inside the chat, if any.
    pub thread: Option<String>,
}

impl Place {
    pub fn direct(platform: Platform, chat: impl Into<String>) -> Self {
        Place {
            platform,
            kind: PlaceKind::Direct,
            chat: chat.into(),
            thread: None,
        }
    }
    pub fn is_shared(&self) -> bool {
        !matches!(self.kind, PlaceKind::Direct | PlaceKind::PrivateThread)
    }
}
