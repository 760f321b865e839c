//! Telegram updates → engine events. In groups the coach hears only commands, replies to its
//! own messages and mentions of it; everything else in a group is other people's talk.

use super::State;
use super::outbound::{self, Streams};
use crate::engine::event::{Inbound, Payload, Place, PlaceKind, Platform, Sender};
use crate::engine::messages as m;
use crate::engine::reply::{Content, ReplyKind, Visibility};
use std::sync::Arc;
use std::time::Duration;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::{ChatAction, Message};

/// Telegram's download limit for bots on the public Bot API server.
pub const MAX_DOWNLOAD: u32 = 20 * 1024 * 1024;

fn place_of(msg_chat: &teloxide::types::Chat, thread: Option<teloxide::types::ThreadId>) -> Place {
    Place {
        platform: Platform::Telegram,
        kind: if msg_chat.is_private() {
            PlaceKind::Direct
        } else {
            PlaceKind::Group
        },
        chat: msg_chat.id.0.to_string(),
        thread: thread.map(|t| t.0.0.to_string()),
    }
}

fn sender_of(u: &teloxide::types::User) -> Sender {
    let mut name = u.first_name.clone();
    if let Some(l) = &u.last_name {
        name.push(' ');
        name.push_str(l);
    }
    Sender {
        id: u.id.0.to_string(),
        display_name: name,
    }
}

/// A command addressed to us: `/mock@our_bot args` → ("mock", "args"); `None` if it names
/// another bot.
pub fn command_for_us(text: &str, me: &str) -> Option<Payload> {
    let rest = text.trim_start().strip_prefix('/')?;
    let (head, args) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let (name, target) = match head.split_once('@') {
        Some((n, t)) => (n, Some(t)),
        None => (head, None),
    };
    if target.is_some_and(|t| !t.eq_ignore_ascii_case(me)) || name.is_empty() {
        return None;
    }
    Some(Payload::Command {
        name: name.to_lowercase(),
        args: args.to_string(),
    })
}

/// Remove `@our_bot` from a message that mentions us.
fn strip_mention(text: &str, me: &str) -> String {
    let at = format!("@{me}");
    let lower = text.to_lowercase();
    match lower.find(&at.to_lowercase()) {
        Some(i) => format!("{}{}", &text[..i], &text[i + at.len()..]).trim().to_string(),
        None => text.to_string(),
    }
}

