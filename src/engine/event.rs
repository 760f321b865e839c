//! Inbound events: what adapters hand to the engine.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::ids::{Place, PlaceKind, Platform, UserId};

/// Who sent an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sender {
    /// Platform-local id (Telegram user id, Discord user snowflake, terminal name).
    pub id: String,
    pub display_name: String,
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
    /// An uploaded document, with the words sent with it (a Telegram caption, a Discord
    /// message's text; the terminal's `/cv PATH` sends "/cv").
    Document {
        name: String,
        mime: Option<String>,
        bytes: Vec<u8>,
        caption: Option<String>,
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
