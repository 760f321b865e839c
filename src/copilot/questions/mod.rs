//! Tailored questions (issue #18: /questions, /mock from-jd). Offline, picked from the bank by
//! the job description's skills and responsibilities, the role and the level — questions that
//! probe the gap (skills the job asks for that the CV does not show) first — plus template
//! questions built from the CV's own achievement lines and the job's lines
//! (`data/question_templates.toml`). Nothing is invented: every question is a bank question or a
//! template filled with the user's own words. Deterministic: the same input gives the same list
//! (ranking ties go to bank order; templates rotate by position).
//!
//! With a model, the engine asks for questions (`prompts/tailored_questions.md`); this module
//! validates the reply ([`validate_generated`]), replaces near-duplicates of bank questions by
//! the bank's own, drops duplicates, tops the list up from the offline picks ([`merge`]), and
//! names the cache key of an input ([`cache_key`]).

//!
//! Files: `templates.rs` (the templates file), `pick.rs` (the offline list), `model.rs` (the
//! model's list: schema, validation, merge, cache key, the prompt's summaries), `tests.rs`.

mod model;
mod pick;
mod templates;

pub use model::{GeneratedError, cache_key, merge, schema, summaries, validate_generated};
pub use pick::{bank_picks, offline};
pub use templates::{EMBEDDED_TEMPLATES, Template, TemplateError, TemplateSource, Templates};

use super::docs::{self, Cv, Jd};
use crate::bank::{Category, Difficulty, Level, catalog};
use crate::scoring::clip;
use crate::scoring::lexicon::is_stopword;
use crate::scoring::text::stem;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The fewest and most questions of one list, and the default.
pub const MIN_COUNT: usize = 5;
pub const MAX_COUNT: usize = 10;
pub const DEFAULT_COUNT: usize = 5;

/// Two question texts sharing this share of their content words are the same question.
const NEAR_DUPLICATE: f64 = 0.6;

/// What the user asked for (`/questions [company] [role] [level] [difficulty] [type] [count]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    pub company: Option<String>,
    /// A role slug of `bank::catalog`.
    pub role: Option<String>,
    pub level: Option<Level>,
    pub difficulty: Option<Difficulty>,
    /// Only questions of this category.
    pub category: Option<Category>,
    pub count: usize,
}

/// What the user's documents and profile give.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub cv: Option<&'a Cv>,
    pub jd: Option<&'a Jd>,
    pub profile_role: Option<&'a str>,
    pub profile_level: Option<Level>,
}

/// What one question probes: the link to the user's documents it was chosen for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Probe {
    /// A skill the job asks for that the CV does not show.
    Gap(String),
    /// A skill the job asks for that the CV shows too.
    JobSkill(String),
    /// A line of the CV, verbatim.
    Achievement(String),
    /// A responsibility line of the job description, verbatim.
    Responsibility(String),
    /// No document link: the competency for the role.
    Competency(String),
    /// What the model said the question probes (not matched to the documents).
    Stated(String),
}

/// Where a question comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Source {
    /// A bank question (a mock interview can ask it).
    Bank(String),
    /// A template of `data/question_templates.toml` filled with the user's words.
    Template(String),
    /// Written by the model.
    Model,
}

/// One question of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tailored {
    pub text: String,
    pub category: Category,
    pub competency: String,
    pub difficulty: Difficulty,
    pub hint: String,
    pub probe: Probe,
    pub source: Source,
}

impl Tailored {
    /// The bank question's id, when it is one.
    pub fn bank_id(&self) -> Option<&str> {
        match &self.source {
            Source::Bank(id) => Some(id),
            _ => None,
        }
    }
}

/// A model-written list as cached (`u/<user>/qs/<key>`): the same input gives the same list
/// without a second call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CachedSet {
    pub questions: Vec<Tailored>,
    pub at: DateTime<Utc>,
}

impl crate::store::Record for CachedSet {}

// ----- the target -----------------------------------------------------------------------------

/// The role, level and difficulties the list is for, and the job's skills.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub role: Option<&'static str>,
    pub level: Level,
    pub difficulties: Vec<Difficulty>,
    /// Skills the job asks for that the CV does not show (all the job's skills without a CV).
    pub gap: Vec<String>,
    /// The job's skills the CV shows.
    pub shown: Vec<String>,
}

