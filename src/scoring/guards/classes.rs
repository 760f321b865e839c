//! The word classes of `data/guards.toml`: each list loaded once as a [`Class`] (single words
//! exact and by stem, phrases by their first word, one bit per class), all of them in [`Lex`],
//! with the anchor words without which no rule can weigh a span.

use super::token::{Tok, cached_stem};
use crate::scoring::text::stem;
use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// The word classes, embedded.
pub const DATA: &str = include_str!("../../../data/guards.toml");

/// One class: single words (exact and by stem) and multi-word entries.
pub(super) struct Class {
    pub(super) exact: HashSet<String>,
    pub(super) stems: HashSet<String>,
    /// Multi-word entries by their first word.
    pub(super) phrases: rustc_hash::FxHashMap<String, Vec<Vec<String>>>,
    /// This class's bit in [`Tok::bits`].
    pub(super) bit: u64,
}

/// word → (bits of the classes it is an entry of, bits of the classes it starts a phrase of).
pub(super) type WordIndex = rustc_hash::FxHashMap<String, (u64, u64)>;

/// Bits of two word sets that are not classes of their own (see [`Lex::anchors`]).
pub(super) const ANCHOR_BIT: u64 = 1 << 62;
pub(super) const STARTER_BIT: u64 = 1 << 63;

impl Class {
    pub(super) fn new(entries: &[String], bit: u64, index: &mut WordIndex) -> Class {
        let mut c = Class {
            exact: HashSet::default(),
            stems: HashSet::default(),
            phrases: rustc_hash::FxHashMap::default(),
            bit,
        };
        for e in entries {
            let parts: Vec<String> = e.split(' ').map(str::to_string).collect();
            if parts.len() == 1 {
                c.stems.insert(stem(e));
                c.exact.insert(e.clone());
                index.entry(e.clone()).or_default().0 |= bit;
            } else {
                index.entry(parts[0].clone()).or_default().1 |= bit;
                c.phrases.entry(parts[0].clone()).or_default().push(parts);
            }
        }
        c
    }
    /// A lower-case word is an entry.
    pub(super) fn has(&self, w: &str) -> bool {
        self.exact.contains(w)
    }
    /// The token as written is an entry.
    pub(super) fn is(&self, t: &Tok) -> bool {
        t.word() && t.bits & self.bit != 0
    }
    /// The token is an entry or an entry's plural ("graders", "marks").
    pub(super) fn noun(&self, t: &Tok) -> bool {
        t.word() && (t.bits | t.nbits) & self.bit != 0
    }
    /// The token's stem is an entry's stem ("aligned" → "align").
    pub(super) fn stem(&self, t: &Tok) -> bool {
        t.word() && (t.bits & self.bit != 0 || self.stems.contains(&*cached_stem(&t.lo)))
    }
    /// Length in tokens of an entry starting at `i` (exact single words or phrases), 0 if none.
    pub(super) fn at(&self, t: &[&Tok], i: usize) -> usize {
        let Some(first) = t.get(i) else { return 0 };
        let mut best = usize::from(self.is(first));
        if first.pbits & self.bit == 0 {
            return best;
        }
        if let Some(ps) = self.phrases.get(&first.lo) {
            for p in ps {
                if p.len() > best
                    && i + p.len() <= t.len()
                    && p.iter().zip(&t[i..]).all(|(w, x)| x.word() && x.lo == *w)
                {
                    best = p.len();
                }
            }
        }
        best
    }
}

pub(super) struct Lex {
    pub(super) grader: Class,
    pub(super) machine: Class,
    pub(super) qualifier: Class,
    pub(super) participle: Class,
    pub(super) opener: Class,
    pub(super) header: Class,
    pub(super) override_: Class,
    pub(super) control: Class,
    pub(super) control_generic: Class,
    pub(super) control_ties: Class,
    pub(super) machine_qualifier: Class,
    pub(super) before: Class,
    pub(super) grade: Class,
    pub(super) fields: Class,
    pub(super) number_words: Vec<String>,
    pub(super) grading_keys: Class,
    pub(super) grant: Class,
    pub(super) top: Class,
    pub(super) answer: Class,
    pub(super) deserve: Class,
    pub(super) graded: Class,
    pub(super) normative: Class,
    pub(super) lenient: Class,
    pub(super) authority: Class,
    pub(super) approval: Class,
    pub(super) satisfy: Class,
    pub(super) scheme: Class,
    pub(super) mode_mod: Class,
    pub(super) mode_grading: Class,
    pub(super) mode_noun: Class,
    pub(super) switch: Class,
    pub(super) mention: Class,
    pub(super) star: [Class; 4],
    pub(super) abstract_: Class,
    pub(super) softeners: Class,
    pub(super) subordinators: Class,
    pub(super) modal_fill: Class,
    pub(super) determiners: Class,
    pub(super) intensifiers: Class,
    pub(super) lenient_adverbs: Class,
    pub(super) as_values: Class,
    pub(super) prose_verbs: Class,
    /// Words without which no rule can give a span any weight (see [`Tok::anchor`]).
    pub(super) anchors: HashSet<String>,
    /// Words a value or a grade expression can start with ("full", "ten", "score", "every").
    pub(super) starters: HashSet<String>,
    /// Every class's words, so a token's classes are looked up once (see [`Tok::bits`]).
    pub(super) index: WordIndex,
}

/// Every list of `data/guards.toml` by name (for the data test and the phrasing test).
pub fn lists() -> Vec<(String, Vec<String>)> {
    let table: toml::Table = DATA.parse().expect("data/guards.toml parses");
    table
        .into_iter()
        .map(|(k, v)| {
            let items = v
                .as_array()
                .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            (k, items)
        })
        .collect()
}

