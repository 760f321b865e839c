//! Relevance: how well an answer addresses its question, from the question's distinctive terms
//! it uses, the bank's keywords, and the key points it covers (each with the sentence that covers
//! it).

use crate::bank::Category;
use crate::scoring::cues::Cue;
use crate::scoring::feedback;
use crate::scoring::offline::curves::sat;
use crate::scoring::offline::evidence::quote;
use crate::scoring::offline::features::{Features, best_with, first_with, result_sentence};
use crate::scoring::offline::misconceptions::Asserted;
use crate::scoring::phrase::Sentences;
use crate::scoring::result::KeyPointHit;
use crate::scoring::target::{Detector, KeyPoint, Target};
use crate::scoring::text::{Analysis, concept_match};

/// What the answer covers of its question.
pub(super) struct Relevance {
    /// Weighted share of the question's distinctive terms that the answer uses.
    pub overlap: f64,
    /// The bank's keywords the answer uses.
    pub keyword_hits: usize,
    pub covered: Vec<KeyPointHit>,
    pub missed: Vec<String>,
    /// Key points covered by their topic (neither generic nor found by a detector).
    pub topical_hits: usize,
    /// The relevance dimension, 0–1.
    pub score: f64,
}

/// `s` is the answer ready for phrase matching; `wrong` the misconceptions it asserts (their
/// sentences cannot cover the key points they contradict).
pub(super) fn measure(t: &Target, a: &Analysis, f: &Features, s: &Sentences, wrong: &[Asserted]) -> Relevance {
    let overlap = term_overlap(t, a);
    let kw = keyword_hits(t, a);
    let kw_frac = if t.keywords.is_empty() {
        0.0
    } else {
        (kw as f64 / (t.keywords.len().min(5) as f64)).min(1.0)
    };
    let (covered, missed, kp_frac, topical_hits) = key_points(t, a, f, s, wrong);
    Relevance {
        overlap,
        keyword_hits: kw,
        covered,
        missed,
        topical_hits,
        score: relevance(t, a, overlap, kp_frac, kw_frac),
    }
}

fn relevance(t: &Target, a: &Analysis, overlap: f64, kp_frac: f64, kw_frac: f64) -> f64 {
    let c = t.category;
    let overlap_sat = (overlap / 0.5).min(1.0);
    if t.keywords.is_empty() {
        let echo = 0.55 * overlap_sat + 0.45 * kp_frac;
        if matches!(c, Category::Technical | Category::SystemDesign | Category::Case) {
            // Without the bank's keywords, repeating the question's words proves little: count
            // the concrete terms the answer brings that the question did not contain.
            let mut novel: Vec<&str> = a
                .words()
                .filter(|w| {
                    (w.named || w.number || w.tech) && !t.terms.iter().any(|(c, _)| concept_match(&w.concept, c))
                })
                .map(|w| w.lower.as_str())
                .collect();
            novel.sort();
            novel.dedup();
            0.6 * echo + 0.4 * sat(novel.len() as f64, 4.0)
        } else {
            echo
        }
    } else {
        0.25 * overlap_sat + 0.45 * kp_frac + 0.30 * kw_frac
    }
}

/// Key point coverage: which points the answer covers, with the sentence that covers each.
fn key_points(
    t: &Target,
    a: &Analysis,
    f: &Features,
    s: &Sentences,
    wrong: &[Asserted],
) -> (Vec<KeyPointHit>, Vec<String>, f64, usize) {
    let mut covered = Vec::new();
    let mut missed = Vec::new();
    let mut topical_hits = 0;
    for (k, kp) in t.key_points.iter().enumerate() {
        let blocked: Vec<usize> = wrong
            .iter()
            .filter(|w| w.contradicts == Some(k))
            .map(|w| w.sentence)
            .collect();
        let hit = if kp.forms.is_empty() {
            covers(kp, a, f)
        } else {
            covers_by_forms(kp, a, f, s, &blocked)
        };
        match hit {
            Some(q) => {
                if !kp.generic && kp.detector.is_none() {
                    topical_hits += 1;
                }
                covered.push(KeyPointHit {
                    point: kp.text.clone(),
                    quote: q,
                })
            }
            None => missed.push(kp.text.clone()),
        }
    }
    let frac = if t.key_points.is_empty() {
        0.5
    } else {
        covered.len() as f64 / t.key_points.len() as f64
    };
    (covered, missed, frac, topical_hits)
}

