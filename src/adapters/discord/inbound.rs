//! Discord → engine events: slash commands, button clicks, the `/answer` modal and messages
//! (in DMs and the bot's own interview threads) become [`Inbound`] events; interactions are
//! answered within Discord's 3-second window (directly when the engine is quick, deferred
//! otherwise); `/mock` and `/practice` in a server channel move the interview or drill into a
//! thread.

use super::commands::args_line;
use super::outbound::{self, Ix, Out};
use crate::engine::Engine;
use crate::engine::event::{Inbound, Payload, Place, PlaceKind, Platform, Sender};
use crate::engine::messages as m;
use dashmap::DashMap;
use serenity::all::{
    ActionRowComponent, ChannelId, ChannelType, Command, CommandInteraction, ComponentInteraction, Context,
    CreateActionRow, CreateInputText, CreateInteractionResponse, CreateModal, EventHandler, GuildId, InputTextStyle,
    Interaction, Message, ModalInteraction, Ready, User,
};
use serenity::builder::Builder;
use serenity::http::Http;
use std::time::Duration;

/// Answer an interaction directly if the engine is this quick; defer otherwise (Discord's
/// window is 3 s).
const ANSWER_WITHIN: Duration = Duration::from_millis(2000);
/// Largest attachment handed to the engine.
const MAX_DOWNLOAD: u32 = 20 * 1024 * 1024;
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

impl State {
    /// A push that continues in a private thread (`Push::in_private_thread`: a booked
    /// interview due in a server channel): open one with the user under the push's channel and
    /// hand the payload to the engine from there; where no thread can be opened, from the
    /// channel itself (the engine then asks before starting, as in any shared place).
    pub(super) async fn continue_in_thread(
        &self,
        http: &Http,
        user: &crate::engine::event::UserId,
        at: &Place,
        payload: Payload,
    ) {
        let (Some(uid), Ok(parent)) = (
            user.as_str().strip_prefix("dc:").and_then(|s| s.parse::<u64>().ok()),
            at.chat.parse::<u64>(),
        ) else {
            return;
        };
        if uid == 0 || parent == 0 {
            return;
        }
        let parent = ChannelId::new(parent);
        let opened = outbound::open_thread(
            http,
            parent,
            serenity::model::id::UserId::new(uid),
            m::DISCORD_BOOKED_THREAD_CANDIDATE,
            &self.own_threads,
        )
        .await;
        let (channel, kind) = match opened {
            Some((thread, true)) => (thread, PlaceKind::PrivateThread),
            Some((thread, false)) => (thread, PlaceKind::Thread),
            None => (parent, PlaceKind::Group),
        };
        let ev = Inbound {
            sender: Sender {
                id: uid.to_string(),
                display_name: String::new(),
            },
            place: place(kind, channel),
            payload,
            at: chrono::Utc::now(),
        };
        let replies = self.engine.handle(ev).await;
        outbound::send_replies(http, channel, replies, &Default::default()).await;
    }
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

impl Ix<'_> {
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
        let mut all: Vec<Out> = replies.iter().flat_map(outbound::outs).collect();
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
        let spec = crate::engine::command_table::find(name);
        let private = spec.is_some_and(|s| s.private);
        let args = args_line(spec, &cmd.data.options);
        let kind = cmd.channel.as_ref().map(|c| c.kind);
        let own = self.own_threads.contains_key(&cmd.channel_id.get());
        let mut where_ = place_kind(kind, cmd.guild_id, own);
        let mut channel = cmd.channel_id;
        // /answer without text: a modal (works without the message-content intent).
        if name == "answer" && args.trim().is_empty() {
            let modal = CreateModal::new(ANSWER_MODAL, m::DISCORD_ANSWER_MODAL_TITLE).components(vec![
                CreateActionRow::InputText(
                    CreateInputText::new(InputTextStyle::Paragraph, m::DISCORD_ANSWER_FIELD_LABEL, "answer")
                        .max_length(4000),
                ),
            ]);
            if let Err(e) = CreateInteractionResponse::Modal(modal)
                .execute(http, (cmd.id, &cmd.token))
                .await
            {
                tracing::warn!(error = %e, "could not open the answer modal");
            }
            return;
        }
        // /mock (or a /practice drill) in a server channel: it runs in a private thread with the
        // candidate.
        if matches!(name, "mock" | "practice") && where_ == PlaceKind::Group {
            if !ix.defer(http, true).await {
                return;
            }
            let (thread, private_thread) = match outbound::open_thread(
                http,
                cmd.channel_id,
                cmd.user.id,
                &sender_of(&cmd.user).display_name,
                &self.own_threads,
            )
            .await
            {
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
                    name: name.to_string(),
                    args,
                },
                at: chrono::Utc::now(),
            };
            let replies = self.engine.handle(ev).await;
            outbound::send_replies(http, channel, replies, &Default::default()).await;
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
                outbound::download_failed(http, msg.channel_id).await;
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
                            caption: Some(msg.content.clone()).filter(|c| !c.trim().is_empty()),
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "attachment download failed");
                    outbound::download_failed(http, msg.channel_id).await;
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
        let streamer = tokio::spawn(outbound::stream_edits(ctx.http.clone(), msg.channel_id, rx));
        let replies = self.engine.handle_streaming(ev, Some(tx)).await;
        typing.abort();
        let streams = streamer.await.unwrap_or_default();
        outbound::send_replies(http, msg.channel_id, replies, &streams).await;
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
