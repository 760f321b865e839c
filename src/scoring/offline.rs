//! The deterministic offline scorer: rubric scoring with evidence, no model, no randomness.
//!
//! Pipeline: normalise → set aside text addressed to the grader (`guards.rs`) → measure features
//! (cues per sentence, figures, names, own actions, fillers…) → category rubric items with the
//! sentence that earned each → the five weighted dimensions → guards (empty, trivial, off-topic,
//! keyword stuffing, no substance, too short) that cap the score → feedback built from the
//! candidate's own sentences.

use super::cues::{Cue, Hits};
use super::feedback;
use super::guards;
use super::target::{Detector, Idf, KeyPoint, Target};
use super::text::{Analysis, Sentence, concept_match};
use super::{
    BrainKind, Dimensions, Evidence, Flag, KeyPointHit, Rubric, RubricItem, ScoreResult, StyleNotes, lexicon as lx,
};
use crate::bank::{Bank, Category};
use std::collections::HashMap;

pub struct OfflineScorer {
    idf: Idf,
    targets: HashMap<String, Target>,
}

/// Answers that say nothing, whatever the question.
const TRIVIAL: &[&str] = &[
    "fine",
    "ok",
    "okay",
    "idk",
    "i dont know",
    "i don't know",
    "dont know",
    "don't know",
    "no idea",
    "pass",
    "skip",
    "n/a",
    "na",
    "nothing",
    "yes",
    "no",
    "it depends",
    "depends",
    "google it",
    "whatever",
    "not sure",
    "i'm not sure",
    "im not sure",
    "good",
    "great",
    "sure",
    "maybe",
    "nope",
    "yep",
    "next",
    "no comment",
    "dunno",
    "i dunno",
    "?",
    "...",
    "test",
    "asdf",
    "lol",
    "hmm",
    "um",
    "i have no idea",
    "no clue",
    "i forgot",
    "can't remember",
    "cant remember",
    "i can't remember",
    "none",
    "nah",
    "k",
    "thanks",
    "thank you",
    "hello",
    "hi",
];

/// Features of one answer.
pub(super) struct Features {
    pub words: usize,
    pub sentences: usize,
    pub stop_ratio: f64,
    pub rubric_word_ratio: f64,
    pub numbers: Vec<String>,
    pub named: Vec<String>,
    pub i_words: usize,
    pub we_words: usize,
    /// Per sentence cue hits.
    pub per_sentence: Vec<Hits>,
    pub total: Hits,
    pub i_action: Vec<usize>,
    pub we_action: Vec<usize>,
    pub avg_sentence_words: f64,
    pub max_sentence_words: usize,
    pub questions_asked: usize,
}

/// What the scorer analysed: the answer (without text aimed at the grader) and its features.
pub(super) struct Analysed {
    pub a: Analysis,
    pub f: Features,
    pub injection: bool,
}

impl OfflineScorer {
    pub fn new(bank: &Bank) -> OfflineScorer {
        let idf = Idf::from_bank(bank);
        let targets = bank
            .all()
            .iter()
            .map(|q| (q.id.clone(), Target::from_question(q, &idf)))
            .collect();
        OfflineScorer { idf, targets }
    }

    pub fn target(&self, question_id: &str) -> Option<&Target> {
        self.targets.get(question_id)
    }

    pub fn target_from_text(&self, question: &str, category: Category) -> Target {
        Target::from_text(question, category, &self.idf)
    }

    pub fn score(&self, target: &Target, answer: &str) -> ScoreResult {
        let analysed = analyse(answer);
        score_analysed(target, &analysed)
    }
}

pub(super) fn analyse(answer: &str) -> Analysed {
    // Text addressed to the grader is set aside: it earns nothing. (With nothing real around it,
    // the answer is capped below: see `NoSubstance`.)
    let s = guards::strip(answer);
    let a = Analysis::new(if s.found { &s.rest } else { answer });
    let f = features(&a);
    Analysed {
        a,
        f,
        injection: s.found,
    }
}

/// Below this share of concrete content words, with no figure and no name, a behavioural or
/// situational answer with the STAR shape tells no real event (see `guards::substance`).
const HOLLOW_SHARE: f64 = 0.33;
/// The same for what is left of an answer after the text addressed to the grader: an attempt to
/// instruct the grader with no real content is graded 1 (`docs/scoring-rubric.md`).
const INJECTED_SHARE: f64 = 0.40;
/// The cap of an answer with no substance (like off-topic: below 20).
const NO_SUBSTANCE_CAP: f64 = 15.0;

