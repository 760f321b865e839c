//! The case rubric: clarifying questions and assumptions, a structure, numbers, insight and
//! a recommendation.

use crate::scoring::cues::Cue;
use crate::scoring::offline::curves::sat;
use crate::scoring::offline::evidence::{item, quote};
use crate::scoring::offline::features::{Features, best_with, closing_call};
use crate::scoring::result::Rubric;
use crate::scoring::text::{Analysis, plural};

pub(super) fn case(a: &Analysis, f: &Features) -> Rubric {
    let clar = f.total.get(Cue::Clarify) as f64;
    let frame = f.total.distinct(Cue::Framework) as f64 + f.total.get(Cue::Sequence).min(3) as f64 * 0.5;
    let quant = f.numbers.len() as f64;
    let insight = f.total.get(Cue::Explain) as f64 + f.total.get(Cue::Tradeoff) as f64 * 0.5;
    let rec = f.total.get(Cue::Recommend) as f64;
    // Said without a cue word, a closing call is still a recommendation.
    let call = closing_call(a);
    let (rec_frac, rec_i) = if rec > 0.0 {
        (sat(rec, 1.0), best_with(f, a, Cue::Recommend, false))
    } else if call.is_some() {
        (0.5, call)
    } else {
        (0.0, None)
    };
    Rubric {
        name: "Case".into(),
        items: vec![
            item(
                "clarify",
                "Clarify and assume",
                15,
                sat(clar, 1.5),
                quote(a, best_with(f, a, Cue::Clarify, false)),
                "questions and assumptions",
            ),
            item(
                "framework",
                "Structure",
                25,
                sat(frame, 2.5),
                quote(a, best_with(f, a, Cue::Framework, false)),
                "how the problem is broken down",
            ),
            item(
                "quantitative",
                "Numbers",
                25,
                sat(quant, 3.0),
                quote(a, a.sentences.iter().position(|s| s.has_number())),
                plural(quant as usize, "figure", "figures"),
            ),
            item(
                "insight",
                "Insight",
                15,
                sat(insight, 2.5),
                quote(a, best_with(f, a, Cue::Explain, false)),
                "reasons, drivers, risks",
            ),
            item(
                "recommendation",
                "Recommendation",
                20,
                rec_frac,
                quote(a, rec_i),
                if rec_i.is_some() {
                    "ends with a call"
                } else {
                    "no recommendation"
                },
            ),
        ],
    }
}
