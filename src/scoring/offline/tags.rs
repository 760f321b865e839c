//! Tags: words tacked after a sentence's last comma that name a part of an answer or a topic
//! without saying anything about it (", stakeholders.", ", as a result.", ", CDN."). They add no
//! substance, so the scorer reads each sentence without them. (Headings in front of a sentence —
//! "Result:" — stay: candidates label real STAR parts that way, and reading answers without them
//! lowered ρ on the graded sets; see docs/scoring.md. The guard that finds hollow STAR shells
//! reads the answer as written.)

use crate::scoring::text::{Analysis, words};

/// The answer read without its tags, or `None` when it has none.
pub(super) fn untagged(a: &Analysis) -> Option<Analysis> {
    let mut changed = false;
    let kept: Vec<String> = a
        .sentences
        .iter()
        .map(|s| {
            let t = without_tag(&s.text);
            if t != s.text {
                changed = true;
            }
            t
        })
        .collect();
    if !changed {
        return None;
    }
    let mut clean = Analysis::new(&kept.join("\n"));
    clean.paragraphs = a.paragraphs;
    Some(clean)
}

/// Longest tag: ", root cause analysis.".
const TAG_WORDS: usize = 3;

/// Words that open a clause: a fragment starting with one says something ("…, which saved a
/// week.", "…, so we shipped.").
const CLAUSE_OPENERS: [&str; 23] = [
    "which", "that", "so", "and", "but", "because", "then", "who", "where", "when", "while", "since", "though",
    "although", "or", "if", "until", "after", "before", "with", "without", "for", "to",
];

/// Subjects and objects: a fragment with one is a clause ("…, I learned.", "…, saving us a week").
const PRONOUNS: [&str; 14] = [
    "i", "we", "you", "he", "she", "they", "it", "us", "me", "them", "him", "her", "i'd", "we'd",
];

/// The sentence without a tag after its last comma: at most three words, no figure, no pronoun
/// and no clause opener (", stakeholders." — not ", which saved a week."). The sentence
/// keeps its end mark.
fn without_tag(s: &str) -> String {
    let Some(comma) = s.rfind(',') else {
        return s.to_string();
    };
    let tail = &s[comma + 1..];
    let ws = words(tail);
    if ws.is_empty() || ws.len() > TAG_WORDS || s[..comma].split_whitespace().count() < 3 {
        return s.to_string();
    }
    // A figure, a pronoun or a conjunction ("…, SMS and push.": a list's last items) says something.
    let clause = ws
        .iter()
        .any(|w| w.number || PRONOUNS.contains(&w.lower.as_str()) || matches!(w.lower.as_str(), "and" | "or" | "nor"))
        || CLAUSE_OPENERS.contains(&ws[0].lower.as_str());
    if clause {
        return s.to_string();
    }
    let mut kept = s[..comma].trim_end().to_string();
    if let Some(end) = tail
        .trim_end()
        .chars()
        .next_back()
        .filter(|c| matches!(c, '.' | '!' | '?'))
    {
        kept.push(end);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_dropped_but_a_clause_is_kept() {
        assert_eq!(
            without_tag("I was the only BI developer, stakeholders."),
            "I was the only BI developer."
        );
        assert_eq!(
            without_tag("I was the only BI developer, as a result."),
            "I was the only BI developer."
        );
        assert_eq!(
            without_tag("Would that work for you, stakeholders?"),
            "Would that work for you?"
        );
        assert_eq!(
            without_tag("We shipped the fix on Friday, which saved a week."),
            "We shipped the fix on Friday, which saved a week."
        );
        assert_eq!(
            without_tag("Latency fell for most users, by 40%."),
            "Latency fell for most users, by 40%."
        );
        assert_eq!(without_tag("Hi, thanks."), "Hi, thanks.");
        assert_eq!(
            without_tag("Looking back, email, sms and push."),
            "Looking back, email, sms and push."
        );
        assert_eq!(
            without_tag("It was my first month, I learned."),
            "It was my first month, I learned."
        );
        assert_eq!(
            without_tag("I was the only BI developer, recommendation."),
            "I was the only BI developer."
        );
    }
}
