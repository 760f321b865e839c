//! The five weighted dimensions (structure, relevance, specificity, communication, impact) from
//! an answer's features and rubric, the parts of the base score (`parts`, weighed by
//! `data/weights.toml`) and the discounts between the base and the guards.

use crate::bank::Category;
use crate::scoring::cues::Cue;
use crate::scoring::ledger::{Op, Why};
use crate::scoring::offline::curves::{length_fit, pct, sat};
use crate::scoring::offline::features::{Features, closing_call};
use crate::scoring::result::{Dimensions, Rubric};
use crate::scoring::target::Target;
use crate::scoring::text::Analysis;

/// The dimensions as measured, each 0–1 (before rounding to percent).
pub(super) struct Measured {
    pub structure: f64,
    pub relevance: f64,
    pub specificity: f64,
    pub communication: f64,
    pub impact: f64,
}

impl Measured {
    pub(super) fn dimensions(&self) -> Dimensions {
        Dimensions {
            structure: pct(self.structure),
            relevance: pct(self.relevance),
            specificity: pct(self.specificity),
            communication: pct(self.communication),
            impact: pct(self.impact),
        }
    }
}

/// `relevance` comes measured (see `relevance.rs`); `result_i` is the sentence that shows the
/// result, if one does.
pub(super) fn measure(
    c: Category,
    a: &Analysis,
    f: &Features,
    rubric: &Rubric,
    relevance: f64,
    result_i: Option<usize>,
) -> Measured {
    Measured {
        structure: structure(c, a, f, rubric),
        relevance,
        specificity: specificity(f),
        communication: communication(c, a, f),
        impact: impact(c, a, f, result_i),
    }
}

fn specificity(f: &Features) -> f64 {
    let words = f.words.max(1) as f64;
    let vague = f.total.get(Cue::Vague) as f64;
    let buzz = f.total.get(Cue::Buzz) as f64;
    let concrete =
        f.numbers.len() as f64 * 1.2 + f.named.len().min(8) as f64 * 0.8 + f.i_action.len().min(6) as f64 * 0.7;
    let density_penalty = ((vague + 2.0 * buzz) / words * 6.0).min(0.6);
    sat(concrete, 4.0) * (1.0 - density_penalty)
}

/// 1 for an answer in steps or paragraphs, 0.85 otherwise.
fn organised(a: &Analysis, f: &Features) -> f64 {
    if f.total.has(Cue::Sequence) || a.paragraphs > 1 {
        1.0
    } else {
        0.85
    }
}

fn communication(c: Category, a: &Analysis, f: &Features) -> f64 {
    let words = f.words.max(1) as f64;
    let len_fit = length_fit(c, f.words);
    let sent_fit = if f.avg_sentence_words <= 0.0 {
        0.0
    } else if f.avg_sentence_words < 6.0 {
        0.6
    } else if f.avg_sentence_words <= 30.0 {
        1.0
    } else {
        (1.0 - (f.avg_sentence_words - 30.0) / 40.0).max(0.4)
    };
    let fillers = f.total.get(Cue::Filler) as f64;
    let hedges = f.total.get(Cue::Hedge) as f64;
    let clarity = (1.0 - (fillers / words * 8.0).min(0.5) - (hedges / words * 5.0).min(0.3)).max(0.2);
    len_fit * (0.45 + 0.25 * sent_fit + 0.30 * clarity) * organised(a, f)
}

fn impact(c: Category, a: &Analysis, f: &Features, result_i: Option<usize>) -> f64 {
    let result_has_number = result_i.is_some_and(|i| a.sentences[i].has_number());
    match c {
        Category::Behavioral | Category::Situational | Category::Motivation => {
            let r = if result_has_number {
                1.0
            } else if result_i.is_some() {
                0.6
            } else {
                0.0
            };
            let l = if f.total.has(Cue::Learning) { 1.0 } else { 0.0 };
            0.75 * r + 0.25 * l
        }
        Category::Technical | Category::SystemDesign => {
            let e = sat(f.total.get(Cue::Explain) as f64 + f.total.get(Cue::Result) as f64, 3.0);
            0.6 * e + 0.4 * if f.numbers.is_empty() { 0.0 } else { 1.0 }
        }
        Category::Case => {
            let r = if f.total.has(Cue::Recommend) {
                1.0
            } else if closing_call(a).is_some() {
                0.5
            } else {
                0.0
            };
            0.6 * r + 0.4 * sat(f.numbers.len() as f64, 3.0)
        }
    }
}

/// The share of rubric items at least half earned, with organisation and length.
fn structure(c: Category, a: &Analysis, f: &Features, rubric: &Rubric) -> f64 {
    let present =
        rubric.items.iter().filter(|i| i.score * 2 >= i.max).count() as f64 / rubric.items.len().max(1) as f64;
    0.75 * present + 0.25 * organised(a, f).min(1.0) * length_fit(c, f.words).sqrt()
}

/// The measured parts, each 0–1, in the order of `weights::PARTS`: the share of the rubric
/// earned, then relevance, specificity, communication, impact and structure.
pub(super) fn parts(m: &Measured, rubric: &Rubric) -> [f64; 6] {
    let rubric_frac = rubric.total() as f64 / rubric.max().max(1) as f64;
    [
        rubric_frac,
        m.relevance,
        m.specificity,
        m.communication,
        m.impact,
        m.structure,
    ]
}

/// The discounts between the base and the guards: a long answer without specifics (the longer
/// the answer, the more specifics it owes), and an answer that is largely about something else
/// (only where relevance can be judged: bank keywords, or a question with distinctive terms).
pub(super) fn discounts(t: &Target, f: &Features, m: &Measured) -> Vec<(Op, Why)> {
    let mut out = Vec::new();
    if f.words >= 60 {
        out.push((times(0.65 + 0.35 * (m.specificity / 0.6).min(1.0)), Why::LongVague));
    }
    let distinctive = t.terms.iter().filter(|(_, w)| *w >= 1.5).count();
    if !t.opener && (!t.keywords.is_empty() || distinctive >= 3) {
        out.push((times(0.3 + 0.7 * (m.relevance / 0.55).min(1.0)), Why::PartlyOffQuestion));
    }
    out
}

fn times(factor: f64) -> Op {
    Op::Times {
        pct: (factor * 100.0).round().clamp(0.0, 100.0) as u8,
    }
}
