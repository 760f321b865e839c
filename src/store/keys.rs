//! The key layout. Keyspaces:
//!
//! | prefix                         | record                                  |
//! |--------------------------------|-----------------------------------------|
//! | `u/<user>/meta`                | `UserMeta` (active interview, recent questions, pending choices) |
//! | `u/<user>/profile`             | `Profile`                               |
//! | `u/<user>/s/<session>`         | `Session` (state machine, plan, report) |
//! | `u/<user>/a/<session>/<nnnn>`  | `AnswerRecord` (answer text and its score) |
//! | `u/<user>/c/<millis>`          | `ChatEntry` (coach chat outside interviews) |
//! | `u/<user>/cs`                  | `copilot::memory::ChatSummary` (the chat's running summary) |
//! | `u/<user>/t/<yyyy-mm-dd>`      | `UsageDay` (LLM tokens of one UTC day)   |
//! | `u/<user>/r/c/<competency>`    | `practice::Card` of a competency (FSRS memory, due, reviews) |
//! | `u/<user>/r/q/<question id>`   | `practice::Card` of a bank question once asked |
//! | `u/<user>/b/<booking>`           | `practice::booking::Booking` (a booked mock interview, /schedule) |
//! | `u/<user>/remind`              | `reminders::Reminders` (rules, quiet hours, where they go) |
//! | `u/<user>/cv`                  | `copilot::docs::Cv` (the CV's text and what was read from it) |
//! | `u/<user>/jd`                  | `copilot::docs::Jd` (the target job description)  |
//! | `u/<user>/draft`               | `copilot::draft::Draft` (the answer being drafted, /draft) |
//! | `u/<user>/l/<millis>`          | `copilot::draft::Saved` (an answer in the library, /save, /library) |
//! | `u/<user>/qs/<input hash>`     | `copilot::questions::CachedSet` (a model-written /questions list, by its input) |
//! | `u/<user>/prevcv`, `…/prevjd`  | the CV / job description a guessed document replaced (its switch button puts it back) |
//! | `j/<due millis BE><id>`        | `Job` (the durable scheduler's queue)   |
//! | `k/<model>/result`             | `Calibration` (the model's score weight) |
//! | `k/<model>/c/<case id>`        | `CaseResult` (one graded evaluation answer) |

use crate::ids::UserId;

pub const JOBS: &[u8] = b"j/";

pub fn user_prefix(user: &UserId) -> Vec<u8> {
    format!("u/{}/", user.as_str()).into_bytes()
}

fn user_key(user: &UserId, rest: &str) -> Vec<u8> {
    let mut k = user_prefix(user);
    k.extend_from_slice(rest.as_bytes());
    k
}

pub fn meta(user: &UserId) -> Vec<u8> {
    user_key(user, "meta")
}

pub fn profile(user: &UserId) -> Vec<u8> {
    user_key(user, "profile")
}

pub fn sessions(user: &UserId) -> Vec<u8> {
    user_key(user, "s/")
}

pub fn session(user: &UserId, session: &str) -> Vec<u8> {
    user_key(user, &format!("s/{session}"))
}

pub fn answers(user: &UserId, session: &str) -> Vec<u8> {
    user_key(user, &format!("a/{session}/"))
}

pub fn answer(user: &UserId, session: &str, seq: u32) -> Vec<u8> {
    user_key(user, &format!("a/{session}/{seq:04}"))
}

pub fn chats(user: &UserId) -> Vec<u8> {
    user_key(user, "c/")
}

pub fn chat(user: &UserId, millis: i64, n: u32) -> Vec<u8> {
    user_key(user, &format!("c/{millis:013}-{n:03}"))
}

/// The coach chat's running summary (`copilot::memory::ChatSummary`).
pub fn chat_summary(user: &UserId) -> Vec<u8> {
    user_key(user, "cs")
}

pub fn usage_days(user: &UserId) -> Vec<u8> {
    user_key(user, "t/")
}

