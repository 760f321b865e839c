//! How a score was reached, so every number the feedback shows adds up: the parts of the base
//! score (each `points` of at most `max`, summing to the base), then each step between the base
//! and the score (a discount, a cap, hints, the model's blend) with the value after it. The
//! overall score *is* the last value of the ledger: nothing is computed beside it. A leaf.

use serde::{Deserialize, Serialize};

/// One part of the base score: `points` of at most `max` (the maxima of all parts sum to 100).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub what: PartKind,
    pub points: u8,
    pub max: u8,
}

/// What a part measures. The rubric part carries its own score in rubric points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// The category rubric (STAR, technical…), scaled to this part's share.
    Rubric,
    Relevance,
    Specificity,
    Communication,
    Impact,
    Structure,
}

/// A step between the base and the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Multiplied by `pct` percent.
    Times { pct: u8 },
    /// At most `at`.
    Cap { at: u8 },
    /// `points` taken off.
    Minus { points: u8 },
    /// Replaced by the blend of the model's own score with the value before: `model_pct`
    /// percent of `model`.
    Blend { model: u8, model_pct: u8 },
}

/// Why a step was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// A long answer with few specifics for its length.
    LongVague,
    /// Much of the answer is not about the question.
    PartlyOffQuestion,
    /// Asserts one (or more) common misconceptions of the topic.
    Misconception,
    Misconceptions,
    Empty,
    Trivial,
    KeywordStuffing,
    OffTopic,
    NoSubstance,
    /// Too short for a complete answer (the cap depends on the length).
    Short,
    /// Only "we", never what the candidate did.
    WeNotI,
    Hints,
    /// The model's judgement blended in.
    Model,
    /// The offline judgement that the answer is no answer at all: no model may raise it.
    Hopeless,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub op: Op,
    pub why: Why,
    /// The score after this step.
    pub after: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Ledger {
    pub parts: Vec<Part>,
    pub steps: Vec<Step>,
    /// Every cap the offline guards set, binding or not, with its reason: a model's score is
    /// held to them too.
    #[serde(default)]
    pub caps: Vec<(u8, Why)>,
}

impl Op {
    /// The value after this step from the value before it.
    pub fn apply(self, before: u8) -> u8 {
        match self {
            Op::Times { pct } => ((before as u32 * pct as u32 + 50) / 100).min(100) as u8,
            Op::Cap { at } => before.min(at),
            Op::Minus { points } => before.saturating_sub(points),
            Op::Blend { model, model_pct } => {
                let w = model_pct.min(100) as u32;
                ((model as u32 * w + before as u32 * (100 - w) + 50) / 100).min(100) as u8
            }
        }
    }
}

impl Ledger {
    /// The base score: the sum of the parts.
    pub fn base(&self) -> u8 {
        self.parts.iter().map(|p| p.points as u32).sum::<u32>().min(100) as u8
    }

    /// The score: the value after the last step (the base when there is none).
    pub fn value(&self) -> u8 {
        self.steps.last().map_or(self.base(), |s| s.after)
    }

    /// Take a step; a step that changes nothing is not recorded. Returns the new value.
    pub fn push(&mut self, op: Op, why: Why) -> u8 {
        let before = self.value();
        let after = op.apply(before);
        if after != before {
            self.steps.push(Step { op, why, after });
        }
        after
    }

    /// The lowest cap the guards set (100 without one), and why.
    pub fn ceiling(&self) -> (u8, Option<Why>) {
        self.caps
            .iter()
            .min_by_key(|(at, _)| *at)
            .map_or((100, None), |(at, why)| (*at, Some(*why)))
    }

    /// Whether every number adds up: the parts within their maxima and the maxima summing to
    /// 100, and each step's value following from the one before.
    pub fn adds_up(&self) -> bool {
        let max: u32 = self.parts.iter().map(|p| p.max as u32).sum();
        let parts_ok = self.parts.iter().all(|p| p.points <= p.max) && (self.parts.is_empty() || max == 100);
        let mut v = self.base();
        let steps_ok = self.steps.iter().all(|s| {
            let ok = s.op.apply(v) == s.after;
            v = s.after;
            ok
        });
        parts_ok && steps_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(points: u8, max: u8) -> Part {
        Part {
            what: PartKind::Rubric,
            points,
            max,
        }
    }

    #[test]
    fn steps_follow_from_the_base_and_unchanged_ones_are_left_out() {
        let mut l = Ledger {
            parts: vec![part(30, 50), part(20, 50)],
            ..Ledger::default()
        };
        assert_eq!(l.base(), 50);
        assert_eq!(l.push(Op::Times { pct: 80 }, Why::LongVague), 40);
        assert_eq!(
            l.push(Op::Cap { at: 60 }, Why::Short),
            40,
            "a cap above the value changes nothing"
        );
        assert_eq!(l.push(Op::Cap { at: 35 }, Why::Misconception), 35);
        assert_eq!(l.push(Op::Minus { points: 10 }, Why::Hints), 25);
        assert_eq!(l.steps.len(), 3);
        assert_eq!(l.value(), 25);
        assert!(l.adds_up());
        l.steps[1].after = 36;
        assert!(!l.adds_up(), "a step whose value does not follow is caught");
    }

    #[test]
    fn a_blend_weighs_the_model_against_the_value_before() {
        assert_eq!(
            Op::Blend {
                model: 90,
                model_pct: 70
            }
            .apply(40),
            75
        );
        assert_eq!(
            Op::Blend {
                model: 90,
                model_pct: 0
            }
            .apply(40),
            40
        );
        assert_eq!(Op::Times { pct: 85 }.apply(100), 85);
    }
}
