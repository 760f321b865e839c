//! The coach chat's memory (issue #18): one conversation per user, of which a model sees a
//! bounded context — the last [`RECENT_TURNS`] turns verbatim (each side capped) and the older
//! ones as a running summary. The summary is built by a deterministic extractive rule: the
//! sentences in which the user stated a fact about themselves or a goal (a fact restated — the
//! same words, other numbers — replaces its earlier form), and the topics the coach answered.
//! Over [`SUMMARY_CHARS`] the oldest facts go first, goals and interview plans last. It is folded forward every
//! [`SUMMARY_EVERY`] turns that leave the recent window and stored per user at `u/<user>/cs`.
//! Pure: the engine (`engine/conversation.rs`) reads and writes the records.

use super::docs::{Cv, Jd, gap};
use crate::store::Record;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Turns the model sees verbatim.
pub const RECENT_TURNS: usize = 6;
/// Older turns are folded into the summary once this many have left the recent window.
pub const SUMMARY_EVERY: usize = 5;
/// The summary's cap (characters), facts and topics together.
pub const SUMMARY_CHARS: usize = 900;
/// Each recent user message, and each coach reply, in the prompt (characters).
pub const TURN_USER_CHARS: usize = 400;
pub const TURN_REPLY_CHARS: usize = 500;
/// One extracted fact (characters).
pub const FACT_CHARS: usize = 160;
/// The CV/JD summary (characters).
pub const CV_JD_CHARS: usize = 500;
/// Topics kept.
const TOPICS: usize = 12;

/// The running summary of the turns older than the recent window.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatSummary {
    /// What the user said about themselves and their goals, oldest first.
    pub facts: Vec<String>,
    /// What the coach answered about (guide ids, intents), oldest first, no repeats.
    pub topics: Vec<String>,
    /// The id of the last turn folded in (ids sort in the order turns were written).
    pub upto: Option<String>,
    /// Turns folded in so far.
    pub turns: u32,
}

impl Record for ChatSummary {}

/// One turn as the memory reads it.
#[derive(Debug, Clone, Copy)]
pub struct TurnText<'a> {
    /// Sorts in the order turns were written (the tail of the entry's key).
    pub id: &'a str,
    pub at: DateTime<Utc>,
    pub user: &'a str,
    pub coach: &'a str,
    /// What answered ("guide:star-method", "intent:review", "llm").
    pub answered_with: &'a str,
}

/// Words that mark a sentence as the user's own fact or goal.
const FACT_MARKS: &[&str] = &[
    "i am ",
    "i'm ",
    "i was ",
    "i have ",
    "i've ",
    "i had ",
    "i work",
    "i worked",
    "i lead",
    "i led",
    "i manage",
    "i managed",
    "i built",
    "i want",
    "i'd like",
    "i would like",
    "i need",
    "i plan",
    "i hope",
    "i struggle",
    "i get nervous",
    "i'm applying",
    "i applied",
    "i got",
    "my ",
    "goal",
    "deadline",
    "interview is",
    "interview on",
    "interview at",
    "interview with",
    "applying",
    "offer",
];

/// Words that mark a fact as a goal or an interview plan: kept longest.
const GOAL_MARKS: &[&str] = &[
    "interview",
    "goal",
    "want",
    "applying",
    "applied",
    "offer",
    "deadline",
    "target",
    "hoping",
    "plan to",
    "nervous",
    "struggle",
];

fn is_goal(fact: &str) -> bool {
    let l = fact.to_lowercase();
    GOAL_MARKS.iter().any(|m| l.contains(m))
}

/// Two facts are one restated when they differ only in numbers, case and spacing.
fn same_fact(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    key(a) == key(b)
}

/// The sentences of a message that state a fact about the user or a goal (a first-person
/// statement, not a question), each capped at [`FACT_CHARS`].
pub fn facts(message: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in message.split_inclusive(['.', '!', '?', '\n']) {
        let s = raw.trim();
        if s.ends_with('?') || s.chars().filter(|c| c.is_alphanumeric()).count() < 8 {
            continue;
        }
        let lower = format!(" {}", s.to_lowercase().replace('\u{2019}', "'"));
        if FACT_MARKS.iter().any(|m| lower.contains(&format!(" {m}"))) {
            out.push(crate::scoring::clip(s.trim_end_matches(['.', '!', '\n']), FACT_CHARS));
        }
    }
    out
}

/// The topic a turn was about, if it names one.
fn topic(answered_with: &str) -> Option<String> {
    let (kind, id) = answered_with.split_once(':')?;
    matches!(kind, "guide" | "intent" | "bank").then(|| id.replace(['-', '_'], " "))
}

