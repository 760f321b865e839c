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

use super::docs::{self, Cv, Jd};
use crate::bank::{Bank, Category, Difficulty, Level, Question, catalog};
use crate::scoring::clip;
use crate::scoring::lexicon::is_stopword;
use crate::scoring::text::stem;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::LazyLock;

pub const EMBEDDED_TEMPLATES: &str = include_str!("../../data/question_templates.toml");

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

// ----- templates ------------------------------------------------------------------------------

/// Which of the user's lines a template is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateSource {
    Achievement,
    Gap,
    Responsibility,
}

impl TemplateSource {
    fn placeholder(self) -> &'static str {
        match self {
            TemplateSource::Gap => "{skill}",
            _ => "{line}",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub source: TemplateSource,
    #[serde(default)]
    pub triggers: Vec<String>,
    category: String,
    pub competency: String,
    pub difficulty: Difficulty,
    pub text: String,
    pub hint: String,
}

#[derive(Debug, Clone, Default)]
pub struct Templates {
    list: Vec<(Template, Category)>,
}

#[derive(Deserialize)]
struct TemplateFile {
    templates: Vec<Template>,
}

/// Why `question_templates.toml` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("question_templates.toml: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("question_templates.toml: {id}: {problem}")]
    Invalid { id: String, problem: String },
}

impl Templates {
    pub fn parse(text: &str) -> Result<Templates, TemplateError> {
        let file: TemplateFile = toml::from_str(text)?;
        let mut list = Vec::new();
        for t in file.templates {
            let bad = |problem: &str| TemplateError::Invalid {
                id: t.id.clone(),
                problem: problem.to_string(),
            };
            let Some(category) = Category::parse(&t.category) else {
                return Err(bad("unknown category"));
            };
            if !t.text.contains(t.source.placeholder()) {
                return Err(bad("the text lacks its placeholder"));
            }
            if t.hint.trim().is_empty() || t.competency.trim().is_empty() {
                return Err(bad("needs a hint and a competency"));
            }
            list.push((t, category));
        }
        for source in [TemplateSource::Achievement, TemplateSource::Gap, TemplateSource::Responsibility] {
            if !list.iter().any(|(t, _)| t.source == source && t.triggers.is_empty()) {
                return Err(TemplateError::Invalid {
                    id: format!("{source:?}"),
                    problem: "no default template (one without triggers)".into(),
                });
            }
        }
        Ok(Templates { list })
    }

    /// The embedded templates, parsed once (a unit test keeps them valid; if they were not,
    /// the list would simply have no template questions).
    pub fn embedded() -> &'static Templates {
        static T: LazyLock<Templates> = LazyLock::new(|| {
            Templates::parse(EMBEDDED_TEMPLATES).unwrap_or_else(|e| {
                tracing::error!(error = %e, "question templates unusable");
                Templates::default()
            })
        });
        &T
    }

    /// The template for the `nth` line of a source: one whose triggers the line has (in turn
    /// among several), else a default (in turn).
    fn pick(&self, source: TemplateSource, line: &str, nth: usize) -> Option<(&Template, Category)> {
        let words = format!(" {} ", norm_text(line));
        let of_source = || self.list.iter().filter(|(t, _)| t.source == source);
        let triggered: Vec<_> = of_source()
            .filter(|(t, _)| t.triggers.iter().any(|w| words.contains(&format!(" {} ", norm_text(w)))))
            .collect();
        let pool: Vec<_> = if triggered.is_empty() {
            of_source().filter(|(t, _)| t.triggers.is_empty()).collect()
        } else {
            triggered
        };
        (!pool.is_empty()).then(|| {
            let (t, c) = pool[nth % pool.len()];
            (t, *c)
        })
    }
}

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
    let title = jd.title.iter().flat_map(|t| norm_text(t).split(' ').map(str::to_string).collect::<Vec<_>>());
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
fn norm_text(s: &str) -> String {
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
fn mentions(padded: &str, skill: &str) -> bool {
    let s = norm_text(skill);
    !s.is_empty() && (padded.contains(&format!(" {s} ")) || padded.contains(&format!(" {s}s ")))
}

/// Content-word stems of a text.
fn stems(s: &str) -> BTreeSet<String> {
    norm_text(s)
        .split(' ')
        .filter(|w| w.len() > 2 && !is_stopword(w))
        .map(stem)
        .collect()
}

/// Share of content words two texts have in common (Jaccard).
fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
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

// ----- the offline pick -----------------------------------------------------------------------

struct Scored<'a> {
    q: &'a Question,
    index: usize,
    relevance: i32,
    probe: Probe,
    /// Lower is better: difficulty distance, then role fit.
    penalty: i32,
    /// It mentions one of the job's skills.
    skill_hit: bool,
    /// Written for the target role (or for any role).
    on_role: bool,
}

