//! Interview Coach: a local-first interview-preparation coach. See ARCHITECTURE.md for the map.

pub mod adapters;
pub mod app;
pub mod bank;
pub mod charts;
pub mod cli;
pub mod clock;
pub mod config;
pub mod copilot;
pub mod engine;
pub mod ids;
pub mod interview;
pub mod llm;
pub mod models;
pub mod practice;
pub mod profile;
pub mod reminders;
pub mod scheduler;
pub mod scoring;
pub mod store;

/// mimalloc for every binary, example and test linking this crate: a turn allocates many small,
/// short-lived values, and glibc's malloc was a fifth of a turn's CPU under load (see
/// docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub use app::{build_engine, build_llm, system_clock};
