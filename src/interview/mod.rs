//! The mock interview: settings, the persisted state machine, question planning, the final report
//! and progress statistics (and the progress chart's data, `timeline`). Pure domain code: no store, no replies.

pub mod openings;
pub mod plan;
pub mod progress;
pub mod report;
pub mod rules;
pub mod summary;
pub mod timeline;

use crate::bank::{Category, Difficulty, Level};
use crate::ids::{Place, UserId};
use crate::scoring::ScoreResult;
use crate::store::Record;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use report::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterviewType {
    Behavioral,
    Technical,
    SystemDesign,
    Case,
    Situational,
    Mixed,
}

impl InterviewType {
    pub const ALL: [InterviewType; 6] = [
        InterviewType::Behavioral,
        InterviewType::Technical,
        InterviewType::SystemDesign,
        InterviewType::Case,
        InterviewType::Situational,
        InterviewType::Mixed,
    ];
    /// The slugs of [`Self::ALL`], in order (the /mock command's type choices).
    pub const SLUGS: [&'static str; 6] = crate::bank::catalog::slugs!(InterviewType, 6);
    pub const fn slug(self) -> &'static str {
        match self {
            InterviewType::Behavioral => "behavioral",
            InterviewType::Technical => "technical",
            InterviewType::SystemDesign => "system_design",
            InterviewType::Case => "case",
            InterviewType::Situational => "situational",
            InterviewType::Mixed => "mixed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            InterviewType::Behavioral => "Behavioural",
            InterviewType::Technical => "Technical",
            InterviewType::SystemDesign => "System design",
            InterviewType::Case => "Case study",
            InterviewType::Situational => "Situational",
            InterviewType::Mixed => "Mixed",
        }
    }
    pub fn parse(s: &str) -> Option<InterviewType> {
        if crate::bank::catalog::norm(s) == "mixed" || crate::bank::catalog::norm(s) == "full" {
            return Some(InterviewType::Mixed);
        }
        Some(match Category::parse(s)? {
            Category::Behavioral => InterviewType::Behavioral,
            Category::Technical => InterviewType::Technical,
            Category::SystemDesign => InterviewType::SystemDesign,
            Category::Case => InterviewType::Case,
            Category::Situational => InterviewType::Situational,
            Category::Motivation => return None,
        })
    }
    /// Does this type need a role to pick questions?
    pub fn needs_role(self) -> bool {
        matches!(self, InterviewType::Technical)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub kind: InterviewType,
    pub role: Option<String>,
    pub level: Level,
    /// Fixed difficulty; `None` picks by level.
    pub difficulty: Option<Difficulty>,
    pub count: u8,
    pub persona: String,
    /// How much time each question gets (older records: standard).
    #[serde(default)]
    pub pace: Pace,
}

/// How much time each question of an interview gets, on top of `COACH_TIME_FACTOR`: chosen per
/// interview (`/mock … relaxed`) or in the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pace {
    /// Half as long again (typing a STAR story takes time).
    Relaxed,
    #[default]
    Standard,
    /// Three quarters of the time, as under interview pressure.
    Strict,
}

impl Pace {
    pub const ALL: [Pace; 3] = [Pace::Relaxed, Pace::Standard, Pace::Strict];
    /// The slugs of [`Self::ALL`], in order (the commands' `time` choices).
    pub const SLUGS: [&'static str; 3] = crate::bank::catalog::slugs!(Pace, 3);
    pub const fn slug(self) -> &'static str {
        match self {
            Pace::Relaxed => "relaxed",
            Pace::Standard => "standard",
            Pace::Strict => "strict",
        }
    }
    /// What the time limits are multiplied by.
    pub fn factor(self) -> f64 {
        match self {
            Pace::Relaxed => 1.5,
            Pace::Standard => 1.0,
            Pace::Strict => 0.75,
        }
    }
    /// A pace as users type it, with or without `time=` / `pace=` in front.
    pub fn parse(s: &str) -> Option<Pace> {
        let s = s.trim().to_lowercase();
        let s = s
            .strip_prefix("time=")
            .or_else(|| s.strip_prefix("pace="))
            .unwrap_or(&s);
        Some(match s {
            "relaxed" | "relax" | "slow" | "long" => Pace::Relaxed,
            "standard" | "normal" | "default" => Pace::Standard,
            "strict" | "fast" | "short" | "tight" => Pace::Strict,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    InProgress,
    Completed,
    Abandoned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Intro,
    Behavioral,
    Technical,
    WrapUp,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::Intro => "Intro",
            Phase::Behavioral => "Behavioural",
            Phase::Technical => "Technical",
            Phase::WrapUp => "Wrap-up",
        }
    }
    /// The short intro and wrap-up that longer interviews open and close with, in addition to
    /// the questions of the asked kind.
    pub fn is_bookend(self) -> bool {
        matches!(self, Phase::Intro | Phase::WrapUp)
    }
}

/// Where a question of the plan stands as the user sees it: only the questions of the asked
/// kind are numbered (`/mock system_design 4` asks questions 1 to 4 of 4); the intro and the
/// wrap-up are named, not numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Intro,
    Numbered { n: usize, of: usize },
    WrapUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    pub question_id: String,
    pub phase: Phase,
}

