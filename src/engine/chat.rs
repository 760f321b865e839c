//! Free text, documents and voice. During an interview text is the answer; otherwise the offline
//! coach answers from curated guides and the question bank.

use super::brain;
use super::commands::{cv, forget};
use super::interview_turns;
use super::messages as m;
use super::turn::Turn;
use crate::copilot;
use crate::engine::error::Result;
use crate::profile::Pending;
use crate::profile::{CHAT_LIMIT, ChatEntry};
use crate::scoring::lexicon::{GREETINGS, THANKS};
use crate::store::keys;
use chrono::Duration;

const MAX_CHAT_CHARS: usize = 2000;
const MAX_TEXT_DOC: usize = 200 * 1024;

pub async fn text(t: &mut Turn<'_>, text: &str) -> Result<()> {
    message(t, text, false).await
}

/// `/answer <text>`: always an answer (or chat), never a reply to a pending question.
pub async fn answer_command(t: &mut Turn<'_>, text: &str) -> Result<()> {
    message(t, text, true).await
}

async fn message(t: &mut Turn<'_>, text: &str, explicit_answer: bool) -> Result<()> {
    // Right after /forget, "yes" or "no" answers its question (even during an interview);
    // anything else withdraws it, so a later "yes" can never delete by surprise.
    if let Some(Pending::Forget { at, .. }) = &t.meta.pending
        && t.now - *at <= Duration::minutes(10)
    {
        match forget::reply_word(text).filter(|_| !explicit_answer) {
            Some(true) => return forget::confirm(t, None).await,
            Some(false) => return forget::cancel(t),
            None => {
                t.meta_mut().pending = None;
                t.reply(m::forget_withdrawn());
            }
        }
    }
    if let Some(mut s) = t.active_session()? {
        return interview_turns::answer(t, &mut s, text).await;
    }
    let trimmed = text.trim();
    if trimmed.is_empty() || !trimmed.chars().any(|c| c.is_alphanumeric()) {
        t.reply(m::empty_message());
        return Ok(());
    }
    let clipped: String = trimmed.chars().take(MAX_CHAT_CHARS).collect();
    let norm = clipped.to_lowercase();
    let norm = norm.trim_end_matches(['!', '.', '?', ' ']);
    let answered_with: String;
    // With a model configured (and answering), the coach chats; the guide that matches is its
    // context. Otherwise, or on any fault, the offline coach answers below.
    let guide = t.e.guides.find(&clipped).map(|g| g.guide);
    let mut llm_stream = None;
    let late_answer = recently_ended(t) && clipped.split_whitespace().count() >= 12;
    let small_talk = GREETINGS.contains(&norm) || THANKS.contains(&norm.replace(',', "").as_str());
    if !small_talk && !late_answer {
        let (stream, reply) = brain::chat(t, &clipped, guide).await;
        llm_stream = Some(stream);
        if let Some(r) = reply {
            t.reply(r);
            log_chat(t, &clipped, "llm".into())?;
            return Ok(());
        }
    }
    let offline_from = t.replies.len();
    if GREETINGS.contains(&norm) {
        let r = m::greeting(&t.user, &t.sender.display_name);
        t.reply(r);
        answered_with = "greeting".into();
    } else if small_talk {
        let r = m::thanks(&t.user);
        t.reply(r);
        answered_with = "thanks".into();
    } else if let Some(g) = t.e.guides.find(&clipped) {
        let related = copilot::practice_questions(&t.e.bank, g.guide, 2);
        let r = m::guide(&t.user, g.guide, &related);
        t.reply(r);
        answered_with = format!("guide:{}", g.guide.id);
    } else if recently_ended(t) && clipped.split_whitespace().count() >= 12 {
        t.reply(m::answer_after_end());
        answered_with = "after_end".into();
    } else {
        let related = copilot::related_questions(&t.e.bank, &clipped, 3);
        if related.is_empty() {
            let topics: Vec<&copilot::Guide> = t.e.guides.all().iter().collect();
            let r = m::offline_help(&t.user, &topics, t.e.llm.is_some());
            t.reply(r);
            answered_with = "help".into();
        } else {
            let r = m::related_only(&t.user, &related);
            t.reply(r);
            answered_with = "bank".into();
        }
    }
    if clipped.chars().count() < trimmed.chars().count()
        && let Some(r) = t.replies.last_mut()
        && let super::reply::Content::Text(doc) = &mut r.content
    {
        doc.0
            .insert(0, super::reply::Block::Paragraph(m::input_too_long(MAX_CHAT_CHARS)));
    }
    // A stream that was shown and then failed is replaced by the offline answer.
    if let Some(stream) = llm_stream
        && let Some(r) = t
            .replies
            .get_mut(offline_from..)
            .and_then(|r| r.iter_mut().rev().find(|r| r.kind != super::reply::ReplyKind::Notice))
    {
        r.stream = Some(stream);
    }
    log_chat(t, &clipped, answered_with)?;
    Ok(())
}

