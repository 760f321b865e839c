//! Gateway events → engine events, engine replies → Discord.

use super::commands::args_line;
use super::render::{self, MAX_CONTENT};
use crate::engine::Engine;
use crate::engine::event::{Inbound, Payload, Place, PlaceKind, Platform, Sender};
use crate::engine::messages as m;
use crate::engine::reply::{Content, OPEN_DM, Partial, Reply, ReplyKind, Visibility};
use dashmap::DashMap;
use serenity::all::{
    ActionRowComponent, ButtonStyle, ChannelId, ChannelType, Command, CommandInteraction, ComponentInteraction,
    Context, CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateButton, CreateEmbed, CreateInputText,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    CreateModal, CreateThread, EditInteractionResponse, EditMessage, EventHandler, GuildId, InputTextStyle,
    Interaction, InteractionId, Message, MessageId, ModalInteraction, Ready, User,
};
use serenity::builder::Builder;
use serenity::http::Http;
use std::sync::Arc;
use std::time::Duration;

/// Answer an interaction directly if the engine is this quick; defer otherwise (Discord's
/// window is 3 s).
const ANSWER_WITHIN: Duration = Duration::from_millis(2000);
/// Largest attachment handed to the engine.
const MAX_DOWNLOAD: u32 = 20 * 1024 * 1024;
const EDIT_EVERY: Duration = Duration::from_millis(1200);
const ANSWER_MODAL: &str = "answer-modal";

pub struct State {
    engine: Engine,
    guild_id: Option<u64>,
    message_content: bool,
    /// Threads the bot opened for interviews (or found to be its own): messages there are read.
    own_threads: DashMap<u64, bool>,
    bot_id: std::sync::OnceLock<u64>,
}

impl State {
    pub fn new(engine: Engine, guild_id: Option<u64>, message_content: bool) -> State {
        State {
            engine,
            guild_id,
            message_content,
            own_threads: DashMap::new(),
            bot_id: std::sync::OnceLock::new(),
        }
    }
}

fn none_mentioned() -> CreateAllowedMentions {
    CreateAllowedMentions::new().empty_roles().empty_users().everyone(false)
}

fn sender_of(u: &User) -> Sender {
    Sender {
        id: u.id.get().to_string(),
        display_name: u.global_name.clone().unwrap_or_else(|| u.name.clone()),
    }
}

