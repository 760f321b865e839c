//! Company and industry prep (issue #18, /company). Industry notes live in
//! `data/industries.toml`: for each industry what to research (as questions for the user to
//! check), common interview themes, good questions to ask, red flags to probe, and the words
//! that find related bank questions; a `[general]` part holds what applies to every company.
//! The offline brief is that framework filled with the company's name: it states no fact about
//! the company. With a model, the engine asks for a brief (`prompts/company_brief.md`) and this
//! module validates it ([`validate_brief`]); the engine marks it unverified.

use crate::bank::{Bank, Category, Question};
use crate::scoring::clip;
use serde::Deserialize;
use serde_json::Value;
use std::sync::LazyLock;

pub const EMBEDDED_INDUSTRIES: &str = include_str!("../../data/industries.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Industry {
    pub id: String,
    pub name: String,
    pub keywords: Vec<String>,
    pub research: Vec<String>,
    pub themes: Vec<String>,
    pub ask: Vec<String>,
    pub red_flags: Vec<String>,
    pub bank_words: Vec<String>,
}

/// What applies to every company.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct General {
    pub research: Vec<String>,
    pub ask: Vec<String>,
    pub red_flags: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Industries {
    pub general: General,
    pub industries: Vec<Industry>,
}

/// Why `industries.toml` cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum IndustryError {
    #[error("industries.toml: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("industries.toml: {id}: {problem}")]
    Invalid { id: String, problem: String },
}

impl Industries {
    pub fn parse(text: &str) -> Result<Industries, IndustryError> {
        let file: Industries = toml::from_str(text)?;
        let bad = |id: &str, problem: &str| IndustryError::Invalid {
            id: id.to_string(),
            problem: problem.to_string(),
        };
        let full = |v: &Vec<String>| !v.is_empty() && v.iter().all(|s| !s.trim().is_empty());
        if !full(&file.general.research) || !full(&file.general.ask) || !full(&file.general.red_flags) {
            return Err(bad("general", "research, ask and red_flags must each have entries"));
        }
        for i in &file.industries {
            for (field, v) in [
                ("keywords", &i.keywords),
                ("research", &i.research),
                ("themes", &i.themes),
                ("ask", &i.ask),
                ("red_flags", &i.red_flags),
                ("bank_words", &i.bank_words),
            ] {
                if !full(v) {
                    return Err(bad(&i.id, &format!("{field} is empty or has an empty entry")));
                }
            }
            if i.name.trim().is_empty() {
                return Err(bad(&i.id, "needs a name"));
            }
            if file.industries.iter().filter(|x| x.id == i.id).count() > 1 {
                return Err(bad(&i.id, "duplicate id"));
            }
        }
        Ok(file)
    }

    /// The embedded notes, parsed once (a unit test keeps them valid; if they were not, /company
    /// would work without industry notes).
    pub fn embedded() -> &'static Industries {
        static I: LazyLock<Industries> = LazyLock::new(|| {
            Industries::parse(EMBEDDED_INDUSTRIES).unwrap_or_else(|e| {
                tracing::error!(error = %e, "industry notes unusable");
                Industries::default()
            })
        });
        &I
    }

    pub fn get(&self, id: &str) -> Option<&Industry> {
        self.industries.iter().find(|i| i.id == id)
    }

    /// The industry a word names (its id or a keyword: "fintech", "banking", "e-commerce").
    pub fn by_word(&self, word: &str) -> Option<&Industry> {
        let w = crate::bank::catalog::norm(word);
        if w.is_empty() {
            return None;
        }
        self.industries.iter().find(|i| i.id == w || i.keywords.contains(&w))
    }

    /// The industry a text (a job description) is most about: the most keyword hits, at least
    /// two; ties go to the file's order.
    pub fn from_text(&self, text: &str) -> Option<&Industry> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let joined = format!(" {} ", words.join(" "));
        let mut best: Option<(&Industry, usize)> = None;
        for i in &self.industries {
            let hits: usize = std::iter::once(&i.id)
                .chain(i.keywords.iter())
                .map(|k| joined.matches(&format!(" {} ", k.replace('_', " "))).count())
                .sum();
            if hits >= 2 && best.is_none_or(|(_, b)| hits > b) {
                best = Some((i, hits));
            }
        }
        best.map(|(i, _)| i)
    }
}

