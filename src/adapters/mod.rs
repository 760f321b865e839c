//! Adapters translate between a platform and the engine: platform input → [`Inbound`] events,
//! [`Reply`]s → platform output. Nothing else. Platform types never leave this module.
//!
//! [`Inbound`]: crate::engine::event::Inbound
//! [`Reply`]: crate::engine::reply::Reply

pub mod discord;
mod split;
mod stream;
pub mod telegram;
pub mod terminal;
