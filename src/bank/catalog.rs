//! The vocabularies shared by the bank, the interview and the commands: categories, difficulties,
//! experience levels, roles. Each has a slug (stored, used in arguments) and aliases users type.

use serde::{Deserialize, Serialize};

/// The slugs of a vocabulary's `ALL`, computed at compile time.
macro_rules! slugs {
    ($t:ty, $n:expr) => {{
        let mut out = [""; $n];
        let mut i = 0;
        while i < $n {
            out[i] = <$t>::ALL[i].slug();
            i += 1;
        }
        out
    }};
}
pub(crate) use slugs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Behavioral,
    Technical,
    SystemDesign,
    Case,
    Situational,
    Motivation,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Behavioral,
        Category::Technical,
        Category::SystemDesign,
        Category::Case,
        Category::Situational,
        Category::Motivation,
    ];
    /// The slugs of [`Self::ALL`], in order (the commands' choices).
    pub const SLUGS: [&'static str; 6] = slugs!(Category, 6);
    pub const fn slug(self) -> &'static str {
        match self {
            Category::Behavioral => "behavioral",
            Category::Technical => "technical",
            Category::SystemDesign => "system_design",
            Category::Case => "case",
            Category::Situational => "situational",
            Category::Motivation => "motivation",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Category::Behavioral => "Behavioural",
            Category::Technical => "Technical",
            Category::SystemDesign => "System design",
            Category::Case => "Case study",
            Category::Situational => "Situational",
            Category::Motivation => "Motivation & fit",
        }
    }
    pub fn id_prefix(self) -> &'static str {
        match self {
            Category::Behavioral => "beh-",
            Category::Technical => "tech-",
            Category::SystemDesign => "sd-",
            Category::Case => "case-",
            Category::Situational => "sit-",
            Category::Motivation => "mot-",
        }
    }
    pub fn parse(s: &str) -> Option<Category> {
        let s = norm(s);
        Some(match s.as_str() {
            "behavioral" | "behavioural" | "behavior" | "behaviour" | "beh" => Category::Behavioral,
            "technical" | "tech" => Category::Technical,
            "system_design" | "systemdesign" | "design" | "sd" | "system" => Category::SystemDesign,
            "case" | "case_study" | "casestudy" | "cases" => Category::Case,
            "situational" | "situation" | "hypothetical" | "sit" => Category::Situational,
            "motivation" | "motivational" | "fit" | "culture_fit" | "mot" => Category::Motivation,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
    Expert,
}

impl Difficulty {
    pub const ALL: [Difficulty; 4] = [
        Difficulty::Easy,
        Difficulty::Medium,
        Difficulty::Hard,
        Difficulty::Expert,
    ];
    /// The slugs of [`Self::ALL`], in order (the commands' choices).
    pub const SLUGS: [&'static str; 4] = slugs!(Difficulty, 4);
    pub const fn slug(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
            Difficulty::Expert => "expert",
        }
    }
    pub fn parse(s: &str) -> Option<Difficulty> {
        Some(match norm(s).as_str() {
            "easy" => Difficulty::Easy,
            "medium" | "med" | "normal" => Difficulty::Medium,
            "hard" | "difficult" => Difficulty::Hard,
            "expert" | "insane" => Difficulty::Expert,
            _ => return None,
        })
    }
    pub fn rank(self) -> i32 {
        self as i32
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Intern,
    Junior,
    Mid,
    Senior,
    Staff,
}

impl Level {
    pub const ALL: [Level; 5] = [Level::Intern, Level::Junior, Level::Mid, Level::Senior, Level::Staff];
    /// The slugs of [`Self::ALL`], in order (the commands' choices).
    pub const SLUGS: [&'static str; 5] = slugs!(Level, 5);
    pub const fn slug(self) -> &'static str {
        match self {
            Level::Intern => "intern",
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
            Level::Staff => "staff",
        }
    }
    pub fn parse(s: &str) -> Option<Level> {
        Some(match norm(s).as_str() {
            "intern" | "internship" | "student" | "graduate" | "grad" | "entry" | "entry_level" => Level::Intern,
            "junior" | "jr" => Level::Junior,
            "mid" | "middle" | "mid_level" | "midlevel" | "intermediate" => Level::Mid,
            "senior" | "sr" => Level::Senior,
            "staff" | "principal" | "lead" | "architect" | "distinguished" => Level::Staff,
            _ => return None,
        })
    }
    /// Difficulties that fit the level, most typical first.
    pub fn difficulties(self) -> &'static [Difficulty] {
        match self {
            Level::Intern => &[Difficulty::Easy, Difficulty::Medium],
            Level::Junior => &[Difficulty::Easy, Difficulty::Medium],
            Level::Mid => &[Difficulty::Medium, Difficulty::Easy, Difficulty::Hard],
            Level::Senior => &[Difficulty::Medium, Difficulty::Hard],
            Level::Staff => &[Difficulty::Hard, Difficulty::Expert, Difficulty::Medium],
        }
    }
}

/// A role the bank knows: slug, display name and what users type for it.
pub struct RoleInfo {
    pub slug: &'static str,
    pub label: &'static str,
    pub aliases: &'static [&'static str],
    /// Main-phase categories of a mixed interview for this role, besides behavioural.
    pub technical_mix: &'static [Category],
}

pub const ROLES: &[RoleInfo] = &[
    RoleInfo {
        slug: "backend",
        label: "Backend engineer",
        aliases: &[
            "backend",
            "back_end",
            "backend_engineer",
            "backend_developer",
            "server",
            "swe",
            "software_engineer",
            "developer",
            "dev",
            "engineer",
        ],
        technical_mix: &[Category::Technical, Category::SystemDesign],
    },
    RoleInfo {
        slug: "frontend",
        label: "Frontend engineer",
        aliases: &[
            "frontend",
            "front_end",
            "frontend_engineer",
            "frontend_developer",
            "web",
            "react",
            "ui_engineer",
        ],
        technical_mix: &[Category::Technical],
    },
    RoleInfo {
        slug: "fullstack",
        label: "Full-stack engineer",
        aliases: &["fullstack", "full_stack", "fullstack_engineer", "full_stack_developer"],
        technical_mix: &[Category::Technical, Category::SystemDesign],
    },
    RoleInfo {
        slug: "mobile",
        label: "Mobile engineer",
        aliases: &["mobile", "ios", "android", "mobile_engineer", "mobile_developer"],
        technical_mix: &[Category::Technical],
    },
    RoleInfo {
        slug: "data_scientist",
        label: "Data scientist",
        aliases: &["data_scientist", "data_science", "ds", "scientist"],
        technical_mix: &[Category::Technical, Category::Case],
    },
    RoleInfo {
        slug: "data_analyst",
        label: "Data analyst",
        aliases: &[
            "data_analyst",
            "analyst",
            "data_analytics",
            "analytics",
            "bi",
            "bi_analyst",
        ],
        technical_mix: &[Category::Technical, Category::Case],
    },
    RoleInfo {
        slug: "data_engineer",
        label: "Data engineer",
        aliases: &["data_engineer", "data_engineering", "de", "etl"],
        technical_mix: &[Category::Technical, Category::SystemDesign],
    },
    RoleInfo {
        slug: "ml_engineer",
        label: "ML engineer",
        aliases: &[
            "ml_engineer",
            "ml",
            "mle",
            "machine_learning",
            "machine_learning_engineer",
            "ai_engineer",
        ],
        technical_mix: &[Category::Technical, Category::SystemDesign],
    },
    RoleInfo {
        slug: "devops_sre",
        label: "DevOps / SRE",
        aliases: &[
            "devops_sre",
            "devops",
            "sre",
            "site_reliability",
            "platform",
            "platform_engineer",
            "infrastructure",
            "infra",
            "cloud",
        ],
        technical_mix: &[Category::Technical, Category::SystemDesign],
    },
    RoleInfo {
        slug: "security",
        label: "Security engineer",
        aliases: &["security", "security_engineer", "appsec", "infosec", "cybersecurity"],
        technical_mix: &[Category::Technical],
    },
    RoleInfo {
        slug: "qa",
        label: "QA / test engineer",
        aliases: &["qa", "qa_engineer", "tester", "test_engineer", "sdet", "quality"],
        technical_mix: &[Category::Technical],
    },
    RoleInfo {
        slug: "product_manager",
        label: "Product manager",
        aliases: &["product_manager", "pm", "product", "product_owner", "po", "apm"],
        technical_mix: &[Category::Technical, Category::Case],
    },
    RoleInfo {
        slug: "business_analyst",
        label: "Business analyst",
        aliases: &["business_analyst", "ba", "business_analysis", "systems_analyst"],
        technical_mix: &[Category::Technical, Category::Case],
    },
    RoleInfo {
        slug: "engineering_manager",
        label: "Engineering manager",
        aliases: &[
            "engineering_manager",
            "em",
            "manager",
            "eng_manager",
            "team_lead",
            "tech_lead",
        ],
        technical_mix: &[Category::SystemDesign, Category::Situational],
    },
    RoleInfo {
        slug: "designer",
        label: "Product designer",
        aliases: &["designer", "ux", "ui", "product_designer", "ux_designer", "design_role"],
        technical_mix: &[Category::Case, Category::Situational],
    },
];

/// The role slugs in `ROLES` order, computed at compile time: the choice list of the commands'
/// `role` arguments.
pub const ROLE_SLUGS: [&str; ROLES.len()] = {
    let mut slugs = [""; ROLES.len()];
    let mut i = 0;
    while i < ROLES.len() {
        slugs[i] = ROLES[i].slug;
        i += 1;
    }
    slugs
};

/// The roles every part of the bank covers in depth (at least 8 technical questions each, a
/// test in tests/bank.rs): the role buttons offered when an interview needs one.
pub const CORE_ROLES: [&str; 8] = [
    "backend",
    "frontend",
    "data_scientist",
    "data_analyst",
    "product_manager",
    "business_analyst",
    "devops_sre",
    "ml_engineer",
];

pub fn role(slug: &str) -> Option<&'static RoleInfo> {
    ROLES.iter().find(|r| r.slug == slug)
}

/// Recognise a role from what a user typed (`"product manager"`, `pm`, `back-end`).
pub fn parse_role(s: &str) -> Option<&'static RoleInfo> {
    let n = norm(s);
    ROLES.iter().find(|r| r.slug == n || r.aliases.contains(&n.as_str()))
}

pub const BEHAVIORAL_COMPETENCIES: &[&str] = &[
    "leadership",
    "teamwork",
    "conflict",
    "failure",
    "ownership",
    "prioritization",
    "communication",
    "influence",
    "ambiguity",
    "customer_focus",
    "growth",
    "ethics",
    "adaptability",
    "decision_making",
    "mentoring",
];

pub const MOTIVATION_COMPETENCIES: &[&str] = &[
    "introduction",
    "closing",
    "motivation",
    "culture_fit",
    "career_goals",
    "strengths_weaknesses",
];

/// Lower-case, trim, and turn spaces and hyphens into underscores: `Back-End` → `back_end`.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            ' ' | '-' | '/' => {
                if !out.ends_with('_') {
                    out.push('_')
                }
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    out.trim_matches('_').to_string()
}
