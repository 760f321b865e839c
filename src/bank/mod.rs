//! The curated question bank and interviewer personas: loaded from `data/` (embedded in the binary,
//! or from `COACH_BANK_DIR`), validated at load, searchable.

pub mod catalog;
mod persona;
mod search;

pub use catalog::{Category, Difficulty, Level};
pub use persona::{PERSONA_IDS, Persona, PersonaSet};
pub use search::{BankQuery, SearchHit};

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use thiserror::Error;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub text: String,
    #[serde(default = "placeholder_category")]
    pub category: Category,
    pub competency: String,
    pub roles: Vec<String>,
    pub difficulty: Difficulty,
    pub time_limit_secs: u32,
    pub hints: Vec<String>,
    pub follow_ups: Vec<String>,
    pub key_points: Vec<String>,
    pub keywords: Vec<String>,
    #[serde(default)]
    pub sample_answer: Option<String>,
    /// The ways people actually say each key point (paraphrases, synonyms, abbreviations), keyed
    /// by the key point's exact text: `[questions.forms]` in the TOML.
    #[serde(default)]
    pub forms: BTreeMap<String, Vec<String>>,
    /// Common wrong claims on the question's topic, each with its correction:
    /// `[[questions.misconceptions]]` in the TOML.
    #[serde(default)]
    pub misconceptions: Vec<Misconception>,
}

/// A wrong claim people commonly make on a question's topic.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Misconception {
    /// The claim, stated plainly ("An index makes every write faster").
    pub claim: String,
    /// Other ways people say it.
    #[serde(default)]
    pub forms: Vec<String>,
    /// What is true instead, in a sentence the feedback can show.
    pub correction: String,
    /// The key point it contradicts, by its exact text, if it contradicts one.
    #[serde(default)]
    pub contradicts: Option<String>,
}

fn placeholder_category() -> Category {
    Category::Behavioral
}

impl Question {
    pub fn fits_role(&self, role: Option<&str>) -> bool {
        match role {
            None => true,
            Some(r) => self.roles.iter().any(|x| x == "any" || x == r),
        }
    }
    pub fn is_general(&self) -> bool {
        self.roles.iter().any(|x| x == "any")
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    category: String,
    questions: Vec<Question>,
}

#[derive(Debug, Error)]
#[error("question bank: {file}: {id}: {problem}")]
pub struct BankError {
    pub file: String,
    pub id: String,
    pub problem: String,
}

/// Files embedded in the binary: the offline engine works from any directory.
pub const EMBEDDED_QUESTIONS: &[(&str, &str)] = &[
    ("behavioral.toml", include_str!("../../data/questions/behavioral.toml")),
    ("technical.toml", include_str!("../../data/questions/technical.toml")),
    (
        "system_design.toml",
        include_str!("../../data/questions/system_design.toml"),
    ),
    ("case.toml", include_str!("../../data/questions/case.toml")),
    (
        "situational.toml",
        include_str!("../../data/questions/situational.toml"),
    ),
    ("motivation.toml", include_str!("../../data/questions/motivation.toml")),
];
pub const EMBEDDED_PERSONAS: &str = include_str!("../../data/personas.toml");

pub struct Bank {
    questions: Vec<Question>,
    by_id: HashMap<String, usize>,
}

impl Bank {
    /// The bank embedded in the binary.
    pub fn embedded() -> Result<Bank, BankError> {
        let files: Vec<(String, String)> = EMBEDDED_QUESTIONS
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        Bank::from_files(&files)
    }

    /// Every `*.toml` file of a directory.
    pub fn from_dir(dir: &Path) -> Result<Bank, BankError> {
        let err = |problem: String| BankError {
            file: dir.display().to_string(),
            id: "-".into(),
            problem,
        };
        let mut files = Vec::new();
        let entries = std::fs::read_dir(dir).map_err(|e| err(e.to_string()))?;
        for entry in entries {
            let path = entry.map_err(|e| err(e.to_string()))?.path();
            if path.extension().and_then(|e| e.to_str()) == Some("toml") {
                let text = std::fs::read_to_string(&path).map_err(|e| err(format!("{}: {e}", path.display())))?;
                files.push((path.file_name().unwrap_or_default().to_string_lossy().to_string(), text));
            }
        }
        files.sort();
        Bank::from_files(&files)
    }