fn recently_ended(t: &Turn) -> bool {
    t.meta
        .last_ended
        .as_ref()
        .is_some_and(|(_, at)| t.now - *at <= Duration::minutes(15))
}

/// Keep the last [`CHAT_LIMIT`] coach-chat messages.
fn log_chat(t: &mut Turn<'_>, text: &str, answered_with: String) -> Result<()> {
    let n = {
        let meta = t.meta_mut();
        meta.chat_seq = meta.chat_seq.wrapping_add(1);
        meta.chat_seq % 1000
    };
    let entry = ChatEntry {
        at: t.now,
        text: text.chars().take(500).collect(),
        answered_with,
    };
    t.batch.put(&keys::chat(&t.user, t.now.timestamp_millis(), n), &entry);
    let existing = t.e.store.user_keys(&t.user)?;
    let prefix = keys::chats(&t.user);
    let chats: Vec<&Vec<u8>> = existing.iter().filter(|k| k.starts_with(&prefix)).collect();
    if chats.len() >= CHAT_LIMIT {
        for k in chats.iter().take(chats.len() + 1 - CHAT_LIMIT) {
            t.batch.delete(k);
        }
    }
    Ok(())
}

/// A document: outside an interview, a CV or a job description (/cv, /jd); during one, a text
/// file is the answer.
pub async fn document(
    t: &mut Turn<'_>,
    name: &str,
    mime: Option<&str>,
    bytes: Vec<u8>,
    caption: Option<&str>,
) -> Result<()> {
    let Some(mut s) = t.active_session()? else {
        return cv::document(t, name, mime, bytes, caption).await;
    };
    if bytes.len() > MAX_TEXT_DOC {
        t.reply(m::document_too_big(MAX_TEXT_DOC / 1024));
        return Ok(());
    }
    let texty = mime.is_none_or(|m| m.starts_with("text/")) || name.ends_with(".txt") || name.ends_with(".md");
    match std::str::from_utf8(&bytes) {
        Ok(text) if texty && !text.contains('\0') => interview_turns::answer(t, &mut s, text).await,
        _ => {
            t.reply(m::document_unreadable(name));
            Ok(())
        }
    }
}

/// Longest voice message transcribed (bytes); Telegram's own download limit is 20 MB.
const MAX_VOICE: usize = 20 * 1024 * 1024;

/// A voice message: transcribed through the configured provider, then handled like typed text
/// (the answer during an interview). Without a provider, the user is told how to answer instead.
pub async fn voice(t: &mut Turn<'_>, mime: &str, bytes: Vec<u8>) -> Result<()> {
    let active = t.active_session()?.is_some();
    let Some(llm) = brain::available(t) else {
        // Configured but paused (or over today's allowance, already said): not "none configured".
        let r = if t.e.llm.is_some() {
            m::voice_unusable(active)
        } else {
            m::voice_unavailable(active)
        };
        t.reply(r);
        return Ok(());
    };
    if bytes.is_empty() || bytes.len() > MAX_VOICE {
        t.reply(m::voice_unusable(active));
        return Ok(());
    }
    let ext = match mime {
        m if m.contains("ogg") || m.contains("opus") => "ogg",
        m if m.contains("mpeg") || m.contains("mp3") => "mp3",
        m if m.contains("wav") => "wav",
        m if m.contains("webm") => "webm",
        m if m.contains("mp4") || m.contains("m4a") || m.contains("aac") => "m4a",
        _ => "ogg",
    };
    match llm.transcribe(&format!("voice.{ext}"), bytes).await {
        Ok(heard) => {
            t.reply(m::voice_heard(&heard));
            text(t, &heard).await
        }
        Err(e) => {
            tracing::warn!(error = %e, "transcription failed");
            t.reply(m::voice_unusable(active));
            Ok(())
        }
    }
}
