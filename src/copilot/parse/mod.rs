//! Reading a CV and a job description (issue #18): plain rules over the extracted text, no
//! model. `lines` splits the text into lines that know whether they are a bullet or a heading;
//! `skills.rs` finds known skills (`data/skills.txt`, with aliases); `cv.rs` and `jd.rs` read
//! each document into the fields of `copilot::docs::{Cv, Jd}`. The word lists are
//! `data/cv_words.toml`.

pub mod cv;
pub mod jd;
pub mod skills;

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Words {
    pub role_words: Vec<String>,
    pub action_verbs: Vec<String>,
    pub topics: HashMap<String, Vec<String>>,
}

pub(crate) static WORDS: LazyLock<Words> = LazyLock::new(|| {
    toml::from_str(include_str!("../../../data/cv_words.toml")).expect("data/cv_words.toml is checked by a test")
});

/// One line of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// The text without its bullet mark, whitespace collapsed.
    pub text: String,
    pub bullet: bool,
    /// A short line that opens a section ("Experience", "What you'll do:", "## Skills").
    pub heading: bool,
}

/// The lines of a document, blank ones dropped.
pub(crate) fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .filter_map(|raw| {
            let t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            if t.is_empty() {
                return None;
            }
            let (body, bullet) = strip_bullet(&t);
            let md_heading = body.starts_with('#');
            let body = body.trim_start_matches('#').trim().trim_matches('*').trim().to_string();
            if body.is_empty() {
                return None;
            }
            let words = body.split_whitespace().count();
            let letters: Vec<char> = body.chars().filter(|c| c.is_alphabetic()).collect();
            let shouting = letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase());
            let heading = !bullet
                && (md_heading
                    || (words <= 6 && body.ends_with(':'))
                    || (words <= 5 && shouting)
                    || (words <= 5 && !body.contains(['.', ',', '|', '(']) && section_word(&body)));
            Some(Line {
                text: body.trim_end_matches(':').trim().to_string(),
                bullet,
                heading,
            })
        })
        .collect()
}

/// A line's bullet mark removed: `-`, `*`, `•`, `–`, `1.`, `2)`.
fn strip_bullet(t: &str) -> (&str, bool) {
    for mark in ["- ", "* ", "• ", "● ", "▪ ", "◦ ", "– ", "— ", "· ", "•", "▪", "●"] {
        if let Some(rest) = t.strip_prefix(mark) {
            return (rest.trim(), true);
        }
    }
    let digits = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=2).contains(&digits)
        && let Some(rest) = t[digits..]
            .strip_prefix(". ")
            .or_else(|| t[digits..].strip_prefix(") "))
    {
        return (rest.trim(), true);
    }
    (t, false)
}

/// Words that name a section of a CV or a posting, when a short line is only that.
fn section_word(line: &str) -> bool {
    const SECTIONS: &[&str] = &[
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "skills",
        "technical skills",
        "education",
        "projects",
        "summary",
        "profile",
        "about me",
        "responsibilities",
        "requirements",
        "qualifications",
        "nice to have",
        "benefits",
        "about us",
        "what you'll do",
        "what you will do",
        "what you'll need",
        "about you",
        "who you are",
        "certifications",
        "languages",
        "achievements",
        "interests",
        "publications",
        "the role",
        "about the role",
        "preferred qualifications",
        "minimum qualifications",
        "perks",
    ];
    let l = norm(line);
    SECTIONS.contains(&l.as_str())
}

/// Lower case, typographic apostrophes made plain, outer punctuation removed.
pub(crate) fn norm(s: &str) -> String {
    s.to_lowercase()
        .replace(['’', '‘'], "'")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '+')
        .to_string()
}

/// The words of a line, lower case, outer punctuation removed.
pub(crate) fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '/' || c == ',')
        .map(norm)
        .filter(|w| !w.is_empty())
        .collect()
}

pub(crate) fn is_role_word(w: &str) -> bool {
    WORDS.role_words.iter().any(|r| r == w)
}

pub(crate) fn is_action_verb(w: &str) -> bool {
    WORDS.action_verbs.iter().any(|r| r == w)
}

/// A figure that is not a year: "40%", "$2M", "3x", "120,000", "5 engineers".
pub(crate) fn has_figure(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || c == '(' || c == ')').any(|tok| {
        let digits: String = tok.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            return false;
        }
        let year = digits.len() == 4
            && (digits.starts_with("19") || digits.starts_with("20"))
            && !tok.contains(['%', '$', '€', '£', 'x', 'k', 'm', 'M', 'K']);
        !year
    })
}