    pub fn from_files(files: &[(String, String)]) -> Result<Bank, BankError> {
        let mut questions = Vec::new();
        let mut by_id = HashMap::new();
        for (name, text) in files {
            let parsed: QuestionFile = toml::from_str(text).map_err(|e| BankError {
                file: name.clone(),
                id: "-".into(),
                problem: e.to_string(),
            })?;
            let category = Category::parse(&parsed.category).ok_or_else(|| BankError {
                file: name.clone(),
                id: "-".into(),
                problem: format!("unknown category {:?}", parsed.category),
            })?;
            for mut q in parsed.questions {
                q.category = category;
                validate(&q, name)?;
                if by_id.insert(q.id.clone(), questions.len()).is_some() {
                    return Err(BankError {
                        file: name.clone(),
                        id: q.id.clone(),
                        problem: "duplicate id".into(),
                    });
                }
                questions.push(q);
            }
        }
        if questions.is_empty() {
            return Err(BankError {
                file: "-".into(),
                id: "-".into(),
                problem: "the bank has no questions".into(),
            });
        }
        Ok(Bank { questions, by_id })
    }

    pub fn get(&self, id: &str) -> Option<&Question> {
        self.by_id.get(id).map(|&i| &self.questions[i])
    }

    pub fn all(&self) -> &[Question] {
        &self.questions
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// Competencies present in a category, sorted.
    pub fn competencies(&self, category: Category) -> Vec<String> {
        let mut v: Vec<String> = self
            .questions
            .iter()
            .filter(|q| q.category == category)
            .map(|q| q.competency.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    pub fn count(&self, category: Category) -> usize {
        self.questions.iter().filter(|q| q.category == category).count()
    }
}

/// The first problem of a question of the file `file`, as a [`BankError`].
fn validate(q: &Question, file: &str) -> Result<(), BankError> {
    let bad = |problem: String| {
        Err(BankError {
            file: file.to_string(),
            id: q.id.clone(),
            problem,
        })
    };
    if q.id.is_empty()
        || !q
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return bad("id must be non-empty and use only a-z, 0-9 and '-'".into());
    }
    if !q.id.starts_with(q.category.id_prefix()) {
        return bad(format!("id must start with {:?}", q.category.id_prefix()));
    }
    if q.text.trim().len() < 10 {
        return bad("text is missing or too short".into());
    }
    if q.competency.trim().is_empty()
        || !q
            .competency
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return bad("competency must be lower-case words joined by '_'".into());
    }
    match q.category {
        Category::Behavioral if !catalog::BEHAVIORAL_COMPETENCIES.contains(&q.competency.as_str()) => {
            return bad(format!("unknown behavioural competency {:?}", q.competency));
        }
        Category::Motivation if !catalog::MOTIVATION_COMPETENCIES.contains(&q.competency.as_str()) => {
            return bad(format!("unknown motivation competency {:?}", q.competency));
        }
        _ => {}
    }
    if q.roles.is_empty() {
        return bad("roles is empty (use [\"any\"])".into());
    }
    for r in &q.roles {
        if r != "any" && catalog::role(r).is_none() {
            return bad(format!("unknown role {r:?}"));
        }
    }
    if !(60..=900).contains(&q.time_limit_secs) {
        return bad("time_limit_secs must be within 60..=900".into());
    }
    let non_empty = |v: &Vec<String>| v.iter().all(|s| !s.trim().is_empty());
    if q.hints.is_empty() || !non_empty(&q.hints) {
        return bad("needs at least one hint, none empty".into());
    }
    if q.follow_ups.is_empty() || !non_empty(&q.follow_ups) {
        return bad("needs at least one follow-up, none empty".into());
    }
    if q.key_points.len() < 2 || !non_empty(&q.key_points) {
        return bad("needs at least two key points, none empty".into());
    }
    if q.keywords.is_empty() || !non_empty(&q.keywords) {
        return bad("needs at least one keyword, none empty".into());
    }
    if let Some(s) = &q.sample_answer
        && s.split_whitespace().count() < 30
    {
        return bad("sample_answer is shorter than 30 words".into());
    }
    for (point, forms) in &q.forms {
        if !q.key_points.contains(point) {
            return bad(format!("forms for {point:?}, which is not one of its key points"));
        }
        if forms.is_empty() || !non_empty(forms) {
            return bad(format!("forms for {point:?} is empty or has an empty entry"));
        }
    }
    for m in &q.misconceptions {
        if m.claim.trim().is_empty() || m.correction.trim().is_empty() || !non_empty(&m.forms) {
            return bad("a misconception needs a claim and a correction, and no empty form".into());
        }
        if let Some(k) = &m.contradicts
            && !q.key_points.contains(k)
        {
            return bad(format!(
                "misconception {:?} contradicts {k:?}, which is not one of its key points",
                m.claim
            ));
        }
    }
    Ok(())
}