fn place(kind: PlaceKind, channel: ChannelId) -> Place {
    Place {
        platform: Platform::Discord,
        kind,
        chat: channel.get().to_string(),
        thread: None,
    }
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
struct Out {
    content: Option<String>,
    embed: Option<CreateEmbed>,
    components: Vec<CreateActionRow>,
    file: Option<CreateAttachment>,
    ephemeral: bool,
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
fn outs(r: &Reply) -> Vec<Out> {
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

async fn send_to_channel(http: &Http, channel: ChannelId, o: Out) -> Option<Message> {
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
async fn send_replies(http: &Http, channel: ChannelId, replies: Vec<Reply>, streams: &DashMap<u32, MessageId>) {
    for r in replies {
        let mut pieces = outs(&r).into_iter();
        if let Some(stream) = r.stream
            && let Some(first) = pieces.next()
        {
            let edited = match streams.get(&stream).map(|m| *m) {
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
    send_replies(http, ChannelId::new(id), replies, &DashMap::new()).await;
}

/// The interaction kinds share these calls.
struct Ix<'a> {
    id: InteractionId,
    token: &'a str,
}

impl Ix<'_> {
    async fn respond(&self, http: &Http, o: Out) -> bool {
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
    async fn defer(&self, http: &Http, ephemeral: bool) -> bool {
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(ephemeral))
            .execute(http, (self.id, self.token))
            .await
            .inspect_err(|e| tracing::warn!(error = %e, "deferring an interaction failed"))
            .is_ok()
    }
    async fn edit_original(&self, http: &Http, o: Out) -> bool {
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
    async fn followup(&self, http: &Http, o: Out) {
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

    /// Run the engine for this interaction and answer within Discord's window: directly when
    /// the engine is quick, else deferred (ephemeral when `private`) and then edited.
    async fn answer(&self, http: &Http, engine: &Engine, ev: Inbound, private: bool) {
        let work = engine.handle(ev);
        tokio::pin!(work);
        let (replies, deferred) = tokio::select! {
            r = &mut work => (r, false),
            _ = tokio::time::sleep(ANSWER_WITHIN) => {
                self.defer(http, private).await;
                (work.await, true)
            }
        };
        let mut all: Vec<Out> = replies.iter().flat_map(outs).collect();
        if private {
            for o in all.iter_mut() {
                o.ephemeral = true;
            }
        }
        if all.is_empty() {
            all.push(Out {
                content: Some("…".into()),
                ephemeral: true,
                ..Default::default()
            });
        }
        let mut rest = all.into_iter();
        if let Some(first) = rest.next() {
            let ok = if deferred {
                if first.file.is_some() {
                    self.edit_original(
                        http,
                        Out {
                            content: Some("📎".into()),
                            ..Default::default()
                        },
                    )
                    .await;
                    self.followup(http, first).await;
                    true
                } else {
                    self.edit_original(http, first).await
                }
            } else {
                self.respond(http, first).await
            };
            if !ok {
                tracing::warn!("the first reply of an interaction could not be delivered");
            }
        }
        for o in rest {
            self.followup(http, o).await;
        }
    }
}

fn place_kind(channel_type: Option<ChannelType>, guild: Option<GuildId>, own_thread: bool) -> PlaceKind {
    match (guild, channel_type) {
        (None, _) => PlaceKind::Direct,
        (Some(_), Some(ChannelType::PrivateThread)) if own_thread => PlaceKind::PrivateThread,
        (Some(_), Some(ChannelType::PublicThread | ChannelType::PrivateThread)) => PlaceKind::Thread,
        _ => PlaceKind::Group,
    }
}

impl State {
    async fn slash(&self, ctx: &Context, cmd: CommandInteraction) {
        let http = &ctx.http;
        let ix = Ix {
            id: cmd.id,
            token: &cmd.token,
        };
        let name = cmd.data.name.as_str();
        let spec = crate::engine::commands::find(name);
        let private = spec.is_some_and(|s| s.private);
        let args = args_line(spec, &cmd.data.options);
        let kind = cmd.channel.as_ref().map(|c| c.kind);
        let own = self.own_threads.contains_key(&cmd.channel_id.get());
        let mut where_ = place_kind(kind, cmd.guild_id, own);
        let mut channel = cmd.channel_id;
        // /answer without text: a modal (works without the message-content intent).
        if name == "answer" && args.trim().is_empty() {
            let modal = CreateModal::new(ANSWER_MODAL, "Your answer").components(vec![CreateActionRow::InputText(
                CreateInputText::new(InputTextStyle::Paragraph, "Answer", "answer").max_length(4000),
            )]);
            if let Err(e) = CreateInteractionResponse::Modal(modal)
                .execute(http, (cmd.id, &cmd.token))
                .await
            {
                tracing::warn!(error = %e, "could not open the answer modal");
            }
            return;
        }
        // /mock in a server channel: the interview runs in a private thread with the candidate.
        if name == "mock" && where_ == PlaceKind::Group {
            if !ix.defer(http, true).await {
                return;
            }
            let (thread, private_thread) = match self.open_thread(http, cmd.channel_id, &cmd.user).await {
                Some(t) => t,
                None => {
                    ix.edit_original(
                        http,
                        Out {
                            content: Some(m::DISCORD_NO_THREAD.into()),
                            ..Default::default()
                        },
                    )
                    .await;
                    return;
                }
            };
            channel = thread;
            where_ = if private_thread {
                PlaceKind::PrivateThread
            } else {
                PlaceKind::Thread
            };
            let note = if private_thread {
                m::discord_thread_opened(thread.get())
            } else {
                m::discord_public_thread_opened(thread.get())
            };
            ix.edit_original(
                http,
                Out {
                    content: Some(note),
                    ..Default::default()
                },
            )
            .await;
            let ev = Inbound {
                sender: sender_of(&cmd.user),
                place: place(where_, channel),
                payload: Payload::Command {
                    name: "mock".into(),
                    args,
                },
                at: chrono::Utc::now(),
            };
            let replies = self.engine.handle(ev).await;
            send_replies(http, channel, replies, &DashMap::new()).await;
            return;
        }
        let ev = Inbound {
            sender: sender_of(&cmd.user),
            place: place(where_, channel),
            payload: Payload::Command {
                name: name.to_string(),
                args,
            },
            at: chrono::Utc::now(),
        };
        // Personal data is answered ephemerally wherever it is asked.
        ix.answer(http, &self.engine, ev, private).await;
    }

    /// A private thread for the candidate (public, with a warning, where private ones are
    /// not allowed). Returns the thread and whether it is private.
    async fn open_thread(&self, http: &Http, parent: ChannelId, user: &User) -> Option<(ChannelId, bool)> {
        let name: String = format!("Mock interview · {}", user.global_name.as_deref().unwrap_or(&user.name))
            .chars()
            .take(100)
            .collect();
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
        self.own_threads.insert(thread.get(), true);
        if let Err(e) = thread.add_thread_member(http, user.id).await {
            tracing::warn!(error = %e, "could not add the candidate to the thread");
        }
        Some((thread, is_private))
    }

    async fn click(&self, ctx: &Context, c: ComponentInteraction) {
        let ix = Ix {
            id: c.id,
            token: &c.token,
        };
        let kind = c.channel.as_ref().map(|ch| ch.kind);
        let own = self.own_threads.contains_key(&c.channel_id.get());
        let ev = Inbound {
            sender: sender_of(&c.user),
            place: place(place_kind(kind, c.guild_id, own), c.channel_id),
            payload: Payload::Button(c.data.custom_id.clone()),
            at: chrono::Utc::now(),
        };
        ix.answer(&ctx.http, &self.engine, ev, false).await;
    }

    async fn modal(&self, ctx: &Context, mi: ModalInteraction) {
        let ix = Ix {
            id: mi.id,
            token: &mi.token,
        };
        let text: String = mi
            .data
            .components
            .iter()
            .flat_map(|row| row.components.iter())
            .filter_map(|c| match c {
                ActionRowComponent::InputText(t) => t.value.clone(),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let kind = mi.channel.as_ref().map(|ch| ch.kind);
        let own = self.own_threads.contains_key(&mi.channel_id.get());
        let ev = Inbound {
            sender: sender_of(&mi.user),
            place: place(place_kind(kind, mi.guild_id, own), mi.channel_id),
            payload: Payload::Text(text),
            at: chrono::Utc::now(),
        };
        ix.answer(&ctx.http, &self.engine, ev, false).await;
    }

    /// Is this guild channel one of the bot's interview threads? (Remembered; after a restart
    /// asked once from Discord.)
    async fn is_own_thread(&self, http: &Http, channel: ChannelId) -> bool {
        if let Some(v) = self.own_threads.get(&channel.get()) {
            return *v;
        }
        let own = match channel.to_channel(http).await {
            Ok(serenity::all::Channel::Guild(g)) => {
                matches!(g.kind, ChannelType::PrivateThread | ChannelType::PublicThread)
                    && g.owner_id.map(|o| o.get()) == self.bot_id.get().copied()
            }
            _ => false,
        };
        self.own_threads.insert(channel.get(), own);
        own
    }

    async fn on_message(&self, ctx: &Context, msg: Message) {
        if msg.author.bot {
            return;
        }
        let http = &ctx.http;
        let kind = if msg.guild_id.is_none() {
            PlaceKind::Direct
        } else if self.is_own_thread(http, msg.channel_id).await {
            PlaceKind::PrivateThread
        } else {
            // Server channels are other people's conversations.
            return;
        };
        let payload = if let Some(a) = msg.attachments.first() {
            if a.size > MAX_DOWNLOAD {
                download_failed(http, msg.channel_id).await;
                return;
            }
            match a.download().await {
                Ok(bytes) => {
                    let mime = a.content_type.clone();
                    if mime.as_deref().is_some_and(|m| m.starts_with("audio/")) {
                        Payload::Voice {
                            mime: mime.unwrap_or_default(),
                            bytes,
                        }
                    } else {
                        Payload::Document {
                            name: a.filename.clone(),
                            mime,
                            bytes,
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "attachment download failed");
                    download_failed(http, msg.channel_id).await;
                    return;
                }
            }
        } else {
            Inbound::payload_from_line(&msg.content)
        };
        let ev = Inbound {
            sender: sender_of(&msg.author),
            place: place(kind, msg.channel_id),
            payload,
            at: chrono::Utc::now(),
        };
        let typing = {
            let http = ctx.http.clone();
            let channel = msg.channel_id;
            tokio::spawn(async move {
                loop {
                    if let Err(e) = channel.broadcast_typing(&http).await {
                        tracing::debug!(error = %e, "typing indicator failed (optional)");
                        return;
                    }
                    tokio::time::sleep(Duration::from_secs(8)).await;
                }
            })
        };
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let streams: Arc<DashMap<u32, MessageId>> = Arc::new(DashMap::new());
        let streamer = tokio::spawn(stream_edits(ctx.http.clone(), msg.channel_id, rx, streams.clone()));
        let replies = self.engine.handle_streaming(ev, Some(tx)).await;
        typing.abort();
        let _ = streamer.await;
        send_replies(http, msg.channel_id, replies, &streams).await;
    }
}

async fn download_failed(http: &Http, channel: ChannelId) {
    let note = Out {
        content: Some(m::DOWNLOAD_FAILED.into()),
        ..Default::default()
    };
    send_to_channel(http, channel, note).await;
}

/// Show a streamed reply by sending one message and editing it at a bounded rate.
async fn stream_edits(
    http: Arc<Http>,
    channel: ChannelId,
    mut rx: tokio::sync::mpsc::UnboundedReceiver<Partial>,
    streams: Arc<DashMap<u32, MessageId>>,
) {
    let mut latest: std::collections::HashMap<u32, String> = Default::default();
    let mut shown: std::collections::HashMap<u32, (String, tokio::time::Instant)> = Default::default();
    loop {
        let next = tokio::time::timeout(EDIT_EVERY, rx.recv()).await;
        let closed = matches!(next, Ok(None));
        if let Ok(Some(p)) = next {
            latest.insert(p.stream, p.text);
        }
        for (id, text) in &latest {
            let text: String = render::escape(text).chars().take(MAX_CONTENT - 4).collect();
            let due = shown
                .get(id)
                .is_none_or(|(t, at)| *t != text && at.elapsed() >= EDIT_EVERY);
            if !due || text.trim().is_empty() {
                continue;
            }
            let body = format!("{text} …");
            match streams.get(id).map(|m| *m) {
                None => {
                    if let Some(m) = send_to_channel(
                        &http,
                        channel,
                        Out {
                            content: Some(body),
                            ..Default::default()
                        },
                    )
                    .await
                    {
                        streams.insert(*id, m.id);
                    }
                }
                Some(mid) => {
                    if let Err(e) = channel.edit_message(&http, mid, EditMessage::new().content(body)).await {
                        tracing::debug!(error = %e, "editing a streamed reply failed (optional)");
                    }
                }
            }
            shown.insert(*id, (text, tokio::time::Instant::now()));
        }
        if closed {
            return;
        }
    }
}

#[serenity::async_trait]
impl EventHandler for State {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.bot_id.set(ready.user.id.get());
        let cmds = super::slash_commands(Engine::commands());
        let r = match self.guild_id {
            Some(g) => GuildId::new(g).set_commands(&ctx.http, cmds).await.map(|_| ()),
            None => Command::set_global_commands(&ctx.http, cmds).await.map(|_| ()),
        };
        match r {
            Ok(()) => {
                tracing::info!(bot = %ready.user.name, guild = ?self.guild_id, "serving Discord; slash commands registered")
            }
            Err(e) => tracing::warn!(error = %e, "registering slash commands failed; existing ones stay"),
        }
        if !self.message_content {
            tracing::warn!("running without the message-content intent: answers in threads go through /answer");
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(c) => self.slash(&ctx, c).await,
            Interaction::Component(c) => self.click(&ctx, c).await,
            Interaction::Modal(mi) if mi.data.custom_id == ANSWER_MODAL => self.modal(&ctx, mi).await,
            _ => {}
        }
    }

    async fn message(&self, ctx: Context, msg: Message) {
        self.on_message(&ctx, msg).await;
    }
}
