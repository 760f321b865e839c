//! Every user-facing text of the engine, in one place. Functions build platform-neutral replies;
//! adapters render them. One file per section; every item is re-exported here, so callers name
//! them `messages::X`.

mod answers;
mod bank;
mod buttons;
mod chat;
mod documents;
mod export;
mod flood;
mod format;
mod general;
mod intents;
mod library;
mod plan;
mod platform;
mod practice;
mod prep;
mod profile;
mod reminders;
mod report_file;
mod schedule;
mod score;
mod starting;
mod status;
mod suggest;

/// "1 question" / "3 questions": every count in a message goes through it.
pub use crate::scoring::text::plural;
pub use answers::*;
pub use bank::*;
pub use buttons::*;
pub use chat::*;
pub use documents::*;
pub use export::*;
pub use flood::*;
pub use format::*;
pub use general::*;
pub use intents::*;
pub use library::*;
pub use plan::*;
pub use platform::*;
pub use practice::*;
pub use prep::*;
pub use profile::*;
pub use reminders::*;
pub use report_file::*;
pub use schedule::*;
pub use score::*;
pub use starting::*;
pub use status::*;
pub use suggest::*;
