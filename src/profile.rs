//! Per-user records besides interviews: the profile the user sets, and the engine's bookkeeping
//! (active interview, a pending confirmation).

use crate::bank::Level;
use crate::store::Record;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub role: Option<String>,
    pub level: Option<Level>,
    pub industry: Option<String>,
    /// IANA time zone name (e.g. `Europe/Berlin`), used by reminders.
    pub timezone: Option<String>,
    /// The pace of mock interviews unless /mock names one.
    #[serde(default)]
    pub pace: Option<crate::interview::Pace>,
    /// The day of the real interview the study plan (/plan) leads to.
    #[serde(default)]
    pub interview_date: Option<chrono::NaiveDate>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl Record for Profile {}

/// Something the engine is waiting for the user to confirm or continue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Pending {
    /// /forget asked for confirmation; the nonce ties the buttons to this request.
    Forget { nonce: String, at: DateTime<Utc> },
    /// The last /bank listing, for "more" buttons.
    Bank { query: String, page: u32 },
    /// /mock in a group: waiting for "continue here" after the privacy warning.
    GroupMock {
        settings: crate::interview::Settings,
        at: DateTime<Utc>,
    },
    /// /draft asked "what happened?": the next plain message is the user's points.
    DraftPoints {
        question_id: Option<String>,
        question: String,
        at: DateTime<Utc>,
    },
    /// /cv or /jd is waiting for a file: the next document sent is taken as the CV, or as the
    /// job description when `jd`.
    Document { jd: bool, at: DateTime<Utc> },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserMeta {
    pub display_name: String,
    pub created_at: Option<DateTime<Utc>>,
    pub active_session: Option<String>,
    pub pending: Option<Pending>,
    /// The last interview that ended, and when.
    pub last_ended: Option<(String, DateTime<Utc>)>,
    pub sessions_started: u32,
    /// Counter for chat log keys.
    pub chat_seq: u32,
}

impl Record for UserMeta {}

/// LLM tokens one user spent on one UTC day (cost accounting, daily caps).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsageDay {
    pub day: String,
    pub usage: crate::llm::Usage,
    /// The user was told today that the cap was reached.
    #[serde(default)]
    pub cap_noted: bool,
}

impl Record for UsageDay {}

impl UsageDay {
    /// A day with nothing used yet.
    pub fn fresh(day: String) -> UsageDay {
        UsageDay {
            day,
            ..Default::default()
        }
    }

    /// The day's key (UTC) for cost accounting.
    pub fn day_of(now: chrono::DateTime<chrono::Utc>) -> String {
        now.format("%Y-%m-%d").to_string()
    }
}

/// One coach-chat exchange outside interviews: the user's message and the coach's reply (the
/// conversation the model's context is built from, `engine/conversation.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatEntry {
    pub at: DateTime<Utc>,
    pub text: String,
    /// What the coach answered with ("llm", "guide:<id>", "intent:<name>", "help", …).
    pub answered_with: String,
    /// The coach's reply as plain text, capped (empty in entries stored before it was kept).
    #[serde(default)]
    pub reply: String,
}

impl Record for ChatEntry {}

pub const CHAT_LIMIT: usize = 100;