/// The offline brief: the framework, filled with the company's name.
#[derive(Debug, Clone)]
pub struct Brief<'a> {
    pub company: String,
    pub industry: Option<&'a Industry>,
    pub research: Vec<String>,
    /// Bank questions likely for the role and the industry.
    pub likely: Vec<&'a Question>,
    pub ask: Vec<String>,
    pub red_flags: Vec<String>,
}

fn named(items: &[String], company: &str) -> Vec<String> {
    items.iter().map(|s| s.replace("{company}", company)).collect()
}

/// Bank questions likely in an interview for `role` in `industry`: up to two technical ones of
/// the role and two behavioural ones, those that touch the industry's words first (else the
/// bank's first), and "why this company".
pub fn likely_questions<'a>(bank: &'a Bank, role: Option<&str>, industry: Option<&Industry>) -> Vec<&'a Question> {
    let words: &[String] = industry.map(|i| i.bank_words.as_slice()).unwrap_or(&[]);
    let hits = |q: &Question| {
        let hay = format!("{} {}", q.text.to_lowercase(), q.keywords.join(" "));
        words.iter().filter(|w| hay.contains(&w.to_lowercase())).count()
    };
    let mut out: Vec<&Question> = Vec::new();
    let pick = |filter: &dyn Fn(&Question) -> bool, n: usize, out: &mut Vec<&'a Question>| {
        let mut c: Vec<(usize, usize, &'a Question)> = bank
            .all()
            .iter()
            .enumerate()
            .filter(|(_, q)| filter(q) && !out.iter().any(|o| o.id == q.id))
            .map(|(i, q)| (hits(q), i, q))
            .collect();
        c.sort_by_key(|(h, i, _)| (std::cmp::Reverse(*h), *i));
        out.extend(c.into_iter().take(n).map(|(_, _, q)| q));
    };
    if let Some(r) = role {
        pick(
            &|q: &Question| {
                matches!(
                    q.category,
                    Category::Technical | Category::SystemDesign | Category::Case
                ) && q.roles.iter().any(|x| x == r)
            },
            2,
            &mut out,
        );
    }
    pick(
        &|q: &Question| matches!(q.category, Category::Behavioral | Category::Situational),
        2,
        &mut out,
    );
    pick(
        &|q: &Question| q.category == Category::Motivation && q.competency == "motivation",
        1,
        &mut out,
    );
    out
}

pub fn offline<'a>(
    bank: &'a Bank,
    notes: &'a Industries,
    company: &str,
    role: Option<&str>,
    industry: Option<&'a Industry>,
) -> Brief<'a> {
    let mut research = named(&notes.general.research, company);
    let mut ask = named(&notes.general.ask, company);
    let mut red_flags = named(&notes.general.red_flags, company);
    if let Some(i) = industry {
        research.extend(named(&i.research, company));
        ask.extend(named(&i.ask, company));
        red_flags.extend(named(&i.red_flags, company));
    }
    Brief {
        company: company.to_string(),
        industry,
        research,
        likely: likely_questions(bank, role, industry),
        ask,
        red_flags,
    }
}

/// The model's brief, each list checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelBrief {
    pub research: Vec<String>,
    pub likely: Vec<String>,
    pub ask: Vec<String>,
    pub red_flags: Vec<String>,
}

const LISTS: [&str; 4] = ["research", "likely_questions", "ask", "red_flags"];

pub fn schema() -> Value {
    let list = serde_json::json!({"type": "array", "items": {"type": "string"}});
    serde_json::json!({
        "type": "object",
        "properties": {"research": list, "likely_questions": list, "ask": list, "red_flags": list},
        "required": LISTS
    })
}

/// Why the model's brief cannot be used (shown to the model on its one retry).
#[derive(Debug, thiserror::Error)]
#[error("\"{0}\" must be a non-empty array of strings (research, likely_questions, ask, red_flags are all required)")]
pub struct BriefError(&'static str);

fn list(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|s| clip(s.trim(), 300))
                .filter(|s| !s.is_empty())
                .take(6)
                .collect()
        })
        .unwrap_or_default()
}

pub fn validate_brief(v: Value) -> Result<Value, BriefError> {
    for k in LISTS {
        if list(&v, k).is_empty() {
            return Err(BriefError(k));
        }
    }
    Ok(v)
}

pub fn model_brief(v: &Value) -> ModelBrief {
    ModelBrief {
        research: list(v, "research"),
        likely: list(v, "likely_questions"),
        ask: list(v, "ask"),
        red_flags: list(v, "red_flags"),
    }
}