pub(super) fn lex() -> &'static Lex {
    static L: OnceLock<Lex> = OnceLock::new();
    L.get_or_init(|| {
        let all = lists();
        let index = std::cell::RefCell::new(WordIndex::default());
        let next = std::cell::Cell::new(0u32);
        let get = |name: &str| {
            let items = all
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("data/guards.toml lacks {name}"));
            let bit = next.get();
            assert!(bit < 62, "more word classes than bits");
            next.set(bit + 1);
            Class::new(&items, 1 << bit, &mut index.borrow_mut())
        };
        let mut lx = Lex {
            grader: get("grader_nouns"),
            machine: get("machine_nouns"),
            qualifier: get("grader_qualifiers"),
            participle: get("grading_participles"),
            opener: get("address_openers"),
            header: get("header_words"),
            override_: get("override_verbs"),
            control: get("control_objects"),
            control_generic: get("control_generic"),
            control_ties: get("control_ties"),
            machine_qualifier: get("machine_qualifiers"),
            before: get("before_words"),
            grade: get("grade_nouns"),
            fields: get("score_fields"),
            number_words: all
                .iter()
                .find(|(k, _)| k == "number_words")
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            grading_keys: get("grading_keys"),
            grant: get("grant_verbs"),
            top: get("top_values"),
            answer: get("answer_refs"),
            deserve: get("deserve_verbs"),
            graded: get("graded_participles"),
            normative: get("normative_words"),
            lenient: get("lenient_verbs"),
            authority: get("authority_words"),
            approval: get("approval_participles"),
            satisfy: get("satisfy_verbs"),
            scheme: get("scheme_words"),
            mode_mod: get("mode_modifiers"),
            mode_grading: get("mode_grading"),
            mode_noun: get("mode_nouns"),
            switch: get("switch_verbs"),
            mention: get("mention_words"),
            star: [
                get("star_situation"),
                get("star_task"),
                get("star_action"),
                get("star_result"),
            ],
            abstract_: get("abstract_words"),
            softeners: get("softeners"),
            subordinators: get("subordinators"),
            modal_fill: get("modal_fill"),
            determiners: get("determiners"),
            intensifiers: get("intensifiers"),
            lenient_adverbs: get("lenient_adverbs"),
            as_values: get("as_values"),
            prose_verbs: get("prose_verbs"),
            starters: {
                let mut a: HashSet<String> = HashSet::default();
                for name in ["top_values", "grade_nouns", "score_fields", "number_words"] {
                    for (k, v) in &all {
                        if k == name {
                            for e in v {
                                a.insert(e.split(' ').next().unwrap_or("").to_string());
                            }
                        }
                    }
                }
                for w in ["every", "all"] {
                    a.insert(w.to_string());
                }
                a
            },
            anchors: {
                // The words each rule needs at least one of (the grader, a grade, this answer,
                // the grader's instructions, markup…), without the everyday words that only
                // complete a construction ("do", "set", "all", "now").
                let mut a: HashSet<String> = HashSet::default();
                let list = |name: &str| {
                    all.iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_default()
                };
                for name in [
                    "grader_nouns",
                    "machine_nouns",
                    "grader_qualifiers",
                    "machine_qualifiers",
                    "header_words",
                    "control_objects",
                    "before_words",
                    "grade_nouns",
                    "answer_refs",
                    "authority_words",
                    "top_values",
                ] {
                    for e in list(name) {
                        // A phrase by its last word ("best possible" → "possible").
                        a.insert(e.rsplit(' ').next().unwrap_or("").to_string());
                    }
                }
                for w in [
                    "grading",
                    "scoring",
                    "evaluating",
                    "assessing",
                    "marking",
                    "reviewing",
                    "judging",
                    "rating",
                    "screening",
                    "whoever",
                    "whatever",
                    "anyone",
                    "anybody",
                    "whichever",
                    "rubric",
                    "criteria",
                    "criterion",
                    "guideline",
                    "guidelines",
                    "rule",
                    "rules",
                    "guidance",
                    "scheme",
                    "checklist",
                    "policy",
                    "dimension",
                    "dimensions",
                    "penalize",
                    "penalise",
                    "deduct",
                    "dock",
                    "subtract",
                    "downgrade",
                    "punish",
                    "deduction",
                    "deductions",
                    "brevity",
                    "forgive",
                    "excuse",
                    "five",
                    "nine",
                    "ten",
                    "hundred",
                    "mode",
                    "persona",
                    "already",
                    "pretend",
                    "roleplay",
                    "role-play",
                    "imagine",
                    "behave",
                    "accordingly",
                    "calibration",
                    "calibrating",
                    "calibrate",
                    "gold-standard",
                    "benchmark",
                    "exemplar",
                    "canonical",
                    "verdict",
                    "rate",
                    "rates",
                    "evaluate",
                    "evaluates",
                    "assess",
                    "assesses",
                    "judge",
                    "told",
                    "instructed",
                    "programmed",
                    "developer",
                    "creator",
                    "administrator",
                    "moderator",
                ] {
                    a.insert(w.to_string());
                }
                for common in [
                    "full",
                    "top",
                    "complete",
                    "pass",
                    "ideal",
                    "excellent",
                    "yes",
                    "tier",
                    "command",
                    "off",
                ] {
                    a.remove(common);
                }
                a
            },
            index: WordIndex::default(),
        };
        let mut index = index.into_inner();
        for w in &lx.anchors {
            index.entry(w.clone()).or_default().0 |= ANCHOR_BIT;
        }
        for w in &lx.starters {
            index.entry(w.clone()).or_default().0 |= STARTER_BIT;
        }
        lx.index = index;
        lx
    })
}
