//! The system design rubric: requirements, high-level design (components named), a deep
//! dive, scalability and trade-offs.

use crate::scoring::cues::Cue;
use crate::scoring::offline::curves::sat;
use crate::scoring::offline::evidence::{item, quote};
use crate::scoring::offline::features::{Features, best_with};
use crate::scoring::result::Rubric;
use crate::scoring::text::{Analysis, plural};

pub(super) fn system_design(a: &Analysis, f: &Features) -> Rubric {
    let req = f.total.distinct(Cue::Requirement) as f64 + if f.numbers.len() >= 2 { 1.0 } else { 0.0 };
    let comps = f.total.distinct(Cue::Component) as f64;
    let explain = f.total.get(Cue::Explain) as f64;
    let deep = 0.5 * sat(explain, 3.0) + 0.5 * sat(f.named.len() as f64 + (f.words as f64 / 120.0), 4.0);
    let scale = f.total.distinct(Cue::Scale) as f64;
    let trade = f.total.distinct(Cue::Tradeoff) as f64;
    Rubric {
        name: "System design".into(),
        items: vec![
            item(
                "requirements",
                "Requirements",
                15,
                sat(req, 2.0),
                quote(a, best_with(f, a, Cue::Requirement, true)),
                "scope and scale",
            ),
            item(
                "high_level",
                "High-level design",
                25,
                sat(comps, 3.0),
                quote(a, best_with(f, a, Cue::Component, false)),
                format!("{} named", plural(comps as usize, "component", "components")),
            ),
            item(
                "deep_dive",
                "Deep dive",
                25,
                deep,
                quote(a, best_with(f, a, Cue::Explain, false)),
                "detail on the hardest part",
            ),
            item(
                "scalability",
                "Scalability",
                20,
                sat(scale, 2.0),
                quote(a, best_with(f, a, Cue::Scale, false)),
                "how it grows",
            ),
            item(
                "tradeoffs",
                "Trade-offs",
                15,
                sat(trade, 1.5),
                quote(a, best_with(f, a, Cue::Tradeoff, false)),
                "choices and their costs",
            ),
        ],
    }
}