/// STAR parts the cue lists and own actions show: bit 0 situation, 1 task, 2 action, 3 result.
fn cue_shell(f: &Features) -> u8 {
    let mut b = 0;
    if f.total.has(Cue::Situation) {
        b |= 1;
    }
    if f.total.has(Cue::Task) {
        b |= 2;
    }
    if !f.i_action.is_empty() || !f.we_action.is_empty() {
        b |= 4;
    }
    if f.total.has(Cue::Result) || f.total.has(Cue::Learning) {
        b |= 8;
    }
    b
}

fn features(a: &Analysis) -> Features {
    let words = a.word_count;
    let mut stop = 0;
    let mut rubric_words = 0;
    let mut numbers: Vec<String> = Vec::new();
    let mut named: Vec<String> = Vec::new();
    let mut i_words = 0;
    let mut we_words = 0;
    let mut per_sentence = Vec::with_capacity(a.sentences.len());
    let mut total = Hits::default();
    let mut i_action = Vec::new();
    let mut we_action = Vec::new();
    let mut max_sentence_words = 0;
    let mut questions_asked = 0;
    for (si, s) in a.sentences.iter().enumerate() {
        max_sentence_words = max_sentence_words.max(s.words.len());
        if s.text.ends_with('?') {
            questions_asked += 1;
        }
        for (wi, w) in s.words.iter().enumerate() {
            if w.stop {
                stop += 1;
            }
            if w.rubric {
                rubric_words += 1;
            }
            match w.lower.as_str() {
                "i" | "me" | "my" | "mine" | "myself" | "i'd" | "i've" | "i'm" | "i'll" | "im" | "ive" => i_words += 1,
                "we" | "us" | "our" | "ours" | "we'd" | "we've" | "we're" | "we'll" | "ourselves" => we_words += 1,
                _ => {}
            }
            // A lone list number ("1.", "2)") is layout, not a figure.
            let list_marker = wi == 0 && w.lower.len() == 1;
            if w.number && !list_marker && !numbers.iter().any(|n| n == w.surface()) {
                numbers.push(w.surface().to_string());
            }
            if w.named && !w.number && !named.iter().any(|n| n.eq_ignore_ascii_case(w.surface())) {
                named.push(w.surface().to_string());
            }
        }
        if has_subject_action(s, |w| matches!(w, "i" | "i'd" | "i've" | "i'll" | "myself" | "im")) {
            i_action.push(si);
        } else if has_subject_action(s, |w| matches!(w, "we" | "we'd" | "we've" | "we'll" | "team")) {
            we_action.push(si);
        }
        let h = Hits::scan(&s.lower());
        total.add(&h);
        per_sentence.push(h);
    }
    let avg_sentence_words = if a.sentences.is_empty() {
        0.0
    } else {
        words as f64 / a.sentences.len() as f64
    };
    Features {
        words,
        sentences: a.sentences.len(),
        stop_ratio: if words == 0 { 0.0 } else { stop as f64 / words as f64 },
        rubric_word_ratio: if words == 0 {
            0.0
        } else {
            rubric_words as f64 / words as f64
        },
        numbers,
        named,
        i_words,
        we_words,
        per_sentence,
        total,
        i_action,
        we_action,
        avg_sentence_words,
        max_sentence_words,
        questions_asked,
    }
}

/// A subject ("I", "we") followed within four words by an action verb.
fn has_subject_action(s: &Sentence, subject: impl Fn(&str) -> bool) -> bool {
    let w = &s.words;
    for i in 0..w.len() {
        if subject(&w[i].lower) {
            for next in w.iter().skip(i + 1).take(4) {
                if next.action {
                    return true;
                }
                if subject(&next.lower) {
                    break;
                }
            }
        }
    }
    false
}

/// Saturating curve: 0 at 0, about 0.63 at `k`, approaching 1.
fn sat(x: f64, k: f64) -> f64 {
    if x <= 0.0 { 0.0 } else { 1.0 - (-x / k).exp() }
}

fn pct(x: f64) -> u8 {
    (x * 100.0).round().clamp(0.0, 100.0) as u8
}

