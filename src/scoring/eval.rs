//! The evaluation set (eval/*.toml): hand-graded answers (1–5) against docs/scoring-rubric.md.
//! Used by `cargo run --release --example eval` (the report) and by a test that fails if the
//! scorer's Spearman ρ falls below what it reached.

use super::offline::OfflineScorer;
use super::result::ScoreResult;
use super::spearman::spearman;
use super::target::Target;
use crate::bank::Category;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub id: String,
    pub category: String,
    pub question: String,
    #[serde(default)]
    pub question_id: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    pub answer: String,
    pub grade: u8,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub why: String,
}

#[derive(Deserialize)]
struct CaseFile {
    cases: Vec<Case>,
}

pub fn load_dir(dir: &Path) -> Result<Vec<Case>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("toml"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let file: CaseFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        cases.extend(file.cases);
    }
    Ok(cases)
}

/// The evaluation set shipped in the binary (`eval/*.toml` at build time), for `coach calibrate`.
pub fn embedded() -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    for (name, text) in [
        ("eval/set-b.toml", include_str!("../../eval/set-b.toml")),
        ("eval/set-c.toml", include_str!("../../eval/set-c.toml")),
    ] {
        let file: CaseFile = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
        cases.extend(file.cases);
    }
    Ok(cases)
}

/// Held-out cases (about a third, chosen by id) are never looked at while tuning.
pub fn is_holdout(id: &str) -> bool {
    let h = id
        .bytes()
        .fold(0x811c9dc5u32, |h, b| (h ^ b as u32).wrapping_mul(0x01000193));
    h % 3 == 0
}

pub struct Scored {
    pub case: Case,
    pub result: ScoreResult,
}

impl Case {
    /// What this case's answer is scored against: its bank question, or its question's text.
    pub fn target(&self, scorer: &OfflineScorer) -> Result<Target, String> {
        let cat = Category::parse(&self.category)
            .ok_or_else(|| format!("{}: unknown category {}", self.id, self.category))?;
        Ok(match self.question_id.as_deref().and_then(|id| scorer.target(id)) {
            Some(t) => t.clone(),
            None => scorer.target_from_text(&self.question, cat),
        })
    }
}

pub fn score_all(scorer: &OfflineScorer, cases: &[Case]) -> Result<Vec<Scored>, String> {
    cases
        .iter()
        .map(|c| {
            let target = c.target(scorer)?;
            Ok(Scored {
                case: c.clone(),
                result: scorer.score(&target, &c.answer),
            })
        })
        .collect()
}

/// ρ between scores and grades.
pub fn rho(items: &[&Scored]) -> f64 {
    let s: Vec<f64> = items.iter().map(|x| x.result.overall as f64).collect();
    let g: Vec<f64> = items.iter().map(|x| x.case.grade as f64).collect();
    spearman(&s, &g)
}

pub struct Summary {
    pub overall: f64,
    pub n: usize,
    pub per_category: BTreeMap<String, (f64, usize)>,
}

pub fn summarize(items: &[&Scored]) -> Summary {
    let mut by: BTreeMap<String, Vec<&Scored>> = BTreeMap::new();
    for x in items {
        let cat = Category::parse(&x.case.category)
            .map(|c| c.slug().to_string())
            .unwrap_or_default();
        by.entry(cat).or_default().push(x);
    }
    Summary {
        overall: rho(items),
        n: items.len(),
        per_category: by.into_iter().map(|(k, v)| (k, (rho(&v), v.len()))).collect(),
    }
}