fn score<'a>(q: &'a Question, index: usize, target: &Target, jd: Option<&Jd>) -> Scored<'a> {
    let mut hay = String::from(" ");
    for part in std::iter::once(&q.text)
        .chain(q.keywords.iter())
        .chain(q.key_points.iter())
        .chain(q.hints.iter())
    {
        hay.push_str(&norm_text(part));
        hay.push(' ');
    }
    hay.push_str(&q.competency.replace('_', " "));
    hay.push(' ');
    let mut relevance = 0;
    let mut probe = None;
    for s in &target.gap {
        if mentions(&hay, s) {
            relevance += 6;
            probe.get_or_insert_with(|| Probe::Gap(s.clone()));
        }
    }
    for s in &target.shown {
        if mentions(&hay, s) {
            relevance += 3;
            probe.get_or_insert_with(|| Probe::JobSkill(s.clone()));
        }
    }
    if let Some(jd) = jd {
        let qs = stems(&format!("{} {}", q.text, q.keywords.join(" ")));
        let mut lines = 0;
        for r in &jd.responsibilities {
            if lines < 3 && stems(r).intersection(&qs).count() >= 2 {
                lines += 1;
                relevance += 1;
                probe.get_or_insert_with(|| Probe::Responsibility(clip(r, 160)));
            }
        }
    }
    if target.level >= Level::Senior
        && matches!(
            q.competency.as_str(),
            "leadership" | "mentoring" | "influence" | "decision_making" | "conflict"
        )
    {
        relevance += 1;
    }
    let distance = target
        .difficulties
        .iter()
        .map(|d| (d.rank() - q.difficulty.rank()).abs())
        .min()
        .unwrap_or(0);
    let on_role = q.is_general() || target.role.is_some_and(|r| q.roles.iter().any(|x| x == r));
    let skill_hit = matches!(probe, Some(Probe::Gap(_) | Probe::JobSkill(_)));
    Scored {
        q,
        index,
        relevance,
        probe: probe.unwrap_or_else(|| Probe::Competency(q.competency.clone())),
        penalty: distance * 2 + if on_role { 0 } else { 2 },
        skill_hit,
        on_role,
    }
}

fn technical(c: Category) -> bool {
    matches!(c, Category::Technical | Category::SystemDesign | Category::Case)
}

/// Add to `chosen`, best first, questions of one share (technical or not) up to its quota: with
/// `distinct`, of competencies not yet chosen; with `mix`, technical ones only of the role's
/// technical categories unless they probe the job.
fn take_share<'s, 'q>(
    scored: &'s [Scored<'q>],
    chosen: &mut Vec<&'s Scored<'q>>,
    quota: usize,
    want_tech: bool,
    distinct: bool,
    mix: Option<&[Category]>,
) {
    for s in scored {
        let have = chosen.iter().filter(|c| technical(c.q.category) == want_tech).count();
        if have >= quota {
            break;
        }
        if technical(s.q.category) != want_tech || chosen.iter().any(|c| c.q.id == s.q.id) {
            continue;
        }
        if want_tech && mix.is_some_and(|m| !m.contains(&s.q.category)) && !s.skill_hit {
            continue;
        }
        if distinct && chosen.iter().any(|c| c.q.competency == s.q.competency) {
            continue;
        }
        chosen.push(s);
    }
}

