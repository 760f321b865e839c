//! Coach chat outside interviews. Offline, it matches what the user wrote to a curated guide
//! (data/guides.toml) and to bank questions; it never pretends to be a model and never invents.
//! `docs.rs` holds the user's CV and target job description as stored (issue #18);
//! `questions/` the tailored questions (/questions, /mock from-jd) and `company.rs` company and
//! industry prep (/company); `draft.rs` + `figures.rs` the answer drafter and library. The coach
//! chat of issue #18: `intents.rs` (what a message asks for, recognised offline), `memory.rs`
//! (the conversation's bounded context and running summary), `suggest.rs` (/suggest's ranking of
//! improvements from the user's answers), `ask.rs` (questions to ask the interviewer).
//! `extract/` turns a document's bytes into text, `parse/` reads a CV or a posting, and
//! `examples.rs` ranks a CV's lines against a question (BM25).

pub mod ask;
pub mod company;
pub mod docs;
pub mod draft;
pub mod examples;
pub mod extract;
mod figures;
pub mod intents;
pub mod memory;
pub mod parse;
pub mod questions;
pub mod suggest;

use crate::bank::{Bank, BankQuery, Question};
use crate::scoring::text::{self, Analysis};
use serde::Deserialize;

pub const EMBEDDED_GUIDES: &str = include_str!("../../data/guides.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub id: String,
    pub title: String,
    pub triggers: Vec<String>,
    pub summary: String,
    pub steps: Vec<String>,
    pub template: String,
    #[serde(default)]
    pub example: Option<String>,
    pub tips: Vec<String>,
    pub commands: Vec<String>,
    /// Bank questions to practise this with, by id.
    #[serde(default)]
    pub practice: Vec<String>,
}

impl Guide {
    /// The guide as plain text (context for a language model).
    pub fn body_plain(&self) -> String {
        let mut s = format!(
            "{} Steps: {} Template: {}",
            self.summary,
            self.steps.join(" "),
            self.template
        );
        if !self.tips.is_empty() {
            s.push_str(&format!(" Tips: {}", self.tips.join(" ")));
        }
        s
    }
}

#[derive(Deserialize)]
struct GuideFile {
    guides: Vec<Guide>,
}

pub struct Guides {
    guides: Vec<Guide>,
    /// Stems of each guide's triggers and title.
    stems: Vec<Vec<String>>,
}

/// Why `guides.toml` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum GuideError {
    #[error("guides.toml: {0}")]
    Parse(toml::de::Error),
    #[error("guides.toml: no guides")]
    Empty,
    #[error("guides.toml: {0}: needs triggers and steps")]
    Incomplete(String),
}

#[derive(Debug)]
pub struct GuideMatch<'a> {
    pub guide: &'a Guide,
    pub strength: f64,
}

impl Guides {
    pub fn parse(text_: &str) -> Result<Guides, GuideError> {
        let file: GuideFile = toml::from_str(text_).map_err(GuideError::Parse)?;
        if file.guides.is_empty() {
            return Err(GuideError::Empty);
        }
        for g in &file.guides {
            if g.triggers.is_empty() || g.steps.is_empty() {
                return Err(GuideError::Incomplete(g.id.clone()));
            }
        }
        let stems = file
            .guides
            .iter()
            .map(|g| {
                let mut v: Vec<String> = Analysis::new(&format!("{}. {}", g.title, g.triggers.join(". ")))
                    .words()
                    .filter(|w| !w.stop && w.lower.len() > 2)
                    .map(|w| w.stem.to_string())
                    .collect();
                v.sort();
                v.dedup();
                v
            })
            .collect();
        Ok(Guides {
            guides: file.guides,
            stems,
        })
    }

    pub fn embedded() -> Result<Guides, GuideError> {
        Self::parse(EMBEDDED_GUIDES)
    }

    pub fn all(&self) -> &[Guide] {
        &self.guides
    }

    pub fn get(&self, id: &str) -> Option<&Guide> {
        self.guides.iter().find(|g| g.id == id)
    }