/// A key point with the bank's forms: covered by a sentence that asserts the point or one of its
/// forms (not negated, not the sentence of a misconception that contradicts it); else by its
/// detector, if it has one.
fn covers_by_forms(kp: &KeyPoint, a: &Analysis, f: &Features, s: &Sentences, blocked: &[usize]) -> Option<String> {
    let by_form = kp
        .forms
        .iter()
        .filter_map(|p| s.asserted(p).find(|i| !blocked.contains(i)))
        .min();
    if let Some(i) = by_form {
        return Some(feedback::clip(&a.sentences[i].text, 200));
    }
    let detector_only = KeyPoint {
        concepts: Vec::new(),
        ..kp.clone()
    };
    covers(&detector_only, a, f)
}

fn covers(kp: &KeyPoint, a: &Analysis, f: &Features) -> Option<String> {
    // Lexical: enough of the point's concepts appear in one sentence or across the answer.
    if !kp.concepts.is_empty() {
        let need = match kp.concepts.len() {
            1 => 1,
            2..=3 => 2,
            n => (n as f64 * 0.4).ceil() as usize,
        };
        let mut best: Option<(usize, usize)> = None;
        // Only concepts found somewhere in the answer can be found in one of its sentences.
        let present: Vec<&String> = kp.concepts.iter().filter(|c| a.has_concept(c)).collect();
        let overall = present.len();
        for (i, s) in a.sentences.iter().enumerate() {
            if present.is_empty() {
                break;
            }
            let n = present
                .iter()
                .filter(|c| s.words.iter().any(|w| concept_match(&w.concept, c)))
                .count();
            if n > 0 && best.is_none_or(|(_, bn)| n > bn) {
                best = Some((i, n));
            }
        }
        if overall >= need
            && let Some((i, _)) = best
        {
            return Some(feedback::clip(&a.sentences[i].text, 200));
        }
    }
    let d = kp.detector?;
    let at = |cue: Cue| quote(a, best_with(f, a, cue, true));
    match d {
        // The rubric's result sentence: one told without a cue word counts too.
        Detector::Result => quote(a, result_sentence(f, a)),
        Detector::QuantifiedResult => {
            let i = result_sentence(f, a)?;
            a.sentences[i]
                .has_number()
                .then(|| feedback::clip(&a.sentences[i].text, 200))
        }
        Detector::Learning => at(Cue::Learning),
        Detector::Tradeoff => at(Cue::Tradeoff),
        Detector::Clarify => at(Cue::Clarify),
        Detector::Recommend => at(Cue::Recommend),
        Detector::Stakeholders => at(Cue::Stakeholder),
        Detector::Measure => at(Cue::Measure),
        Detector::OwnActions => f.i_action.first().map(|&i| feedback::clip(&a.sentences[i].text, 200)),
        Detector::Example => {
            let i = first_with(f, Cue::Situation)?;
            (!f.numbers.is_empty() || !f.named.is_empty()).then(|| feedback::clip(&a.sentences[i].text, 200))
        }
        Detector::Question => a
            .sentences
            .iter()
            .find(|s| s.text.ends_with('?'))
            .map(|s| feedback::clip(&s.text, 200)),
    }
}

/// Weighted share of the question's distinctive terms that the answer uses.
fn term_overlap(t: &Target, a: &Analysis) -> f64 {
    let total: f64 = t.terms.iter().map(|(_, w)| w).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let hit: f64 = t.terms.iter().filter(|(c, _)| a.has_concept(c)).map(|(_, w)| w).sum();
    hit / total
}

fn keyword_hits(t: &Target, a: &Analysis) -> usize {
    t.keywords
        .iter()
        .filter(|k| {
            if k.contains(' ') {
                a.joined.contains(k.as_str())
            } else {
                a.words()
                    .any(|w| w.lower.starts_with(k.as_str()) || &*w.stem == k.as_str())
            }
        })
        .count()
}