/// Ideal length range in words per category.
fn length_range(c: Category) -> (f64, f64) {
    match c {
        Category::Behavioral => (90.0, 380.0),
        Category::Situational => (70.0, 320.0),
        Category::Technical => (45.0, 320.0),
        Category::SystemDesign => (110.0, 600.0),
        Category::Case => (70.0, 450.0),
        Category::Motivation => (55.0, 280.0),
    }
}

fn length_fit(c: Category, words: usize) -> f64 {
    let (lo, hi) = length_range(c);
    let w = words as f64;
    if w < lo {
        (w / lo).powf(0.9)
    } else if w > hi {
        (1.0 - (w - hi) / (hi * 2.0)).max(0.6)
    } else {
        1.0
    }
}

/// The first sentence (index) whose cue hits include `cue`.
fn first_with(f: &Features, cue: Cue) -> Option<usize> {
    f.per_sentence.iter().position(|h| h.has(cue))
}

fn best_with(f: &Features, a: &Analysis, cue: Cue, prefer_numbers: bool) -> Option<usize> {
    let mut best: Option<(usize, i32)> = None;
    for (i, h) in f.per_sentence.iter().enumerate() {
        if h.has(cue) {
            let mut s = h.get(cue) as i32;
            if prefer_numbers && a.sentences[i].has_number() {
                s += 3;
            }
            if best.is_none_or(|(_, bs)| s > bs) {
                best = Some((i, s));
            }
        }
    }
    best.map(|(i, _)| i)
}

fn quote(a: &Analysis, i: Option<usize>) -> Option<String> {
    i.map(|i| feedback::clip(&a.sentences[i].text, 220))
}

fn item(key: &str, label: &str, max: u8, frac: f64, evidence: Option<String>, note: impl Into<String>) -> RubricItem {
    RubricItem {
        key: key.into(),
        label: label.into(),
        max,
        score: (frac.clamp(0.0, 1.0) * max as f64).round() as u8,
        evidence,
        note: note.into(),
    }
}

