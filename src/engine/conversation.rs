//! The coach chat as one conversation per user (issue #18): every exchange outside an interview
//! is kept (`u/<user>/c/…`: the message and the coach's reply, the last
//! [`CHAT_LIMIT`](crate::profile::CHAT_LIMIT)), turns that leave the recent window are folded
//! into the running summary (`u/<user>/cs`, `copilot::memory`), and a model's context is built
//! bounded: the profile, the CV/JD summary, weak areas, the summary and the last turns verbatim,
//! each part capped. Private: the texts stay under `u/<user>/`, never in the log.

use super::history;
use super::messages as m;
use super::turn::Turn;
use crate::copilot::memory::{self, ChatSummary, TurnText};
use crate::profile::{CHAT_LIMIT, ChatEntry};
use crate::scoring::clip;
use crate::store::{StoreError, keys};

/// The stored message (characters).
const STORED_TEXT: usize = 1000;
/// The stored reply (characters).
const STORED_REPLY: usize = 1000;
/// The profile line and the weak areas in the prompt (characters).
const PROFILE_CHARS: usize = 300;
const WEAK_CHARS: usize = 300;

/// What a model is told of the user and the conversation so far, every part capped.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub profile: String,
    pub weak_areas: String,
    pub cv_jd: String,
    /// The older turns as a summary (at most `memory::SUMMARY_CHARS`).
    pub summary: String,
    /// The last turns verbatim (at most `memory::RECENT_TURNS`, each side capped).
    pub recent: String,
}

/// The tags the conversation is delimited by in the model's user message; user text cannot
/// open or close them.
pub(crate) const TAGS: &[&str] = &["user_message", "recent_turns", "conversation_summary", "cv_and_job"];

/// Text with our delimiting tags defused (`<user_message>` → `<user-message>`).
pub(crate) fn defuse(s: &str) -> String {
    let mut out = s.to_string();
    for t in TAGS {
        let dashed = t.replace('_', "-");
        out = out
            .replace(&format!("<{t}>"), &format!("<{dashed}>"))
            .replace(&format!("</{t}>"), &format!("</{dashed}>"));
    }
    out
}

/// The user's chat entries, oldest first.
fn entries(t: &Turn<'_>) -> Result<Vec<(Vec<u8>, ChatEntry)>, StoreError> {
    t.e.store.scan::<ChatEntry>(&keys::chats(&t.user))
}

fn texts(entries: &[(Vec<u8>, ChatEntry)]) -> Vec<TurnText<'_>> {
    entries
        .iter()
        .map(|(k, e)| TurnText {
            // The key's tail (`<millis>-<n>`) orders the turns even within one millisecond.
            id: std::str::from_utf8(k.rsplit(|b| *b == b'/').next().unwrap_or(k)).unwrap_or(""),
            at: e.at,
            user: &e.text,
            coach: &e.reply,
            answered_with: &e.answered_with,
        })
        .collect()
}

fn summary(t: &Turn<'_>) -> Result<ChatSummary, StoreError> {
    Ok(t.e.store.get(&keys::chat_summary(&t.user))?.unwrap_or_default())
}

/// The bounded context for a model's reply to the next message.
pub(crate) fn context(t: &Turn<'_>) -> Result<Context, StoreError> {
    let profile = t.profile()?;
    let weak = history::weak_areas(t)?;
    let weak = if weak.is_empty() {
        "none recorded yet".to_string()
    } else {
        weak.join(", ")
    };
    let (cv, jd) = history::cv_and_jd(&t.e.store, &t.user)?;
    let all = entries(t)?;
    let turns = texts(&all);
    // The stored summary, with the older turns not yet folded in (fewer than
    // `memory::SUMMARY_EVERY`) folded into a copy, so no turn falls between the two.
    let mut s = summary(t)?;
    s.fold(memory::unfolded(&s, &turns));
    Ok(Context {
        profile: clip(&m::profile_summary(&profile), PROFILE_CHARS),
        weak_areas: clip(&weak, WEAK_CHARS),
        cv_jd: defuse(&memory::cv_jd_summary(cv.as_ref(), jd.as_ref())),
        summary: defuse(&s.render()),
        recent: memory::render_recent(&turns, defuse),
    })
}

/// Keep this exchange (message and reply) in the turn's batch, drop entries past
/// [`CHAT_LIMIT`], and fold the turns that left the recent window into the summary once
/// enough have.
pub(crate) fn log(t: &mut Turn<'_>, text: &str, answered_with: String, reply: &str) -> Result<(), StoreError> {
    let n = {
        let meta = t.meta_mut();
        meta.chat_seq = meta.chat_seq.wrapping_add(1);
        meta.chat_seq % 1000
    };
    let entry = ChatEntry {
        at: t.now,
        text: text.chars().take(STORED_TEXT).collect(),
        answered_with,
        reply: clip(reply, STORED_REPLY),
    };
    let key = keys::chat(&t.user, t.now.timestamp_millis(), n);
    t.batch.put(&key, &entry);
    let mut all = entries(t)?;
    if all.len() >= CHAT_LIMIT {
        for (k, _) in all.iter().take(all.len() + 1 - CHAT_LIMIT) {
            t.batch.delete(k);
        }
    }
    all.push((key, entry));
    let turns = texts(&all);
    let mut s = summary(t)?;
    let due = memory::due_to_fold(&s, &turns);
    if !due.is_empty() {
        s.fold(due);
        t.batch.put(&keys::chat_summary(&t.user), &s);
    }
    Ok(())
}
