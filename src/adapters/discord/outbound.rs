//! Engine replies → Discord: text split under 2,000 characters with the buttons on the last
//! piece, reports as embeds, images and files as attachments; interaction responses, deferred
//! edits and follow-ups; engine pushes to the DM or thread they name; interview threads; the
//! streamed message edited while a reply is written. Retries 429s and network errors.

use super::render::{self, MAX_CONTENT};
use crate::adapters::stream::{self, StreamSink};
use crate::engine::event::Place;
use crate::engine::messages as m;
use crate::engine::reply::{Content, OPEN_DM, Partial, Reply, ReplyKind, Visibility};
use dashmap::DashMap;
use serenity::all::{
    ButtonStyle, ChannelId, ChannelType, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateButton,
    CreateEmbed, CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, CreateThread, EditInteractionResponse, EditMessage, InteractionId, Message, MessageId,
};
use serenity::builder::Builder;
use serenity::http::Http;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

const EDIT_EVERY: Duration = Duration::from_millis(1200);

fn none_mentioned() -> CreateAllowedMentions {
    CreateAllowedMentions::new().empty_roles().empty_users().everyone(false)
}

/// Retry a call that hit a 429 (without serenity's ratelimiter) or a network error.
async fn retrying<T, F, Fut>(what: &str, f: F) -> Option<T>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = serenity::Result<T>>,
{
    for attempt in 0..3u32 {
        match f().await {
            Ok(v) => return Some(v),
            Err(serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(r)))
                if r.status_code.as_u16() == 429 && attempt < 2 =>
            {
                tokio::time::sleep(Duration::from_millis(1000 * (attempt as u64 + 1))).await;
            }
            Err(serenity::Error::Http(serenity::http::HttpError::Request(e))) if attempt < 2 => {
                tracing::warn!(error = %e, "{what}: network error; retrying");
                tokio::time::sleep(Duration::from_millis(500 * 2u64.pow(attempt))).await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "{what} failed");
                return None;
            }
        }
    }
    None
}

/// One Discord message built from (part of) a reply.
#[derive(Clone, Default)]
pub(super) struct Out {
    pub(super) content: Option<String>,
    pub(super) embed: Option<CreateEmbed>,
    pub(super) components: Vec<CreateActionRow>,
    pub(super) file: Option<CreateAttachment>,
    pub(super) ephemeral: bool,
}

fn components(r: &Reply) -> Vec<CreateActionRow> {
    r.buttons
        .iter()
        .take(5)
        .filter_map(|row| {
            let buttons: Vec<CreateButton> = row
                .iter()
                .filter(|b| b.payload != OPEN_DM && b.payload.len() <= 100)
                .take(5)
                .map(|b| {
                    CreateButton::new(b.payload.clone())
                        .label(b.label.chars().take(80).collect::<String>())
                        .style(ButtonStyle::Secondary)
                })
                .collect();
            (!buttons.is_empty()).then_some(CreateActionRow::Buttons(buttons))
        })
        .collect()
}

/// A reply as Discord messages: text split under 2,000 characters (buttons on the last piece),
/// a report as an embed when it fits, images and files as attachments.
pub(super) fn outs(r: &Reply) -> Vec<Out> {
    let ephemeral = r.visibility == Visibility::Private;
    let comps = components(r);
    let mut v: Vec<Out> = match &r.content {
        Content::Text(doc) => {
            let title = doc.0.first().and_then(|b| match b {
                crate::engine::reply::Block::Heading(l) => Some(l.plain()),
                _ => None,
            });
            match (r.kind, title, render::embed_text(doc)) {
                (ReplyKind::Report, Some(t), Some(desc)) => vec![Out {
                    embed: Some(
                        CreateEmbed::new()
                            .title(t.chars().take(256).collect::<String>())
                            .description(desc),
                    ),
                    ..Default::default()
                }],
                _ => render::doc(doc, MAX_CONTENT)
                    .into_iter()
                    .map(|c| Out {
                        content: Some(c),
                        ..Default::default()
                    })
                    .collect(),
            }
        }
        Content::Image { png, caption } => vec![Out {
            content: render::doc(caption, MAX_CONTENT).into_iter().next(),
            file: Some(CreateAttachment::bytes(png.clone(), "chart.png")),
            ..Default::default()
        }],
        Content::File {
            name, bytes, caption, ..
        } => vec![Out {
            content: render::doc(caption, MAX_CONTENT).into_iter().next(),
            file: Some(CreateAttachment::bytes(bytes.clone(), name.clone())),
            ..Default::default()
        }],
    };
    for o in v.iter_mut() {
        o.ephemeral = ephemeral;
    }
    if let Some(last) = v.last_mut() {
        last.components = comps;
    }
    v
}