/// A year (1950–2099), or "present"/"current"/"now" as a date range's end.
pub(crate) fn has_date(s: &str) -> bool {
    let lower = s.to_lowercase();
    if ["present", "current", "now", "today"]
        .iter()
        .any(|w| words(&lower).iter().any(|x| x == w))
    {
        return true;
    }
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        let four = &b[i..i + 4];
        four.iter().all(u8::is_ascii_digit)
            && (four.starts_with(b"19") || four.starts_with(b"20"))
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && (i + 4 == b.len() || !b[i + 4].is_ascii_digit())
    })
}

/// Contact details and links: never an experience line.
pub(crate) fn is_contact(s: &str) -> bool {
    let l = s.to_lowercase();
    l.contains('@') && !l.contains(" @ ")
        || l.contains("http")
        || l.contains("www.")
        || l.contains("linkedin")
        || l.contains("github.com")
        || s.chars().filter(|c| c.is_ascii_digit()).count() >= 9 && s.split_whitespace().count() <= 6
}

/// Whether a text reads like a job posting rather than a CV: posting words ("responsibilities",
/// "you will", "we are looking") and duties or an "N+ years" ask, and no dated role of its own.
pub fn looks_like_jd(text: &str) -> bool {
    let lower = text.to_lowercase().replace('’', "'");
    let phrases = [
        "responsibilities",
        "requirements",
        "qualifications",
        "you will",
        "you'll",
        "we are looking",
        "we're looking",
        "we're hiring",
        "we are hiring",
        "is hiring",
        "nice to have",
        "what we offer",
        "about the role",
        "benefits",
    ];
    let said = phrases.iter().filter(|p| lower.contains(*p)).count();
    let j = jd::read(text);
    let c = cv::read(text);
    let dated_roles = c.roles.iter().filter(|r| has_date(r)).count();
    let asks = !j.responsibilities.is_empty() as usize + j.seniority.iter().any(|s| s.ends_with("years")) as usize;
    dated_roles == 0 && said >= 2 && said + asks >= 3
}

/// Push `item` unless it is there already; keep at most `cap`.
pub(crate) fn push_unique(list: &mut Vec<String>, item: String, cap: usize) {
    if list.len() < cap && !list.iter().any(|x| x.eq_ignore_ascii_case(&item)) {
        list.push(item);
    }
}

/// At most `max` characters, cut on a word boundary with an ellipsis.
pub(crate) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_parse_and_are_lower_case_without_duplicates() {
        let w = &*WORDS;
        for list in [&w.role_words, &w.action_verbs] {
            let mut seen = std::collections::HashSet::new();
            for x in list {
                assert_eq!(x, &x.to_lowercase(), "{x}");
                assert!(seen.insert(x), "duplicate {x}");
            }
        }
        for (k, v) in &w.topics {
            assert_eq!(k, &k.to_lowercase());
            assert!(v.iter().all(|x| x == &x.to_lowercase() && !x.contains(' ')), "{k}");
        }
        assert!(w.topics.contains_key("conflict") && w.topics.contains_key("scaling"));
    }

    #[test]
    fn lines_know_bullets_and_headings() {
        let l = lines("EXPERIENCE\n- Led a team\n2) Shipped it\nWhat you'll do:\n## Skills\nPlain sentence here.");
        let got: Vec<(&str, bool, bool)> = l.iter().map(|l| (l.text.as_str(), l.bullet, l.heading)).collect();
        assert_eq!(
            got,
            vec![
                ("EXPERIENCE", false, true),
                ("Led a team", true, false),
                ("Shipped it", true, false),
                ("What you'll do", false, true),
                ("Skills", false, true),
                ("Plain sentence here.", false, false),
            ]
        );
    }

    #[test]
    fn postings_read_as_postings_and_cvs_as_cvs() {
        assert!(looks_like_jd(jd::tests::JD));
        assert!(!looks_like_jd(cv::tests::CV));
        assert!(!looks_like_jd(
            "Jane Doe\nProduct Designer\nI design onboarding flows for banking apps."
        ));
    }

    #[test]
    fn figures_are_not_years_and_dates_are_years() {
        assert!(has_figure("Cut costs by 40%"));
        assert!(has_figure("Grew revenue to $2M"));
        assert!(!has_figure("Engineer (2019 - 2021)"));
        assert!(has_date("Engineer, Acme (2019 – present)"));
        assert!(!has_date("Handled 12345 requests"));
    }
}
