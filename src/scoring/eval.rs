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
use std::path::{Path, PathBuf};

/// Why the evaluation set could not be loaded or scored. The message names the file or case;
/// the underlying error is part of it (not a separate source, so it is not printed twice).
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{}: {error}", .path.display())]
    Read { path: PathBuf, error: std::io::Error },
    #[error("{file}: {error}")]
    Parse { file: String, error: toml::de::Error },
    #[error("{id}: unknown category {category}")]
    UnknownCategory { id: String, category: String },
}

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

pub fn load_dir(dir: &Path) -> Result<Vec<Case>, EvalError> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|error| EvalError::Read {
            path: dir.to_path_buf(),
            error,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("toml"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|error| EvalError::Read { path: f.clone(), error })?;
        let file: CaseFile = toml::from_str(&text).map_err(|error| EvalError::Parse {
            file: f.display().to_string(),
            error,
        })?;
        cases.extend(file.cases);
    }
    Ok(cases)
}

/// The evaluation set shipped in the binary (`eval/*.toml` at build time), for `coach calibrate`.
pub fn embedded() -> Result<Vec<Case>, EvalError> {
    let mut cases = Vec::new();
    for (name, text) in [
        ("eval/set-b.toml", include_str!("../../eval/set-b.toml")),
        ("eval/set-c.toml", include_str!("../../eval/set-c.toml")),
    ] {
        let file: CaseFile = toml::from_str(text).map_err(|error| EvalError::Parse {
            file: name.to_string(),
            error,
        })?;
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
    pub fn target(&self, scorer: &OfflineScorer) -> Result<Target, EvalError> {
        let cat = Category::parse(&self.category).ok_or_else(|| EvalError::UnknownCategory {
            id: self.id.clone(),
            category: self.category.clone(),
        })?;
        Ok(match self.question_id.as_deref().and_then(|id| scorer.target(id)) {
            Some(t) => t.clone(),
            None => scorer.target_from_text(&self.question, cat),
        })
    }
}

pub fn score_all(scorer: &OfflineScorer, cases: &[Case]) -> Result<Vec<Scored>, EvalError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `coach calibrate --eval-dir` reports these: each names the directory, file or case.
    #[test]
    fn errors_name_the_directory_file_or_case() {
        let dir = std::env::temp_dir().join(format!("coach-eval-errors-{}", std::process::id()));
        let e = load_dir(&dir.join("absent")).unwrap_err();
        assert!(matches!(e, EvalError::Read { .. }), "{e:?}");
        assert!(
            e.to_string()
                .starts_with(&format!("{}: ", dir.join("absent").display())),
            "{e}"
        );

        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("bad.toml"), "cases = 3\n").unwrap();
        let e = load_dir(&dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(matches!(e, EvalError::Parse { .. }), "{e:?}");
        assert!(
            e.to_string()
                .starts_with(&format!("{}: ", dir.join("bad.toml").display())),
            "{e}"
        );

        let bank = crate::bank::Bank::embedded().unwrap();
        let scorer = OfflineScorer::new(&bank);
        let case = Case {
            id: "x-1".into(),
            category: "poetry".into(),
            question: "Why?".into(),
            question_id: None,
            role: None,
            answer: "Because.".into(),
            grade: 1,
            tags: Vec::new(),
            why: String::new(),
        };
        let e = case.target(&scorer).unwrap_err();
        assert_eq!(e.to_string(), "x-1: unknown category poetry");
        assert_eq!(
            score_all(&scorer, &[case]).err().map(|e| e.to_string()).as_deref(),
            Some("x-1: unknown category poetry")
        );
    }
}
