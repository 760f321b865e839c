//! What a coach-chat message asks for, recognised offline by phrase rules (issue #18): how to
//! answer a question, the user's weak points, what to fix first, practice questions for a
//! company or role, help drafting an answer, what to ask the interviewer, and a review of a
//! pasted answer. Pure: the engine (`engine/chat.rs`) answers each from the bank, the scorer,
//! the user's history or curated lists. A message that matches no rule is `None` (the coach then
//! says what it can do; it does not search the message's words).

use crate::bank::catalog;

/// An interview stage, for the questions to ask the interviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// A recruiter or phone screen.
    Recruiter,
    HiringManager,
    /// Future peers, a technical or panel round.
    Team,
    /// A final round with a director or executive.
    Final,
}

impl Stage {
    pub fn slug(self) -> &'static str {
        match self {
            Stage::Recruiter => "recruiter",
            Stage::HiringManager => "hiring_manager",
            Stage::Team => "team",
            Stage::Final => "final",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// "How do I answer X?": `topic` is X as written (may be empty).
    HowToAnswer { topic: String },
    /// "What are my weak points?"
    WeakPoints,
    /// "What should I fix first?" (/suggest).
    FixFirst,
    /// "Give me practice questions for Acme, backend": the company as written, the role slug.
    PracticeQuestions {
        company: Option<String>,
        role: Option<&'static str>,
    },
    /// "Help me draft an answer (to X)".
    Draft { topic: Option<String> },
    /// "What should I ask the interviewer?"
    AskInterviewer {
        stage: Option<Stage>,
        role: Option<&'static str>,
    },
    /// "Review my answer: …": the pasted answer (empty when none followed), and the question it
    /// answers when the user named one ("review my answer to X: …").
    Review { answer: String, question: Option<String> },
}

/// The message lower-cased, curly quotes straightened, spaces collapsed.
fn norm(text: &str) -> String {
    let t: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect();
    t.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words a message may open with that say nothing ("hey coach, …").
const OPENERS: &[&str] = &[
    "hey coach",
    "hi coach",
    "hello coach",
    "coach",
    "hey",
    "hi",
    "hello",
    "ok",
    "okay",
    "so",
    "please",
    "pls",
    "um",
    "hmm",
    "quick question",
    "question",
];

fn strip_openers(s: &str) -> &str {
    let mut s = s.trim_start_matches([' ', ',', ':', '-']);
    loop {
        let before = s;
        for o in OPENERS {
            if let Some(rest) = s.strip_prefix(o)
                && (rest.is_empty() || rest.starts_with([' ', ',', ':', '!', '-']))
            {
                s = rest.trim_start_matches([' ', ',', ':', '!', '-']);
            }
        }
        if s == before {
            return s;
        }
    }
}

fn has_any(s: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| s.contains(p))
}

pub fn recognise(text: &str) -> Option<Intent> {
    let n = norm(text);
    let s = strip_openers(&n);
    if s.is_empty() {
        return None;
    }
    review(text)
        .or_else(|| how_to(s))
        .or_else(|| ask_interviewer(s))
        .or_else(|| draft(s))
        .or_else(|| practice_questions(text, s))
        .or_else(|| weak_points(s))
        .or_else(|| fix_first(s))
}

/// Verbs of a review request, and what is reviewed.
const REVIEW_VERBS: &[&str] = &[
    "review",
    "score",
    "grade",
    "rate",
    "critique",
    "evaluate",
    "assess",
    "feedback on",
];
const REVIEW_OBJECTS: &[&str] = &["answer", "response", "this", "it", "story", "reply"];

/// "Review my answer: …", "can you review: …", "score this answer — …", "review my answer to
/// <question>: …". The head (before the first colon, dash or line break within 160 characters)
/// must ask for a review; what follows is the answer.
fn review(text: &str) -> Option<Intent> {
    let t = text.trim();
    let cut = t
        .char_indices()
        .take(160)
        .find(|(_, c)| matches!(c, ':' | '\n' | '—' | '–'))
        .map(|(i, c)| (i, c.len_utf8()));
    let (head, rest) = match cut {
        Some((i, len)) => (&t[..i], t[i + len..].trim()),
        // No separator: only the bare request ("review my answer") counts, with no answer.
        None => (t, ""),
    };
    let h = norm(head);
    let h = strip_openers(&h).trim_end_matches(['?', '.', '!', ' ']);
    let asks = REVIEW_VERBS.iter().any(|v| {
        h.starts_with(v)
            || ["can you ", "could you ", "would you ", "will you ", "pls ", "please "]
                .iter()
                .any(|p| h.strip_prefix(p).is_some_and(|r| r.starts_with(v)))
    }) || h.starts_with("what do you think of my")
        || h.starts_with("how good is my")
        || h.starts_with("how is my answer")
        || h.starts_with("is this a good answer")
        || h.starts_with("is my answer good");
    if !asks {
        return None;
    }
    let words: Vec<&str> = h.split_whitespace().collect();
    // "review: …" and "can you review: …" name no object; otherwise the object must be one.
    let last_verb = words
        .iter()
        .rposition(|w| REVIEW_VERBS.iter().any(|v| v.split(' ').next() == Some(*w)));
    let object_ok = match last_verb {
        Some(i) if i + 1 == words.len() => true,
        _ => words.iter().any(|w| REVIEW_OBJECTS.contains(w)),
    };
    if !object_ok {
        return None;
    }
    if cut.is_none() && words.len() > 6 {
        return None;
    }
    // "review my answer to <question>": the question, as written.
    let question = head
        .to_ascii_lowercase()
        .find(" answer to ")
        .and_then(|i| head.get(i + " answer to ".len()..))
        .map(|q| q.trim().trim_matches(['"', '\'', '?', ' ']).to_string())
        .filter(|q| q.split_whitespace().count() >= 2);
    Some(Intent::Review {
        answer: rest.to_string(),
        question,
    })
}

const HOW_TO: &[&str] = &[
    "how do i answer",
    "how should i answer",
    "how to answer",
    "how would you answer",
    "how can i answer",
    "how do you answer",
    "how would i answer",
    "how do i respond to",
    "how should i respond to",
    "how to respond to",
    "how do i handle",
    "how should i handle",
    "how to handle",
    "how do i explain",
    "how should i explain",
    "how to explain",
    "how do i talk about",
    "how should i talk about",
    "how to talk about",
    "how do i approach",
    "how should i approach",
    "how to approach",
    "what's a good answer to",
    "what is a good answer to",
    "what's the best answer to",
    "what is the best answer to",
    "what's the best way to answer",
    "what is the best way to answer",
    "best way to answer",
    "tips for answering",
    "help me answer",
    "how to tackle",
    "how do i tackle",
];

fn how_to(s: &str) -> Option<Intent> {
    let p = HOW_TO.iter().find(|p| s.starts_with(*p))?;
    let mut topic = s[p.len()..].trim();
    for lead in [
        "the question",
        "questions about",
        "questions like",
        "a question about",
        "the",
    ] {
        if let Some(r) = topic.strip_prefix(lead)
            && (r.is_empty() || r.starts_with(' ') || r.starts_with(':'))
        {
            topic = r.trim_start_matches([' ', ':']);
        }
    }
    let topic = topic.trim_matches(['"', '\'', '?', '.', '!', ' ', ':']).to_string();
    Some(Intent::HowToAnswer { topic })
}

fn ask_interviewer(s: &str) -> Option<Intent> {
    let asks = has_any(
        s,
        &[
            "questions to ask",
            "question to ask",
            "what should i ask",
            "what can i ask",
            "what do i ask",
            "what to ask",
            "ask the interviewer",
            "ask my interviewer",
            "ask the hiring manager",
            "ask the recruiter",
            "ask at the end",
            "questions for the interviewer",
            "questions for my interviewer",
            "questions for the hiring manager",
            "reverse interview",
            "do you have any questions for us",
        ],
    );
    if !asks {
        return None;
    }
    let stage = if has_any(s, &["recruiter", "phone screen", "screening", "screen call", "hr "]) {
        Some(Stage::Recruiter)
    } else if has_any(s, &["hiring manager", "my manager", "future manager", "the manager"]) {
        Some(Stage::HiringManager)
    } else if has_any(
        s,
        &[
            "final round",
            "final interview",
            "executive",
            "director",
            "ceo",
            "cto",
            "vp ",
            "onsite",
        ],
    ) {
        Some(Stage::Final)
    } else if has_any(s, &["technical", "team", "peer", "panel", "engineer"]) {
        Some(Stage::Team)
    } else {
        None
    };
    // "hiring manager" and "recruiter" name who asks, not the user's role.
    let rest = s
        .replace("hiring manager", " ")
        .replace("the manager", " ")
        .replace("my manager", " ");
    Some(Intent::AskInterviewer {
        stage,
        role: role_in(&rest),
    })
}

fn draft(s: &str) -> Option<Intent> {
    const ASKS: &[&str] = &[
        "help me draft",
        "help me write",
        "help me prepare an answer",
        "help me prepare my answer",
        "help me with my answer",
        "help me build an answer",
        "help me structure my answer",
        "draft an answer",
        "draft my answer",
        "draft a star",
        "draft a story",
        "draft me",
        "write an answer",
        "write my answer",
        "write me an answer",
        "write a star",
        "can you draft",
        "could you draft",
    ];
    let p = ASKS.iter().find(|p| s.contains(*p))?;
    let after = &s[s.find(p).unwrap_or(0) + p.len()..];
    let topic = ["for ", "to ", "about "]
        .iter()
        .filter_map(|w| after.find(w).map(|i| after[i + w.len()..].trim()))
        .next()
        .map(|t| t.trim_matches(['"', '\'', '?', '.', '!', ' ']).to_string())
        .filter(|t| !t.is_empty());
    Some(Intent::Draft { topic })
}

fn practice_questions(original: &str, s: &str) -> Option<Intent> {
    const ASKS: &[&str] = &[
        "practice questions",
        "practise questions",
        "interview questions for",
        "interview questions at",
        "questions for a",
        "questions for an",
        "questions for the",
        "questions for my",
        "what will they ask",
        "what might they ask",
        "what would they ask",
        "what will i be asked",
        "what might i be asked",
        "what questions will",
        "what questions might",
        "what questions could",
        "likely questions",
        "give me questions",
        "give me some questions",
        "questions to practise",
        "questions to practice",
        "mock questions",
        "sample questions",
    ];
    if !has_any(s, ASKS) {
        return None;
    }
    Some(Intent::PracticeQuestions {
        company: company_in(original),
        role: role_in(s),
    })
}

fn weak_points(s: &str) -> Option<Intent> {
    const ASKS: &[&str] = &[
        "my weak points",
        "my weak areas",
        "my weak spots",
        "my weakest",
        "my weaknesses",
        "my weak sides",
        "where am i weak",
        "where am i weakest",
        "what am i weak at",
        "what am i bad at",
        "what am i worst at",
        "what do i struggle with",
        "what are my gaps",
        "where do i struggle",
        "my weak",
    ];
    // "How should I talk about my weaknesses?" is about an interview answer, not the history.
    const ABOUT_ANSWERING: &[&str] = &[
        "answer",
        "talk about",
        "describe",
        "present",
        "discuss",
        "say ",
        "mention",
        "explain",
    ];
    (has_any(s, ASKS) && !has_any(s, ABOUT_ANSWERING)).then_some(Intent::WeakPoints)
}

fn fix_first(s: &str) -> Option<Intent> {
    const ASKS: &[&str] = &[
        "fix first",
        "what should i fix",
        "what should i work on",
        "what should i improve",
        "what do i need to improve",
        "what do i need to work on",
        "what should i focus on",
        "where should i focus",
        "what should i practise",
        "what should i practice",
        "how can i improve",
        "how do i improve",
        "top improvements",
        "biggest improvement",
        "what to improve",
        "what to work on",
    ];
    let s = s.trim_end_matches(['?', '.', '!', ' ']);
    (has_any(s, ASKS) || s == "suggest" || s == "suggestions").then_some(Intent::FixFirst)
}

const NOT_ALONE: &[&str] = &[
    "a",
    "an",
    "the",
    "at",
    "for",
    "it",
    "in",
    "on",
    "me",
    "my",
    "de",
    "po",
    "ba",
    "em",
    "dev",
    "web",
    "server",
    "platform",
    "quality",
    "product",
    "engineer",
    "analyst",
    "manager",
    "design",
    "scientist",
];

/// A role named in the message (a one-to-three-word span the catalog knows).
fn role_in(s: &str) -> Option<&'static str> {
    let words: Vec<&str> = s
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '/'))
        .filter(|w| !w.is_empty())
        .collect();
    for len in (1..=3).rev() {
        for w in words.windows(len) {
            let span = w.join(" ");
            // One-word aliases that are also everyday words name no role alone.
            if len == 1 && NOT_ALONE.contains(&span.as_str()) {
                continue;
            }
            if let Some(r) = catalog::parse_role(&span) {
                return Some(r.slug);
            }
        }
    }
    None
}

