//! What the coach keeps of a user's CV and target job description (issue #18): the text as
//! extracted, where it came from, and what was read from it — the CV's roles, skills and
//! achievements (lines with an action and a number), the job's required skills,
//! responsibilities and seniority signals — and the gap between them (skills the job asks for
//! that the CV does not show). Stored per user at `u/<user>/cv` and `u/<user>/jd`; /export
//! includes them and /forget removes them with the rest of the user's keys.
//!
//! The records are shared by /cv and /jd, /questions, /draft, /company and the coach chat.
//! [`Cv::read`] and [`Jd::read`] fill them from text (`copilot::parse`); [`examples_for`] ranks
//! a CV's lines against a question (`copilot::examples`, BM25).

pub use super::examples::examples_for;
use super::parse;
use crate::store::Record;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A user's CV as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cv {
    /// The text as extracted (capped by the extractor).
    pub text: String,
    /// Where it came from: a file name, or "pasted".
    pub source: String,
    pub added: DateTime<Utc>,
    /// Job titles / roles the CV names ("Senior Backend Engineer, Acme (2021–2024)").
    #[serde(default)]
    pub roles: Vec<String>,
    /// Skills and tools, lower case, deduplicated ("rust", "postgresql", "kubernetes").
    #[serde(default)]
    pub skills: Vec<String>,
    /// Achievement lines: an action and a figure ("Cut onboarding time by 40% …").
    #[serde(default)]
    pub achievements: Vec<String>,
    /// Every experience line worth ranking against a question (bullets and sentences).
    #[serde(default)]
    pub lines: Vec<String>,
}

impl Record for Cv {}

impl Cv {
    /// A CV read from its text: roles, skills, achievements and ranking lines
    /// (`copilot::parse::cv`).
    pub fn read(text: &str, source: &str, now: DateTime<Utc>) -> Cv {
        let r = parse::cv::read(text);
        Cv {
            text: text.to_string(),
            source: source.to_string(),
            added: now,
            roles: r.roles,
            skills: r.skills,
            achievements: r.achievements,
            lines: r.lines,
        }
    }
}

/// A target job description as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Jd {
    pub text: String,
    pub source: String,
    pub added: DateTime<Utc>,
    /// The job title if one can be read ("Senior Backend Engineer").
    #[serde(default)]
    pub title: Option<String>,
    /// The company if the posting names it.
    #[serde(default)]
    pub company: Option<String>,
    /// Required (and preferred) skills, lower case, deduplicated.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Responsibility lines.
    #[serde(default)]
    pub responsibilities: Vec<String>,
    /// Seniority signals found ("senior", "5+ years", "lead", "mentor").
    #[serde(default)]
    pub seniority: Vec<String>,
}

impl Record for Jd {}

impl Jd {
    /// A job description read from its text (`copilot::parse::jd`): `skills` holds the
    /// required skills first, then the preferred ones ([`Jd::preferred`] tells them apart).
    pub fn read(text: &str, source: &str, now: DateTime<Utc>) -> Jd {
        let r = parse::jd::read(text);
        let mut skills = r.required;
        skills.extend(r.preferred);
        Jd {
            text: text.to_string(),
            source: source.to_string(),
            added: now,
            title: r.title,
            company: r.company,
            skills,
            responsibilities: r.responsibilities,
            seniority: r.seniority,
        }
    }

    /// The skills the posting lists as nice to have (read again from its text).
    pub fn preferred(&self) -> Vec<String> {
        parse::jd::read(&self.text).preferred
    }
}

/// Skills the job asks for that the CV does not show (the gap the coach works on), in the
/// job's order.
pub fn gap(cv: &Cv, jd: &Jd) -> Vec<String> {
    let text = cv.text.to_lowercase();
    jd.skills
        .iter()
        .filter(|s| !cv.skills.contains(s) && !text.contains(s.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        "2026-12-01T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn the_gap_is_what_the_job_asks_and_the_cv_does_not_show() {
        let cv = Cv {
            text: "Built services in Rust on PostgreSQL.".into(),
            source: "pasted".into(),
            added: at(),
            roles: vec![],
            skills: vec!["rust".into(), "postgresql".into()],
            achievements: vec![],
            lines: vec![],
        };
        let jd = Jd {
            text: String::new(),
            source: "pasted".into(),
            added: at(),
            title: None,
            company: None,
            skills: vec!["rust".into(), "kubernetes".into(), "postgresql".into(), "kafka".into()],
            responsibilities: vec![],
            seniority: vec![],
        };
        assert_eq!(gap(&cv, &jd), vec!["kubernetes".to_string(), "kafka".to_string()]);
    }
}
