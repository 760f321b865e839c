//! What the offline scorer measures in an answer before judging it: the answer with the text
//! addressed to the grader set aside ([`Analysed`]), and its [`Features`] (words, figures, names,
//! own actions, cue hits per sentence); with the lookups of the sentence that shows a cue.

use crate::scoring::cues::{Cue, Hits};
use crate::scoring::guards;
use crate::scoring::offline::tags;
use crate::scoring::text::{Analysis, Sentence};

/// Features of one answer.
pub(crate) struct Features {
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
    /// The answer as read for scoring: without text aimed at the grader and without tags
    /// (`tags.rs`).
    pub a: Analysis,
    /// The answer with its tags, when it had any (the hollow-shell guard reads the answer as
    /// written).
    pub tagged: Option<Analysis>,
    pub f: Features,
    pub injection: bool,
}

pub(super) fn analyse(answer: &str) -> Analysed {
    // Text addressed to the grader is set aside: it earns nothing. (With nothing real around it,
    // the answer is capped below: see `NoSubstance`.)
    let s = guards::strip(answer);
    let a = Analysis::new(if s.found { &s.rest } else { answer });
    let (a, tagged) = match tags::untagged(&a) {
        Some(clean) => (clean, Some(a)),
        None => (a, None),
    };
    let f = features(&a);
    Analysed {
        a,
        tagged,
        f,
        injection: s.found,
    }
}

/// Word-level counts over the answer's sentences, in order.
#[derive(Default)]
struct WordCounts {
    stop: usize,
    rubric_words: usize,
    numbers: Vec<String>,
    named: Vec<String>,
    i_words: usize,
    we_words: usize,
}

impl WordCounts {
    fn add(&mut self, s: &Sentence) {
        for (wi, w) in s.words.iter().enumerate() {
            if w.stop {
                self.stop += 1;
            }
            if w.rubric {
                self.rubric_words += 1;
            }
            match w.lower.as_str() {
                "i" | "me" | "my" | "mine" | "myself" | "i'd" | "i've" | "i'm" | "i'll" | "im" | "ive" => {
                    self.i_words += 1
                }
                "we" | "us" | "our" | "ours" | "we'd" | "we've" | "we're" | "we'll" | "ourselves" => self.we_words += 1,
                _ => {}
            }
            // A lone list number ("1.", "2)") is layout, not a figure.
            let list_marker = wi == 0 && w.lower.len() == 1;
            if w.number && !list_marker && !self.numbers.iter().any(|n| n == w.surface()) {
                self.numbers.push(w.surface().to_string());
            }
            if w.named && !w.number && !self.named.iter().any(|n| n.eq_ignore_ascii_case(w.surface())) {
                self.named.push(w.surface().to_string());
            }
        }
    }
}

fn features(a: &Analysis) -> Features {
    let words = a.word_count;
    let mut counts = WordCounts::default();
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
        counts.add(s);
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
        stop_ratio: if words == 0 {
            0.0
        } else {
            counts.stop as f64 / words as f64
        },
        rubric_word_ratio: if words == 0 {
            0.0
        } else {
            counts.rubric_words as f64 / words as f64
        },
        numbers: counts.numbers,
        named: counts.named,
        i_words: counts.i_words,
        we_words: counts.we_words,
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

/// The first sentence (index) whose cue hits include `cue`.
pub(super) fn first_with(f: &Features, cue: Cue) -> Option<usize> {
    f.per_sentence.iter().position(|h| h.has(cue))
}

/// The sentence that tells the result: the one with the most result cues (one with a figure
/// preferred); else, in a story of three or more sentences, the sentence just before the first
/// lesson ("I learned…") when it is neither the opening nor a context or task sentence — in a
/// STAR story that is where the result stands, said in its own words ("the client went on to
/// commission a full project"). So a result told without a cue word is found, and a cue word
/// added to an answer does not create one.
pub(super) fn result_sentence(f: &Features, a: &Analysis) -> Option<usize> {
    best_with(f, a, Cue::Result, true).or_else(|| {
        let lesson = first_with(f, Cue::Learning)?;
        let i = lesson.checked_sub(1).filter(|i| *i >= 1)?;
        let h = &f.per_sentence[i];
        (!h.has(Cue::Situation) && !h.has(Cue::Task) && !h.has(Cue::Learning)).then_some(i)
    })
}

/// The sentence (index) with the most hits of `cue`; with `prefer_numbers`, one with a figure
/// counts 3 more. The first of equals.
pub(super) fn best_with(f: &Features, a: &Analysis, cue: Cue, prefer_numbers: bool) -> Option<usize> {
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

/// A closing call: one of the last two sentences proposes what to do, in the first person ("I'd
/// ship it to the segments where…", "we should cut…") — a recommendation made without the word.
pub(super) fn closing_call(a: &Analysis) -> Option<usize> {
    let n = a.sentences.len();
    (n.saturating_sub(2)..n).rev().find(|&i| {
        let w = &a.sentences[i].words;
        (0..w.len()).any(|j| {
            let modal = match w[j].lower.as_str() {
                "i'd" | "we'd" | "i'll" | "we'll" => 1,
                "i" | "we"
                    if w.get(j + 1)
                        .is_some_and(|n| matches!(n.lower.as_str(), "would" | "should" | "will")) =>
                {
                    2
                }
                _ => 0,
            };
            modal > 0 && w.iter().skip(j + modal).take(4).any(|x| x.action)
        })
    })
}

/// Past tenses that do not end in "-ed".
const IRREGULAR_PAST: [&str; 40] = [
    "took",
    "ran",
    "led",
    "built",
    "made",
    "found",
    "got",
    "had",
    "did",
    "saw",
    "told",
    "wrote",
    "sent",
    "went",
    "came",
    "gave",
    "kept",
    "set",
    "put",
    "spent",
    "brought",
    "chose",
    "drove",
    "fell",
    "felt",
    "held",
    "knew",
    "left",
    "lost",
    "meant",
    "paid",
    "said",
    "sold",
    "taught",
    "thought",
    "understood",
    "won",
    "was",
    "were",
    "began",
];

/// A real case told: a sentence in the past tense with the speaker as subject and a figure ("When
/// I took over a billing service, the first month produced runbooks for nine alerts") — in a
/// plan of what one would do, the example that shows it worked.
pub(super) fn told_case(f: &Features, a: &Analysis) -> Option<usize> {
    f.i_action
        .iter()
        .chain(&f.we_action)
        .copied()
        .filter(|&i| {
            let s = &a.sentences[i];
            let hypothetical = s.words.iter().any(|w| {
                matches!(
                    w.lower.as_str(),
                    "would" | "i'd" | "we'd" | "will" | "i'll" | "we'll" | "should"
                )
            });
            let past = s
                .words
                .iter()
                .any(|w| (w.action && w.lower.ends_with("ed")) || IRREGULAR_PAST.contains(&w.lower.as_str()));
            !hypothetical && past && s.has_number()
        })
        .min()
}