/// Why a document or voice message was not fetched (logged; the user gets a notice).
#[derive(Debug, thiserror::Error)]
enum DownloadError {
    #[error("too large")]
    TooLarge,
    #[error(transparent)]
    Request(#[from] teloxide::RequestError),
    #[error(transparent)]
    Download(#[from] teloxide::DownloadError),
}

async fn download(state: &State, file_id: &teloxide::types::FileId, size: u32) -> Result<Vec<u8>, DownloadError> {
    if size != u32::MAX && size > MAX_DOWNLOAD {
        return Err(DownloadError::TooLarge);
    }
    let file = state.bot.get_file(file_id.clone()).await?;
    if file.meta.size != u32::MAX && file.meta.size > MAX_DOWNLOAD {
        return Err(DownloadError::TooLarge);
    }
    let mut buf: Vec<u8> = Vec::new();
    state.bot.download_file(&file.path, &mut buf).await?;
    if buf.len() > MAX_DOWNLOAD as usize {
        return Err(DownloadError::TooLarge);
    }
    Ok(buf)
}

/// Show "typing…" until the returned guard is dropped (every 4.5 s, as Telegram clears it after 5).
fn typing(state: &Arc<State>, chat: ChatId, thread: Option<teloxide::types::ThreadId>) -> tokio::task::JoinHandle<()> {
    let state = state.clone();
    tokio::spawn(async move {
        loop {
            let mut req = state.out.send_chat_action(chat, ChatAction::Typing);
            if let Some(t) = thread {
                req = req.message_thread_id(t);
            }
            if let Err(e) = req.await {
                tracing::debug!(error = %e, "sendChatAction failed (optional)");
                return;
            }
            tokio::time::sleep(Duration::from_millis(4500)).await;
        }
    })
}

pub async fn on_message(msg: Message, state: Arc<State>) -> ResponseResult<()> {
    let Some(from) = msg.from.as_ref() else {
        return Ok(());
    };
    if from.is_bot {
        return Ok(());
    }
    let private = msg.chat.is_private();
    let to_us = msg
        .reply_to_message()
        .and_then(|r| r.from.as_ref())
        .is_some_and(|u| u.id.0 == state.me_id);
    let text = msg.text().or(msg.caption()).map(str::to_string);
    let mentioned = !state.me_username.is_empty()
        && text.as_deref().is_some_and(|t| {
            t.to_lowercase()
                .contains(&format!("@{}", state.me_username.to_lowercase()))
        });
    let payload = if let Some(doc) = msg.document() {
        if !private && !to_us && !mentioned {
            return Ok(());
        }
        match download(&state, &doc.file.id, doc.file.size).await {
            Ok(bytes) => Payload::Document {
                name: doc.file_name.clone().unwrap_or_else(|| "document".into()),
                mime: doc.mime_type.as_ref().map(|m| m.to_string()),
                bytes,
                caption: msg.caption().map(str::to_string),
            },
            Err(e) => {
                tracing::warn!(error = %e, "document download failed");
                outbound::notice(&state, &msg, m::DOWNLOAD_FAILED).await;
                return Ok(());
            }
        }
    } else if let Some(v) = msg.voice() {
        if !private && !to_us {
            return Ok(());
        }
        match download(&state, &v.file.id, v.file.size).await {
            Ok(bytes) => Payload::Voice {
                mime: v
                    .mime_type
                    .as_ref()
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "audio/ogg".into()),
                bytes,
            },
            Err(e) => {
                tracing::warn!(error = %e, "voice download failed");
                outbound::notice(&state, &msg, m::DOWNLOAD_FAILED).await;
                return Ok(());
            }
        }
    } else if let Some(t) = text {
        if t.trim_start().starts_with('/') {
            match command_for_us(&t, &state.me_username) {
                Some(p) => p,
                None => return Ok(()),
            }
        } else if private || to_us || mentioned {
            Payload::Text(if mentioned {
                strip_mention(&t, &state.me_username)
            } else {
                t
            })
        } else {
            return Ok(());
        }
    } else if private {
        // Stickers, photos without captions, locations…: the engine explains what it reads.
        Payload::Text(String::new())
    } else {
        return Ok(());
    };
    let place = place_of(&msg.chat, msg.thread_id);
    let ev = Inbound {
        sender: sender_of(from),
        place: place.clone(),
        payload,
        at: msg.date,
    };
    let typing = typing(&state, msg.chat.id, msg.thread_id);
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let streamer = tokio::spawn(outbound::stream_edits(state.clone(), msg.chat.id, msg.thread_id, rx));
    let replies = state.engine.handle_streaming(ev, Some(tx)).await;
    typing.abort();
    let streams: Streams = streamer.await.unwrap_or_default();
    let reply_to = (!private).then_some(msg.id);
    outbound::deliver(&state, &place, &from.id.0.to_string(), replies, &streams, reply_to).await;
    Ok(())
}

pub async fn on_callback(q: CallbackQuery, state: Arc<State>) -> ResponseResult<()> {
    let answer = |text: Option<String>| {
        let state = state.clone();
        let id = q.id.clone();
        async move {
            let mut req = state.out.answer_callback_query(id);
            if let Some(t) = text {
                req = req.text(t.chars().take(190).collect::<String>()).show_alert(true);
            }
            if let Err(e) = req.await {
                tracing::warn!(error = %e, "answerCallbackQuery failed");
            }
        }
    };
    let (Some(data), Some(message)) = (q.data.clone(), q.message.as_ref()) else {
        answer(Some(m::BUTTON_EXPIRED.into())).await;
        return Ok(());
    };
    let thread = match message {
        teloxide::types::MaybeInaccessibleMessage::Regular(m) => m.thread_id,
        _ => None,
    };
    let place = place_of(message.chat(), thread);
    let ev = Inbound {
        sender: sender_of(&q.from),
        place: place.clone(),
        payload: Payload::Button(data),
        at: chrono::Utc::now(),
    };
    let replies = state.engine.handle(ev).await;
    // A private notice (someone else's button, a stale one) goes to the clicker alone.
    if let [only] = replies.as_slice()
        && only.visibility == Visibility::Private
        && only.kind == ReplyKind::Notice
        && let Content::Text(doc) = &only.content
    {
        answer(Some(doc.to_plain().trim().to_string())).await;
        return Ok(());
    }
    answer(None).await;
    outbound::deliver(
        &state,
        &place,
        &q.from.id.0.to_string(),
        replies,
        &Default::default(),
        None,
    )
    .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_for_other_bots_are_ignored() {
        assert_eq!(
            command_for_us("/mock@coach_bot technical 3", "coach_bot"),
            Some(Payload::Command {
                name: "mock".into(),
                args: "technical 3".into()
            })
        );
        assert_eq!(
            command_for_us("/MOCK", "coach_bot"),
            Some(Payload::Command {
                name: "mock".into(),
                args: String::new()
            })
        );
        assert_eq!(command_for_us("/mock@other_bot", "coach_bot"), None);
        assert_eq!(
            strip_mention("@Coach_Bot how do I answer this?", "coach_bot"),
            "how do I answer this?"
        );
    }
}