/// An industry's notes as plain text (context for the model).
pub fn notes_plain(i: &Industry) -> String {
    format!(
        "{}. Research: {} Themes: {} Questions to ask: {} Red flags: {}",
        i.name,
        i.research.join(" "),
        i.themes.join("; "),
        i.ask.join(" "),
        i.red_flags.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_parse_and_every_industry_has_every_field() {
        let n = Industries::parse(EMBEDDED_INDUSTRIES).expect("industries.toml parses");
        assert!(n.industries.len() >= 12, "{} industries", n.industries.len());
        for i in &n.industries {
            for (field, v) in [
                ("keywords", &i.keywords),
                ("research", &i.research),
                ("themes", &i.themes),
                ("ask", &i.ask),
                ("red_flags", &i.red_flags),
                ("bank_words", &i.bank_words),
            ] {
                assert!(
                    !v.is_empty() && v.iter().all(|s| !s.trim().is_empty()),
                    "{}: {field}",
                    i.id
                );
            }
            assert!(
                i.research.iter().all(|r| r.contains("{company}") && r.ends_with('?')),
                "{}: research items are questions about the company",
                i.id
            );
            assert!(
                n.by_word(&i.id).is_some_and(|x| x.id == i.id),
                "{} is found by its id",
                i.id
            );
        }
        assert!(n.general.research.iter().all(|r| r.contains("{company}")));
        // A missing field is an error, not a silent gap.
        let broken = EMBEDDED_INDUSTRIES.replacen("bank_words = [\"payment\"", "ignored = [\"payment\"", 1);
        assert!(Industries::parse(&broken).is_err());
        let empty = EMBEDDED_INDUSTRIES.replacen("red_flags = [\n  \"Vague answers about the path to profitability or about funding\",\n  \"Compliance treated as someone else's problem\",\n  \"No on-call support or post-incident reviews for customer-money incidents\",\n]", "red_flags = []", 1);
        assert_ne!(empty, EMBEDDED_INDUSTRIES);
        assert!(Industries::parse(&empty).is_err());
    }

    #[test]
    fn an_industry_is_found_by_a_word_or_a_job_text() {
        let n = Industries::parse(EMBEDDED_INDUSTRIES).unwrap();
        assert_eq!(n.by_word("fintech").unwrap().id, "fintech");
        assert_eq!(n.by_word("E-commerce").unwrap().id, "ecommerce");
        assert!(n.by_word("Acme").is_none());
        let jd = "We are a payments company building a neobank for freelancers. Payments at scale.";
        assert_eq!(n.from_text(jd).unwrap().id, "fintech");
        assert!(n.from_text("We build great software.").is_none());
    }

    #[test]
    fn the_offline_brief_names_the_company_and_states_no_fact() {
        let bank = Bank::embedded().unwrap();
        let n = Industries::parse(EMBEDDED_INDUSTRIES).unwrap();
        let b = offline(&bank, &n, "Acme", Some("backend"), n.get("fintech"));
        assert!(b.research.iter().all(|r| r.ends_with('?')));
        assert!(b.research.iter().filter(|r| r.contains("Acme")).count() >= 5);
        for s in b.research.iter().chain(&b.ask).chain(&b.red_flags) {
            assert!(!s.contains("{company}"), "{s}");
            assert!(!s.chars().any(|c| c.is_ascii_digit()), "no figures: {s}");
            assert!(!s.to_lowercase().contains("founded"), "{s}");
        }
        assert!(
            b.likely.len() >= 3,
            "{:?}",
            b.likely.iter().map(|q| &q.id).collect::<Vec<_>>()
        );
        assert!(b.likely.iter().any(|q| q.roles.iter().any(|r| r == "backend")));
        assert!(b.likely.iter().any(|q| q.category == Category::Motivation));
    }

    #[test]
    fn the_models_brief_needs_every_list() {
        let good =
            serde_json::json!({"research": ["a?"], "likely_questions": ["b?"], "ask": ["c?"], "red_flags": ["d"]});
        assert!(validate_brief(good.clone()).is_ok());
        assert_eq!(model_brief(&good).ask, vec!["c?".to_string()]);
        let bad = serde_json::json!({"research": ["a?"], "likely_questions": [], "ask": ["c?"], "red_flags": ["d"]});
        assert_eq!(validate_brief(bad).unwrap_err().0, "likely_questions");
    }
}