/// Key point coverage: which points the answer covers, with the sentence that covers each.
fn key_points(t: &Target, a: &Analysis, f: &Features) -> (Vec<KeyPointHit>, Vec<String>, f64, usize) {
    let mut covered = Vec::new();
    let mut missed = Vec::new();
    let mut topical_hits = 0;
    for kp in &t.key_points {
        match covers(kp, a, f) {
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
        Detector::Result => at(Cue::Result),
        Detector::QuantifiedResult => {
            let i = best_with(f, a, Cue::Result, true)?;
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

pub(super) fn score_analysed(t: &Target, x: &Analysed) -> ScoreResult {
    let a = &x.a;
    let f = &x.f;
    let c = t.category;

    // --- relevance -------------------------------------------------------------------------
    let overlap = term_overlap(t, a);
    let kw = keyword_hits(t, a);
    let kw_frac = if t.keywords.is_empty() {
        0.0
    } else {
        (kw as f64 / (t.keywords.len().min(5) as f64)).min(1.0)
    };
    let (kp_covered, kp_missed, kp_frac, topical_hits) = key_points(t, a, f);
    let overlap_sat = (overlap / 0.5).min(1.0);
    let relevance = if t.keywords.is_empty() {
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
    };

    // --- category rubric ---------------------------------------------------------------------
    let rubric = match c {
        Category::Behavioral => star(a, f),
        Category::Situational => situational(a, f),
        Category::Technical => technical(a, f, relevance),
        Category::SystemDesign => system_design(a, f),
        Category::Case => case(a, f),
        Category::Motivation => motivation(t, a, f),
    };
    let rubric_frac = rubric.total() as f64 / rubric.max().max(1) as f64;

    // --- specificity ------------------------------------------------------------------------
    let words = f.words.max(1) as f64;
    let vague = f.total.get(Cue::Vague) as f64;
    let buzz = f.total.get(Cue::Buzz) as f64;
    let concrete =
        f.numbers.len() as f64 * 1.2 + f.named.len().min(8) as f64 * 0.8 + f.i_action.len().min(6) as f64 * 0.7;
    let density_penalty = ((vague + 2.0 * buzz) / words * 6.0).min(0.6);
    let specificity = sat(concrete, 4.0) * (1.0 - density_penalty);

    // --- communication ----------------------------------------------------------------------
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
    let organised = if f.total.has(Cue::Sequence) || a.paragraphs > 1 {
        1.0
    } else {
        0.85
    };
    let communication = len_fit * (0.45 + 0.25 * sent_fit + 0.30 * clarity) * organised;

    // --- impact -------------------------------------------------------------------------------
    let result_i = best_with(f, a, Cue::Result, true);
    let result_has_number = result_i.is_some_and(|i| a.sentences[i].has_number());
    let impact = match c {
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
            let r = if f.total.has(Cue::Recommend) { 1.0 } else { 0.0 };
            0.6 * r + 0.4 * sat(f.numbers.len() as f64, 3.0)
        }
    };

    // --- structure ------------------------------------------------------------------------------
    let present =
        rubric.items.iter().filter(|i| i.score * 2 >= i.max).count() as f64 / rubric.items.len().max(1) as f64;
    let structure = 0.75 * present + 0.25 * organised.min(1.0) * len_fit.sqrt();

    let dims = Dimensions {
        structure: pct(structure),
        relevance: pct(relevance),
        specificity: pct(specificity),
        communication: pct(communication),
        impact: pct(impact),
    };

    let mut overall = 0.5 * dims.weighted() + 0.5 * rubric_frac * 100.0;
    // Long but vague: length and structure without a single concrete detail should not carry an
    // answer. The longer the answer, the more specifics it owes.
    if f.words >= 60 {
        overall *= 0.65 + 0.35 * (specificity / 0.6).min(1.0);
    }
    // A polished answer to a different question is still not an answer to this one. Only where
    // relevance can be judged: bank keywords, or a question with distinctive terms of its own.
    let distinctive = t.terms.iter().filter(|(_, w)| *w >= 1.5).count();
    if !t.opener && (!t.keywords.is_empty() || distinctive >= 3) {
        overall *= 0.3 + 0.7 * (relevance / 0.55).min(1.0);
    }

    // --- guards ---------------------------------------------------------------------------------
    let mut flags = Vec::new();
    let normalized_answer = a.joined.trim().to_string();
    if f.words == 0 {
        flags.push(if x.injection {
            Flag::InstructionIgnored
        } else {
            Flag::Empty
        });
        if x.injection {
            flags.push(Flag::Trivial);
        }
        overall = 0.0;
    } else if f.words <= 6 && is_trivial(&normalized_answer) {
        flags.push(Flag::Trivial);
        overall = overall.min(5.0);
    }
    if x.injection && !flags.contains(&Flag::InstructionIgnored) {
        flags.push(Flag::InstructionIgnored);
    }
    let stuffing = f.words >= 4
        && (f.stop_ratio < 0.12
            || (f.rubric_word_ratio > 0.3 && f.stop_ratio < 0.25)
            || (buzz / words > 0.2 && f.stop_ratio < 0.3));
    if stuffing {
        flags.push(Flag::KeywordStuffing);
        overall = overall.min(12.0);
    }
    let distinctive_hit = t.terms.iter().any(|(c, w)| *w >= 1.5 && a.has_concept(c));
    let domain = domain_hits(c, a);
    let off_topic = f.words > 0
        && kw == 0
        && ((!t.opener
            && !t.keywords.is_empty()
            && distinctive >= 2
            && !distinctive_hit
            && overlap < 0.1
            && topical_hits == 0)
            || (f.words >= 8 && domain <= 1 && overlap < 0.2)
            || (t.asks_motive && !t.opener && f.words >= 8 && !lx::MOTIVE_WORDS.iter().any(|w| a.has_phrase(w))));
    // A design question answered without any design — no components, no scaling, no trade-off
    // — was answered as some other question (a product pitch, a game-design idea).
    let no_design = c == Category::SystemDesign
        && f.words >= 40
        && ["high_level", "scalability", "tradeoffs"]
            .iter()
            .all(|k| rubric.items.iter().any(|i| i.key == *k && i.score == 0));
    let off_topic = off_topic || no_design;
    if off_topic && !flags.contains(&Flag::Trivial) {
        flags.push(Flag::OffTopic);
        overall = overall.min(15.0);
    }
    // No substance: a behavioural or situational answer with the STAR shape but no figure, no
    // name and almost no concrete word; or what is left around text addressed to the grader is
    // short or just as empty. Either way there is nothing real to grade.
    let story = matches!(c, Category::Behavioral | Category::Situational);
    // (A figure already makes the answer concrete: only text to the grader needs a look then.)
    if (x.injection || (story && f.numbers.is_empty())) && f.words > 0 && !flags.contains(&Flag::Trivial) {
        let sub = guards::substance(a);
        let hard = f.numbers.len() + sub.named;
        let thin_rest = x.injection && (f.words < 20 || (hard == 0 && sub.share() < INJECTED_SHARE));
        // The STAR shape: parts named by labels or subjects ("Situation:", "my task was"), at
        // least two of them, and three parts in all with the cues and own actions.
        // (A situational answer is a plan: its approach and outcome are its shape.)
        let parts = if c == Category::Situational { 2 } else { 3 };
        let shell = sub.shell.count_ones() >= 2 && (sub.shell | cue_shell(f)).count_ones() >= parts;
        let hollow = story && f.words >= 15 && shell && hard == 0 && sub.share() < HOLLOW_SHARE;
        if thin_rest || hollow {
            flags.push(Flag::NoSubstance);
            overall = overall.min(NO_SUBSTANCE_CAP);
        }
    }
    // Length caps: a complete answer needs room.
    let cap = match f.words {
        0 => 0.0,
        1..=7 => 12.0,
        8..=19 => 35.0,
        20..=34 => 62.0,
        _ => 100.0,
    };
    if f.words > 0 && f.words < 20 && !flags.contains(&Flag::Trivial) {
        flags.push(Flag::TooShort);
    }
    overall = overall.min(cap);
    if matches!(c, Category::Behavioral) && f.we_words >= 4 && f.i_action.is_empty() && f.i_words <= 2 {
        flags.push(Flag::WeNotI);
        overall *= 0.8;
    }
    if buzz >= 3.0 || (buzz >= 2.0 && buzz / words > 0.03) {
        flags.push(Flag::Buzzwords);
    }
    if fillers >= 3.0 {
        flags.push(Flag::Fillers);
    }
    if hedges >= 3.0 {
        flags.push(Flag::Hedging);
    }
    if f.words as f64 > length_range(c).1 * 1.5 {
        flags.push(Flag::TooLong);
    }

    let overall = overall.round().clamp(0.0, 100.0) as u8;

    let evidence = Evidence {
        specifics: f.numbers.iter().chain(f.named.iter()).take(12).cloned().collect(),
        result_sentence: quote(a, result_i),
        key_points_covered: kp_covered,
        key_points_missed: kp_missed,
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
        hint_penalty: 0,
        strengths: Vec::new(),
        improvement: String::new(),
        skeleton: String::new(),
        summary: String::new(),
    };
    feedback::fill(&mut result, t, a, f);
    result
}

/// Distinct words of the category's domain used in the answer.
fn domain_hits(c: Category, a: &Analysis) -> usize {
    let mut seen: Vec<&str> = a
        .words()
        .filter(|w| w.tech || lx::in_domain(c, &w.stem))
        .map(|w| &*w.stem)
        .collect();
    seen.sort();
    seen.dedup();
    seen.len()
}

/// A reply that says nothing on its own ("no", "idk", "1"): what the scorer flags trivial.
pub fn says_nothing(text: &str) -> bool {
    let a = Analysis::new(text);
    a.word_count <= 6 && is_trivial(&a.joined)
}

fn is_trivial(joined: &str) -> bool {
    let s = joined.trim().trim_end_matches(['.', '!']).trim();
    TRIVIAL.contains(&s) || s.chars().filter(|c| c.is_alphabetic()).count() <= 2
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
        i_statements: f.i_action.len() as u32,
        we_statements: f.we_action.len() as u32,
        notes: Vec::new(),
    }
}

// ----- category rubrics -------------------------------------------------------------------------

fn star(a: &Analysis, f: &Features) -> Rubric {
    let sit_i = first_with(f, Cue::Situation);
    let sit_specific =
        sit_i.is_some_and(|i| a.sentences[i].has_number() || a.sentences[i].words.iter().any(|w| w.named));
    let (s_frac, s_ev, s_note) = match sit_i {
        Some(i) if sit_specific || f.per_sentence.iter().filter(|h| h.has(Cue::Situation)).count() >= 2 => {
            (1.0, quote(a, Some(i)), "clear, specific context")
        }
        Some(i) => (0.7, quote(a, Some(i)), "context given, could be more specific"),
        None if f.sentences >= 3 => (0.35, quote(a, Some(0)), "context only implied"),
        None => (0.0, None, "no situation described"),
    };
    let task_i = first_with(f, Cue::Task);
    let (t_frac, t_ev, t_note) = match task_i {
        Some(i) => (1.0, quote(a, Some(i)), "your goal or responsibility is stated"),
        None if sit_i.is_some() && !f.i_action.is_empty() => (0.45, None, "task implied, not stated"),
        None => (0.0, None, "no task or goal stated"),
    };
    let n_i = f.i_action.len();
    let n_we = f.we_action.len();
    let a_frac = match n_i {
        0 => (n_we.min(3) as f64) * 0.12,
        1 => 0.5,
        2 => 0.75,
        3 => 0.9,
        _ => 1.0,
    };
    let a_ev = f
        .i_action
        .first()
        .or(f.we_action.first())
        .map(|&i| feedback::clip(&a.sentences[i].text, 220));
    let a_note = match (n_i, n_we) {
        (0, 0) => "no concrete actions".to_string(),
        (0, _) => "actions told as \"we\": say what you did".to_string(),
        (n, _) => format!(
            "{} with your own actions",
            super::text::plural(n, "sentence", "sentences")
        ),
    };
    let res_i = best_with(f, a, Cue::Result, true);
    let quantified = res_i.is_some_and(|i| a.sentences[i].has_number());
    let learned = f.total.has(Cue::Learning);
    let r_frac = match (res_i.is_some(), quantified, learned) {
        (true, true, true) => 1.0,
        (true, true, false) => 0.85,
        (true, false, true) => 0.7,
        (true, false, false) => 0.55,
        (false, _, true) => 0.3,
        (false, _, false) => 0.0,
    };
    let r_note = match (res_i.is_some(), quantified) {
        (true, true) => "measurable result",
        (true, false) => "result given without numbers",
        _ => "no result stated",
    };
    Rubric {
        name: "STAR".into(),
        items: vec![
            item("situation", "Situation", 20, s_frac, s_ev, s_note),
            item("task", "Task", 20, t_frac, t_ev, t_note),
            item("action", "Action", 30, a_frac, a_ev, a_note),
            item("result", "Result", 30, r_frac, quote(a, res_i), r_note),
        ],
    }
}

fn situational(a: &Analysis, f: &Features) -> Rubric {
    let clar = best_with(f, a, Cue::Clarify, false);
    let plan_n = f.total.get(Cue::Plan) as usize + f.i_action.len();
    let plan_i = first_with(f, Cue::Plan).or(f.i_action.first().copied());
    let people = best_with(f, a, Cue::Stakeholder, false);
    let trade = best_with(f, a, Cue::Tradeoff, false);
    let follow = best_with(f, a, Cue::Measure, false).or(best_with(f, a, Cue::Result, true));
    let example = first_with(f, Cue::Situation).filter(|_| !f.i_action.is_empty());
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
                super::text::plural(plan_n, "concrete step", "concrete steps"),
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

fn technical(a: &Analysis, f: &Features, relevance: f64) -> Rubric {
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

fn system_design(a: &Analysis, f: &Features) -> Rubric {
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
                format!(
                    "{} named",
                    super::text::plural(comps as usize, "component", "components")
                ),
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

fn case(a: &Analysis, f: &Features) -> Rubric {
    let clar = f.total.get(Cue::Clarify) as f64;
    let frame = f.total.distinct(Cue::Framework) as f64 + f.total.get(Cue::Sequence).min(3) as f64 * 0.5;
    let quant = f.numbers.len() as f64;
    let insight = f.total.get(Cue::Explain) as f64 + f.total.get(Cue::Tradeoff) as f64 * 0.5;
    let rec = f.total.get(Cue::Recommend) as f64;
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
                super::text::plural(quant as usize, "figure", "figures"),
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
                sat(rec, 1.0),
                quote(a, best_with(f, a, Cue::Recommend, false)),
                if rec > 0.0 {
                    "ends with a call"
                } else {
                    "no recommendation"
                },
            ),
        ],
    }
}

fn motivation(t: &Target, a: &Analysis, f: &Features) -> Rubric {
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

/// The answer as an LLM grader is shown it: text addressed to the grader ("disregard the
/// scoring guide…", a fake `SYSTEM:` line, `{"score": 100}`) replaced by
/// [`guards::REMOVED_MARKER`], which the grading prompt explains; the answer unchanged when it
/// has none.
pub fn without_instructions(answer: &str) -> String {
    guards::strip(answer).shown
}