/// Bank questions for the target, best first, at most `n`, none of `exclude`: questions that
/// probe the gap first, then a mix of the role's technical categories and behavioural ones
/// (different competencies where the bank allows).
pub fn bank_picks<'b>(bank: &'b Bank, req: &Request, ctx: &Context<'_>, n: usize, exclude: &[String]) -> Vec<Tailored> {
    let target = resolve(req, ctx);
    let role_mix: &[Category] = target
        .role
        .and_then(catalog::role)
        .map(|r| r.technical_mix)
        .unwrap_or(&[]);
    let mut scored: Vec<Scored<'b>> = bank
        .all()
        .iter()
        .enumerate()
        .filter(|(_, q)| !exclude.contains(&q.id))
        .filter(|(_, q)| match req.category {
            Some(c) => q.category == c,
            None => q.category != Category::Motivation || req.company.is_some(),
        })
        .map(|(i, q)| score(q, i, &target, ctx.jd))
        // A technical question off the role only when it probes the job's skills.
        .filter(|s| !technical(s.q.category) || s.on_role || s.skill_hit)
        .collect();
    scored.sort_by_key(|s| (-s.relevance, s.penalty, s.index));
    // How many technical questions: half (rounded up) when the role has technical parts or the
    // job names skills; all or none with a category.
    let wants_tech = !role_mix.is_empty() || !target.gap.is_empty() || !target.shown.is_empty();
    let tech_quota = match req.category {
        Some(c) if technical(c) => n,
        Some(_) => 0,
        None if wants_tech => n.div_ceil(2),
        None => 0,
    };
    let behaviour_quota = n - tech_quota.min(n);
    let mut chosen: Vec<&Scored<'_>> = Vec::new();
    let only_mix = req.category.is_none() && !role_mix.is_empty();
    let take = |quota: usize, want_tech: bool, chosen: &mut Vec<_>, distinct: bool| {
        take_share(&scored, chosen, quota, want_tech, distinct, only_mix.then_some(role_mix))
    };
    // Gap probes first (whatever their category), then each share with distinct competencies,
    // then without that rule if the bank is short.
    for s in scored.iter().filter(|s| matches!(s.probe, Probe::Gap(_))) {
        let want_tech = technical(s.q.category);
        let quota = if want_tech { tech_quota } else { behaviour_quota };
        let have = chosen.iter().filter(|c| technical(c.q.category) == want_tech).count();
        if have < quota && !chosen.iter().any(|c| c.q.competency == s.q.competency) {
            chosen.push(s);
        }
    }
    take(tech_quota, true, &mut chosen, true);
    take(behaviour_quota, false, &mut chosen, true);
    take(tech_quota, true, &mut chosen, false);
    take(behaviour_quota, false, &mut chosen, false);
    // Still short (a small category): anything eligible.
    for s in scored.iter() {
        if chosen.len() >= n {
            break;
        }
        if !chosen.iter().any(|c| c.q.id == s.q.id) {
            chosen.push(s);
        }
    }
    chosen.sort_by_key(|s| (!matches!(s.probe, Probe::Gap(_)), -s.relevance, s.penalty, s.index));
    chosen
        .into_iter()
        .take(n)
        .map(|s| Tailored {
            text: s.q.text.clone(),
            category: s.q.category,
            competency: s.q.competency.clone(),
            difficulty: s.q.difficulty,
            hint: s.q.hints.first().cloned().unwrap_or_default(),
            probe: s.probe.clone(),
            source: Source::Bank(s.q.id.clone()),
        })
        .collect()
}