/// The company after " at " ("questions for a backend role at Acme Corp"), as written: up to
/// three words, stopping at "for", "as", "in" or punctuation; else capitalised words after
/// " for " ("practice questions for Acme").
fn company_in(original: &str) -> Option<String> {
    let lower = original.to_lowercase();
    let Some(i) = lower.find(" at ") else {
        return company_after_for(original, &lower);
    };
    let rest = &original[i + 4..];
    let mut words = Vec::new();
    for w in rest.split_whitespace().take(3) {
        let clean = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '.' && c != '-');
        let clean = clean.trim_end_matches('.');
        if clean.is_empty()
            || matches!(
                clean.to_lowercase().as_str(),
                "for" | "as" | "in" | "the" | "a" | "an" | "and" | "on"
            )
        {
            break;
        }
        words.push(clean.to_string());
        if w.ends_with([',', '?', '!', '.', ';']) {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

/// Capitalised words after " for " that name no role: "questions for Acme Corp" (not "for a
/// backend role", not "for Backend").
fn company_after_for(original: &str, lower: &str) -> Option<String> {
    let i = lower.find(" for ")?;
    let mut words = Vec::new();
    for w in original.get(i + 5..)?.split_whitespace().take(3) {
        let clean = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '-');
        let capital = clean.chars().next().is_some_and(|c| c.is_uppercase());
        if !capital || catalog::parse_role(clean).is_some() {
            break;
        }
        words.push(clean.to_string());
        if w.ends_with([',', '?', '!', '.', ';']) {
            break;
        }
    }
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests;
