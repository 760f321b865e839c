//! The command table shared by every adapter (Telegram's menu and Discord's slash commands are
//! generated from it) and the dispatcher. One file per command.

mod bank;
mod end;
mod export;
pub(crate) mod forget;
mod guide;
mod help;
mod hint;
mod mock;
mod profile;
mod progress;
mod repeat;
mod skip;
mod start;
mod status;
mod usage;

use super::Turn;
use super::buttons::{self, Action};
use super::messages as m;
use anyhow::Result;
pub(crate) use progress::weak_areas;

/// What an argument accepts.
#[derive(Debug, Clone, Copy)]
pub enum ArgKind {
    /// One of fixed values.
    Choice(&'static [&'static str]),
    /// A whole number in a range.
    Integer { min: i64, max: i64 },
    /// Free text.
    Text,
}

#[derive(Debug, Clone, Copy)]
pub struct ArgSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub kind: ArgKind,
    pub required: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub summary: &'static str,
    pub usage: &'static str,
    pub args: &'static [ArgSpec],
    /// Replies carry personal data: adapters that can should show them privately.
    pub private: bool,
    /// Not listed in menus (button targets and aliases of convenience).
    pub hidden: bool,
}

pub const INTERVIEW_TYPES: &[&str] = &[
    "behavioral",
    "technical",
    "system_design",
    "case",
    "situational",
    "mixed",
];
/// The role slugs of `bank::catalog::ROLES`.
pub const ROLE_CHOICES: &[&str] = &crate::bank::catalog::ROLE_SLUGS;
pub const LEVELS: &[&str] = &["intern", "junior", "mid", "senior", "staff"];
pub const DIFFICULTIES: &[&str] = &["easy", "medium", "hard", "expert"];
/// The persona ids; `data/personas.toml` must define exactly these (checked when it is parsed).
pub const PERSONAS: &[&str] = &crate::bank::PERSONA_IDS;
pub const CATEGORIES: &[&str] = &[
    "behavioral",
    "technical",
    "system_design",
    "case",
    "situational",
    "motivation",
];

const fn arg(name: &'static str, description: &'static str, kind: ArgKind) -> ArgSpec {
    ArgSpec {
        name,
        description,
        kind,
        required: false,
    }
}

