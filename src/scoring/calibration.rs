//! Per-model calibration of the LLM's share of the score.
//!
//! A model's grades only move the score by as much as they have earned on hand-graded answers:
//! `coach calibrate` grades the evaluation set with the configured model, and [`choose`] picks
//! the blend weight. A weight above 0 is accepted only when, on enough answers, it ranks the set
//! better than the offline scorer by a margin, and at least as well on each half (even and odd
//! cases), so a weight that merely fits noise in one half is refused. Anything else gives 0:
//! the model still writes the feedback, follow-ups and report, but the number stays the offline
//! scorer's. An uncalibrated model also gets 0. This is what keeps "the LLM path never ranks the
//! set worse than the offline scorer" true for any model, weak or strong.

use super::llm::blend;
use super::spearman::spearman;
use serde::{Deserialize, Serialize};

/// Weights tried, in order; ties go to the smaller one.
pub const WEIGHTS: [f64; 6] = [0.0, 0.1, 0.25, 0.5, 0.75, 1.0];
/// A share is earned only by ranking the whole set better than offline by at least this much.
pub const MARGIN: f64 = 0.01;
/// Fewer graded answers than this (with a model score) never earn a weight above 0.
pub const MIN_CASES: usize = 30;

/// One graded answer of the evaluation set, as the model and the offline scorer saw it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CaseResult {
    pub id: String,
    pub category: String,
    /// The hand grade, 1–5.
    pub grade: u8,
    pub offline: u8,
    /// The model's own overall; `None` when the call fell back to offline.
    pub model: Option<u8>,
    /// The offline guard's cap for this answer.
    pub cap: u8,
    /// Tokens the call used.
    #[serde(default)]
    pub tokens: u64,
    /// Seconds the call took.
    #[serde(default)]
    pub seconds: f64,
}

impl CaseResult {
    /// The score this answer gets at `weight` (a fallback scores as offline).
    pub fn at(&self, weight: f64) -> u8 {
        match self.model {
            Some(m) => blend(self.offline, m, self.cap, weight),
            None => self.offline,
        }
    }
}

/// Spearman's ρ between the hand grades and the scores at `weight`.
pub fn rho(rows: &[&CaseResult], weight: f64) -> f64 {
    let s: Vec<f64> = rows.iter().map(|r| r.at(weight) as f64).collect();
    let g: Vec<f64> = rows.iter().map(|r| r.grade as f64).collect();
    spearman(&s, &g)
}

/// ρ of the model's own scores (fallbacks left out).
pub fn rho_model_alone(rows: &[&CaseResult]) -> f64 {
    let with: Vec<&CaseResult> = rows.iter().copied().filter(|r| r.model.is_some()).collect();
    let s: Vec<f64> = with.iter().map(|r| r.model.unwrap_or(0) as f64).collect();
    let g: Vec<f64> = with.iter().map(|r| r.grade as f64).collect();
    spearman(&s, &g)
}

/// The outcome of a calibration, stored per model.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Calibration {
    /// `model @ base URL`.
    pub model: String,
    /// The chosen share of the model in the score.
    pub weight: f64,
    pub cases: usize,
    pub fallbacks: usize,
    pub rho_offline: f64,
    /// ρ at the chosen weight (equal to `rho_offline` at weight 0).
    pub rho_chosen: f64,
    pub rho_model: f64,
    /// Why this weight, in one sentence.
    pub reason: String,
    /// RFC 3339 time of the calibration.
    pub measured_at: String,
}

