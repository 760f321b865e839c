//! Two answer classes found by structure rather than by listed phrases: text addressed to whoever
//! grades the answer (prompt injection), and a STAR shape with nothing concrete in it.
//!
//! Both are built from word *classes* (`data/guards.toml`), combined so that a phrasing never
//! seen before still lands:
//!
//! - **Addressed to the grader.** Each sentence, and each bracketed, commented or tagged span,
//!   earns weight for an address to whoever grades ("note for the automated reviewer", a fake
//!   `SYSTEM:` header, `<|…|>` tokens), a request aimed at it (set its instructions aside, switch
//!   to a "debug mode", play a role, do not deduct), a grade asked for this answer ("award it top
//!   marks", `{"score": 100}`, "the correct evaluation is full marks", "this deserves a 10"), or a
//!   claim that the rubric is met. Requests count only in request mood (imperative, "you must…",
//!   "please…") and grades only for *this* answer or at the top of a scale, so a teacher telling
//!   how she graded, a recommender's scoring function or a rate limiter that ignores requests
//!   earns nothing. A span reaching [`THRESHOLD`] is set aside, together with neighbouring
//!   sentences that only talk about grading.
//! - **Substance.** How concrete an answer is: figures, names and technologies, and the share of
//!   its content words outside the vocabulary that says nothing on its own (STAR labels,
//!   management jargon, generic verbs, people by role, praise). A behavioural answer with the
//!   STAR shape, no figure, no name and almost no concrete word tells no real event.
//!
//! Files: `classes.rs` (the word classes), `token.rs` and `tokenize.rs` (tokens), `spans.rs`
//! (where spans are cut), `span.rs` (one span and what the rules read), `rules/` (the rules that
//! weigh it), `find.rs` (the spans addressed to the grader), `strip.rs` (the answer without
//! them), `substance.rs` (how concrete an answer is). This file only declares them.

mod classes;
mod find;
mod rules;
mod span;
mod spans;
mod strip;
mod substance;
mod token;
mod tokenize;

pub use classes::{DATA, lists};
pub use find::{THRESHOLD, explain, find};
pub use strip::{REMOVED_MARKER, Stripped, strip};
pub use substance::{Substance, substance};

#[cfg(test)]
mod tests;