pub const TABLE: &[CommandSpec] = &[
    CommandSpec {
        name: "start",
        aliases: &[],
        summary: "Welcome and quick start",
        usage: "/start",
        args: &[],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "help",
        aliases: &["commands"],
        summary: "What I can do",
        usage: "/help",
        args: &[],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "mock",
        aliases: &["interview", "practice", "practise"],
        summary: "Start a timed mock interview",
        usage: "/mock [type] [role] [level] [difficulty] [count] [persona]",
        args: &[
            arg("type", "Interview type", ArgKind::Choice(INTERVIEW_TYPES)),
            arg(
                "role",
                "Target role (default: your profile's)",
                ArgKind::Choice(ROLE_CHOICES),
            ),
            arg(
                "level",
                "Experience level (default: your profile's)",
                ArgKind::Choice(LEVELS),
            ),
            arg(
                "difficulty",
                "Question difficulty (default: by level)",
                ArgKind::Choice(DIFFICULTIES),
            ),
            arg(
                "count",
                "Number of questions, 1-20 (default 8)",
                ArgKind::Integer { min: 1, max: 20 },
            ),
            arg("persona", "Interviewer style", ArgKind::Choice(PERSONAS)),
        ],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "hint",
        aliases: &[],
        summary: "A hint for the current question (costs 5 points)",
        usage: "/hint",
        args: &[],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "answer",
        aliases: &["a"],
        summary: "Answer the current question (where plain messages aren't read)",
        usage: "/answer <your answer>",
        args: &[ArgSpec {
            name: "text",
            description: "Your answer",
            kind: ArgKind::Text,
            required: false,
        }],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "skip",
        aliases: &["next", "pass"],
        summary: "Skip the current question",
        usage: "/skip",
        args: &[],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "repeat",
        aliases: &["again", "question"],
        summary: "Show the current question again",
        usage: "/repeat",
        args: &[],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "end",
        aliases: &["stop", "quit", "finish"],
        summary: "End the interview and get the report",
        usage: "/end",
        args: &[],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "status",
        aliases: &[],
        summary: "Current interview, time left, active brain",
        usage: "/status",
        args: &[],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "usage",
        aliases: &["tokens", "cost"],
        summary: "AI tokens used today, this week and in the current interview",
        usage: "/usage",
        args: &[],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "progress",
        aliases: &["stats", "history"],
        summary: "Your scores over time",
        usage: "/progress",
        args: &[],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "bank",
        aliases: &["questions", "search"],
        summary: "Browse and search the question bank",
        usage: "/bank [category] [competency] [role] [difficulty] [words or question id]",
        args: &[
            arg("category", "Question category", ArgKind::Choice(CATEGORIES)),
            arg("role", "Role", ArgKind::Choice(ROLE_CHOICES)),
            arg("difficulty", "Difficulty", ArgKind::Choice(DIFFICULTIES)),
            arg(
                "search",
                "Competency, words to search for, or a question id",
                ArgKind::Text,
            ),
        ],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "profile",
        aliases: &["me", "settings"],
        summary: "Your target role, level, industry and time zone",
        usage: "/profile [role R] [level L] [industry I] [timezone Area/City]",
        args: &[
            arg("role", "Target role", ArgKind::Choice(ROLE_CHOICES)),
            arg("level", "Experience level", ArgKind::Choice(LEVELS)),
            arg("industry", "Industry, e.g. fintech", ArgKind::Text),
            arg("timezone", "IANA time zone, e.g. Europe/Berlin", ArgKind::Text),
        ],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "export",
        aliases: &[],
        summary: "All your data as a JSON file",
        usage: "/export",
        args: &[],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "forget",
        aliases: &["delete"],
        summary: "Delete all your data (asks first)",
        usage: "/forget",
        args: &[],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "guide",
        aliases: &["tips"],
        summary: "Show a coaching guide",
        usage: "/guide [topic]",
        args: &[arg("topic", "Guide topic", ArgKind::Text)],
        private: false,
        hidden: true,
    },
];

pub fn find(name: &str) -> Option<&'static CommandSpec> {
    let name = name.trim().trim_start_matches('/').to_lowercase();
    TABLE
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name.as_str()))
}

/// The closest command name, for "did you mean".
pub fn suggest(name: &str) -> Option<&'static str> {
    let name = name.to_lowercase();
    let mut best: Option<(&'static str, f64)> = None;
    for c in TABLE.iter().filter(|c| !c.hidden) {
        for cand in std::iter::once(&c.name).chain(c.aliases.iter()) {
            let sim = strsim::jaro_winkler(&name, cand);
            let dist = strsim::damerau_levenshtein(&name, cand);
            let ok = sim >= 0.78 || dist <= 2.min(cand.len() / 2).max(1);
            if ok && best.is_none_or(|(_, b)| sim > b) {
                best = Some((c.name, sim));
            }
        }
    }
    best.map(|(n, _)| n)
}

/// The user's scheduled timers that exist (key, stored job): they live in the global queue,
/// and the user's sessions know their keys. /export lists them, /forget deletes them.
pub(crate) fn user_timers(t: &Turn<'_>) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let mut out = Vec::new();
    for (_, s) in
        t.e.store
            .scan::<crate::interview::Session>(&crate::store::keys::sessions(&t.user))?
    {
        for k in s.job_keys() {
            if let Some(job) = t.e.store.get_raw(&k)? {
                out.push((k, job));
            }
        }
    }
    Ok(out)
}

