//! How a score adds up, in words: the parts of the base score and every step between the base
//! and the score (`scoring::ledger`), for the feedback line and the details.

use crate::bank::Category;
use crate::scoring::ledger::{Ledger, Op, Part, PartKind, Why};
use crate::scoring::{BrainKind, ScoreResult};

/// What a part is called; the rubric part by its rubric ("STAR", "Technical").
pub fn part_label(p: &Part, rubric: &str) -> String {
    match p.what {
        PartKind::Rubric => format!("{rubric} rubric"),
        PartKind::Relevance => "Relevance".into(),
        PartKind::Specificity => "Specifics".into(),
        PartKind::Communication => "Communication".into(),
        PartKind::Impact => "Impact".into(),
        PartKind::Structure => "Structure".into(),
    }
}

/// Why a step was taken, as the feedback says it.
pub fn why_text(w: Why) -> &'static str {
    match w {
        Why::LongVague => "long, with few specifics for its length",
        Why::PartlyOffQuestion => "much of it is not about the question",
        Why::Misconception => "states a common misconception",
        Why::Misconceptions => "states common misconceptions",
        Why::Empty => "no answer",
        Why::Trivial => "a trivial answer",
        Why::KeywordStuffing => "keywords without real sentences",
        Why::OffTopic => "did not answer the question",
        Why::NoSubstance => "nothing concrete to judge",
        Why::Short => "too short for a complete answer",
        Why::WeNotI => "only \"we\", never what you did",
        Why::Hints => "hints used",
        Why::Model => "the model's judgement",
        Why::Hopeless => "judged no answer to the question",
    }
}

/// One step in words: "× 82 % (long, with few specifics for its length) → 52".
pub fn step_text(op: Op, why: Why, after: u8) -> String {
    match op {
        Op::Times { pct } => format!("× {pct} % ({}) → {after}", why_text(why)),
        Op::Cap { at } => format!("capped at {at}: {}", why_text(why)),
        Op::Minus { points } => format!("−{points} ({}) → {after}", why_text(why)),
        Op::Blend { model, model_pct } => {
            format!("blended with the model's {model} ({model_pct} % model) → {after}")
        }
    }
}

/// The sum and the steps on one line: "STAR rubric 32/50 + Relevance 12/15 + … = 67; capped at
/// 21: did not answer the question". Empty for a result stored before scores had a ledger.
pub fn score_sum(s: &ScoreResult) -> String {
    let l: &Ledger = &s.ledger;
    if l.parts.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = l
        .parts
        .iter()
        .map(|p| format!("{} {}/{}", part_label(p, &s.rubric.name), p.points, p.max))
        .collect();
    let mut out = format!("{} = {}", parts.join(" + "), l.base());
    for st in &l.steps {
        out.push_str("; ");
        out.push_str(&step_text(st.op, st.why, st.after));
    }
    out
}

/// What the key-point check measured, said as what it is: "Covers 3 of 5 key points; no common
/// misconception found". Offline, it is a check of the answer's wording against the bank, not a
/// verdict on correctness, and says so. `None` without key points to check.
pub fn coverage(s: &ScoreResult) -> Option<String> {
    let covered = s.evidence.key_points_covered.len();
    let total = covered + s.evidence.key_points_missed.len();
    if total == 0 || s.hopeless() {
        return None;
    }
    let mut out = format!("Covers {covered} of {total} key points");
    if matches!(
        s.category,
        Category::Technical | Category::SystemDesign | Category::Case
    ) {
        match s.evidence.misconceptions.len() {
            0 => out.push_str("; no common misconception found"),
            1 => out.push_str("; states 1 common misconception (see Details)"),
            n => out.push_str(&format!("; states {n} common misconceptions (see Details)")),
        }
    }
    if s.brain == BrainKind::Offline {
        out.push_str(" — an offline check of what the answer says, not a verdict on whether it is right.");
    } else {
        out.push('.');
    }
    Some(out)
}