/// Pick the weight for these results (see the module documentation).
pub fn choose(rows: &[CaseResult]) -> (f64, String) {
    let all: Vec<&CaseResult> = rows.iter().collect();
    let scored = rows.iter().filter(|r| r.model.is_some()).count();
    if scored < MIN_CASES {
        return (
            0.0,
            format!("only {scored} answers graded by the model (need {MIN_CASES}): the score stays offline"),
        );
    }
    let even: Vec<&CaseResult> = rows.iter().step_by(2).collect();
    let odd: Vec<&CaseResult> = rows.iter().skip(1).step_by(2).collect();
    let base = (rho(&all, 0.0), rho(&even, 0.0), rho(&odd, 0.0));
    let mut best = (0.0, base.0);
    for &w in &WEIGHTS[1..] {
        let r = (rho(&all, w), rho(&even, w), rho(&odd, w));
        let holds = r.0 >= base.0 + MARGIN && r.1 >= base.1 && r.2 >= base.2;
        if holds && r.0 > best.1 + 1e-9 {
            best = (w, r.0);
        }
    }
    if best.0 == 0.0 {
        (
            0.0,
            format!(
                "no weight above 0 ranked the set better than the offline scorer (ρ {:.3}) by {MARGIN} and held on both halves: the score stays offline",
                base.0
            ),
        )
    } else {
        (
            best.0,
            format!(
                "weight {} ranked the set best (ρ {:.3} vs {:.3} offline) and held on both halves",
                best.0, best.1, base.0
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize, grade: u8, offline: u8, model: u8) -> CaseResult {
        CaseResult {
            id: format!("x-{i}"),
            category: "behavioral".into(),
            grade,
            offline,
            model: Some(model),
            cap: 100,
            tokens: 0,
            seconds: 0.0,
        }
    }

    /// Offline is right about the order but noisy; the model follows the grades exactly.
    fn rows(model: impl Fn(u8, usize) -> u8) -> Vec<CaseResult> {
        (0..60)
            .map(|i| {
                let grade = (i % 5) as u8 + 1;
                let noise = ((i * 37) % 23) as i32 - 11;
                let offline = (grade as i32 * 16 + noise).clamp(0, 100) as u8;
                row(i, grade, offline, model(grade, i))
            })
            .collect()
    }

    #[test]
    fn a_model_that_follows_the_grades_earns_a_weight() {
        let r = rows(|g, _| g * 19);
        let (w, why) = choose(&r);
        assert!(w > 0.0, "{why}");
        let all: Vec<&CaseResult> = r.iter().collect();
        assert!(rho(&all, w) >= rho(&all, 0.0));
    }

    #[test]
    fn a_lenient_model_gets_nothing() {
        // Says 90ish to everything, with noise unrelated to the grade.
        let r = rows(|_, i| 85 + ((i * 7) % 11) as u8);
        let (w, why) = choose(&r);
        assert_eq!(w, 0.0, "{why}");
    }

    #[test]
    fn too_few_answers_get_nothing() {
        let r: Vec<CaseResult> = rows(|g, _| g * 19).into_iter().take(MIN_CASES - 1).collect();
        assert_eq!(choose(&r).0, 0.0);
    }

    #[test]
    fn weight_zero_is_the_offline_score() {
        let r = row(0, 1, 37, 95);
        assert_eq!(r.at(0.0), 37);
        let capped = CaseResult {
            cap: 12,
            offline: 8,
            ..r
        };
        assert_eq!(capped.at(1.0), 12);
    }
}

/// Where the score weight in use came from.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightSource {
    /// No model: the offline scorer alone.
    NoModel,
    /// `COACH_LLM_SCORE_WEIGHT`.
    Configured,
    /// `coach calibrate` measured this model.
    Calibrated(Box<Calibration>),
    /// A model that was never calibrated: its share is 0.
    Uncalibrated,
    /// The store could not be read (another coach process holds it): share 0.
    Unknown,
}

/// The model's share of a blended answer score, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreWeight {
    pub weight: f64,
    pub source: WeightSource,
}

impl ScoreWeight {
    pub fn offline() -> ScoreWeight {
        ScoreWeight {
            weight: 0.0,
            source: WeightSource::NoModel,
        }
    }

    /// One line for /status and `coach doctor`.
    pub fn describe(&self) -> String {
        match &self.source {
            WeightSource::NoModel => "offline rubric scorer".into(),
            WeightSource::Configured => format!(
                "model's share {} (set by COACH_LLM_SCORE_WEIGHT), offline guards cap it",
                self.weight
            ),
            WeightSource::Calibrated(c) => format!(
                "model's share {} (calibrated on {} graded answers: ρ {:.2} vs {:.2} offline)",
                self.weight, c.cases, c.rho_chosen, c.rho_offline
            ),
            WeightSource::Unknown => {
                "offline rubric score; the model writes the feedback (its calibration could not be read: the data directory is in use)".into()
            }
            WeightSource::Uncalibrated => {
                "offline rubric score; the model writes the feedback (run `coach calibrate` to let a measured model share the score)".into()
            }
        }
    }
}