pub(super) async fn send_to_channel(http: &Http, channel: ChannelId, o: Out) -> Option<Message> {
    retrying("send a message", || {
        let mut msg = CreateMessage::new()
            .allowed_mentions(none_mentioned())
            .components(o.components.clone());
        if let Some(c) = &o.content {
            msg = msg.content(c.clone());
        }
        if let Some(e) = &o.embed {
            msg = msg.embed(e.clone());
        }
        if let Some(f) = &o.file {
            msg = msg.add_file(f.clone());
        }
        channel.send_message(http, msg)
    })
    .await
}

/// Replies to a channel (pushes, DMs, threads); the first piece of a streamed reply edits the
/// streamed message.
pub(super) async fn send_replies(
    http: &Http,
    channel: ChannelId,
    replies: Vec<Reply>,
    streams: &HashMap<u32, MessageId>,
) {
    for r in replies {
        let mut pieces = outs(&r).into_iter();
        if let Some(stream) = r.stream
            && let Some(first) = pieces.next()
        {
            let edited = match streams.get(&stream).copied() {
                Some(mid) if first.file.is_none() => {
                    let mut e = EditMessage::new().components(first.components.clone());
                    if let Some(c) = &first.content {
                        e = e.content(c.clone());
                    }
                    if let Some(em) = &first.embed {
                        e = e.embed(em.clone());
                    }
                    channel.edit_message(http, mid, e).await.is_ok()
                }
                _ => false,
            };
            if !edited {
                send_to_channel(http, channel, first).await;
            }
        }
        for o in pieces {
            send_to_channel(http, channel, o).await;
        }
    }
}

pub async fn push(http: &Http, place: &Place, replies: Vec<Reply>) {
    let Ok(id) = place.chat.parse::<u64>() else { return };
    if id == 0 {
        return;
    }
    send_replies(http, ChannelId::new(id), replies, &HashMap::new()).await;
}

/// The interaction kinds share these calls.
pub(super) struct Ix<'a> {
    pub(super) id: InteractionId,
    pub(super) token: &'a str,
}

