//! Engine replies → Telegram: HTML pieces within the length limit, the reply's buttons as an
//! inline keyboard on the last piece, images as photos, files as documents; streamed replies
//! shown by editing one message at a bounded rate; private replies in groups sent by DM.

use super::State;
use super::render::{self, MAX_CAPTION, MAX_TEXT};
use crate::adapters::stream::{self, StreamSink};
use crate::engine::event::Place;
use crate::engine::messages as m;
use crate::engine::reply::{Content, OPEN_DM, Partial, Reply, Visibility};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use teloxide::RequestError;
use teloxide::payloads::{EditMessageTextSetters, SendDocumentSetters, SendMessageSetters, SendPhotoSetters};
use teloxide::prelude::*;
use teloxide::requests::Request;
use teloxide::types::{
    InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, MessageId, ParseMode, ReplyParameters, ThreadId,
};

/// Stream id → the message showing it.
pub type Streams = HashMap<u32, MessageId>;

/// Least time between two edits of a streamed message (Telegram allows about one per second).
const EDIT_EVERY: Duration = Duration::from_millis(1200);

/// Send with retries on network errors (Throttle already waits out `RetryAfter`).
async fn send<R>(req: R) -> Result<teloxide::requests::Output<R>, RequestError>
where
    R: Request<Err = RequestError>,
{
    let mut attempt = 0u32;
    loop {
        match req.send_ref().await {
            Err(RequestError::Network(e)) if attempt < 3 => {
                tracing::warn!(error = %e, "network error talking to Telegram; retrying");
                tokio::time::sleep(Duration::from_millis(400 * 2u64.pow(attempt))).await;
                attempt += 1;
            }
            // A RetryAfter that reaches us (retries off, or a second one): wait once and retry.
            Err(RequestError::RetryAfter(s)) if attempt < 3 => {
                tokio::time::sleep(s.duration().min(Duration::from_secs(60))).await;
                attempt += 1;
            }
            r => return r,
        }
    }
}

fn keyboard(r: &Reply, me: &str) -> Option<InlineKeyboardMarkup> {
    let rows: Vec<Vec<InlineKeyboardButton>> = r
        .buttons
        .iter()
        .map(|row| {
            row.iter()
                .filter_map(|b| {
                    let label: String = b.label.chars().take(64).collect();
                    if b.payload == OPEN_DM {
                        // A link that opens a private chat and sends /start mock.
                        let url = reqwest::Url::parse(&format!("https://t.me/{me}?start=mock")).ok()?;
                        (!me.is_empty()).then(|| InlineKeyboardButton::url(label, url))
                    } else {
                        Some(InlineKeyboardButton::callback(label, b.payload.clone()))
                    }
                })
                .collect::<Vec<_>>()
        })
        .filter(|row| !row.is_empty())
        .collect();
    (!rows.is_empty()).then(|| InlineKeyboardMarkup::new(rows))
}

fn chat_of(place: &Place) -> Option<ChatId> {
    place.chat.parse::<i64>().ok().map(ChatId)
}

fn thread_of(place: &Place) -> Option<ThreadId> {
    place
        .thread
        .as_deref()
        .and_then(|t| t.parse::<i32>().ok())
        .map(|t| ThreadId(MessageId(t)))
}

/// Show partial replies by sending one message and editing it, at most every `EDIT_EVERY`.
pub async fn stream_edits(
    state: Arc<State>,
    chat: ChatId,
    thread: Option<ThreadId>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Partial>,
) -> Streams {
    stream::stream_edits(StreamTo { state, chat, thread }, EDIT_EVERY, rx).await
}

/// Where a streamed reply is shown.
struct StreamTo {
    state: Arc<State>,
    chat: ChatId,
    thread: Option<ThreadId>,
}

impl StreamSink for StreamTo {
    type Id = MessageId;
    type Error = RequestError;

    fn shown(&self, text: &str) -> String {
        text.chars().take(MAX_TEXT - 2).collect()
    }

    async fn send(&self, body: String) -> Option<MessageId> {
        let mut req = self.state.out.send_message(self.chat, body);
        if let Some(t) = self.thread {
            req = req.message_thread_id(t);
        }
        match send(req).await {
            Ok(msg) => Some(msg.id),
            Err(e) => {
                tracing::warn!(error = %e, "could not show a streamed reply");
                None
            }
        }
    }

    async fn edit(&self, id: MessageId, body: String) -> Result<(), RequestError> {
        self.state.out.edit_message_text(self.chat, id, body).await.map(|_| ())
    }
}

/// A short notice in reply to a message (adapter plumbing: failed downloads…).
pub async fn notice(state: &State, msg: &Message, text: &str) {
    let mut req = state.out.send_message(msg.chat.id, text.to_string());
    if let Some(t) = msg.thread_id {
        req = req.message_thread_id(t);
    }
    if let Err(e) = send(req).await {
        tracing::warn!(error = %e, "could not send a notice");
    }
}

