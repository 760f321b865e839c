//! The command table shared by every adapter (Telegram's menu and Discord's slash commands are
//! generated from it), /help and the dispatcher: every command's name, aliases, summary, usage and
//! arguments, with the choice lists derived from their one source (`bank::catalog`, the persona
//! ids, the interview types). A leaf of the engine: it imports nothing of the engine, so the text
//! (`messages`) and the commands can both read it.

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
    /// An option's value goes into the argument line as `name=value` (a value that alone could
    /// be read as another argument: `time=strict`, not the strict persona).
    pub keyed: bool,
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

/// The interview types (`interview::InterviewType::ALL`'s slugs).
pub const INTERVIEW_TYPES: &[&str] = &crate::interview::InterviewType::SLUGS;
/// The role slugs of `bank::catalog::ROLES`.
pub const ROLE_CHOICES: &[&str] = &crate::bank::catalog::ROLE_SLUGS;
/// The experience levels (`bank::Level::ALL`'s slugs).
pub const LEVELS: &[&str] = &crate::bank::Level::SLUGS;
/// The difficulties (`bank::Difficulty::ALL`'s slugs).
pub const DIFFICULTIES: &[&str] = &crate::bank::Difficulty::SLUGS;
/// The persona ids; `data/personas.toml` must define exactly these (checked when it is parsed).
pub const PERSONAS: &[&str] = &crate::bank::PERSONA_IDS;
/// The paces of an interview (`interview::Pace::ALL`'s slugs).
pub const PACES: &[&str] = &crate::interview::Pace::SLUGS;
/// The question categories (`bank::Category::ALL`'s slugs).
pub const CATEGORIES: &[&str] = &crate::bank::Category::SLUGS;

const fn arg(name: &'static str, description: &'static str, kind: ArgKind) -> ArgSpec {
    ArgSpec {
        name,
        description,
        kind,
        required: false,
        keyed: false,
    }
}