impl Ix<'_> {
    pub(super) async fn respond(&self, http: &Http, o: Out) -> bool {
        let mut m = CreateInteractionResponseMessage::new()
            .allowed_mentions(none_mentioned())
            .ephemeral(o.ephemeral)
            .components(o.components);
        if let Some(c) = o.content {
            m = m.content(c);
        }
        if let Some(e) = o.embed {
            m = m.embed(e);
        }
        if let Some(f) = o.file {
            m = m.add_file(f);
        }
        CreateInteractionResponse::Message(m)
            .execute(http, (self.id, self.token))
            .await
            .inspect_err(|e| tracing::warn!(error = %e, "interaction response failed"))
            .is_ok()
    }
    pub(super) async fn defer(&self, http: &Http, ephemeral: bool) -> bool {
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(ephemeral))
            .execute(http, (self.id, self.token))
            .await
            .inspect_err(|e| tracing::warn!(error = %e, "deferring an interaction failed"))
            .is_ok()
    }
    pub(super) async fn edit_original(&self, http: &Http, o: Out) -> bool {
        let mut e = EditInteractionResponse::new()
            .allowed_mentions(none_mentioned())
            .components(o.components);
        if let Some(c) = o.content {
            e = e.content(c);
        }
        if let Some(em) = o.embed {
            e = e.embed(em);
        }
        e.execute(http, self.token)
            .await
            .inspect_err(|e| tracing::warn!(error = %e, "editing the deferred response failed"))
            .is_ok()
    }
    pub(super) async fn followup(&self, http: &Http, o: Out) {
        let token = self.token.to_string();
        retrying("send a follow-up", || {
            let mut f = CreateInteractionResponseFollowup::new()
                .allowed_mentions(none_mentioned())
                .ephemeral(o.ephemeral)
                .components(o.components.clone());
            if let Some(c) = &o.content {
                f = f.content(c.clone());
            }
            if let Some(e) = &o.embed {
                f = f.embed(e.clone());
            }
            if let Some(file) = &o.file {
                f = f.add_file(file.clone());
            }
            let token = token.clone();
            async move { f.execute(http, (None, &token)).await }
        })
        .await;
    }
}

/// A private thread for the candidate (public, with a warning, where private ones are
/// not allowed). Returns the thread and whether it is private.
pub(super) async fn open_thread(
    http: &Http,
    parent: ChannelId,
    user: serenity::model::id::UserId,
    candidate: &str,
    own_threads: &DashMap<u64, bool>,
) -> Option<(ChannelId, bool)> {
    let name: String = m::discord_thread_name(candidate).chars().take(100).collect();
    let private = parent
        .create_thread(
            http,
            CreateThread::new(name.clone())
                .kind(ChannelType::PrivateThread)
                .invitable(false),
        )
        .await;
    let (thread, is_private) = match private {
        Ok(t) => (t.id, true),
        Err(e) => {
            tracing::info!(error = %e, "private thread refused; trying a public one");
            match parent
                .create_thread(http, CreateThread::new(name).kind(ChannelType::PublicThread))
                .await
            {
                Ok(t) => (t.id, false),
                Err(e) => {
                    tracing::warn!(error = %e, "could not open a thread");
                    return None;
                }
            }
        }
    };
    own_threads.insert(thread.get(), true);
    if let Err(e) = thread.add_thread_member(http, user).await {
        tracing::warn!(error = %e, "could not add the candidate to the thread");
    }
    Some((thread, is_private))
}

pub(super) async fn download_failed(http: &Http, channel: ChannelId) {
    let note = Out {
        content: Some(m::DOWNLOAD_FAILED.into()),
        ..Default::default()
    };
    send_to_channel(http, channel, note).await;
}

/// Show a streamed reply by sending one message and editing it at a bounded rate. Returns
/// stream id → the message showing it.
pub(super) async fn stream_edits(
    http: Arc<Http>,
    channel: ChannelId,
    rx: tokio::sync::mpsc::UnboundedReceiver<Partial>,
) -> HashMap<u32, MessageId> {
    stream::stream_edits(StreamTo { http, channel }, EDIT_EVERY, rx).await
}

/// Where a streamed reply is shown.
struct StreamTo {
    http: Arc<Http>,
    channel: ChannelId,
}

impl StreamSink for StreamTo {
    type Id = MessageId;
    type Error = serenity::Error;

    fn shown(&self, text: &str) -> String {
        render::escape(text).chars().take(MAX_CONTENT - 4).collect()
    }

    async fn send(&self, body: String) -> Option<MessageId> {
        let note = Out {
            content: Some(body),
            ..Default::default()
        };
        send_to_channel(&self.http, self.channel, note).await.map(|m| m.id)
    }

    async fn edit(&self, id: MessageId, body: String) -> Result<(), serenity::Error> {
        self.channel
            .edit_message(&self.http, id, EditMessage::new().content(body))
            .await
            .map(|_| ())
    }
}
