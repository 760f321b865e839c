//! One Aho–Corasick automaton over every cue phrase, so a sentence is scanned once for all lists.

use super::lexicon as lx;
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Cue {
    Situation,
    Task,
    Result,
    Learning,
    Tradeoff,
    Explain,
    Sequence,
    Plan,
    Clarify,
    Stakeholder,
    Measure,
    Recommend,
    Framework,
    Requirement,
    Component,
    Scale,
    Filler,
    Hedge,
    Vague,
    Buzz,
}

pub const CUE_COUNT: usize = 20;

fn lists() -> [(Cue, &'static [&'static str]); CUE_COUNT] {
    [
        (Cue::Situation, &lx::SITUATION_CUES),
        (Cue::Task, &lx::TASK_CUES),
        (Cue::Result, &lx::RESULT_CUES),
        (Cue::Learning, &lx::LEARNING_CUES),
        (Cue::Tradeoff, &lx::TRADEOFF_CUES),
        (Cue::Explain, &lx::EXPLAIN_CUES),
        (Cue::Sequence, &lx::SEQUENCE_CUES),
        (Cue::Plan, &lx::PLAN_CUES),
        (Cue::Clarify, &lx::CLARIFY_CUES),
        (Cue::Stakeholder, &lx::STAKEHOLDER_CUES),
        (Cue::Measure, &lx::MEASURE_CUES),
        (Cue::Recommend, &lx::RECOMMEND_CUES),
        (Cue::Framework, &lx::FRAMEWORK_CUES),
        (Cue::Requirement, &lx::REQUIREMENT_CUES),
        (Cue::Component, &lx::COMPONENT_CUES),
        (Cue::Scale, &lx::SCALE_CUES),
        (Cue::Filler, &lx::FILLERS),
        (Cue::Hedge, &lx::HEDGES),
        (Cue::Vague, &lx::VAGUE),
        (Cue::Buzz, &lx::BUZZWORDS),
    ]
}

struct Automaton {
    ac: AhoCorasick,
    /// pattern id → (cue, phrase)
    meta: Vec<(Cue, &'static str)>,
}

fn automaton() -> &'static Automaton {
    static A: OnceLock<Automaton> = OnceLock::new();
    A.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut meta = Vec::new();
        for (cue, list) in lists() {
            for phrase in list {
                // Phrases are matched on word boundaries over text tokenised like answers are.
                let tokens: Vec<String> = super::text::words(phrase).into_iter().map(|w| w.lower).collect();
                if tokens.is_empty() {
                    continue;
                }
                patterns.push(format!(" {} ", tokens.join(" ")));
                meta.push((cue, *phrase));
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("cue automaton builds from static phrases");
        Automaton { ac, meta }
    })
}

/// Cue hits of one text (a padded, lower-case, space-joined word string).
#[derive(Debug, Clone, Default)]
pub struct Hits {
    pub counts: [u32; CUE_COUNT],
    pub phrases: Vec<(Cue, &'static str)>,
}

impl Hits {
    pub fn scan(joined: &str) -> Hits {
        let a = automaton();
        let mut h = Hits::default();
        for m in a.ac.find_overlapping_iter(joined) {
            let (cue, phrase) = a.meta[m.pattern().as_usize()];
            h.counts[cue as usize] += 1;
            h.phrases.push((cue, phrase));
        }
        h
    }
    pub fn get(&self, cue: Cue) -> u32 {
        self.counts[cue as usize]
    }
    pub fn has(&self, cue: Cue) -> bool {
        self.get(cue) > 0
    }
    /// Distinct phrases of a cue list that matched.
    pub fn distinct(&self, cue: Cue) -> usize {
        let mut v: Vec<&str> = self
            .phrases
            .iter()
            .filter(|(c, _)| *c == cue)
            .map(|(_, p)| *p)
            .collect();
        v.sort();
        v.dedup();
        v.len()
    }
    pub fn add(&mut self, other: &Hits) {
        for i in 0..CUE_COUNT {
            self.counts[i] += other.counts[i];
        }
        self.phrases.extend(other.phrases.iter().copied());
    }
}