fn fill(t: &Template, category: Category, value: &str, req: &Request, probe: Probe) -> Tailored {
    Tailored {
        text: t.text.replace(t.source.placeholder(), value),
        category,
        competency: t.competency.clone(),
        difficulty: req.difficulty.unwrap_or(t.difficulty),
        hint: t.hint.clone(),
        probe,
        source: Source::Template(t.id.clone()),
    }
}

/// The offline list: bank questions picked for the job (the gap first), questions built from
/// the CV's achievement lines (else the job's responsibilities), and for a gap skill no bank
/// question covers, a question about it. `req.count` questions (clamped to 5–10) when the bank
/// has them.
pub fn offline(bank: &Bank, templates: &Templates, req: &Request, ctx: &Context<'_>) -> Vec<Tailored> {
    let n = req.count.clamp(MIN_COUNT, MAX_COUNT);
    let target = resolve(req, ctx);
    let fits = |c: Category| req.category.is_none_or(|x| x == c);
    // Lines of the user's own to build questions from: achievements, else responsibilities.
    let mut own: Vec<Tailored> = Vec::new();
    let own_quota = (n / 4).max(1);
    if let Some(cv) = ctx.cv {
        let mut seen = BTreeSet::new();
        for (i, line) in cv.achievements.iter().filter(|l| !l.trim().is_empty()).enumerate() {
            if own.len() >= own_quota {
                break;
            }
            let c = clause(line);
            if c.len() < 8 || !seen.insert(c.to_lowercase()) {
                continue;
            }
            if let Some((t, cat)) = templates.pick(TemplateSource::Achievement, &c, i)
                && fits(cat)
            {
                own.push(fill(t, cat, &c, req, Probe::Achievement(clip(line.trim(), 160))));
            }
        }
    }
    if own.is_empty()
        && let Some(jd) = ctx.jd
    {
        for (i, line) in jd.responsibilities.iter().filter(|l| l.trim().len() >= 8).enumerate() {
            if own.len() >= own_quota {
                break;
            }
            let c = clause(line);
            if let Some((t, cat)) = templates.pick(TemplateSource::Responsibility, &c, i)
                && fits(cat)
            {
                own.push(fill(t, cat, &c, req, Probe::Responsibility(clip(line.trim(), 160))));
            }
        }
    }
    let gap_quota = (n / 5).max(1).min(target.gap.len());
    let bank_n = n.saturating_sub(own.len() + gap_quota);
    let mut picks = bank_picks(bank, req, ctx, bank_n, &[]);
    // A question about each gap skill no bank pick covers (up to the quota).
    let covered: Vec<&str> = picks
        .iter()
        .filter_map(|p| match &p.probe {
            Probe::Gap(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    let mut gaps: Vec<Tailored> = Vec::new();
    for (i, skill) in target.gap.iter().filter(|s| !covered.contains(&s.as_str())).enumerate() {
        if gaps.len() >= gap_quota {
            break;
        }
        if let Some((t, cat)) = templates.pick(TemplateSource::Gap, skill, i)
            && fits(cat)
        {
            gaps.push(fill(t, cat, skill, req, Probe::Gap(skill.clone())));
        }
    }
    // Short of templates (nothing to build from): more bank questions.
    let short = n.saturating_sub(picks.len() + own.len() + gaps.len());
    if short > 0 {
        let have: Vec<String> = picks.iter().filter_map(|p| p.bank_id().map(str::to_string)).collect();
        picks.extend(bank_picks(bank, req, ctx, short, &have));
    }
    let (gap_picks, rest): (Vec<_>, Vec<_>) = picks.into_iter().partition(|p| matches!(p.probe, Probe::Gap(_)));
    let mut out = gap_picks;
    out.extend(own);
    out.extend(gaps);
    out.extend(rest);
    out.truncate(n);
    out
}

// ----- the model's list -----------------------------------------------------------------------

/// The JSON schema of the model's reply.
pub fn schema() -> Value {
    let s = serde_json::json!({"type": "string"});
    serde_json::json!({
        "type": "object",
        "properties": {"questions": {"type": "array", "items": {
            "type": "object",
            "properties": {"text": s, "category": {"type": "string", "enum": Category::SLUGS},
                           "competency": s, "difficulty": {"type": "string", "enum": Difficulty::SLUGS},
                           "hint": s, "probes": s},
            "required": ["text", "category", "competency", "difficulty", "hint", "probes"]
        }}},
        "required": ["questions"]
    })
}

/// Why the model's questions cannot be used (shown to the model on its one retry).
#[derive(Debug, thiserror::Error)]
pub enum GeneratedError {
    #[error("the reply has no \"questions\" array")]
    NoArray,
    #[error(
        "only {valid} of the questions are usable (need {needed}): each needs \"text\" (15-400 characters), \"category\" (one of {cats}), \"competency\", \"difficulty\" (easy, medium, hard or expert), \"hint\" and \"probes\"",
        cats = Category::SLUGS.join(", ")
    )]
    TooFew { valid: usize, needed: usize },
}

/// One item of the model's reply, if usable.
fn item(v: &Value) -> Option<Tailored> {
    let s = |k: &str| v[k].as_str().map(str::trim).filter(|x| !x.is_empty());
    let text = s("text")?;
    if !(15..=400).contains(&text.chars().count()) {
        return None;
    }
    let category = Category::parse(s("category")?)?;
    let difficulty = Difficulty::parse(s("difficulty")?)?;
    let competency = catalog::norm(s("competency")?);
    if competency.is_empty() || competency.len() > 40 {
        return None;
    }
    Some(Tailored {
        text: text.to_string(),
        category,
        competency,
        difficulty,
        hint: clip(s("hint")?, 240),
        probe: Probe::Stated(clip(s("probes")?, 160)),
        source: Source::Model,
    })
}

/// The model's questions, each checked; at least `needed` must be usable.
pub fn validate_generated(v: &Value, needed: usize) -> Result<Vec<Tailored>, GeneratedError> {
    let items = v["questions"].as_array().ok_or(GeneratedError::NoArray)?;
    let valid: Vec<Tailored> = items.iter().filter_map(item).collect();
    if valid.len() < needed {
        return Err(GeneratedError::TooFew {
            valid: valid.len(),
            needed,
        });
    }
    Ok(valid)
}

/// A stated probe matched to the user's documents where it names one of their skills or lines.
fn link_probe(stated: &str, target: &Target, ctx: &Context<'_>) -> Probe {
    let padded = format!(" {} ", norm_text(stated));
    if let Some(s) = target.gap.iter().find(|s| mentions(&padded, s)) {
        return Probe::Gap(s.clone());
    }
    if let Some(s) = target.shown.iter().find(|s| mentions(&padded, s)) {
        return Probe::JobSkill(s.clone());
    }
    let st = stems(stated);
    if let Some(cv) = ctx.cv
        && let Some(line) = cv.achievements.iter().find(|l| {
            // Most of what the model named is in the line.
            let common = stems(l).intersection(&st).count();
            common >= 2 && common * 5 >= st.len() * 3
        })
    {
        return Probe::Achievement(clip(line.trim(), 160));
    }
    Probe::Stated(stated.to_string())
}

/// The model's questions made safe to show: a near-duplicate of a bank question becomes the
/// bank's question (it can then be practised and mocked), duplicates among them are dropped,
/// probes are matched to the user's documents, and the list is topped up from `offline` to
/// `count`.
pub fn merge(
    bank: &Bank,
    generated: Vec<Tailored>,
    offline: &[Tailored],
    req: &Request,
    ctx: &Context<'_>,
) -> Vec<Tailored> {
    let n = req.count.clamp(MIN_COUNT, MAX_COUNT);
    let target = resolve(req, ctx);
    let bank_stems: Vec<(BTreeSet<String>, &Question)> = bank.all().iter().map(|q| (stems(&q.text), q)).collect();
    let mut out: Vec<(BTreeSet<String>, Tailored)> = Vec::new();
    for mut g in generated {
        let st = stems(&g.text);
        let best = bank_stems
            .iter()
            .map(|(s, q)| (similarity(s, &st), *q))
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        if let Probe::Stated(s) = &g.probe {
            g.probe = link_probe(s, &target, ctx);
        }
        let (st, g) = match best {
            Some((sim, q)) if sim >= NEAR_DUPLICATE => (
                stems(&q.text),
                Tailored {
                    text: q.text.clone(),
                    category: q.category,
                    competency: q.competency.clone(),
                    difficulty: q.difficulty,
                    hint: q.hints.first().cloned().unwrap_or(g.hint),
                    probe: g.probe,
                    source: Source::Bank(q.id.clone()),
                },
            ),
            _ => (st, g),
        };
        let dup = out
            .iter()
            .any(|(s, o)| similarity(s, &st) >= NEAR_DUPLICATE || (o.bank_id().is_some() && o.bank_id() == g.bank_id()));
        if !dup && out.len() < n {
            out.push((st, g));
        }
    }
    for o in offline {
        if out.len() >= n {
            break;
        }
        let st = stems(&o.text);
        let dup = out
            .iter()
            .any(|(s, x)| similarity(s, &st) >= NEAR_DUPLICATE || (x.bank_id().is_some() && x.bank_id() == o.bank_id()));
        if !dup {
            out.push((st, o.clone()));
        }
    }
    out.into_iter().map(|(_, t)| t).collect()
}

/// The cache key of an input: a hash of the normalised request, when the CV and job
/// description were added, and the model. A new CV or JD, or another model, asks again.
pub fn cache_key(req: &Request, ctx: &Context<'_>, model: &str) -> String {
    let target = resolve(req, ctx);
    let company = req
        .company
        .as_deref()
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
        .unwrap_or_default();
    let input = format!(
        "v1|{company}|{}|{}|{}|{}|{}|{}|{}|{model}",
        target.role.unwrap_or("-"),
        target.level.slug(),
        req.difficulty.map(|d| d.slug()).unwrap_or("-"),
        req.category.map(|c| c.slug()).unwrap_or("-"),
        req.count.clamp(MIN_COUNT, MAX_COUNT),
        ctx.cv.map(|c| c.added.timestamp_millis()).unwrap_or(0),
        ctx.jd.map(|j| j.added.timestamp_millis()).unwrap_or(0),
    );
    let h = input
        .bytes()
        .fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    format!("{h:016x}")
}

/// The CV and job description summarised for the prompt (skills, lines; no contact details).
pub fn summaries(ctx: &Context<'_>, target: &Target) -> (String, String) {
    let cv = match ctx.cv {
        None => "(no CV on file)".to_string(),
        Some(cv) => format!(
            "Roles: {}\nSkills: {}\nAchievements:\n{}",
            if cv.roles.is_empty() { "-".to_string() } else { clip(&cv.roles.join("; "), 300) },
            if cv.skills.is_empty() { "-".to_string() } else { clip(&cv.skills.join(", "), 300) },
            cv.achievements
                .iter()
                .take(6)
                .map(|a| format!("- {}", clip(a.trim(), 200)))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let jd = match ctx.jd {
        None => "(no job description on file)".to_string(),
        Some(jd) => format!(
            "Title: {}\nSkills: {}\nSkills the CV does not show: {}\nSeniority: {}\nResponsibilities:\n{}",
            jd.title.as_deref().map(|t| clip(t, 100)).unwrap_or_else(|| "-".into()),
            clip(&jd.skills.join(", "), 300),
            if target.gap.is_empty() { "-".to_string() } else { clip(&target.gap.join(", "), 200) },
            clip(&jd.seniority.join(", "), 100),
            jd.responsibilities
                .iter()
                .take(6)
                .map(|r| format!("- {}", clip(r.trim(), 200)))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    (cv, jd)
}

#[cfg(test)]
#[path = "questions_tests.rs"]
mod tests;
