//! Scoring answers. The offline scorer is deterministic rubric scoring with evidence; an LLM
//! scorer (a later issue) returns the same [`ScoreResult`] and is capped by the same guards.
//!
//! This file only declares the modules and re-exports the paths the rest of the crate uses; the
//! shared types live in `result.rs`, so no child imports its parent.

pub mod calibration;
mod cues;
pub mod eval;
mod feedback;
pub mod fit;
pub mod guards;
pub mod ledger;
pub mod lexicon;
pub mod llm;
mod negation;
mod offline;
pub mod phrase;
mod result;
pub mod spearman;
mod stem;
mod target;
pub mod text;
pub mod weights;

pub use feedback::{clip, part_advice};
pub use offline::{Explained, OfflineScorer, says_nothing, without_instructions};
pub use result::{
    BrainKind, Dimensions, Evidence, Flag, KeyPointHit, MisconceptionHit, Rubric, RubricItem, ScoreResult, StyleNotes,
    WEIGHTS,
};
pub use target::Target;