    /// The guide that best matches a message: a trigger phrase contained in the message wins;
    /// otherwise the share of the message's content words found in a guide's triggers.
    pub fn find(&self, message: &str) -> Option<GuideMatch<'_>> {
        let lower = format!(" {} ", Analysis::new(message).joined.trim());
        let mut best: Option<GuideMatch> = None;
        for g in &self.guides {
            for t in &g.triggers {
                let t_norm = format!(" {} ", Analysis::new(t).joined.trim());
                if t_norm.trim().is_empty() {
                    continue;
                }
                if lower.contains(&t_norm) {
                    let strength = 1.0 + t_norm.len() as f64 / 100.0;
                    if best.as_ref().is_none_or(|b| strength > b.strength) {
                        best = Some(GuideMatch { guide: g, strength });
                    }
                }
            }
        }
        if best.is_some() {
            return best;
        }
        let words: Vec<String> = Analysis::new(message)
            .words()
            .filter(|w| !w.stop && w.lower.len() > 2)
            .map(|w| w.stem.to_string())
            .collect();
        if words.is_empty() {
            return None;
        }
        for (g, stems) in self.guides.iter().zip(&self.stems) {
            let hits = words.iter().filter(|w| stems.contains(w)).count();
            let strength = hits as f64 / words.len() as f64;
            if hits >= 2 && strength >= 0.4 && best.as_ref().is_none_or(|b| strength > b.strength) {
                best = Some(GuideMatch { guide: g, strength });
            }
        }
        best
    }
}

/// The bank questions a guide names for practice (those the bank has), at most `n`. A guide
/// names them rather than a search of the user's words: "what is the STAR method" must not
/// offer a question about North Star metrics.
pub fn practice_questions<'a>(bank: &'a Bank, guide: &Guide, n: usize) -> Vec<&'a Question> {
    guide.practice.iter().filter_map(|id| bank.get(id)).take(n).collect()
}

/// Bank questions related to a message (for "show me similar questions" and their hints).
pub fn related_questions<'a>(bank: &'a Bank, message: &str, n: usize) -> Vec<&'a Question> {
    let words: Vec<String> = Analysis::new(message)
        .words()
        .filter(|w| !w.stop && w.lower.len() > 3)
        .map(|w| text::stem(&w.lower))
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let q = BankQuery {
        words,
        ..Default::default()
    };
    bank.search(&q)
        .into_iter()
        .filter(|h| h.relevance >= 5)
        .take(n)
        .map(|h| h.question)
        .collect()
}

/// Words of a question that say what kind of answer is wanted, not what it is about.
const QUESTION_FRAME: &[&str] = &[
    "tell", "time", "describe", "give", "example", "walk", "through", "would", "could", "what", "when", "how", "why",
    "about", "your", "you", "did", "have", "had",
];

/// The content stems of a question, without its frame words.
fn question_stems(text: &str) -> Vec<String> {
    let mut v: Vec<String> = Analysis::new(text)
        .words()
        .filter(|w| !w.stop && w.lower.len() > 2 && !QUESTION_FRAME.contains(&w.lower.as_str()))
        .map(|w| w.stem.to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The bank question closest to a question as the user wrote it: the most content stems in
/// common relative to both (Dice's coefficient), if at least `min` (0–1) and two stems or more. For "review my answer
/// to <question>": a loose match would score the answer against another question.
pub fn closest_question<'a>(bank: &'a Bank, question: &str, min: f64) -> Option<(&'a Question, f64)> {
    let asked = question_stems(question);
    if asked.is_empty() {
        return None;
    }
    let mut best: Option<(&Question, f64)> = None;
    for q in bank.all() {
        let stems = question_stems(&q.text);
        let common = asked.iter().filter(|s| stems.contains(s)).count();
        let dice = 2.0 * common as f64 / (asked.len() + stems.len()) as f64;
        // One word in common is no match, unless it is all both say.
        let enough = common >= 2 || (common == 1 && asked.len() == 1 && stems.len() == 1);
        if enough && dice >= min && best.is_none_or(|(_, b)| dice > b) {
            best = Some((q, dice));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_question_needs_most_of_its_words() {
        let bank = Bank::embedded().unwrap();
        let (q, _) = closest_question(&bank, "tell me about a mistake you made at work", 0.5).expect("a match");
        assert_eq!(q.id, "beh-failure-001");
        let (q, _) = closest_question(&bank, "Design a URL shortener", 0.5).expect("a match");
        assert_eq!(q.id, "sd-storage-001");
        // Only "failed" in common with many questions: none is close enough.
        assert!(closest_question(&bank, "tell me about a time you failed", 0.5).is_none());
        assert!(
            closest_question(&bank, "tell me about yourself", 0.5)
                .is_none_or(|(q, _)| q.category == crate::bank::Category::Motivation)
        );
        assert!(closest_question(&bank, "", 0.5).is_none());
    }
}
