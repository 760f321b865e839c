//! One analysed answer scored: relevance, the category rubric, the five dimensions, the parts
//! weighed into the base score and the steps after it (the ledger), then the evidence, style
//! notes and feedback of the result.

use crate::bank::Category;
use crate::scoring::cues::Cue;
use crate::scoring::feedback;
use crate::scoring::ledger::{Ledger, Op, Part, PartKind, Why};
use crate::scoring::offline::evidence::quote;
use crate::scoring::offline::features::{Analysed, Features, result_sentence};
use crate::scoring::offline::misconceptions::Asserted;
use crate::scoring::offline::relevance::Relevance;
use crate::scoring::offline::{caps, dimensions, misconceptions, relevance, rubrics};
use crate::scoring::phrase::Sentences;
use crate::scoring::result::{BrainKind, Dimensions, Evidence, Flag, Rubric, ScoreResult, StyleNotes};
use crate::scoring::target::Target;
use crate::scoring::weights::{PARTS, Vector, Weights};

/// An answer measured up to the weights: its parts (each 0–1, in the order of
/// `weights::PARTS`) and the steps between the base and the score (discounts, then guards).
#[derive(Debug, Clone)]
pub struct Explained {
    pub category: Category,
    pub parts: [f64; 6],
    pub steps: Vec<(Op, Why)>,
}

impl Explained {
    /// The ledger these weights give: the parts in points, then every step that changes the
    /// value. Its last value is the score.
    pub fn ledger(&self, w: &Vector) -> Ledger {
        // Whole points per part that sum to the rounded weighted total (largest remainders get
        // the odd points), so the parts add up without rounding drifting the score.
        let raw: Vec<(PartKind, u8, f64)> = PARTS
            .iter()
            .zip(w)
            .zip(self.parts)
            .filter(|((_, max), _)| **max > 0)
            .map(|((what, max), x)| (*what, *max, x.clamp(0.0, 1.0) * *max as f64))
            .collect();
        let total = raw.iter().map(|r| r.2).sum::<f64>().round() as u32;
        let mut points: Vec<u8> = raw.iter().map(|r| r.2.floor() as u8).collect();
        let mut order: Vec<usize> = (0..raw.len()).collect();
        order.sort_by(|a, b| (raw[*b].2 - raw[*b].2.floor()).total_cmp(&(raw[*a].2 - raw[*a].2.floor())));
        let mut left = total.saturating_sub(points.iter().map(|p| *p as u32).sum());
        for i in order {
            if left == 0 {
                break;
            }
            if points[i] < raw[i].1 {
                points[i] += 1;
                left -= 1;
            }
        }
        let parts = raw
            .iter()
            .zip(points)
            .map(|((what, max, _), points)| Part {
                what: *what,
                points,
                max: *max,
            })
            .collect();
        let caps = self
            .steps
            .iter()
            .filter_map(|(op, why)| match op {
                Op::Cap { at } => Some((*at, *why)),
                _ => None,
            })
            .collect();
        let mut l = Ledger {
            parts,
            steps: Vec::new(),
            caps,
        };
        for (op, why) in &self.steps {
            l.push(*op, *why);
        }
        l
    }
}

/// The measuring half of scoring, shared by [`score_analysed`] and the weight fitting.
pub(super) fn explain(t: &Target, x: &Analysed) -> Explained {
    score_parts(t, x).0
}

type Pieces = (
    Explained,
    Rubric,
    Relevance,
    Vec<Asserted>,
    Option<usize>,
    Dimensions,
    Vec<Flag>,
);

fn score_parts(t: &Target, x: &Analysed) -> Pieces {
    let a = &x.a;
    let f = &x.f;
    let sentences = Sentences::new(a);
    let texts: Vec<&str> = a.sentences.iter().map(|s| s.text.as_str()).collect();
    let wrong = misconceptions::find(t, &sentences, &texts);
    let rel = relevance::measure(t, a, f, &sentences, &wrong);
    let rubric = rubrics::for_category(t, a, f, rel.score);
    let result_i = result_sentence(f, a);
    let measured = dimensions::measure(t.category, a, f, &rubric, rel.score, result_i);
    let dims = measured.dimensions();
    let mut steps = dimensions::discounts(t, f, &measured);
    let verdict = caps::apply(t, x, &rubric, &rel, wrong.len());
    steps.extend(verdict.steps);
    let explained = Explained {
        category: t.category,
        parts: dimensions::parts(&measured, &rubric),
        steps,
    };
    (explained, rubric, rel, wrong, result_i, dims, verdict.flags)
}

pub(super) fn score_analysed(t: &Target, x: &Analysed, w: &Weights) -> ScoreResult {
    let (explained, rubric, rel, wrong, result_i, dims, flags) = score_parts(t, x);
    let ledger = explained.ledger(&w.of(t.category));
    let overall = ledger.value();
    let a = &x.a;
    let f = &x.f;
    let c = t.category;

    let evidence = Evidence {
        specifics: f.numbers.iter().chain(f.named.iter()).take(12).cloned().collect(),
        result_sentence: quote(a, result_i),
        key_points_covered: rel.covered,
        key_points_missed: rel.missed,
        misconceptions: wrong.into_iter().map(|w| w.hit).collect(),
    };
    let style = style_notes(f);
    let mut result = ScoreResult {
        overall,
        brain: BrainKind::Offline,
        category: c,
        breakdown: dims,
        rubric,
        evidence,
        style,
        flags,
        ledger,
        hint_penalty: 0,
        strengths: Vec::new(),
        improvement: String::new(),
        skeleton: String::new(),
        summary: String::new(),
    };
    feedback::fill(&mut result, t, a, f);
    result
}

fn style_notes(f: &Features) -> StyleNotes {
    let mut fillers: Vec<(String, u32)> = Vec::new();
    let mut hedges: Vec<String> = Vec::new();
    for (cue, phrase) in &f.total.phrases {
        match cue {
            Cue::Filler => match fillers.iter_mut().find(|(p, _)| p == phrase) {
                Some(e) => e.1 += 1,
                None => fillers.push((phrase.to_string(), 1)),
            },
            Cue::Hedge if !hedges.iter().any(|h| h == phrase) => hedges.push(phrase.to_string()),
            _ => {}
        }
    }
    StyleNotes {
        words: f.words as u32,
        sentences: f.sentences as u32,
        fillers,
        hedges,
        buzzwords: f.total.get(Cue::Buzz),
        hedged_sentences: f.per_sentence.iter().filter(|h| h.has(Cue::Hedge)).count() as u32,
        filler_count: f.total.get(Cue::Filler),
        i_statements: f.i_action.len() as u32,
        we_statements: f.we_action.len() as u32,
        notes: Vec::new(),
    }
}
