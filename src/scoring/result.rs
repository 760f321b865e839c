//! What scoring produces: [`ScoreResult`] with its dimensions, rubric, evidence, style notes and
//! flags, and which brain produced it. A leaf: every scorer and the feedback build on these types.

use crate::bank::Category;
use crate::scoring::ledger::{Ledger, Op, Why};
use serde::{Deserialize, Serialize};

/// Which brain produced a result. A fallback is never silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BrainKind {
    Offline,
    Llm,
}

/// The five weighted dimensions, each 0–100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Dimensions {
    pub structure: u8,
    pub relevance: u8,
    pub specificity: u8,
    pub communication: u8,
    pub impact: u8,
}

/// Weights of the dimensions (percent).
pub const WEIGHTS: [(&str, u32); 5] = [
    ("structure", 15),
    ("relevance", 30),
    ("specificity", 25),
    ("communication", 15),
    ("impact", 15),
];

impl Dimensions {
    pub fn weighted(&self) -> f64 {
        (self.structure as f64 * 15.0
            + self.relevance as f64 * 30.0
            + self.specificity as f64 * 25.0
            + self.communication as f64 * 15.0
            + self.impact as f64 * 15.0)
            / 100.0
    }
    pub fn as_list(&self) -> [(&'static str, u8); 5] {
        [
            ("structure", self.structure),
            ("relevance", self.relevance),
            ("specificity", self.specificity),
            ("communication", self.communication),
            ("impact", self.impact),
        ]
    }
}

/// One item of a category rubric (e.g. STAR's "result", worth 30).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RubricItem {
    pub key: String,
    pub label: String,
    pub max: u8,
    pub score: u8,
    /// The sentence of the answer that earned it, if one did.
    pub evidence: Option<String>,
    /// What was seen or missing, in a few words.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    pub name: String,
    pub items: Vec<RubricItem>,
}

impl Rubric {
    pub fn total(&self) -> u32 {
        self.items.iter().map(|i| i.score as u32).sum()
    }
    pub fn max(&self) -> u32 {
        self.items.iter().map(|i| i.max as u32).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPointHit {
    pub point: String,
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Evidence {
    /// Figures, names and technologies that counted as specifics.
    pub specifics: Vec<String>,
    /// The sentence that showed the result or impact.
    pub result_sentence: Option<String>,
    pub key_points_covered: Vec<KeyPointHit>,
    pub key_points_missed: Vec<String>,
    /// Common wrong claims on the topic that the answer makes, each with its correction.
    #[serde(default)]
    pub misconceptions: Vec<MisconceptionHit>,
}

/// A common wrong claim found in an answer: the claim, what is true instead, and the sentence
/// of the answer that makes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MisconceptionHit {
    pub claim: String,
    pub correction: String,
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StyleNotes {
    pub words: u32,
    pub sentences: u32,
    /// Filler words and how often each was used.
    pub fillers: Vec<(String, u32)>,
    pub hedges: Vec<String>,
    /// Sentences with a hedge ("I think", "maybe"…): the rest are stated outright.
    #[serde(default)]
    pub hedged_sentences: u32,
    /// Filler words in all ("um", "like", "basically"…).
    #[serde(default)]
    pub filler_count: u32,
    pub buzzwords: u32,
    /// Sentences where the candidate says what *they* did.
    pub i_statements: u32,
    /// Sentences that only say what "we" did.
    pub we_statements: u32,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    Empty,
    Trivial,
    TooShort,
    OffTopic,
    KeywordStuffing,
    InstructionIgnored,
    /// Nothing concrete to judge: a STAR shape of labels and jargon with no event, figure or
    /// name, or text addressed to the grader with nothing real around it.
    NoSubstance,
    WeNotI,
    Buzzwords,
    Fillers,
    Hedging,
    TooLong,
    HintsUsed,
    Truncated,
}

impl Flag {
    pub fn slug(self) -> &'static str {
        match self {
            Flag::Empty => "empty",
            Flag::Trivial => "trivial",
            Flag::TooShort => "too_short",
            Flag::OffTopic => "off_topic",
            Flag::KeywordStuffing => "keyword_stuffing",
            Flag::InstructionIgnored => "instruction_ignored",
            Flag::NoSubstance => "no_substance",
            Flag::WeNotI => "we_not_i",
            Flag::Buzzwords => "buzzwords",
            Flag::Fillers => "fillers",
            Flag::Hedging => "hedging",
            Flag::TooLong => "too_long",
            Flag::HintsUsed => "hints_used",
            Flag::Truncated => "truncated",
        }
    }
}

/// A scored answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreResult {
    /// 0–100.
    pub overall: u8,
    pub brain: BrainKind,
    pub category: Category,
    pub breakdown: Dimensions,
    pub rubric: Rubric,
    pub evidence: Evidence,
    pub style: StyleNotes,
    pub flags: Vec<Flag>,
    /// Points taken off for hints used.
    #[serde(default)]
    pub hint_penalty: u8,
    /// How the score was reached: the parts of the base and every step after it. `overall` is
    /// its last value (results stored before it existed have an empty ledger).
    #[serde(default)]
    pub ledger: Ledger,
    pub strengths: Vec<String>,
    /// The one concrete improvement.
    pub improvement: String,
    /// A stronger-answer skeleton built from the candidate's own sentences.
    pub skeleton: String,
    pub summary: String,
}

impl ScoreResult {
    pub fn has(&self, f: Flag) -> bool {
        self.flags.contains(&f)
    }

    /// Judged no answer to its question at all: empty, trivial, off-topic, keyword stuffing, or
    /// no substance (a STAR shell of jargon, or text to the grader with nothing real around it).
    /// No model may raise such an answer, it gets no follow-up, and none of its parts is a
    /// strength.
    pub fn hopeless(&self) -> bool {
        [
            Flag::Empty,
            Flag::Trivial,
            Flag::OffTopic,
            Flag::KeywordStuffing,
            Flag::NoSubstance,
        ]
        .iter()
        .any(|f| self.has(*f))
    }

    /// Take points off for hints (noted in the result).
    pub fn apply_hints(&mut self, hints_used: u32) {
        if hints_used == 0 {
            return;
        }
        let penalty = (hints_used * 5).min(15) as u8;
        self.hint_penalty = penalty;
        self.overall = self.overall.saturating_sub(penalty);
        if !self.ledger.parts.is_empty() {
            self.ledger.push(Op::Minus { points: penalty }, Why::Hints);
        }
        if !self.flags.contains(&Flag::HintsUsed) {
            self.flags.push(Flag::HintsUsed);
        }
    }
}