/// Send the turn's replies to `place` (private replies in a group go to `user`'s DM).
pub async fn deliver(
    state: &Arc<State>,
    place: &Place,
    user: &str,
    replies: Vec<Reply>,
    streams: &Streams,
    reply_to: Option<MessageId>,
) {
    let Some(chat) = chat_of(place) else {
        tracing::warn!(chat = %place.chat, "not a Telegram chat id");
        return;
    };
    let thread = thread_of(place);
    let mut told_private = false;
    for r in replies {
        if r.visibility == Visibility::Private && place.is_shared() {
            let dm = user.parse::<i64>().ok().map(ChatId);
            let ok = match dm {
                Some(dm) => send_one(state, dm, None, &r, streams, None).await,
                None => false,
            };
            if !told_private {
                told_private = true;
                let text = if ok { m::SENT_PRIVATELY } else { m::OPEN_PRIVATE_CHAT };
                let mut req = state.out.send_message(chat, text.to_string());
                if let Some(t) = thread {
                    req = req.message_thread_id(t);
                }
                if let Err(e) = send(req).await {
                    tracing::warn!(error = %e, "could not send a notice");
                }
            }
            continue;
        }
        send_one(state, chat, thread, &r, streams, reply_to).await;
    }
}

/// One reply; false if nothing could be sent.
async fn send_one(
    state: &Arc<State>,
    chat: ChatId,
    thread: Option<ThreadId>,
    r: &Reply,
    streams: &Streams,
    reply_to: Option<MessageId>,
) -> bool {
    let kb = keyboard(r, &state.me_username);
    match &r.content {
        Content::Text(doc) => {
            let pieces = render::doc(doc, MAX_TEXT);
            let last = pieces.len() - 1;
            let mut any = false;
            for (i, html) in pieces.into_iter().enumerate() {
                let markup = if i == last { kb.clone() } else { None };
                // The first piece of a streamed reply replaces the streamed message.
                if i == 0
                    && let Some(mid) = r.stream.and_then(|s| streams.get(&s))
                {
                    let mut req = state
                        .out
                        .edit_message_text(chat, *mid, html.clone())
                        .parse_mode(ParseMode::Html);
                    if let Some(k) = markup.clone() {
                        req = req.reply_markup(k);
                    }
                    if send(req).await.is_ok() {
                        any = true;
                        continue;
                    }
                }
                let mut req = state.out.send_message(chat, html.clone()).parse_mode(ParseMode::Html);
                if let Some(t) = thread {
                    req = req.message_thread_id(t);
                }
                if let (Some(to), 0) = (reply_to, i) {
                    req = req.reply_parameters(ReplyParameters::new(to).allow_sending_without_reply());
                }
                if let Some(k) = markup.clone() {
                    req = req.reply_markup(k);
                }
                match send(req).await {
                    Ok(_) => any = true,
                    Err(RequestError::Api(e)) => {
                        // Should not happen (we escape everything), but never lose a reply over
                        // markup: send it again as plain text.
                        tracing::warn!(error = %e, "Telegram refused a message; resending as plain text");
                        let plain = html_to_plain(&html);
                        let mut req = state.out.send_message(chat, plain);
                        if let Some(t) = thread {
                            req = req.message_thread_id(t);
                        }
                        if let Some(k) = markup {
                            req = req.reply_markup(k);
                        }
                        any |= send(req).await.is_ok();
                    }
                    Err(e) => tracing::error!(error = %e, "could not send a reply"),
                }
            }
            any
        }
        Content::Image { png, caption } => {
            let cap = render::doc(caption, MAX_CAPTION).into_iter().next().unwrap_or_default();
            let mut req = state
                .out
                .send_photo(chat, InputFile::memory(png.clone()).file_name("chart.png"))
                .caption(cap)
                .parse_mode(ParseMode::Html);
            if let Some(t) = thread {
                req = req.message_thread_id(t);
            }
            if let Some(k) = kb {
                req = req.reply_markup(k);
            }
            send(req)
                .await
                .inspect_err(|e| tracing::error!(error = %e, "could not send a photo"))
                .is_ok()
        }
        Content::File {
            name, bytes, caption, ..
        } => {
            let cap = render::doc(caption, MAX_CAPTION).into_iter().next().unwrap_or_default();
            let mut req = state
                .out
                .send_document(chat, InputFile::memory(bytes.clone()).file_name(name.clone()))
                .caption(cap)
                .parse_mode(ParseMode::Html);
            if let Some(t) = thread {
                req = req.message_thread_id(t);
            }
            if let Some(k) = kb {
                req = req.reply_markup(k);
            }
            send(req)
                .await
                .inspect_err(|e| tracing::error!(error = %e, "could not send a document"))
                .is_ok()
        }
    }
}

/// Our own HTML back to text (tags dropped, entities decoded) for the plain-text fallback.
fn html_to_plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c => out.push(c),
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}
