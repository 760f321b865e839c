//! Test doubles for Interview Coach's integration tests, each a real server on 127.0.0.1 with an
//! ephemeral port: a Telegram Bot API emulator (`bot_api`), a fake Discord REST + Gateway
//! (`fake_discord`) and a fake OpenAI-compatible server (`fake_openai`); `documents`, PDF and
//! DOCX files (and broken ones) made byte by byte for the document tests; and a throwaway real
//! PostgreSQL cluster (`pg_cluster`) for the store's PostgreSQL backend.
//!
//! A dev-dependency of the root package only, built once for all test binaries; it does not
//! depend on the coach crate, so editing src/ does not rebuild it.

pub mod bot_api;
pub mod documents;
pub mod fake_discord;
pub mod fake_openai;
pub mod pg_cluster;
