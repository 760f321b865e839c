//! Inbound events: what adapters hand to the engine.

use chrono::{DateTime, Utc};
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

/// Who sent an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    /// Platform-local id (Telegram user id, Discord user snowflake, terminal name).
    pub id: String,
    pub display_name: String,
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

/// What an event carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// A command: name without the slash (and without a `@botname` suffix), raw argument text.
    Command { name: String, args: String },
    /// Free text.
    Text(String),
    /// A button press: the opaque payload of one of our buttons.
    Button(String),
    /// An uploaded document.
    Document {
        name: String,
        mime: Option<String>,
        bytes: Vec<u8>,
    },
    /// A voice message.
    Voice { mime: String, bytes: Vec<u8> },
}

/// One inbound event.
#[derive(Debug, Clone)]
pub struct Inbound {
    pub sender: Sender,
    pub place: Place,
    pub payload: Payload,
    pub at: DateTime<Utc>,
}

impl Inbound {
    pub fn user_id(&self) -> UserId {
        UserId::new(self.place.platform, &self.sender.id)
    }

    /// Parse a line typed by a person: `/cmd args` becomes a command, anything else text.
    pub fn payload_from_line(line: &str) -> Payload {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('/') {
            let (name, args) = match rest.find(char::is_whitespace) {
                Some(i) => (&rest[..i], rest[i..].trim()),
                None => (rest, ""),
            };
            // `/mock@CoachBot` → `mock`
            let name = name.split('@').next().unwrap_or("");
            if !name.is_empty() {
                return Payload::Command {
                    name: name.to_lowercase(),
                    args: args.to_string(),
                };
            }
        }
        Payload::Text(line.to_string())
    }
}
