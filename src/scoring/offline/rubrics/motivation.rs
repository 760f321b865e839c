//! The motivation rubric: specifics, evidence behind the claims, a clear arc, and fit with the
//! role (or, for a weakness question, ownership and growth).

use crate::bank::Category;
use crate::scoring::cues::Cue;
use crate::scoring::offline::curves::{length_fit, sat};
use crate::scoring::offline::evidence::{item, quote};
use crate::scoring::offline::features::{Features, best_with, first_with};
use crate::scoring::result::Rubric;
use crate::scoring::target::Target;
use crate::scoring::text::Analysis;

pub(super) fn motivation(t: &Target, a: &Analysis, f: &Features) -> Rubric {
    let concrete = f.numbers.len() as f64 + f.named.len().min(5) as f64 * 0.7 + f.i_action.len().min(4) as f64 * 0.6;
    let evidence_i = best_with(f, a, Cue::Result, true).or(first_with(f, Cue::Situation));
    let evidence = (if evidence_i.is_some() { 0.6 } else { 0.0 }) + if f.numbers.is_empty() { 0.0 } else { 0.4 };
    let arc = f.total.get(Cue::Sequence) as f64
        + f.total.get(Cue::Situation).min(2) as f64
        + if a.paragraphs > 1 { 1.0 } else { 0.0 };
    let (fit_key, fit_label, fit, fit_ev, fit_note) = if t.asks_weakness {
        let mitigation = f.total.get(Cue::Learning) as f64 + f.i_action.len().min(2) as f64 * 0.5;
        (
            "growth",
            "Ownership and growth",
            sat(mitigation, 1.5),
            quote(a, best_with(f, a, Cue::Learning, false)),
            "owns it and shows the fix",
        )
    } else {
        let you = a.count_phrase("your")
            + a.count_phrase("you")
            + a.count_phrase("this role")
            + a.count_phrase("the role")
            + a.count_phrase("the team")
            + a.count_phrase("mission")
            + f.questions_asked;
        (
            "fit",
            "Fit with the role",
            sat(you as f64 + f.named.len().min(3) as f64 * 0.5, 2.0),
            None,
            "tied to this company and role",
        )
    };
    Rubric {
        name: "Motivation".into(),
        items: vec![
            item(
                "specifics",
                "Specifics",
                30,
                sat(concrete, 3.0),
                quote(a, a.sentences.iter().position(|s| s.has_number())),
                "names, figures, concrete actions",
            ),
            item(
                "evidence",
                "Evidence",
                30,
                evidence,
                quote(a, evidence_i),
                "examples behind the claims",
            ),
            item(
                "structure",
                "Structure",
                20,
                sat(arc, 2.0) * length_fit(Category::Motivation, f.words).sqrt(),
                None,
                "a clear arc",
            ),
            item(fit_key, fit_label, 20, fit, fit_ev, fit_note),
        ],
    }
}