/// The question being asked right now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Current {
    /// Index into the plan.
    pub index: usize,
    /// Turn number within the session (answer records are keyed by it).
    pub seq: u32,
    /// The follow-up being asked, if this turn is one.
    pub follow_up: Option<String>,
    pub follow_ups_asked: u8,
    pub asked_at: DateTime<Utc>,
    /// When the question was first asked (follow-ups keep it, for the time per question).
    pub question_started: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub hints_used: u32,
    /// What the candidate said so far to this question (main answer plus follow-up answers).
    pub answer_so_far: String,
    /// Score of the answer so far.
    pub score_so_far: Option<u8>,
    /// Whether the time warning for this turn was given.
    #[serde(default)]
    pub warned: bool,
    /// Timer keys of records written before the interview's single alarm (`Session::alarm`)
    /// existed; new records leave it empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jobs: Vec<Vec<u8>>,
    /// The follow-ups already used, by `rules::FollowUp::index` (the question's own by their
    /// index; probes, the model's, challenged claims and missed key points in ranges of their own).
    #[serde(default)]
    pub used_follow_ups: Vec<usize>,
    /// Hints given during this follow-up (they point at what the answer so far missed).
    #[serde(default)]
    pub follow_up_hints: u8,
    /// Set when this turn's time (or the interview's) ran out: until then a late answer still
    /// counts for it (`COACH_LATE_GRACE_SECS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub late_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    Answered,
    Skipped,
    TimedOut,
}

/// How one question of the plan went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub question_id: String,
    pub category: Category,
    pub competency: String,
    pub phase: Phase,
    pub kind: OutcomeKind,
    /// Final score of the question (0 when skipped or timed out without an answer).
    pub score: u8,
    pub seconds: u32,
    pub hints: u32,
    pub follow_ups: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub user: UserId,
    pub place: Place,
    pub status: Status,
    pub settings: Settings,
    pub created_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// When the overall cap ends the interview.
    pub cap_at: DateTime<Utc>,
    /// The interview's one scheduler job while it runs (see `engine::interview_turns::save`).
    #[serde(default)]
    pub alarm: Option<Alarm>,
    /// The cap's own timer in records written before `alarm` existed; new records leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_job: Option<Vec<u8>>,
    pub plan: Vec<Planned>,
    pub current: Option<Current>,
    pub outcomes: Vec<Outcome>,
    pub next_seq: u32,
    #[serde(default)]
    pub ended_early: bool,
    pub report: Option<Report>,
    /// LLM tokens this interview used.
    #[serde(default)]
    pub tokens: crate::llm::Usage,
    /// A practice drill (`/practice`, a "Try again" button), not a mock interview: its questions
    /// are reviewed the same way, but it asks no follow-ups and ends with the drill's summary.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub drill: bool,
    /// The questions were picked for the user's job description (/mock from-jd): the model
    /// interviewer may not swap the next one for another of the bank's.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub fixed_plan: bool,
}

impl Record for Session {}

/// A scheduler job: its queue key and when it is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alarm {
    pub key: Vec<u8>,
    pub due: DateTime<Utc>,
}

impl Session {
    /// A new interview in progress: nothing asked yet, its overall cap `cap` from `now`.
    pub fn begin(
        id: String,
        user: UserId,
        place: Place,
        settings: Settings,
        plan: Vec<Planned>,
        now: DateTime<Utc>,
        cap: chrono::Duration,
    ) -> Session {
        Session {
            id,
            user,
            place,
            status: Status::InProgress,
            settings,
            created_at: now,
            ended_at: None,
            cap_at: now + cap,
            alarm: None,
            cap_job: None,
            plan,
            current: None,
            outcomes: Vec::new(),
            next_seq: 1,
            ended_early: false,
            report: None,
            tokens: Default::default(),
            drill: false,
            fixed_plan: false,
        }
    }

    pub fn is_active(&self) -> bool {
        matches!(self.status, Status::Pending | Status::InProgress)
    }
    pub fn answered(&self) -> usize {
        self.outcomes.iter().filter(|o| o.kind == OutcomeKind::Answered).count()
    }
    /// How many questions of the asked kind the plan holds (the count the user asked for; an
    /// intro and a wrap-up come in addition).
    pub fn numbered_total(&self) -> usize {
        self.plan.iter().filter(|p| !p.phase.is_bookend()).count()
    }
    /// Where the question at `index` of the plan stands as the user sees it.
    pub fn position_of(&self, index: usize) -> Position {
        match self.plan.get(index).map(|p| p.phase) {
            Some(Phase::Intro) => Position::Intro,
            Some(Phase::WrapUp) => Position::WrapUp,
            _ => Position::Numbered {
                n: self.plan[..(index + 1).min(self.plan.len())]
                    .iter()
                    .filter(|p| !p.phase.is_bookend())
                    .count(),
                of: self.numbered_total(),
            },
        }
    }
    /// Where the current question (else the last one asked) stands.
    pub fn position(&self) -> Position {
        let index = self
            .current
            .as_ref()
            .map(|c| c.index)
            .unwrap_or(self.outcomes.len().saturating_sub(1));
        self.position_of(index)
    }
    /// Queue keys of the timers this session owns (its alarm, and older records' timers).
    pub fn job_keys(&self) -> Vec<Vec<u8>> {
        let mut v: Vec<Vec<u8>> = self.current.iter().flat_map(|c| c.jobs.iter().cloned()).collect();
        v.extend(self.cap_job.iter().cloned());
        v.extend(self.alarm.iter().map(|a| a.key.clone()));
        v
    }

    /// Average of the final scores so far (skips and time-outs count as 0).
    pub fn average(&self) -> Option<u8> {
        if self.outcomes.is_empty() {
            return None;
        }
        let sum: u32 = self.outcomes.iter().map(|o| o.score as u32).sum();
        Some((sum as f64 / self.outcomes.len() as f64).round() as u8)
    }
}

/// One stored answer (a main answer or a follow-up answer) with its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRecord {
    pub session: String,
    pub seq: u32,
    pub question_id: String,
    pub question: String,
    pub follow_up: Option<String>,
    pub answer: String,
    pub at: DateTime<Utc>,
    pub seconds: u32,
    pub truncated: bool,
    pub score: ScoreResult,
}

impl Record for AnswerRecord {}
