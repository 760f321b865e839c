//! The deterministic offline scorer: rubric scoring with evidence, no model, no randomness.
//!
//! Pipeline: normalise → set aside text addressed to the grader (`guards/`) → measure features
//! (cues per sentence, figures, names, own actions, fillers…) → category rubric items with the
//! sentence that earned each → the five weighted dimensions → guards (empty, trivial, off-topic,
//! keyword stuffing, no substance, too short) that cap the score → feedback built from the
//! candidate's own sentences.
//!
//! Files: `scorer.rs` (entry points), `features.rs` (the answer analysed and measured),
//! `misconceptions.rs` (the bank's wrong claims found in
//! an answer), `relevance.rs`, `rubrics/` (one rubric per category), `dimensions.rs` (the five dimensions and
//! the overall before the guards), `caps.rs` (the guards), `score.rs` (the steps in order),
//! `curves.rs`, `evidence.rs` and `trivial.rs` (shared pieces). This file only declares them.

mod caps;
mod curves;
mod dimensions;
mod evidence;
pub(super) mod features;
mod misconceptions;
mod relevance;
mod rubrics;
mod score;
mod scorer;
mod tags;
mod trivial;

pub use score::Explained;
pub use scorer::{OfflineScorer, without_instructions};
pub use trivial::says_nothing;