impl ChatSummary {
    /// Fold older turns in (oldest first), then keep the newest facts and topics within the cap.
    pub fn fold(&mut self, turns: &[TurnText<'_>]) {
        for t in turns {
            for f in facts(t.user) {
                self.facts.retain(|x| !same_fact(x, &f));
                self.facts.push(f);
            }
            if let Some(tp) = topic(t.answered_with) {
                self.topics.retain(|x| *x != tp);
                self.topics.push(tp);
            }
            if self.upto.as_deref().is_none_or(|u| t.id > u) {
                self.upto = Some(t.id.to_string());
            }
            self.turns += 1;
        }
        if self.topics.len() > TOPICS {
            self.topics.drain(..self.topics.len() - TOPICS);
        }
        while self.render().chars().count() > SUMMARY_CHARS && !self.facts.is_empty() {
            let i = self.facts.iter().position(|f| !is_goal(f)).unwrap_or(0);
            self.facts.remove(i);
        }
        while self.render().chars().count() > SUMMARY_CHARS && !self.topics.is_empty() {
            self.topics.remove(0);
        }
    }

    /// The summary as the prompt shows it (at most [`SUMMARY_CHARS`] characters once folded).
    pub fn render(&self) -> String {
        if self.turns == 0 {
            return "(no earlier turns)".into();
        }
        let mut s = format!("{} earlier turns.", self.turns);
        if !self.facts.is_empty() {
            s.push_str(" The user said: ");
            s.push_str(&self.facts.join(" | "));
            s.push('.');
        }
        if !self.topics.is_empty() {
            s.push_str(" Topics covered: ");
            s.push_str(&self.topics.join(", "));
            s.push('.');
        }
        s
    }
}

/// The turns to fold now: those older than the recent window and not yet in the summary, once
/// there are at least [`SUMMARY_EVERY`] of them (`turns` oldest first).
pub fn due_to_fold<'a, 'b>(summary: &ChatSummary, turns: &'b [TurnText<'a>]) -> &'b [TurnText<'a>] {
    let pending = unfolded(summary, turns);
    if pending.len() >= SUMMARY_EVERY { pending } else { &[] }
}

/// The turns older than the recent window that the summary does not hold yet.
pub fn unfolded<'a, 'b>(summary: &ChatSummary, turns: &'b [TurnText<'a>]) -> &'b [TurnText<'a>] {
    let older = &turns[..turns.len().saturating_sub(RECENT_TURNS)];
    let start = older
        .iter()
        .position(|t| summary.upto.as_deref().is_none_or(|u| t.id > u))
        .unwrap_or(older.len());
    &older[start..]
}