const fn keyed(name: &'static str, description: &'static str, kind: ArgKind) -> ArgSpec {
    ArgSpec {
        name,
        description,
        kind,
        required: false,
        keyed: true,
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
        aliases: &["interview"],
        summary: "Start a timed mock interview",
        usage: "/mock [type] [role] [level] [difficulty] [count] [persona] [time=relaxed|standard|strict]",
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
            keyed(
                "time",
                "Time per question: relaxed, standard or strict (default: your profile's)",
                ArgKind::Choice(PACES),
            ),
        ],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "practice",
        aliases: &["practise", "drill", "review"],
        summary: "Drill your weakest area that is due for review",
        usage: "/practice [count] [area]",
        args: &[
            arg(
                "count",
                "Number of questions, 1-10 (default 1)",
                ArgKind::Integer { min: 1, max: 10 },
            ),
            arg("area", "A competency to drill, e.g. leadership", ArgKind::Text),
        ],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "weak",
        aliases: &["weaknesses", "weak_areas"],
        summary: "Your weak areas, the evidence and their next review",
        usage: "/weak",
        args: &[],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "suggest",
        aliases: &["fix", "improve"],
        summary: "The three things to fix first, from your own answers",
        usage: "/suggest",
        args: &[],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "schedule",
        aliases: &["book"],
        summary: "Book a mock interview; list or cancel bookings",
        usage: "/schedule [when: 2026-12-14 18:00 | tomorrow 18:00 | fri 9am] [type] [role] [level] | /schedule cancel N",
        args: &[
            arg(
                "when",
                "When (your time zone): 2026-12-14 18:00, tomorrow 18:00, fri 9am; or: cancel N",
                ArgKind::Text,
            ),
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
        ],
        private: false,
        hidden: false,
    },
    CommandSpec {
        name: "plan",
        aliases: &["study"],
        summary: "A day-by-day study plan to your interview date",
        usage: "/plan",
        args: &[],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "questions",
        aliases: &["likely", "tailored"],
        summary: "Questions you are likely to be asked, from your CV and the job",
        usage: "/questions [company] [role] [level] [difficulty] [type] [count 5-10]",
        args: &[
            arg("company", "The company (optional)", ArgKind::Text),
            arg(
                "role",
                "Target role (default: the job description's, else your profile's)",
                ArgKind::Choice(ROLE_CHOICES),
            ),
            arg("level", "Experience level", ArgKind::Choice(LEVELS)),
            arg("difficulty", "Question difficulty", ArgKind::Choice(DIFFICULTIES)),
            arg("type", "Only this type of question", ArgKind::Choice(CATEGORIES)),
            arg(
                "count",
                "Number of questions, 5-10 (default 5)",
                ArgKind::Integer { min: 5, max: 10 },
            ),
        ],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "company",
        aliases: &["employer"],
        summary: "Prepare for a company: research, likely questions, questions to ask",
        usage: "/company NAME [role] [industry]",
        args: &[
            ArgSpec {
                name: "name",
                description: "The company's name",
                kind: ArgKind::Text,
                required: true,
                keyed: false,
            },
            arg("role", "Target role", ArgKind::Choice(ROLE_CHOICES)),
            arg("industry", "Industry, e.g. fintech, saas, healthcare", ArgKind::Text),
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
            keyed: false,
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
        name: "report",
        aliases: &[],
        summary: "Your progress report as a Markdown file",
        usage: "/report",
        args: &[],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "bank",
        aliases: &["search"],
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
        usage: "/profile [role R] [level L] [industry I] [timezone Area/City] [time relaxed|standard|strict] [interview-date YYYY-MM-DD]",
        args: &[
            arg("role", "Target role", ArgKind::Choice(ROLE_CHOICES)),
            arg("level", "Experience level", ArgKind::Choice(LEVELS)),
            arg("industry", "Industry, e.g. fintech", ArgKind::Text),
            arg("timezone", "IANA time zone, e.g. Europe/Berlin", ArgKind::Text),
            keyed("time", "Time per question in mock interviews", ArgKind::Choice(PACES)),
            keyed(
                "interview-date",
                "Your real interview's date, YYYY-MM-DD (for /plan)",
                ArgKind::Text,
            ),
        ],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "remind",
        aliases: &["reminders", "reminder"],
        summary: "Practice reminders at a time of your day",
        usage: "/remind [daily|weekdays HH:MM] [quiet HH:MM-HH:MM] [off]",
        args: &[
            arg(
                "when",
                "daily, weekdays, quiet (hours) or off",
                ArgKind::Choice(&["daily", "weekdays", "quiet", "off"]),
            ),
            arg("time", "HH:MM, or quiet hours as 22:00-07:00", ArgKind::Text),
        ],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "draft",
        aliases: &[],
        summary: "Draft an answer from your own points and CV",
        usage: "/draft [question id or text] [| your points] | /draft edit <full new text> | /draft show",
        args: &[arg(
            "question",
            "A question id or the question; then | and your points",
            ArgKind::Text,
        )],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "cv",
        aliases: &["resume"],
        summary: "Your CV: show, replace or delete it, or paste it after /cv",
        usage: "/cv [pasted CV text | delete | replace]",
        args: &[arg("text", "Your CV's text, or delete / replace", ArgKind::Text)],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "jd",
        aliases: &["job"],
        summary: "The job you're aiming for: show, replace or delete it, or paste it after /jd",
        usage: "/jd [pasted job description | delete | replace]",
        args: &[arg(
            "text",
            "The job description's text, or delete / replace",
            ArgKind::Text,
        )],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "save",
        aliases: &[],
        summary: "Save your draft (or a text) to your answer library",
        usage: "/save [question id or text] [| your answer]",
        args: &[arg(
            "question",
            "The question (default: the draft's); then | and the answer",
            ArgKind::Text,
        )],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "library",
        aliases: &["answers", "saved"],
        summary: "Your saved answers: list, show, edit, delete, export",
        usage: "/library [show N | edit N <text> | delete N | export]",
        args: &[arg(
            "action",
            "show N, edit N <text>, delete N or export",
            ArgKind::Text,
        )],
        private: true,
        hidden: false,
    },
    CommandSpec {
        name: "sample",
        aliases: &[],
        summary: "A bank question's sample strong answer",
        usage: "/sample <question id>",
        args: &[arg("id", "A question id, e.g. beh-leadership-001", ArgKind::Text)],
        private: false,
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

/// What could not be read in a command's arguments; `messages::bad_arguments` words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgProblem {
    /// Two different values for one setting: the later word.
    TwoValues {
        setting: Setting,
        word: String,
    },
    /// A question count outside 1–20.
    CountOutOfRange(i64),
    /// A /mock word that is none of its values, with the closest value when one is close.
    UnknownMockWord {
        word: String,
        closest: Option<&'static str>,
    },
    UnknownRole(String),
    UnknownLevel(String),
    UnknownTimeZone(String),
    UnknownPace(String),
    /// A /profile word that is no key and no role, level or time zone.
    UnknownProfileWord(String),
}

/// A setting an argument gives a value for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Count,
    Type,
    Role,
    Level,
    Difficulty,
    Persona,
    Pace,
}