pub fn usage_day(user: &UserId, day: &str) -> Vec<u8> {
    user_key(user, &format!("t/{day}"))
}

/// Every practice card of the user (`r/c/…` competencies, `r/q/…` questions).
pub fn cards(user: &UserId) -> Vec<u8> {
    user_key(user, "r/")
}

/// One practice card: `kind` is `c` (a competency) or `q` (a bank question).
pub fn card(user: &UserId, kind: &str, id: &str) -> Vec<u8> {
    user_key(user, &format!("r/{kind}/{id}"))
}

/// Every booked mock interview of the user.
pub fn bookings(user: &UserId) -> Vec<u8> {
    user_key(user, "b/")
}

pub fn booking(user: &UserId, id: &str) -> Vec<u8> {
    user_key(user, &format!("b/{id}"))
}

/// The user's reminder rules (`reminders::Reminders`).
pub fn reminders(user: &UserId) -> Vec<u8> {
    user_key(user, "remind")
}

/// The user's CV (`copilot::docs::Cv`).
pub fn cv(user: &UserId) -> Vec<u8> {
    user_key(user, "cv")
}

/// The user's target job description (`copilot::docs::Jd`).
pub fn jd(user: &UserId) -> Vec<u8> {
    user_key(user, "jd")
}

/// The answer the user is drafting (`copilot::draft::Draft`).
pub fn draft(user: &UserId) -> Vec<u8> {
    user_key(user, "draft")
}

/// Every saved answer of the user's library, oldest first.
pub fn library(user: &UserId) -> Vec<u8> {
    user_key(user, "l/")
}

/// One saved answer (`copilot::draft::Saved`); `id` is its save time in milliseconds.
pub fn saved(user: &UserId, id: &str) -> Vec<u8> {
    user_key(user, &format!("l/{id}"))
}

/// A model-written /questions list, keyed by a hash of its input (`copilot::questions::cache_key`).
pub fn question_set(user: &UserId, key: &str) -> Vec<u8> {
    user_key(user, &format!("qs/{key}"))
}

/// The CV (`jd`: the job description) that a document stored by a guess replaced; the guess's
/// switch button restores it. Deleted whenever the user stores or deletes one on purpose.
pub fn previous_doc(user: &UserId, jd: bool) -> Vec<u8> {
    user_key(user, if jd { "prevjd" } else { "prevcv" })
}

/// A job in the time-ordered queue: `j/` + due time (ms, big-endian) + id.
pub fn job(due_millis: i64, id: &str) -> Vec<u8> {
    let mut k = JOBS.to_vec();
    k.extend_from_slice(&(due_millis.max(0) as u64).to_be_bytes());
    k.extend_from_slice(id.as_bytes());
    k
}

pub fn job_due_millis(key: &[u8]) -> Option<i64> {
    let bytes: [u8; 8] = key.get(JOBS.len()..JOBS.len() + 8)?.try_into().ok()?;
    Some(u64::from_be_bytes(bytes) as i64)
}

/// A model's calibration keyspace: `k/<model>/` with `/` in the model name escaped.
pub fn calibration_prefix(model: &str) -> Vec<u8> {
    format!("k/{}/", model.replace('%', "%25").replace('/', "%2F")).into_bytes()
}

pub fn calibration(model: &str) -> Vec<u8> {
    let mut k = calibration_prefix(model);
    k.extend_from_slice(b"result");
    k
}

/// The structured-output mode a model's server accepts (`k/<model>/json_mode`).
pub fn json_mode(model: &str) -> Vec<u8> {
    let mut k = calibration_prefix(model);
    k.extend_from_slice(b"json_mode");
    k
}

pub fn calibration_cases(model: &str) -> Vec<u8> {
    let mut k = calibration_prefix(model);
    k.extend_from_slice(b"c/");
    k
}

pub fn calibration_case(model: &str, case: &str) -> Vec<u8> {
    let mut k = calibration_cases(model);
    k.extend_from_slice(case.as_bytes());
    k
}