/// The last [`RECENT_TURNS`] turns, each side capped, as the prompt shows them.
pub fn render_recent(turns: &[TurnText<'_>], defuse: impl Fn(&str) -> String) -> String {
    let recent = &turns[turns.len().saturating_sub(RECENT_TURNS)..];
    if recent.is_empty() {
        return "(this is the first message)".into();
    }
    recent
        .iter()
        .map(|t| {
            let coach = if t.coach.trim().is_empty() {
                "(no reply kept)".to_string()
            } else {
                defuse(&crate::scoring::clip(t.coach.trim(), TURN_REPLY_CHARS))
            };
            format!(
                "User: {}\nCoach: {}",
                defuse(&crate::scoring::clip(t.user.trim(), TURN_USER_CHARS)),
                coach
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the model is told of the user's CV and target job: roles, top skills, the job's title
/// and company, and the gap — at most [`CV_JD_CHARS`] characters.
pub fn cv_jd_summary(cv: Option<&Cv>, jd: Option<&Jd>) -> String {
    let mut parts = Vec::new();
    if let Some(cv) = cv {
        let roles: Vec<&str> = cv.roles.iter().take(2).map(String::as_str).collect();
        let skills: Vec<&str> = cv.skills.iter().take(8).map(String::as_str).collect();
        parts.push(format!(
            "CV: roles {}; top skills {}.",
            if roles.is_empty() {
                "not read".into()
            } else {
                roles.join("; ")
            },
            if skills.is_empty() {
                "not read".into()
            } else {
                skills.join(", ")
            }
        ));
    }
    if let Some(jd) = jd {
        let title = jd.title.as_deref().unwrap_or("a role");
        let at = jd.company.as_deref().map(|c| format!(" at {c}")).unwrap_or_default();
        let skills: Vec<&str> = jd.skills.iter().take(8).map(String::as_str).collect();
        parts.push(format!("Target job: {title}{at}; asks for {}.", skills.join(", ")));
    }
    if let (Some(cv), Some(jd)) = (cv, jd) {
        let g = gap(cv, jd);
        if !g.is_empty() {
            let shown: Vec<&str> = g.iter().take(6).map(String::as_str).collect();
            parts.push(format!(
                "Gap (the job asks, the CV does not show): {}.",
                shown.join(", ")
            ));
        }
    }
    if parts.is_empty() {
        return "none on file".into();
    }
    crate::scoring::clip(&parts.join(" "), CV_JD_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn at(i: i64) -> DateTime<Utc> {
        "2026-12-01T10:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(i)
    }

    /// 0 → "aa", 1 → "ab", … (distinct words without digits).
    fn letters(i: usize) -> String {
        let a = (b'a' + (i / 26) as u8) as char;
        let b = (b'a' + (i % 26) as u8) as char;
        format!("{a}{b}")
    }

    #[test]
    fn a_fact_restated_replaces_its_earlier_form() {
        let mut s = ChatSummary::default();
        let a = "I have 3 years of Rust.";
        let b = "I have 4 years of Rust.";
        s.fold(&[
            TurnText {
                id: "1",
                at: at(0),
                user: a,
                coach: "",
                answered_with: "llm",
            },
            TurnText {
                id: "2",
                at: at(1),
                user: b,
                coach: "",
                answered_with: "llm",
            },
        ]);
        assert_eq!(s.facts, vec!["I have 4 years of Rust".to_string()]);
    }

    #[test]
    fn facts_are_the_users_statements_not_questions() {
        let f = facts(
            "I'm a backend engineer with six years in payments. What is STAR? My interview at Acme is on Friday! ok",
        );
        assert_eq!(
            f,
            vec![
                "I'm a backend engineer with six years in payments".to_string(),
                "My interview at Acme is on Friday".to_string(),
            ]
        );
        assert!(facts("How do I answer conflict questions?").is_empty());
        assert!(facts("Thanks, that helps a lot").is_empty());
        let long = format!("I want {}", "x ".repeat(200));
        assert!(facts(&long)[0].chars().count() <= FACT_CHARS + 1);
    }

    #[test]
    fn the_summary_folds_every_few_turns_and_stays_within_its_cap() {
        // Distinct facts (numbers alone would make them one fact restated); turn 3 states a goal.
        let users: Vec<String> = (0..200)
            .map(|i| match i {
                3 => "My interview at Hooli is on Friday.".to_string(),
                _ => format!("I led the {} project for a year.", letters(i)),
            })
            .collect();
        let ids: Vec<String> = (0..200).map(|i| format!("{i:05}")).collect();
        let turns: Vec<TurnText> = users
            .iter()
            .enumerate()
            .map(|(i, u)| TurnText {
                id: &ids[i],
                // One instant for all: the ids order them.
                at: at(0),
                user: u,
                coach: "reply",
                answered_with: if i % 2 == 0 {
                    "guide:star-method"
                } else {
                    "intent:review"
                },
            })
            .collect();
        let mut s = ChatSummary::default();
        // Ten turns: four older than the window — not yet five, nothing to fold.
        assert!(due_to_fold(&s, &turns[..10]).is_empty());
        let fold = due_to_fold(&s, &turns[..11]);
        assert_eq!(fold.len(), 5);
        s.fold(fold);
        assert_eq!(s.turns, 5);
        assert_eq!(s.upto.as_deref(), Some("00004"));
        assert!(unfolded(&s, &turns[..11]).is_empty());
        assert!(s.render().contains("the ae project"), "{}", s.render());
        for end in 12..=200 {
            let f = due_to_fold(&s, &turns[..end]).to_vec();
            s.fold(&f);
            assert!(s.render().chars().count() <= SUMMARY_CHARS, "{}", s.render());
        }
        // The newest facts are kept, the oldest dropped — but the goal outlives them; topics once
        // each.
        let r = s.render();
        assert!(r.contains(&format!("the {} project", letters(189))), "{r}");
        assert!(!r.contains("the ae project"), "{r}");
        assert!(r.contains("My interview at Hooli is on Friday"), "{r}");
        assert_eq!(s.topics, vec!["star method".to_string(), "review".to_string()]);
        assert_eq!(s.turns, 190);
    }

    #[test]
    fn recent_turns_are_the_last_six_capped() {
        let long = "y".repeat(5000);
        let turns: Vec<TurnText> = (0..9)
            .map(|i| TurnText {
                id: "x",
                at: at(i),
                user: if i == 8 { &long } else { "hello" },
                coach: &long,
                answered_with: "llm",
            })
            .collect();
        let r = render_recent(&turns, |s| s.to_string());
        assert_eq!(r.matches("User:").count(), RECENT_TURNS);
        assert!(r.chars().count() <= RECENT_TURNS * (TURN_USER_CHARS + TURN_REPLY_CHARS + 20));
    }

    #[test]
    fn the_cv_and_jd_summary_names_the_gap_and_is_capped() {
        let t: DateTime<Utc> = at(0);
        let cv = Cv {
            text: "Rust services".into(),
            source: "pasted".into(),
            added: t,
            roles: vec!["Backend Engineer, Acme".into()],
            skills: vec!["rust".into(), "postgresql".into()],
            achievements: vec![],
            lines: vec![],
        };
        let jd = Jd {
            text: String::new(),
            source: "pasted".into(),
            added: t,
            title: Some("Senior Backend Engineer".into()),
            company: Some("Globex".into()),
            skills: vec!["rust".into(), "kafka".into()],
            responsibilities: vec![],
            seniority: vec![],
        };
        let s = cv_jd_summary(Some(&cv), Some(&jd));
        assert!(
            s.contains("Backend Engineer, Acme") && s.contains("Globex") && s.contains("Gap"),
            "{s}"
        );
        assert!(s.ends_with("kafka."), "{s}");
        assert_eq!(cv_jd_summary(None, None), "none on file");
        let big = Cv {
            roles: vec!["r".repeat(2000)],
            ..cv
        };
        assert!(cv_jd_summary(Some(&big), Some(&jd)).chars().count() <= CV_JD_CHARS + 1);
    }
}
