//! Prompts are files in `prompts/` with named `{{placeholders}}`. They are embedded at build
//! time (or read from `COACH_PROMPTS_DIR`) and checked at start-up: every placeholder the code
//! fills must be in the file and the file may use no other, so a broken prompt is a start-up
//! error, not a runtime surprise.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// (file name, text, placeholders the code fills)
const FILES: &[(&str, &str, &[&str])] = &[
    (
        "score_answer.md",
        include_str!("../../prompts/score_answer.md"),
        &[
            "category",
            "rubric",
            "key_points",
            "question",
            "follow_up",
            "persona",
            "level",
            "role",
            "candidates",
        ],
    ),
    (
        "final_report.md",
        include_str!("../../prompts/final_report.md"),
        &["role", "level", "kind", "turns", "offline_report"],
    ),
    (
        "coach_chat.md",
        include_str!("../../prompts/coach_chat.md"),
        &["profile", "weak_areas", "guide"],
    ),
    ("system.md", include_str!("../../prompts/system.md"), &[]),
    (
        "report_in_grading.md",
        include_str!("../../prompts/report_in_grading.md"),
        &["role", "level", "kind", "turns"],
    ),
    (
        "final_report_request.md",
        include_str!("../../prompts/final_report_request.md"),
        &[],
    ),
];

#[derive(Debug, Clone)]
pub struct Prompt {
    pub name: String,
    text: String,
}

#[derive(Debug, Clone)]
pub struct Prompts {
    pub score_answer: Prompt,
    pub final_report: Prompt,
    pub coach_chat: Prompt,
    pub system: Prompt,
    /// Appended to the grading prompt of the last question: the report in the same call.
    pub report_in_grading: Prompt,
    /// The user turn of the report call (`final_report.md` is its system part).
    pub final_report_request: Prompt,
}

/// Why the prompts cannot be used (a start-up error).
#[derive(Debug, thiserror::Error)]
pub enum PromptError {
    #[error("prompt {name} lacks placeholder(s) {}", braced(.placeholders))]
    Missing { name: String, placeholders: Vec<String> },
    #[error("prompt {name} uses unknown placeholder(s) {}", braced(.placeholders))]
    Unknown { name: String, placeholders: Vec<String> },
    #[error("cannot read prompt {}: {error}", .path.display())]
    Read { path: PathBuf, error: std::io::Error },
    #[error("prompt table out of order")]
    OutOfOrder,
}

/// `{{a}}, {{b}}`
fn braced(names: &[String]) -> String {
    format!("{{{{{}}}}}", names.join("}}, {{"))
}

/// The `{{name}}` placeholders of a text.
pub fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        let after = &rest[i + 2..];
        match after.find("}}") {
            Some(j) => {
                let name = after[..j].trim();
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    out.insert(name.to_string());
                }
                rest = &after[j + 2..];
            }
            None => break,
        }
    }
    out
}

fn check(name: &str, text: &str, wanted: &[&str]) -> Result<Prompt, PromptError> {
    let found = placeholders(text);
    let wanted_set: BTreeSet<String> = wanted.iter().map(|s| s.to_string()).collect();
    let missing: Vec<_> = wanted_set.difference(&found).cloned().collect();
    let unknown: Vec<_> = found.difference(&wanted_set).cloned().collect();
    if !missing.is_empty() {
        return Err(PromptError::Missing {
            name: name.to_string(),
            placeholders: missing,
        });
    }
    if !unknown.is_empty() {
        return Err(PromptError::Unknown {
            name: name.to_string(),
            placeholders: unknown,
        });
    }
    Ok(Prompt {
        name: name.to_string(),
        text: text.to_string(),
    })
}

impl Prompts {
    /// The embedded prompts, or those of `dir` where it has a file of the same name.
    pub fn load(dir: Option<&Path>) -> Result<Prompts, PromptError> {
        let mut loaded = Vec::new();
        for (name, text, wanted) in FILES {
            let text = match dir.map(|d| d.join(name)) {
                Some(p) if p.exists() => {
                    std::fs::read_to_string(&p).map_err(|error| PromptError::Read { path: p, error })?
                }
                _ => text.to_string(),
            };
            loaded.push(check(name, &text, wanted)?);
        }
        let mut it = loaded.into_iter();
        let mut next = || it.next().ok_or(PromptError::OutOfOrder);
        Ok(Prompts {
            score_answer: next()?,
            final_report: next()?,
            coach_chat: next()?,
            system: next()?,
            report_in_grading: next()?,
            final_report_request: next()?,
        })
    }
}

impl Prompt {
    /// Fill the placeholders. Values are inserted verbatim, once: a value that itself contains
    /// `{{x}}` is not expanded again.
    pub fn render(&self, vars: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(self.text.len() + 256);
        let mut rest = self.text.as_str();
        while let Some(i) = rest.find("{{") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            match after.find("}}") {
                Some(j) => {
                    let key = after[..j].trim();
                    match vars.iter().find(|(k, _)| *k == key) {
                        Some((_, v)) => out.push_str(v),
                        None => out.push_str(&rest[i..i + 2 + j + 2]),
                    }
                    rest = &after[j + 2..];
                }
                None => {
                    out.push_str(&rest[i..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_prompts_load_and_a_missing_placeholder_is_an_error() {
        let p = Prompts::load(None).expect("embedded prompts are valid");
        assert!(p.score_answer.render(&[("question", "Q?")]).contains("Q?"));
        let e = check("x.md", "Hello {{name}}", &["name", "role", "level"]).unwrap_err();
        assert_eq!(e.to_string(), "prompt x.md lacks placeholder(s) {{level}}, {{role}}");
        let e = check("x.md", "Hello {{name}} {{typo}}", &["name"]).unwrap_err();
        assert_eq!(e.to_string(), "prompt x.md uses unknown placeholder(s) {{typo}}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("final_report.md"), "no placeholders at all").unwrap();
        let e = Prompts::load(Some(dir.path())).unwrap_err().to_string();
        assert!(e.starts_with("prompt final_report.md lacks placeholder(s) {{"), "{e}");
    }

    #[test]
    fn values_are_not_expanded_twice() {
        let p = check("x.md", "A {{a}} B {{b}}", &["a", "b"]).unwrap();
        assert_eq!(p.render(&[("a", "{{b}}"), ("b", "2")]), "A {{b}} B 2");
    }
}