pub async fn dispatch(t: &mut Turn<'_>, name: &str, args: &str) -> Result<()> {
    let name = name.split('@').next().unwrap_or("").to_lowercase();
    let Some(spec) = find(&name) else {
        t.reply(m::unknown_command(&name, suggest(&name)));
        return Ok(());
    };
    // Arguments are small; anything huge is a mistake or an attack.
    let args: String = args.chars().take(500).collect();
    // Moving on to another command withdraws a pending /forget (its message says so), so a
    // "yes" typed later can only ever answer the question it was asked right after.
    if !matches!(spec.name, "forget" | "answer")
        && matches!(t.meta.pending, Some(crate::profile::Pending::Forget { .. }))
    {
        t.meta_mut().pending = None;
    }
    match spec.name {
        "start" => start::run(t, &args).await,
        "help" => help::run(t).await,
        "mock" => mock::run(t, &args).await,
        "hint" => hint::run(t).await,
        "answer" => {
            if args.trim().is_empty() {
                t.reply(m::answer_usage());
                Ok(())
            } else {
                super::chat::answer_command(t, &args).await
            }
        }
        "skip" => skip::run(t).await,
        "repeat" => repeat::run(t).await,
        "end" => end::run(t).await,
        "status" => status::run(t).await,
        "usage" => usage::run(t).await,
        "progress" => progress::run(t).await,
        "bank" => bank::run(t, &args, 0).await,
        "profile" => profile::run(t, &args).await,
        "export" => export::run(t).await,
        "forget" => forget::run(t, &args).await,
        "guide" => guide::run(t, &args).await,
        _ => {
            t.reply(m::unknown_command(&name, None));
            Ok(())
        }
    }
}

/// A button press: check it is ours and the presser's, then act.
pub async fn button(t: &mut Turn<'_>, payload: &str) -> Result<()> {
    let Some((owner, action)) = buttons::decode(payload) else {
        t.reply(m::unknown_button());
        return Ok(());
    };
    if owner != buttons::owner_tag(&t.user) {
        t.reply(m::not_your_button());
        return Ok(());
    }
    match action {
        Action::Mock { kind, persona } => mock::from_button(t, &kind, persona.as_deref()).await,
        Action::Hint { session } => in_session(t, &session, |t| Box::pin(hint::run(t))).await,
        Action::Skip { session } => in_session(t, &session, |t| Box::pin(skip::run(t))).await,
        Action::Repeat { session } => in_session(t, &session, |t| Box::pin(repeat::run(t))).await,
        Action::End { session } => in_session(t, &session, |t| Box::pin(end::run(t))).await,
        Action::Details { session, seq } => super::interview_turns::details(t, &session, seq),
        Action::ForgetYes { nonce } => forget::confirm(t, Some(&nonce)).await,
        Action::ForgetNo => forget::cancel(t),
        Action::GroupMockYes => mock::confirm_in_group(t).await,
        Action::Cancel => {
            t.meta_mut().pending = None;
            t.reply(m::cancelled());
            Ok(())
        }
        Action::BankMore => bank::more(t).await,
        Action::BankShow { id } => bank::run(t, &id, 0).await,
        Action::Run { command } => {
            let (name, args) = command.split_once(' ').unwrap_or((command.as_str(), ""));
            Box::pin(dispatch(t, name, args)).await
        }
    }
}

type TurnFn =
    for<'a, 'b> fn(&'a mut Turn<'b>) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<()>> + Send + 'a>>;

/// Run a session-bound button only if that session is the active one.
async fn in_session(t: &mut Turn<'_>, session: &str, f: TurnFn) -> Result<()> {
    match t.active_session()? {
        Some(s) if s.id == session => f(t).await,
        _ => {
            t.reply(m::stale_button());
            Ok(())
        }
    }
}

/// Split arguments into lower-case words, joining multi-word values users type with spaces
/// ("product manager" → "product_manager") when the joined form is a known value.
pub fn words(args: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
    let raw: Vec<String> = args
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches(|c: char| c == '"' || c == '\'').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if i + 1 < raw.len() {
            let joined = format!("{}_{}", raw[i], raw[i + 1]);
            if known(&joined) {
                out.push(joined);
                i += 2;
                continue;
            }
        }
        out.push(raw[i].clone());
        i += 1;
    }
    out
}
