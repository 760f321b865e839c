//! The template questions of `data/question_templates.toml`: each fills one placeholder with the
//! user's own words (an achievement line, a gap skill, a responsibility line).

use super::norm_text;
use crate::bank::{Category, Difficulty};
use serde::Deserialize;
use std::sync::LazyLock;

pub const EMBEDDED_TEMPLATES: &str = include_str!("../../../data/question_templates.toml");

/// Which of the user's lines a template is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateSource {
    Achievement,
    Gap,
    Responsibility,
}

impl TemplateSource {
    pub(super) fn placeholder(self) -> &'static str {
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
    pub(super) list: Vec<(Template, Category)>,
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
        for source in [
            TemplateSource::Achievement,
            TemplateSource::Gap,
            TemplateSource::Responsibility,
        ] {
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
    pub(super) fn pick(&self, source: TemplateSource, line: &str, nth: usize) -> Option<(&Template, Category)> {
        let words = format!(" {} ", norm_text(line));
        let of_source = || self.list.iter().filter(|(t, _)| t.source == source);
        let triggered: Vec<_> = of_source()
            .filter(|(t, _)| {
                t.triggers
                    .iter()
                    .any(|w| words.contains(&format!(" {} ", norm_text(w))))
            })
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
