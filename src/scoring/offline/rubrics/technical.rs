//! The technical rubric: accuracy (the relevance measured against the question), depth of
//! explanation, trade-offs weighed, and communication.

use crate::bank::Category;
use crate::scoring::cues::Cue;
use crate::scoring::offline::curves::{length_fit, sat};
use crate::scoring::offline::evidence::{item, quote};
use crate::scoring::offline::features::{Features, best_with};
use crate::scoring::result::Rubric;
use crate::scoring::text::Analysis;

pub(super) fn technical(a: &Analysis, f: &Features, relevance: f64) -> Rubric {
    let explain = f.total.get(Cue::Explain) as f64;
    let depth = 0.45 * sat(explain, 2.5)
        + 0.35 * length_fit(Category::Technical, f.words)
        + 0.2 * sat(f.named.len() as f64, 3.0);
    let strong_trade = f
        .total
        .phrases
        .iter()
        .filter(|(c, p)| *c == Cue::Tradeoff && !matches!(*p, "but" | "however" | "though" | "although"))
        .count();
    let weak_trade = f.total.get(Cue::Tradeoff) as usize - strong_trade;
    let trade = sat(strong_trade as f64 * 1.0 + weak_trade as f64 * 0.35, 1.2);
    let fillers = f.total.get(Cue::Filler) as f64;
    let comm = length_fit(Category::Technical, f.words) * (1.0 - (fillers / f.words.max(1) as f64 * 8.0).min(0.5));
    let explain_i = best_with(f, a, Cue::Explain, false);
    let trade_i = best_with(f, a, Cue::Tradeoff, false);
    Rubric {
        name: "Technical".into(),
        items: vec![
            item(
                "accuracy",
                "Accuracy",
                40,
                relevance,
                quote(a, Some(0).filter(|_| f.sentences > 0)),
                "covers the expected concepts",
            ),
            item(
                "depth",
                "Depth",
                25,
                depth,
                quote(a, explain_i),
                if explain >= 2.0 {
                    "explains how and why"
                } else {
                    "states more than it explains"
                },
            ),
            item(
                "tradeoffs",
                "Trade-offs",
                20,
                trade,
                quote(a, trade_i),
                if strong_trade > 0 {
                    "weighs trade-offs"
                } else {
                    "no trade-offs or limits"
                },
            ),
            item("communication", "Communication", 15, comm, None, "clarity and length"),
        ],
    }
}
