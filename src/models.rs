//! What the coach keeps about each model it has met, in the store (`k/<model>/…`): the share of
//! the score it has earned — grading the hand-graded evaluation set with it (what `coach
//! calibrate` runs) and choosing the share ([`crate::scoring::calibration::choose`]) — and the
//! structured-output mode its server takes. Each graded answer is stored as soon as it is graded,
//! so a slow local model can be calibrated over several runs (an interrupted run resumes; runs over different subsets add up).
//!
//! At start-up the engine's score weight is resolved here: `COACH_LLM_SCORE_WEIGHT` when set,
//! else the stored calibration of the configured model, else 0 (uncalibrated: the model writes
//! the feedback, the offline scorer sets the number).

use crate::bank::{Bank, Category};
use crate::config::Config;
use crate::llm::{Llm, LlmError, LlmSettings, Prompts, Usage};
use crate::scoring::OfflineScorer;
use crate::scoring::calibration::{Calibration, CaseResult, ScoreWeight, WeightSource, choose, rho, rho_model_alone};
use crate::scoring::eval::Case;
use crate::scoring::llm::{GradeContext, Grader, grade, guard_cap};
use crate::store::{Batch, Record, Store, StoreError, keys};

/// Why a calibration run stopped (the answers graded until then are kept).
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An evaluation case that cannot be scored (its problem, as `scoring::eval` words it).
    #[error(transparent)]
    Case(#[from] crate::scoring::eval::EvalError),
    #[error("the model stopped answering ({0}); the answers graded so far are kept: run again to resume")]
    ModelStopped(LlmError),
}

impl Record for CaseResult {}
impl Record for Calibration {}

/// The structured-output mode a model's server was found to accept, kept per model so a
/// restart starts there instead of probing (and failing) again.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StructuredOutput {
    /// A [`crate::llm::JsonMode::label`].
    pub mode: String,
    pub found: chrono::DateTime<chrono::Utc>,
}

impl Record for StructuredOutput {}

/// The mode remembered for this model, if any (an unreadable record counts as none).
pub fn remembered_json_mode(store: &Store, settings: &LlmSettings) -> Option<crate::llm::JsonMode> {
    let kept = store
        .get::<StructuredOutput>(&keys::json_mode(&model_key(settings)))
        .ok()??;
    crate::llm::JsonMode::from_label(&kept.mode)
}

/// Keep the mode for this model (durably; a failure is logged, the model works on).
pub async fn remember_json_mode(store: &Store, settings: &LlmSettings, mode: crate::llm::JsonMode) {
    let mut b = Batch::default();
    b.put(
        &keys::json_mode(&model_key(settings)),
        &StructuredOutput {
            mode: mode.label().to_string(),
            found: chrono::Utc::now(),
        },
    );
    if let Err(e) = store.commit(b).await {
        tracing::warn!(error = %e, "could not keep the model's structured-output mode");
    }
}

/// The name a model's calibration is kept under: model and endpoint.
pub fn model_key(s: &LlmSettings) -> String {
    format!("{}@{}", s.model, s.base_url.trim_end_matches('/'))
}

/// Where calibrations can be read from.
#[derive(Clone, Copy)]
pub enum Calibrations<'a> {
    In(&'a Store),
    /// No data directory yet: nothing was ever calibrated.
    None,
    /// The data directory is held by a running coach.
    Unreadable,
}

/// The weight the engine uses (see the module documentation).
pub fn resolve(config: &Config, calibrations: Calibrations<'_>) -> ScoreWeight {
    let Some(settings) = &config.llm else {
        return ScoreWeight::offline();
    };
    if let Some(w) = config.llm_score_weight {
        return ScoreWeight {
            weight: w,
            source: WeightSource::Configured,
        };
    }
    let stored = match calibrations {
        Calibrations::In(store) => store.get::<Calibration>(&keys::calibration(&model_key(settings))),
        Calibrations::None => Ok(None),
        Calibrations::Unreadable => {
            return ScoreWeight {
                weight: 0.0,
                source: WeightSource::Unknown,
            };
        }
    };
    match stored {
        Ok(Some(c)) => ScoreWeight {
            weight: c.weight,
            source: WeightSource::Calibrated(Box::new(c)),
        },
        _ => ScoreWeight {
            weight: 0.0,
            source: WeightSource::Uncalibrated,
        },
    }
}

/// Which cases a run grades.
#[derive(Debug, Clone)]
pub struct Options {
    /// Every k-th case (1 = all).
    pub every: usize,
    /// Start at this case.
    pub skip: usize,
    /// At most this many cases.
    pub limit: usize,
    /// Forget this model's earlier results first.
    pub fresh: bool,
}