/// A role named by a job title ("Senior Backend Engineer" → backend): word pairs first.
pub fn role_from_title(title: &str) -> Option<&'static str> {
    let words: Vec<String> = norm_text(title).split(' ').map(str::to_string).collect();
    for pair in words.windows(2) {
        if let Some(r) = catalog::parse_role(&format!("{}_{}", pair[0], pair[1])) {
            return Some(r.slug);
        }
    }
    words.iter().find_map(|w| catalog::parse_role(w)).map(|r| r.slug)
}

/// A level named by a job's title or seniority signals ("senior", "lead").
pub fn level_from_jd(jd: &Jd) -> Option<Level> {
    let title = jd
        .title
        .iter()
        .flat_map(|t| norm_text(t).split(' ').map(str::to_string).collect::<Vec<_>>());
    let signals = jd
        .seniority
        .iter()
        .flat_map(|s| norm_text(s).split(' ').map(str::to_string).collect::<Vec<_>>());
    title.chain(signals).find_map(|w| Level::parse(&w))
}

pub fn resolve(req: &Request, ctx: &Context<'_>) -> Target {
    let role = req
        .role
        .as_deref()
        .and_then(catalog::role)
        .map(|r| r.slug)
        .or_else(|| ctx.jd.and_then(|j| j.title.as_deref()).and_then(role_from_title))
        .or_else(|| ctx.profile_role.and_then(catalog::role).map(|r| r.slug));
    let level = req
        .level
        .or_else(|| ctx.jd.and_then(level_from_jd))
        .or(ctx.profile_level)
        .unwrap_or(Level::Mid);
    let difficulties = match req.difficulty {
        Some(d) => vec![d],
        None => level.difficulties().to_vec(),
    };
    let (gap, shown) = match (ctx.cv, ctx.jd) {
        (Some(cv), Some(jd)) => {
            let gap = docs::gap(cv, jd);
            let shown = jd.skills.iter().filter(|s| !gap.contains(s)).cloned().collect();
            (gap, shown)
        }
        (None, Some(jd)) => (jd.skills.clone(), Vec::new()),
        _ => (Vec::new(), Vec::new()),
    };
    Target {
        role,
        level,
        difficulties,
        gap,
        shown,
    }
}

// ----- text helpers ---------------------------------------------------------------------------

/// Lower case, every run of characters other than letters, digits, `+` and `#` one space.
pub(crate) fn norm_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() || c == '+' || c == '#' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// Does a padded normalised text mention a skill (as whole words, or its plural)?
pub(crate) fn mentions(padded: &str, skill: &str) -> bool {
    let s = norm_text(skill);
    !s.is_empty() && (padded.contains(&format!(" {s} ")) || padded.contains(&format!(" {s}s ")))
}

/// Content-word stems of a text.
pub(crate) fn stems(s: &str) -> BTreeSet<String> {
    norm_text(s)
        .split(' ')
        .filter(|w| w.len() > 2 && !is_stopword(w))
        .map(stem)
        .collect()
}

/// Share of content words two texts have in common (Jaccard).
pub(crate) fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.intersection(b).count() as f64;
    common / (a.len() as f64 + b.len() as f64 - common)
}

/// An achievement line as a clause to follow "You wrote that you": bullets and a leading "I"
/// dropped, a capital first letter lowered (not an acronym's), no final full stop.
pub fn clause(line: &str) -> String {
    let mut s = line.trim();
    s = s.trim_start_matches(['-', '*', '•', '–', '·', ' ']);
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits <= 2 && (s[digits..].starts_with(". ") || s[digits..].starts_with(") ")) {
        s = s[digits + 2..].trim_start();
    }
    if let Some(rest) = s.strip_prefix("I ") {
        s = rest;
    }
    let s = clip(s.trim_end_matches(['.', ';', ' ']), 160);
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s,
    }
}

fn technical(c: Category) -> bool {
    matches!(c, Category::Technical | Category::SystemDesign | Category::Case)
}

#[cfg(test)]
mod tests;
