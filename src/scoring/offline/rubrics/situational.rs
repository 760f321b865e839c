//! The situational rubric: understanding the situation first, a plan of concrete steps, the
//! people involved and trade-offs, and the outcome and follow-up.

use crate::scoring::cues::Cue;
use crate::scoring::offline::curves::sat;
use crate::scoring::offline::evidence::{item, quote};
use crate::scoring::offline::features::{Features, best_with, first_with, told_case};
use crate::scoring::result::Rubric;
use crate::scoring::text::{Analysis, plural};

pub(super) fn situational(a: &Analysis, f: &Features) -> Rubric {
    let clar = best_with(f, a, Cue::Clarify, false);
    let plan_n = f.total.get(Cue::Plan) as usize + f.i_action.len();
    let plan_i = first_with(f, Cue::Plan).or(f.i_action.first().copied());
    let people = best_with(f, a, Cue::Stakeholder, false);
    let trade = best_with(f, a, Cue::Tradeoff, false);
    // A real case told with a figure shows the outcome too.
    let case = told_case(f, a);
    let follow = best_with(f, a, Cue::Measure, false)
        .or(best_with(f, a, Cue::Result, true))
        .or(case);
    let example = first_with(f, Cue::Situation)
        .filter(|_| !f.i_action.is_empty())
        .or(case);
    let people_frac = match (people.is_some(), trade.is_some()) {
        (true, true) => 1.0,
        (true, false) | (false, true) => 0.6,
        _ => 0.0,
    };
    let follow_frac = match (follow.is_some(), example.is_some()) {
        (true, true) => 1.0,
        (true, false) => 0.75,
        (false, true) => 0.5,
        _ => 0.0,
    };
    Rubric {
        name: "Situational".into(),
        items: vec![
            item(
                "clarify",
                "Understand the situation",
                20,
                if clar.is_some() { 1.0 } else { 0.0 },
                quote(a, clar),
                if clar.is_some() {
                    "gathers facts first"
                } else {
                    "jumps in without clarifying"
                },
            ),
            item(
                "plan",
                "Plan and actions",
                30,
                sat(plan_n as f64, 2.5),
                quote(a, plan_i),
                plural(plan_n, "concrete step", "concrete steps"),
            ),
            item(
                "people",
                "People and trade-offs",
                20,
                people_frac,
                quote(a, people.or(trade)),
                if people_frac >= 1.0 {
                    "involves others and weighs options"
                } else {
                    "who is involved or what is traded off is thin"
                },
            ),
            item(
                "follow_up",
                "Outcome and follow-up",
                30,
                follow_frac,
                quote(a, follow.or(example)),
                if example.is_some() {
                    "backed by a real example"
                } else {
                    "no follow-up or measure of success"
                },
            ),
        ],
    }
}