/// What happened to one case of a run.
pub enum Progress<'a> {
    /// Already graded by an earlier run.
    Kept(&'a CaseResult),
    Graded(&'a CaseResult),
    FellBack(&'a CaseResult, String),
}

/// Grade the selected cases (resuming), then choose and store the weight from every stored
/// result of this model on this set.
pub async fn run(
    store: &Store,
    llm: &Llm,
    prompts: &Prompts,
    bank: &Bank,
    cases: &[Case],
    opts: &Options,
    mut progress: impl FnMut(usize, usize, Progress<'_>),
) -> Result<(Vec<CaseResult>, Calibration), CalibrateError> {
    let model = model_key(&llm.settings);
    if opts.fresh {
        let mut b = Batch::default();
        for (k, _) in store.scan_raw(&keys::calibration_prefix(&model))? {
            b.delete(&k);
        }
        store.commit(b).await?;
    }
    let scorer = OfflineScorer::new(bank);
    let grader = Grader {
        llm,
        prompts,
        weight: 1.0,
    };
    let selected: Vec<&Case> = cases
        .iter()
        .skip(opts.skip)
        .step_by(opts.every.max(1))
        .take(opts.limit)
        .collect();
    let total = selected.len();
    for (i, c) in selected.into_iter().enumerate() {
        let key = keys::calibration_case(&model, &c.id);
        if let Some(done) = store.get::<CaseResult>(&key)?.filter(|r| r.model.is_some()) {
            progress(i + 1, total, Progress::Kept(&done));
            continue;
        }
        let target = c.target(&scorer)?;
        let offline = scorer.score(&target, &c.answer);
        let mut row = CaseResult {
            id: c.id.clone(),
            // The case's own category (validated by `target` above), as the ρ table groups them.
            category: Category::parse(&c.category).map_or_else(|| c.category.clone(), |k| k.slug().to_string()),
            grade: c.grade,
            offline: offline.overall,
            model: None,
            cap: guard_cap(&offline),
            tokens: 0,
            seconds: 0.0,
        };
        let ctx = GradeContext::standalone(&c.question, c.role.as_deref().unwrap_or("general"));
        let mut usage = Usage::default();
        let started = std::time::Instant::now();
        let graded = grade(&grader, &ctx, &target, &c.answer, offline, &mut usage).await;
        row.tokens = usage.total();
        row.seconds = started.elapsed().as_secs_f64();
        let failed = match graded {
            Ok((_, decision)) => {
                row.model = decision.model_overall;
                None
            }
            Err((_, e)) => Some(e),
        };
        let mut b = Batch::default();
        b.put(&key, &row);
        store.commit(b).await?;
        match failed {
            None => progress(i + 1, total, Progress::Graded(&row)),
            Some(e) => {
                progress(i + 1, total, Progress::FellBack(&row, e.to_string()));
                if llm.paused().is_some() {
                    return Err(CalibrateError::ModelStopped(e));
                }
            }
        }
    }
    // Every stored result of this model on this set, in the set's order.
    let stored: std::collections::HashMap<String, CaseResult> = store
        .scan::<CaseResult>(&keys::calibration_cases(&model))?
        .into_iter()
        .map(|(_, r)| (r.id.clone(), r))
        .collect();
    let rows: Vec<CaseResult> = cases.iter().filter_map(|c| stored.get(&c.id).cloned()).collect();
    let (weight, reason) = choose(&rows);
    let all: Vec<&CaseResult> = rows.iter().collect();
    let cal = Calibration {
        model: model.clone(),
        weight,
        cases: rows.len(),
        fallbacks: rows.iter().filter(|r| r.model.is_none()).count(),
        rho_offline: rho(&all, 0.0),
        rho_chosen: rho(&all, weight),
        rho_model: rho_model_alone(&all),
        reason,
        measured_at: chrono::Utc::now().to_rfc3339(),
    };
    let mut b = Batch::default();
    b.put(&keys::calibration(&model), &cal);
    store.commit(b).await?;
    Ok((rows, cal))
}

/// The report printed by `coach calibrate`: ρ per category at each weight.
pub fn table(rows: &[CaseResult], cal: &Calibration) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let weights = [0.1, 0.25, 0.5, 0.75];
    let _ = writeln!(
        out,
        "Spearman's rho against the hand grades (w = the model's share of the score):"
    );
    let _ = writeln!(
        out,
        "{:<14} {:>4} {:>8} {:>7} {:>7} {:>7} {:>7} {:>7}",
        "set", "n", "offline", "w=0.1", "w=0.25", "w=0.5", "w=0.75", "model"
    );
    let line = |out: &mut String, name: &str, set: &[&CaseResult]| {
        let _ = write!(out, "{:<14} {:>4} {:>8.3}", name, set.len(), rho(set, 0.0));
        for w in weights {
            let _ = write!(out, " {:>7.3}", rho(set, w));
        }
        let _ = writeln!(out, " {:>7.3}", rho_model_alone(set));
    };
    let all: Vec<&CaseResult> = rows.iter().collect();
    line(&mut out, "all", &all);
    let mut cats: Vec<&str> = rows.iter().map(|r| r.category.as_str()).collect();
    cats.sort();
    cats.dedup();
    for c in cats {
        let set: Vec<&CaseResult> = rows.iter().filter(|r| r.category == c).collect();
        line(&mut out, c, &set);
    }
    let tokens: u64 = rows.iter().map(|r| r.tokens).sum();
    let secs: f64 = rows.iter().map(|r| r.seconds).sum();
    let _ = writeln!(
        out,
        "\n{} answers, {} fell back to offline, {:.1} s and {} tokens per answer",
        cal.cases,
        cal.fallbacks,
        secs / rows.len().max(1) as f64,
        tokens / rows.len().max(1) as u64
    );
    let _ = writeln!(out, "model {}: weight {} — {}", cal.model, cal.weight, cal.reason);
    out
}
