//! A fake Discord (REST + Gateway) on 127.0.0.1 for integration tests of the serenity 0.12 bot.
//!
//! REST is served by axum on one ephemeral port, the gateway by axum's WebSocket support on
//! another. Point serenity at it with
//! `HttpBuilder::new(TOKEN).proxy(fake.url()).ratelimiter_disabled(true).build()` and
//! `ClientBuilder::new_with_http(http, intents)`: REST then goes to `{url}/api/v10/...` and the
//! gateway URL comes from `GET /gateway` (serenity connects to `{url}?v=10`).
//!
//! Inject events with `slash_command` / `click` / `modal_submit` / `user_message` /
//! `bot_message_seen`, inspect what the bot did with `calls()`, `messages_in()`,
//! `interaction_responses()`, `threads()`, and check `errors()`: every rule Discord would enforce
//! (one callback per interaction within 3 s, 2000-character content, component limits, command
//! name rules, unknown routes, ...) is answered like Discord does *and* recorded there.
//!
//! Like Discord, guild `MESSAGE_CREATE` events lose their content (content, embeds, attachments,
//! components) when the client identified without MESSAGE_CONTENT, unless the bot is mentioned;
//! events whose intent (GUILD_MESSAGES, DIRECT_MESSAGES, GUILDS) was not requested are not
//! delivered at all (a note about it is kept for the `wait_for` dump).

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::{Extensions, HeaderMap, Method, StatusCode, Uri, Version, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub const TOKEN: &str = "fake-discord-token";
pub const APP_ID: u64 = 900000000000000001;
pub const BOT_ID: u64 = 900000000000000001; // same as app id
pub const GUILD_ID: u64 = 800000000000000001;
/// The guild's text channel, announced in GUILD_CREATE (so it is in serenity's cache).
pub const TEXT_CHANNEL_ID: u64 = 700000000000000001;
pub const BOT_NAME: &str = "coach-bot";

/// Gateway intents (bits) the fake looks at.
pub const INTENT_GUILDS: u64 = 1 << 0;
pub const INTENT_GUILD_MESSAGES: u64 = 1 << 9;
pub const INTENT_DIRECT_MESSAGES: u64 = 1 << 12;
pub const INTENT_MESSAGE_CONTENT: u64 = 1 << 15;

const HEARTBEAT_INTERVAL_MS: u64 = 45_000;
const CALLBACK_WINDOW: Duration = Duration::from_secs(3);
const TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);
const CONTENT_LIMIT: usize = 2000;
const CUSTOM_ID_LIMIT: usize = 100;
const BUTTON_LABEL_LIMIT: usize = 80;
const MAX_ROWS: usize = 5;
const MAX_ROW_ITEMS: usize = 5;
const MAX_FILES: usize = 10;
const FILE_SIZE_LIMIT: usize = 10 << 20;
const BODY_LIMIT: usize = 64 << 20;
const MAX_WS_FRAME: usize = 16 << 20;
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
/// What the @everyone role of the fake guild may do (view, send, embed, attach, history,
/// reactions, external emoji, slash commands, public/private threads, send in threads).
const EVERYONE_PERMISSIONS: u64 = (1 << 0)
    | (1 << 6)
    | (1 << 10)
    | (1 << 11)
    | (1 << 14)
    | (1 << 15)
    | (1 << 16)
    | (1 << 18)
    | (1 << 26)
    | (1 << 31)
    | (1 << 35)
    | (1 << 36)
    | (1 << 38);

/// One REST request the bot made. `path` is without the `/api/v10` prefix and without the query.
/// For multipart requests `body` is the parsed `payload_json` plus
/// `"_files": [{"field", "filename", "len"}]`.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub body: Value,
    pub at: Instant,
}

pub struct FakeDiscord {
    rest_addr: SocketAddr,
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
        // Closing the channel of the live connection ends its writer.
        self.shared.lock().conn = None;
    }
}

struct Shared {
    state: Mutex<St>,
    message_content_allowed: bool,
    gateway_url: String,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, St> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

enum Out {
    Text(String),
    Close(u16, String),
}

struct Conn {
    id: u64,
    tx: mpsc::UnboundedSender<Out>,
    seq: u64,
    intents: u64,
}

struct Pending {
    t: String,
    d: Value,
    /// Any of these intents is needed for the event to be delivered (0: always delivered).
    need: u64,
    /// Blank content/embeds/attachments/components without MESSAGE_CONTENT.
    strip: bool,
}

struct Interaction {
    kind: u8,
    channel_id: u64,
    created: Instant,
    /// Type of the accepted callback.
    ack: Option<u64>,
    /// Message that `@original` designates (response message, deferred placeholder, or the
    /// message a component is on).
    original: Option<u64>,
    original_created: bool,
    deferred_flags: u64,
    /// The message a clicked component is on.
    message_id: Option<u64>,
}

struct StoredMessage {
    channel_id: u64,
    json: Value,
    deleted: bool,
}

struct LogEntry {
    channel_id: u64,
    message_id: u64,
    body: Value,
    edit: bool,
    files: Vec<FilePart>,
}

#[derive(Clone)]
struct FilePart {
    field: String,
    filename: String,
    data: Vec<u8>,
}

#[derive(Default)]
struct St {
    calls: Vec<Call>,
    errors: Vec<String>,
    notes: Vec<String>,
    identifies: Vec<Value>,
    gateway_connects: Vec<String>,
    ready_count: usize,
    resume_count: usize,
    next_conn: u64,
    conn: Option<Conn>,
    session_intents: u64,
    pending: Vec<Pending>,
    last_id: u64,
    interactions: HashMap<u64, Interaction>,
    messages: HashMap<u64, StoredMessage>,
    log: Vec<LogEntry>,
    global_commands: Vec<Value>,
    guild_commands: HashMap<u64, Vec<Value>>,
    command_ids: HashMap<String, u64>,
    channels: HashMap<u64, Value>,
    dm_channels: HashMap<u64, u64>,
    threads: Vec<Value>,
    thread_members: Vec<(u64, u64)>,
    private_threads_blocked: bool,
    modals: Vec<Value>,
    unescaped_mass_mentions: usize,
}

enum Reply {
    Json(u16, Value),
    Empty(u16),
}

struct Problem {
    path: String,
    code: &'static str,
    message: String,
}

fn problem(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Problem {
    Problem {
        path: path.into(),
        code,
        message: message.into(),
    }
}

impl FakeDiscord {
    pub async fn start() -> FakeDiscord {
        Self::start_with(true).await
    }

    /// The bot is not allowed the privileged MESSAGE_CONTENT intent: an IDENTIFY asking for it is
    /// answered by closing the socket with code 4014 (serenity surfaces
    /// `Error::Gateway(GatewayError::DisallowedGatewayIntents)` from `Client::start`).
    pub async fn start_without_message_content() -> FakeDiscord {
        Self::start_with(false).await
    }

    async fn start_with(message_content_allowed: bool) -> FakeDiscord {
        let rest = TcpListener::bind("127.0.0.1:0").await.expect("bind REST");
        let gateway = TcpListener::bind("127.0.0.1:0").await.expect("bind gateway");
        let rest_addr = rest.local_addr().unwrap();
        let gateway_addr = gateway.local_addr().unwrap();
        let mut st = St::default();
        st.channels
            .insert(TEXT_CHANNEL_ID, text_channel_json(TEXT_CHANNEL_ID, GUILD_ID));
        let shared = Arc::new(Shared {
            state: Mutex::new(st),
            message_content_allowed,
            gateway_url: format!("ws://{gateway_addr}"),
        });
        let app = Router::new()
            .fallback(rest_handler)
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
            .with_state(shared.clone());
        let rest_task = tokio::spawn(async move {
            axum::serve(rest, app).await.expect("fake Discord REST server");
        });
        let gateway_app = Router::new().fallback(gateway_handler).with_state(shared.clone());
        let gateway_task = tokio::spawn(async move {
            axum::serve(gateway, gateway_app)
                .await
                .expect("fake Discord gateway server");
        });
        FakeDiscord {
            rest_addr,
            shared,
            tasks: vec![rest_task, gateway_task],
        }
    }

    /// The proxy base for `HttpBuilder::proxy`: `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.rest_addr)
    }

    /// What `GET /gateway` answers: `ws://127.0.0.1:PORT` (another port than `url()`).
    pub fn gateway_url(&self) -> String {
        self.shared.gateway_url.clone()
    }

    /// Every REST request, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.shared.lock().calls.clone()
    }

    /// The IDENTIFY payloads (`d`) received, including refused ones.
    pub fn identifies(&self) -> Vec<Value> {
        self.shared.lock().identifies.clone()
    }

    /// Request targets of the gateway connections (e.g. `/?v=10`).
    pub fn gateway_connects(&self) -> Vec<String> {
        self.shared.lock().gateway_connects.clone()
    }

    /// How many times a client identified and got READY.
    pub fn ready_count(&self) -> usize {
        self.shared.lock().ready_count
    }

    /// How many times a client resumed a session.
    pub fn resume_count(&self) -> usize {
        self.shared.lock().resume_count
    }

    pub async fn wait_ready(&self, timeout: Duration) {
        self.wait_for(timeout, |f| f.ready_count() > 0).await;
    }

    /// INTERACTION_CREATE type 2 (chat input command). Option types follow the JSON value:
    /// string 3, integer 4, boolean 5, other numbers 10; an object value with a `type` is passed
    /// through as the whole option (for subcommands). Returns the interaction id.
    pub fn slash_command(
        &self,
        channel_id: u64,
        guild_id: Option<u64>,
        user_id: u64,
        name: &str,
        options: Vec<(&str, Value)>,
    ) -> u64 {
        let mut st = self.shared.lock();
        let id = st.snowflake();
        let command_id = match st.command_ids.get(name) {
            Some(id) => *id,
            None => {
                st.notes.push(format!("slash_command: /{name} was never registered"));
                st.snowflake()
            }
        };
        let options: Vec<Value> = options.into_iter().map(|(n, v)| command_option(n, v)).collect();
        let mut data = json!({"id": sid(command_id), "name": name, "type": 1, "options": options});
        if let Some(g) = guild_id {
            data["guild_id"] = sid(g);
        }
        let d = st.interaction_json(id, 2, channel_id, guild_id, user_id, data);
        st.register_interaction(id, 2, channel_id, None);
        st.dispatch("INTERACTION_CREATE", d, 0, false);
        id
    }

    /// INTERACTION_CREATE type 3 (button click) on a message the bot sent (panics if the fake
    /// does not know that message). Returns the interaction id.
    pub fn click(&self, channel_id: u64, guild_id: Option<u64>, user_id: u64, message_id: u64, custom_id: &str) -> u64 {
        let mut st = self.shared.lock();
        let Some(message) = st.messages.get(&message_id).map(|m| m.json.clone()) else {
            let known: Vec<u64> = st.messages.keys().copied().collect();
            drop(st);
            panic!("click: the bot never sent message {message_id} (known: {known:?})");
        };
        if !component_custom_ids(&message["components"])
            .iter()
            .any(|c| c == custom_id)
        {
            st.notes.push(format!(
                "click: message {message_id} has no component {custom_id:?} (stale click?)"
            ));
        }
        let id = st.snowflake();
        let data = json!({"custom_id": custom_id, "component_type": 2});
        let mut d = st.interaction_json(id, 3, channel_id, guild_id, user_id, data);
        d["message"] = message;
        st.register_interaction(id, 3, channel_id, Some(message_id));
        st.dispatch("INTERACTION_CREATE", d, 0, false);
        id
    }

    /// INTERACTION_CREATE type 5 (modal submitted): one action row per field, each with a text
    /// input `{type 4, custom_id, value}`. Returns the interaction id.
    pub fn modal_submit(
        &self,
        channel_id: u64,
        guild_id: Option<u64>,
        user_id: u64,
        custom_id: &str,
        fields: Vec<(&str, &str)>,
    ) -> u64 {
        let mut st = self.shared.lock();
        if !st.modals.iter().any(|m| m["custom_id"].as_str() == Some(custom_id)) {
            st.notes
                .push(format!("modal_submit: the bot never showed a modal {custom_id:?}"));
        }
        let id = st.snowflake();
        let rows: Vec<Value> = fields
            .into_iter()
            .map(|(f, v)| json!({"type": 1, "components": [{"type": 4, "custom_id": f, "value": v}]}))
            .collect();
        let data = json!({"custom_id": custom_id, "components": rows});
        let d = st.interaction_json(id, 5, channel_id, guild_id, user_id, data);
        st.register_interaction(id, 5, channel_id, None);
        st.dispatch("INTERACTION_CREATE", d, 0, false);
        id
    }

    /// MESSAGE_CREATE from a (non-bot) user. Returns the message id.
    pub fn user_message(&self, channel_id: u64, guild_id: Option<u64>, user_id: u64, content: &str) -> u64 {
        let mut st = self.shared.lock();
        let id = st.snowflake();
        st.touch_channel(channel_id, guild_id, user_id);
        let mentions_bot = content.contains(&format!("<@{BOT_ID}>")) || content.contains(&format!("<@!{BOT_ID}>"));
        let mut d = json!({
            "id": sid(id),
            "channel_id": sid(channel_id),
            "author": user_json(user_id),
            "content": content,
            "timestamp": now_ts(),
            "edited_timestamp": null,
            "tts": false,
            "mention_everyone": false,
            "mentions": if mentions_bot { vec![bot_user_json()] } else { vec![] },
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": false,
            "type": 0,
            "flags": 0,
        });
        let (need, strip) = match guild_id {
            Some(g) => {
                d["guild_id"] = sid(g);
                d["member"] = json!({"roles": [], "joined_at": now_ts(), "deaf": false, "mute": false, "flags": 0});
                (INTENT_GUILD_MESSAGES, !mentions_bot)
            }
            None => (INTENT_DIRECT_MESSAGES, false),
        };
        st.dispatch("MESSAGE_CREATE", d, need, strip);
        id
    }

    /// MESSAGE_CREATE authored by the bot itself (Discord echoes the bot's own messages). The
    /// channel is a DM if the fake knows it as one, a channel of GUILD_ID otherwise.
    pub fn bot_message_seen(&self, channel_id: u64, content: &str) -> u64 {
        let mut st = self.shared.lock();
        let id = st.snowflake();
        let is_dm = st.channels.get(&channel_id).is_some_and(|c| c["type"] == 1);
        let mut d = json!({
            "id": sid(id),
            "channel_id": sid(channel_id),
            "author": bot_user_json(),
            "content": content,
            "timestamp": now_ts(),
            "edited_timestamp": null,
            "tts": false,
            "mention_everyone": false,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": false,
            "type": 0,
            "flags": 0,
        });
        let need = if is_dm {
            INTENT_DIRECT_MESSAGES
        } else {
            d["guild_id"] = sid(GUILD_ID);
            d["member"] = json!({"roles": [], "joined_at": now_ts(), "deaf": false, "mute": false, "flags": 0});
            INTENT_GUILD_MESSAGES
        };
        // Apps always get the content of their own messages.
        st.dispatch("MESSAGE_CREATE", d, need, false);
        id
    }

    /// Callbacks, followups and `@original` requests (GET/PATCH/DELETE) of that interaction,
    /// including refused ones.
    pub fn interaction_responses(&self, interaction_id: u64) -> Vec<Call> {
        let token = format!("itok{interaction_id}");
        let id = interaction_id.to_string();
        self.shared
            .lock()
            .calls
            .iter()
            .filter(|c| {
                let segs: Vec<&str> = c.path.trim_start_matches('/').split('/').collect();
                match segs.as_slice() {
                    ["interactions", i, _, "callback"] => *i == id,
                    ["webhooks", _, t, ..] => *t == token,
                    _ => false,
                }
            })
            .cloned()
            .collect()
    }

    /// Messages the bot created in that channel, in order, each the JSON body it sent:
    /// `POST /channels/{id}/messages`, interaction callbacks of type 4, followups, and the first
    /// `@original` edit after a deferred (type 5) callback. Edits are in `edits_in`.
    pub fn messages_in(&self, channel_id: u64) -> Vec<Value> {
        self.messages_with_ids_in(channel_id)
            .into_iter()
            .map(|(_, b)| b)
            .collect()
    }

    /// `messages_in` with the id the fake gave each message (for `click`).
    pub fn messages_with_ids_in(&self, channel_id: u64) -> Vec<(u64, Value)> {
        self.shared
            .lock()
            .log
            .iter()
            .filter(|e| !e.edit && e.channel_id == channel_id)
            .map(|e| (e.message_id, e.body.clone()))
            .collect()
    }

    /// Edits of bot messages in that channel, in order: `(message id, body sent)` for
    /// `PATCH /channels/{id}/messages/{mid}`, type 7 callbacks, and `@original`/followup edits.
    pub fn edits_in(&self, channel_id: u64) -> Vec<(u64, Value)> {
        self.shared
            .lock()
            .log
            .iter()
            .filter(|e| e.edit && e.channel_id == channel_id)
            .map(|e| (e.message_id, e.body.clone()))
            .collect()
    }

    /// The current state of a bot message (Message JSON as the fake returned it, edits applied).
    pub fn message(&self, message_id: u64) -> Option<Value> {
        self.shared.lock().messages.get(&message_id).map(|m| m.json.clone())
    }

    /// Files the bot attached to messages in that channel: `(filename, bytes)`.
    pub fn attachments_in(&self, channel_id: u64) -> Vec<(String, Vec<u8>)> {
        self.shared
            .lock()
            .log
            .iter()
            .filter(|e| e.channel_id == channel_id)
            .flat_map(|e| e.files.iter().map(|f| (f.filename.clone(), f.data.clone())))
            .collect()
    }

    /// The newest bot message in that channel with a button labelled `label`:
    /// `(message id, custom_id)`.
    pub fn button(&self, channel_id: u64, label: &str) -> Option<(u64, String)> {
        let st = self.shared.lock();
        st.log
            .iter()
            .rev()
            .filter(|e| e.channel_id == channel_id)
            .filter_map(|e| st.messages.get(&e.message_id).map(|m| (e.message_id, m)))
            .find_map(|(id, m)| {
                m.json["components"]
                    .as_array()?
                    .iter()
                    .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
                    .find(|c| c["label"].as_str() == Some(label))
                    .and_then(|c| c["custom_id"].as_str().map(|s| (id, s.to_string())))
            })
    }

    /// Modals the bot showed (type 9 callback data), in order.
    pub fn modals(&self) -> Vec<Value> {
        self.shared.lock().modals.clone()
    }

    /// Threads created: the body sent plus `id`, `parent_id` and the effective `type`
    /// (`type_missing: true` when the bot sent none).
    pub fn threads(&self) -> Vec<Value> {
        self.shared.lock().threads.clone()
    }

    /// `(thread id, user id)` pairs added with `PUT /channels/{thread}/thread-members/{user}`.
    pub fn thread_members(&self) -> Vec<(u64, u64)> {
        self.shared.lock().thread_members.clone()
    }

    /// When false, creating a private thread (type 12) is refused with 403 50001 Missing Access.
    pub fn set_private_threads_allowed(&self, allowed: bool) {
        self.shared.lock().private_threads_blocked = !allowed;
    }

    /// The DM channel with that user: the one the bot opened (`POST /users/@me/channels`) or a new
    /// one that the bot will get when it opens it.
    pub fn dm_channel(&self, user_id: u64) -> u64 {
        self.shared.lock().dm_channel(user_id)
    }

    /// Pretend the interaction was created `by` earlier (to test the 3 s / 15 min windows
    /// without sleeping).
    pub fn backdate_interaction(&self, interaction_id: u64, by: Duration) {
        let mut st = self.shared.lock();
        if let Some(ix) = st.interactions.get_mut(&interaction_id) {
            ix.created = ix.created.checked_sub(by).expect("backdate too far");
        }
    }

    /// Close the live gateway connection with this code (serenity then resumes or re-identifies).
    pub fn close_gateway(&self, code: u16) {
        let mut st = self.shared.lock();
        if let Some(conn) = st.conn.take() {
            let _ = conn.tx.send(Out::Close(code, "closed by the fake".into()));
        }
    }

    /// Number of created messages whose content has an unescaped `@everyone`/`@here` while
    /// `allowed_mentions` is absent or allows `everyone`.
    pub fn unescaped_mass_mentions(&self) -> usize {
        self.shared.lock().unescaped_mass_mentions
    }

    /// Protocol violations and refused requests (each also answered like Discord would).
    pub fn errors(&self) -> Vec<String> {
        self.shared.lock().errors.clone()
    }

    /// Informational notes (undelivered events, stale clicks, unknown channels, ...).
    pub fn notes(&self) -> Vec<String> {
        self.shared.lock().notes.clone()
    }

    /// Poll every 20 ms until `pred` holds; on timeout panic with a dump of calls and errors.
    pub async fn wait_for(&self, timeout: Duration, pred: impl Fn(&FakeDiscord) -> bool) {
        let start = Instant::now();
        loop {
            if pred(self) {
                return;
            }
            if start.elapsed() > timeout {
                panic!("fake Discord: condition not met within {timeout:?}\n{}", self.dump());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// A readable dump of everything seen so far.
    pub fn dump(&self) -> String {
        let st = self.shared.lock();
        let mut out = format!(
            "gateway connects: {:?}; identifies: {}; ready: {}; resumes: {}\nREST calls ({}):\n",
            st.gateway_connects,
            st.identifies.len(),
            st.ready_count,
            st.resume_count,
            st.calls.len()
        );
        for c in &st.calls {
            let mut body = c.body.to_string();
            if body.len() > 400 {
                let cut = (0..=400).rev().find(|i| body.is_char_boundary(*i)).unwrap_or(0);
                body.truncate(cut);
                body.push('…');
            }
            out += &format!("  {} {} {}\n", c.method, c.path, body);
        }
        out += &format!("errors ({}):\n", st.errors.len());
        for e in &st.errors {
            out += &format!("  {e}\n");
        }
        out += &format!("notes ({}):\n", st.notes.len());
        for n in &st.notes {
            out += &format!("  {n}\n");
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// State helpers

impl St {
    fn snowflake(&mut self) -> u64 {
        let ms = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
        let candidate = ms.saturating_sub(DISCORD_EPOCH_MS) << 22;
        self.last_id = candidate.max(self.last_id + 1);
        self.last_id
    }

    fn error(&mut self, e: impl Into<String>) {
        self.errors.push(e.into());
    }

    fn dm_channel(&mut self, user_id: u64) -> u64 {
        if let Some(c) = self.dm_channels.get(&user_id) {
            return *c;
        }
        let id = self.snowflake();
        self.dm_channels.insert(user_id, id);
        self.channels.insert(id, dm_channel_json(id, user_id));
        id
    }

    /// Make a channel used in an injected event known (for `GET /channels/{id}`).
    fn touch_channel(&mut self, channel_id: u64, guild_id: Option<u64>, user_id: u64) {
        if self.channels.contains_key(&channel_id) {
            return;
        }
        match guild_id {
            Some(g) => {
                self.channels.insert(channel_id, text_channel_json(channel_id, g));
            }
            None => {
                self.channels.insert(channel_id, dm_channel_json(channel_id, user_id));
                self.dm_channels.entry(user_id).or_insert(channel_id);
            }
        }
    }

    fn register_interaction(&mut self, id: u64, kind: u8, channel_id: u64, message_id: Option<u64>) {
        self.interactions.insert(
            id,
            Interaction {
                kind,
                channel_id,
                created: Instant::now(),
                ack: None,
                original: None,
                original_created: false,
                deferred_flags: 0,
                message_id,
            },
        );
    }

    fn interaction_json(
        &mut self,
        id: u64,
        kind: u8,
        channel_id: u64,
        guild_id: Option<u64>,
        user_id: u64,
        data: Value,
    ) -> Value {
        self.touch_channel(channel_id, guild_id, user_id);
        let channel_type = if guild_id.is_some() {
            self.channels
                .get(&channel_id)
                .and_then(|c| c["type"].as_u64())
                .unwrap_or(0)
        } else {
            1
        };
        let mut d = json!({
            "id": sid(id),
            "application_id": sid(APP_ID),
            "type": kind,
            "data": data,
            "channel_id": sid(channel_id),
            "channel": {"id": sid(channel_id), "type": channel_type},
            "token": format!("itok{id}"),
            "version": 1,
            "app_permissions": "0",
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {},
            "context": if guild_id.is_some() { 0 } else { 1 },
            "attachment_size_limit": FILE_SIZE_LIMIT,
        });
        match guild_id {
            Some(g) => {
                d["guild_id"] = sid(g);
                d["guild_locale"] = json!("en-US");
                d["member"] = json!({
                    "user": user_json(user_id),
                    "roles": [],
                    "joined_at": now_ts(),
                    "deaf": false,
                    "mute": false,
                    "flags": 0,
                    "pending": false,
                    "permissions": EVERYONE_PERMISSIONS.to_string(),
                });
            }
            None => d["user"] = user_json(user_id),
        }
        d
    }

    fn dispatch(&mut self, t: &str, d: Value, need: u64, strip: bool) {
        let p = Pending {
            t: t.to_string(),
            d,
            need,
            strip,
        };
        if self.conn.is_some() {
            self.send_pending(p);
        } else {
            self.pending.push(p);
        }
    }

    fn send_pending(&mut self, p: Pending) {
        let Some(conn) = self.conn.as_mut() else {
            self.pending.push(p);
            return;
        };
        if p.need != 0 && conn.intents & p.need == 0 {
            self.notes.push(format!(
                "{} not delivered: the client did not request intent {:#x} (intents {:#x})",
                p.t, p.need, conn.intents
            ));
            return;
        }
        let mut d = p.d;
        if p.strip && conn.intents & INTENT_MESSAGE_CONTENT == 0 {
            d["content"] = json!("");
            d["embeds"] = json!([]);
            d["attachments"] = json!([]);
            d["components"] = json!([]);
            self.notes.push(format!(
                "{} delivered without content (no MESSAGE_CONTENT intent, bot not mentioned)",
                p.t
            ));
        }
        conn.seq += 1;
        let frame = json!({"op": 0, "t": p.t, "s": conn.seq, "d": d}).to_string();
        if conn.tx.send(Out::Text(frame)).is_err() {
            self.notes
                .push(format!("{} lost: the gateway connection was gone", p.t));
            self.conn = None;
        }
    }

    fn flush_pending(&mut self) {
        for p in std::mem::take(&mut self.pending) {
            self.send_pending(p);
        }
    }

    /// Store a new bot message and log it as created in `channel_id`.
    fn create_message(
        &mut self,
        channel_id: u64,
        body: &Value,
        files: &[FilePart],
        interaction: Option<u64>,
        id: Option<u64>,
    ) -> Value {
        let id = id.unwrap_or_else(|| self.snowflake());
        self.check_mass_mentions(channel_id, body);
        let attachments = self.attachments_json(channel_id, files);
        let mut m = json!({
            "id": sid(id),
            "channel_id": sid(channel_id),
            "author": bot_user_json(),
            "content": body["content"].as_str().unwrap_or(""),
            "timestamp": now_ts(),
            "edited_timestamp": null,
            "tts": body["tts"].as_bool().unwrap_or(false),
            "mention_everyone": false,
            "mentions": [],
            "mention_roles": [],
            "attachments": attachments,
            "embeds": non_null_or(&body["embeds"], json!([])),
            "components": non_null_or(&body["components"], json!([])),
            "pinned": false,
            "type": 0,
            "flags": body["flags"].as_u64().unwrap_or(0),
        });
        if interaction.is_some() {
            m["application_id"] = sid(APP_ID);
            m["webhook_id"] = sid(APP_ID);
        }
        self.messages.insert(
            id,
            StoredMessage {
                channel_id,
                json: m.clone(),
                deleted: false,
            },
        );
        self.log.push(LogEntry {
            channel_id,
            message_id: id,
            body: body.clone(),
            edit: false,
            files: files.to_vec(),
        });
        m
    }

    /// Apply an edit to a stored bot message; None when unknown.
    fn edit_message(&mut self, message_id: u64, body: &Value, files: &[FilePart]) -> Option<Value> {
        let channel_id = self.messages.get(&message_id).filter(|m| !m.deleted)?.channel_id;
        let new_attachments = self.attachments_json(channel_id, files);
        let stored = self.messages.get_mut(&message_id)?;
        let m = &mut stored.json;
        for key in ["content", "embeds", "components", "flags"] {
            if let Some(v) = body.get(key) {
                m[key] = match (key, v) {
                    ("content", Value::Null) => json!(""),
                    (_, Value::Null) => json!([]),
                    _ => v.clone(),
                };
            }
        }
        if body.get("attachments").is_some() || !files.is_empty() {
            let keep: HashSet<String> = body["attachments"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| id_of(&x["id"]).map(|i| i.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            let mut atts: Vec<Value> = m["attachments"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter(|a| body.get("attachments").is_none() || a["id"].as_str().is_some_and(|i| keep.contains(i)))
                .collect();
            atts.extend(new_attachments.as_array().cloned().unwrap_or_default());
            m["attachments"] = Value::Array(atts);
        }
        m["edited_timestamp"] = json!(now_ts());
        let json = m.clone();
        self.log.push(LogEntry {
            channel_id,
            message_id,
            body: body.clone(),
            edit: true,
            files: files.to_vec(),
        });
        Some(json)
    }

    fn attachments_json(&mut self, channel_id: u64, files: &[FilePart]) -> Value {
        let mut out = Vec::new();
        for f in files {
            let id = self.snowflake();
            let url = format!(
                "https://cdn.discordapp.com/attachments/{channel_id}/{id}/{}",
                f.filename
            );
            out.push(json!({
                "id": sid(id),
                "filename": f.filename,
                "size": f.data.len(),
                "url": url,
                "proxy_url": url,
            }));
        }
        Value::Array(out)
    }

    fn check_mass_mentions(&mut self, channel_id: u64, body: &Value) {
        let content = body["content"].as_str().unwrap_or("");
        if !(content.contains("@everyone") || content.contains("@here")) {
            return;
        }
        let allowed = &body["allowed_mentions"];
        let pings = allowed.is_null()
            || allowed["parse"]
                .as_array()
                .is_some_and(|p| p.iter().any(|x| x.as_str() == Some("everyone")));
        if pings {
            self.unescaped_mass_mentions += 1;
            let excerpt: String = content.chars().take(80).collect();
            self.error(format!(
                "message in channel {channel_id} contains an unescaped @everyone/@here and allowed_mentions does not \
                 prevent the ping: {excerpt:?}"
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON shapes

fn sid(id: u64) -> Value {
    Value::String(id.to_string())
}

fn id_of(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

fn non_null_or(v: &Value, default: Value) -> Value {
    if v.is_null() { default } else { v.clone() }
}

fn now_ts() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
}

pub fn bot_user_json() -> Value {
    json!({
        "id": sid(BOT_ID),
        "username": BOT_NAME,
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "verified": true,
        "mfa_enabled": false,
        "flags": 0,
        "public_flags": 0,
    })
}

pub fn user_json(user_id: u64) -> Value {
    json!({
        "id": sid(user_id),
        "username": format!("user{user_id}"),
        "discriminator": "0",
        "global_name": format!("User {user_id}"),
        "avatar": null,
        "bot": false,
        "public_flags": 0,
    })
}

fn text_channel_json(id: u64, guild_id: u64) -> Value {
    json!({
        "id": sid(id),
        "type": 0,
        "guild_id": sid(guild_id),
        "name": if id == TEXT_CHANNEL_ID { "general".to_string() } else { format!("channel-{id}") },
        "position": 0,
        "permission_overwrites": [],
        "nsfw": false,
        "topic": null,
        "last_message_id": null,
        "parent_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
    })
}

fn dm_channel_json(id: u64, user_id: u64) -> Value {
    json!({"id": sid(id), "type": 1, "last_message_id": null, "flags": 0, "recipients": [user_json(user_id)]})
}

fn command_option(name: &str, value: Value) -> Value {
    if let Value::Object(mut o) = value {
        if o.contains_key("type") {
            o.insert("name".into(), json!(name));
            return Value::Object(o);
        }
        return json!({"name": name, "type": 3, "value": Value::Object(o).to_string()});
    }
    let kind = match &value {
        Value::String(_) => 3,
        Value::Number(n) if n.is_i64() || n.is_u64() => 4,
        Value::Bool(_) => 5,
        Value::Number(_) => 10,
        _ => 3,
    };
    json!({"name": name, "type": kind, "value": value})
}

fn guild_create_json() -> Value {
    json!({
        "id": sid(GUILD_ID),
        "name": "Fake Guild",
        "icon": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": "1",
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [{
            "id": sid(GUILD_ID),
            "name": "@everyone",
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
            "hoist": false,
            "managed": false,
            "mentionable": false,
            "permissions": EVERYONE_PERMISSIONS.to_string(),
            "position": 0,
            "icon": null,
            "unicode_emoji": null,
            "flags": 0,
        }],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "joined_at": now_ts(),
        "large": false,
        "unavailable": false,
        "member_count": 2,
        "voice_states": [],
        "members": [{
            "user": bot_user_json(),
            "roles": [],
            "joined_at": now_ts(),
            "deaf": false,
            "mute": false,
            "flags": 0,
        }],
        "channels": [text_channel_json(TEXT_CHANNEL_ID, GUILD_ID)],
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "safety_alerts_channel_id": null,
    })
}

fn component_custom_ids(components: &Value) -> Vec<String> {
    components
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Validation (Discord's limits)

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

fn check_len(v: &Value, path: &str, min: usize, max: usize, problems: &mut Vec<Problem>) {
    if v.is_null() {
        if min > 0 {
            problems.push(problem(path, "BASE_TYPE_REQUIRED", "This field is required"));
        }
        return;
    }
    if !v.is_string() {
        problems.push(problem(path, "BASE_TYPE_STRING", "Must be a string."));
        return;
    }
    let n = chars(v);
    if n < min || n > max {
        problems.push(problem(
            path,
            "BASE_TYPE_BAD_LENGTH",
            format!("Must be between {min} and {max} in length (is {n})."),
        ));
    }
}

/// Message create/edit payload checks. `creating`: an empty message is refused.
fn check_message(body: &Value, files: usize, creating: bool) -> (Vec<Problem>, bool) {
    let mut p = Vec::new();
    let content = &body["content"];
    if !content.is_null() {
        check_len(content, "content", 0, CONTENT_LIMIT, &mut p);
    }
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    check_embeds(&embeds, &mut p);
    let components = body["components"].as_array().cloned().unwrap_or_default();
    check_components(&components, "components", &mut p);
    if files > MAX_FILES {
        p.push(problem(
            "files",
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {MAX_FILES} or fewer in length."),
        ));
    }
    let am = &body["allowed_mentions"];
    if let Some(parse) = am["parse"].as_array() {
        for (kind, list) in [("users", "users"), ("roles", "roles")] {
            if parse.iter().any(|x| x.as_str() == Some(kind)) && am[list].as_array().is_some_and(|l| !l.is_empty()) {
                p.push(problem(
                    format!("allowed_mentions.{list}"),
                    "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                    format!("parse:[\"{kind}\"] and {list}: [ids...] are mutually exclusive."),
                ));
            }
        }
    }
    let empty = creating
        && chars(content) == 0
        && embeds.is_empty()
        && components.is_empty()
        && files == 0
        && body["sticker_ids"].as_array().is_none_or(|s| s.is_empty())
        && body["poll"].is_null();
    (p, empty)
}

fn check_embeds(embeds: &[Value], p: &mut Vec<Problem>) {
    if embeds.len() > 10 {
        p.push(problem(
            "embeds",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 10 or fewer in length.",
        ));
    }
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let at = |f: &str| format!("embeds.{i}.{f}");
        for (field, max) in [("title", 256), ("description", 4096)] {
            if !e[field].is_null() {
                check_len(&e[field], &at(field), 0, max, p);
                total += chars(&e[field]);
            }
        }
        if !e["footer"].is_null() {
            check_len(&e["footer"]["text"], &at("footer.text"), 1, 2048, p);
            total += chars(&e["footer"]["text"]);
        }
        if !e["author"].is_null() {
            check_len(&e["author"]["name"], &at("author.name"), 1, 256, p);
            total += chars(&e["author"]["name"]);
        }
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        if fields.len() > 25 {
            p.push(problem(
                at("fields"),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            ));
        }
        for (j, f) in fields.iter().enumerate() {
            check_len(&f["name"], &at(&format!("fields.{j}.name")), 1, 256, p);
            check_len(&f["value"], &at(&format!("fields.{j}.value")), 1, 1024, p);
            total += chars(&f["name"]) + chars(&f["value"]);
        }
    }
    if total > 6000 {
        p.push(problem(
            "embeds",
            "MAX_EMBED_SIZE_EXCEEDED",
            format!("Embed size exceeds maximum size of 6000 ({total})"),
        ));
    }
}

fn check_components(rows: &[Value], path: &str, p: &mut Vec<Problem>) {
    if rows.len() > MAX_ROWS {
        p.push(problem(
            path,
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {MAX_ROWS} or fewer in length."),
        ));
    }
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let rp = format!("{path}.{i}");
        if row["type"].as_u64() != Some(1) {
            p.push(problem(
                &rp,
                "COMPONENT_LAYOUT_INVALID",
                "Top-level components must be action rows (type 1).",
            ));
            continue;
        }
        let items = row["components"].as_array().cloned().unwrap_or_default();
        if items.is_empty() || items.len() > MAX_ROW_ITEMS {
            p.push(problem(
                format!("{rp}.components"),
                "BASE_TYPE_BAD_LENGTH",
                format!("Must be between 1 and {MAX_ROW_ITEMS} in length."),
            ));
        }
        for (j, c) in items.iter().enumerate() {
            let cp = format!("{rp}.components.{j}");
            let custom_id = &c["custom_id"];
            if let Some(id) = custom_id.as_str()
                && !seen.insert(id.to_string())
            {
                p.push(problem(
                    format!("{cp}.custom_id"),
                    "COMPONENT_CUSTOM_ID_DUPLICATED",
                    format!("Component custom id {id:?} cannot be duplicated"),
                ));
            }
            match c["type"].as_u64() {
                Some(2) => {
                    let style = c["style"].as_u64().unwrap_or(0);
                    match style {
                        1..=4 => check_len(custom_id, &format!("{cp}.custom_id"), 1, CUSTOM_ID_LIMIT, p),
                        5 => {
                            check_len(&c["url"], &format!("{cp}.url"), 1, 512, p);
                            if !custom_id.is_null() {
                                p.push(problem(
                                    format!("{cp}.custom_id"),
                                    "BUTTON_COMPONENT_INVALID",
                                    "Link buttons cannot have a custom_id",
                                ));
                            }
                        }
                        6 => {}
                        _ => p.push(problem(
                            format!("{cp}.style"),
                            "BASE_TYPE_CHOICES",
                            "Invalid button style",
                        )),
                    }
                    if !c["label"].is_null() {
                        check_len(&c["label"], &format!("{cp}.label"), 0, BUTTON_LABEL_LIMIT, p);
                    }
                    if chars(&c["label"]) == 0 && c["emoji"].is_null() && style != 6 {
                        p.push(problem(
                            &cp,
                            "BUTTON_COMPONENT_INVALID",
                            "A button needs a label or an emoji",
                        ));
                    }
                }
                Some(3 | 5..=8) => {
                    if items.len() != 1 {
                        p.push(problem(
                            &cp,
                            "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                            "A select menu must be alone in its action row",
                        ));
                    }
                    check_len(custom_id, &format!("{cp}.custom_id"), 1, CUSTOM_ID_LIMIT, p);
                    if !c["placeholder"].is_null() {
                        check_len(&c["placeholder"], &format!("{cp}.placeholder"), 0, 150, p);
                    }
                    if c["type"].as_u64() == Some(3) {
                        let options = c["options"].as_array().cloned().unwrap_or_default();
                        if options.is_empty() || options.len() > 25 {
                            p.push(problem(
                                format!("{cp}.options"),
                                "BASE_TYPE_BAD_LENGTH",
                                "Must be between 1 and 25 in length.",
                            ));
                        }
                        for (k, o) in options.iter().enumerate() {
                            check_len(&o["label"], &format!("{cp}.options.{k}.label"), 1, 100, p);
                            check_len(&o["value"], &format!("{cp}.options.{k}.value"), 1, 100, p);
                            if !o["description"].is_null() {
                                check_len(&o["description"], &format!("{cp}.options.{k}.description"), 0, 100, p);
                            }
                        }
                    }
                }
                Some(4) => p.push(problem(
                    &cp,
                    "COMPONENT_TYPE_INVALID",
                    "Text inputs are only allowed in modals",
                )),
                other => p.push(problem(
                    format!("{cp}.type"),
                    "COMPONENT_TYPE_INVALID",
                    format!("Invalid component type {other:?}"),
                )),
            }
        }
    }
}

fn check_modal(data: &Value, p: &mut Vec<Problem>) {
    check_len(&data["custom_id"], "data.custom_id", 1, CUSTOM_ID_LIMIT, p);
    check_len(&data["title"], "data.title", 1, 45, p);
    let rows = data["components"].as_array().cloned().unwrap_or_default();
    if rows.is_empty() || rows.len() > 5 {
        p.push(problem(
            "data.components",
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 5 in length.",
        ));
    }
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let rp = format!("data.components.{i}");
        let items = row["components"].as_array().cloned().unwrap_or_default();
        if row["type"].as_u64() != Some(1) || items.len() != 1 {
            p.push(problem(
                &rp,
                "COMPONENT_LAYOUT_INVALID",
                "Each modal row must hold exactly one text input",
            ));
            continue;
        }
        let c = &items[0];
        let cp = format!("{rp}.components.0");
        if c["type"].as_u64() != Some(4) {
            p.push(problem(
                format!("{cp}.type"),
                "COMPONENT_TYPE_INVALID",
                "Modals take text inputs (type 4)",
            ));
        }
        check_len(&c["custom_id"], &format!("{cp}.custom_id"), 1, CUSTOM_ID_LIMIT, p);
        if let Some(id) = c["custom_id"].as_str()
            && !seen.insert(id.to_string())
        {
            p.push(problem(
                format!("{cp}.custom_id"),
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                format!("Component custom id {id:?} cannot be duplicated"),
            ));
        }
        check_len(&c["label"], &format!("{cp}.label"), 1, 45, p);
        if !matches!(c["style"].as_u64(), Some(1 | 2)) {
            p.push(problem(
                format!("{cp}.style"),
                "BASE_TYPE_CHOICES",
                "Text input style must be 1 or 2",
            ));
        }
        for f in ["min_length", "max_length"] {
            if c[f].as_u64().is_some_and(|n| n > 4000) {
                p.push(problem(format!("{cp}.{f}"), "NUMBER_TYPE_MAX", "Must be 4000 or less."));
            }
        }
        if !c["value"].is_null() {
            check_len(&c["value"], &format!("{cp}.value"), 0, 4000, p);
        }
        if !c["placeholder"].is_null() {
            check_len(&c["placeholder"], &format!("{cp}.placeholder"), 0, 100, p);
        }
    }
}

fn check_command_name(v: &Value, path: &str, chat_input: bool, p: &mut Vec<Problem>) {
    check_len(v, path, 1, 32, p);
    let name = v.as_str().unwrap_or("");
    if chat_input
        && !name
            .chars()
            .all(|c| (c.is_alphanumeric() || c == '-' || c == '_') && c.to_lowercase().eq(std::iter::once(c)))
    {
        p.push(problem(
            path,
            "APPLICATION_COMMAND_INVALID_NAME",
            format!("Command name {name:?} is invalid (lowercase letters, digits, - and _ only)"),
        ));
    }
}

fn check_command(cmd: &Value, path: &str, p: &mut Vec<Problem>) {
    let kind = cmd["type"].as_u64().unwrap_or(1);
    let chat_input = kind == 1;
    check_command_name(&cmd["name"], &format!("{path}name"), chat_input, p);
    let desc = &cmd["description"];
    if chat_input {
        check_len(desc, &format!("{path}description"), 1, 100, p);
    } else if chars(desc) > 0 {
        p.push(problem(
            format!("{path}description"),
            "APPLICATION_COMMAND_INVALID_DESCRIPTION",
            "Context menu commands cannot have a description",
        ));
    }
    if !chat_input && cmd["options"].as_array().is_some_and(|o| !o.is_empty()) {
        p.push(problem(
            format!("{path}options"),
            "APPLICATION_COMMAND_OPTIONS_INVALID",
            "Context menu commands cannot have options",
        ));
    }
    check_options(&cmd["options"], &format!("{path}options"), p);
}

fn check_options(options: &Value, path: &str, p: &mut Vec<Problem>) {
    let options = options.as_array().cloned().unwrap_or_default();
    if options.len() > 25 {
        p.push(problem(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."));
    }
    let mut names = HashSet::new();
    let mut optional_seen = false;
    for (i, o) in options.iter().enumerate() {
        let op = format!("{path}.{i}");
        let kind = o["type"].as_u64().unwrap_or(0);
        if !(1..=11).contains(&kind) {
            p.push(problem(
                format!("{op}.type"),
                "BASE_TYPE_CHOICES",
                format!("Invalid option type {kind}"),
            ));
        }
        check_command_name(&o["name"], &format!("{op}.name"), true, p);
        if let Some(n) = o["name"].as_str()
            && !names.insert(n.to_string())
        {
            p.push(problem(
                format!("{op}.name"),
                "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                format!("Option name {n:?} is already used"),
            ));
        }
        check_len(&o["description"], &format!("{op}.description"), 1, 100, p);
        if kind == 1 || kind == 2 {
            check_options(&o["options"], &format!("{op}.options"), p);
            continue;
        }
        let required = o["required"].as_bool().unwrap_or(false);
        if required && optional_seen {
            p.push(problem(
                format!("{op}.required"),
                "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                "Required options must be placed before non-required options",
            ));
        }
        optional_seen |= !required;
        let choices = o["choices"].as_array().cloned().unwrap_or_default();
        if choices.len() > 25 {
            p.push(problem(
                format!("{op}.choices"),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            ));
        }
        for (j, c) in choices.iter().enumerate() {
            check_len(&c["name"], &format!("{op}.choices.{j}.name"), 1, 100, p);
            if c["value"].is_string() {
                check_len(&c["value"], &format!("{op}.choices.{j}.value"), 1, 100, p);
            }
        }
    }
}

fn form_error(problems: &[Problem]) -> Value {
    let mut errors = Map::new();
    for pr in problems {
        let mut node = &mut errors;
        for seg in pr.path.split('.').filter(|s| !s.is_empty()) {
            let entry = node.entry(seg.to_string()).or_insert_with(|| json!({}));
            node = entry.as_object_mut().expect("error tree node");
        }
        let list = node.entry("_errors").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(json!({"code": pr.code, "message": pr.message}));
        }
    }
    json!({"code": 50035, "message": "Invalid Form Body", "errors": errors})
}

fn describe(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {} ({})", p.path, p.message, p.code))
        .collect::<Vec<_>>()
        .join("; ")
}

fn discord_error(status: u16, code: u64, message: &str) -> Reply {
    Reply::Json(status, json!({"code": code, "message": message}))
}

// ---------------------------------------------------------------------------------------------
// REST

async fn rest_handler(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let (method, uri, headers, extensions) = (
        parts.method.clone(),
        parts.uri.clone(),
        parts.headers.clone(),
        parts.extensions.clone(),
    );
    let raw = match Bytes::from_request(Request::from_parts(parts, body), &()).await {
        Ok(raw) => raw,
        Err(rejection) => return rejection.into_response(),
    };
    let parsed = parse_body(&headers, extensions, &raw).await;
    let reply = handle_rest(&shared, method.as_str(), uri.path(), &headers, &raw, parsed);
    match reply {
        Reply::Json(status, v) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            [(header::CONTENT_TYPE, "application/json")],
            v.to_string(),
        )
            .into_response(),
        Reply::Empty(status) => StatusCode::from_u16(status)
            .unwrap_or(StatusCode::NO_CONTENT)
            .into_response(),
    }
}

/// The JSON body, or for multipart requests the `payload_json` part (plus any other plain
/// fields as strings) and the file parts. `extensions` are the request's (they carry the
/// router's body limit, which the multipart extractor applies again).
async fn parse_body(
    headers: &HeaderMap,
    extensions: Extensions,
    body: &Bytes,
) -> Result<(Value, Vec<FilePart>), String> {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ctype.starts_with("multipart/form-data") {
        let mut request = Request::new(Body::from(body.clone()));
        *request.headers_mut() = headers.clone();
        *request.extensions_mut() = extensions;
        let mut multipart = Multipart::from_request(request, &())
            .await
            .map_err(|e| format!("multipart: {}", e.body_text()))?;
        let mut json = Value::Object(Map::new());
        let mut fields = Map::new();
        let mut files = Vec::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|e| format!("multipart: {}", e.body_text()))?
        {
            let name = field.name().unwrap_or("").to_string();
            let filename = field.file_name().map(str::to_string);
            let data = field
                .bytes()
                .await
                .map_err(|e| format!("multipart: {}", e.body_text()))?;
            match filename {
                Some(filename) => files.push(FilePart {
                    field: name,
                    filename,
                    data: data.to_vec(),
                }),
                None if name == "payload_json" => {
                    json = serde_json::from_slice(&data).map_err(|e| format!("payload_json is not JSON: {e}"))?;
                }
                None => {
                    fields.insert(name, json!(String::from_utf8_lossy(&data)));
                }
            }
        }
        if let Value::Object(o) = &mut json {
            o.extend(fields);
        }
        Ok((json, files))
    } else if body.is_empty() {
        Ok((Value::Null, Vec::new()))
    } else {
        serde_json::from_slice(body)
            .map(|v| (v, Vec::new()))
            .map_err(|e| format!("body is not JSON: {e}"))
    }
}

fn handle_rest(
    shared: &Shared,
    method: &str,
    full_path: &str,
    headers: &HeaderMap,
    raw: &[u8],
    parsed: Result<(Value, Vec<FilePart>), String>,
) -> Reply {
    let mut st = shared.lock();
    let path = full_path.strip_prefix("/api/v10").unwrap_or(full_path).to_string();
    let (body, files) = match &parsed {
        Ok((b, f)) => (b.clone(), f.clone()),
        Err(_) => (Value::String(String::from_utf8_lossy(raw).to_string()), Vec::new()),
    };
    let mut recorded = body.clone();
    if !files.is_empty()
        && let Value::Object(o) = &mut recorded
    {
        let list: Vec<Value> = files
            .iter()
            .map(|f| json!({"field": f.field, "filename": f.filename, "len": f.data.len()}))
            .collect();
        o.insert("_files".into(), Value::Array(list));
    }
    st.calls.push(Call {
        method: method.to_string(),
        path: path.clone(),
        body: recorded,
        at: Instant::now(),
    });
    if !full_path.starts_with("/api/v10/") {
        st.error(format!("{method} {full_path}: not under /api/v10"));
        return discord_error(404, 0, "404: Not Found");
    }
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if auth != format!("Bot {TOKEN}") {
        st.error(format!("{method} {path}: bad Authorization header {auth:?}"));
        return discord_error(401, 0, "401: Unauthorized");
    }
    if let Err(e) = parsed {
        st.error(format!("{method} {path}: {e}"));
        return discord_error(400, 50109, "The request body contains invalid JSON.");
    }
    if let Some(f) = files.iter().find(|f| f.data.len() > FILE_SIZE_LIMIT) {
        st.error(format!(
            "{method} {path}: file {} is {} bytes (limit {FILE_SIZE_LIMIT})",
            f.filename,
            f.data.len()
        ));
        return discord_error(413, 40005, "Request entity too large");
    }
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let gateway_url = shared.gateway_url.clone();
    match (method, segs.as_slice()) {
        ("GET", ["gateway"]) => Reply::Json(200, json!({"url": gateway_url})),
        ("GET", ["gateway", "bot"]) => Reply::Json(
            200,
            json!({
                "url": gateway_url,
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
            }),
        ),
        ("GET", ["users", "@me"]) => Reply::Json(200, bot_user_json()),
        ("GET", ["oauth2", "applications", "@me"]) => Reply::Json(
            200,
            json!({
                "id": sid(APP_ID),
                "name": BOT_NAME,
                "icon": null,
                "description": "",
                "bot_public": true,
                "bot_require_code_grant": false,
                "owner": user_json(1),
                "verify_key": "00",
                "team": null,
                "flags": 0,
                "bot": bot_user_json(),
            }),
        ),
        (m, ["applications", app, "commands"]) => st.commands(m, &path, app, None, &body),
        (m, ["applications", app, "guilds", g, "commands"]) => {
            let guild = g.parse().unwrap_or(0);
            st.commands(m, &path, app, Some(guild), &body)
        }
        ("POST", ["interactions", id, token, "callback"]) => st.callback(id, token, &body, &files),
        ("POST", ["webhooks", app, token]) => st.followup(app, token, &body, &files),
        (m, ["webhooks", app, token, "messages", mid]) => st.webhook_message(m, app, token, mid, &body, &files),
        ("POST", ["channels", c, "messages"]) => {
            let channel = c.parse().unwrap_or(0);
            let (problems, empty) = check_message(&body, files.len(), true);
            if !problems.is_empty() {
                st.error(format!("POST {path}: {}", describe(&problems)));
                return Reply::Json(400, form_error(&problems));
            }
            if empty {
                st.error(format!("POST {path}: empty message"));
                return discord_error(400, 50006, "Cannot send an empty message");
            }
            if !st.channels.contains_key(&channel) {
                st.notes
                    .push(format!("POST {path}: channel {channel} was never seen (accepted)"));
            }
            Reply::Json(200, st.create_message(channel, &body, &files, None, None))
        }
        ("PATCH", ["channels", _, "messages", m]) => {
            let (problems, _) = check_message(&body, files.len(), false);
            if !problems.is_empty() {
                st.error(format!("PATCH {path}: {}", describe(&problems)));
                return Reply::Json(400, form_error(&problems));
            }
            match st.edit_message(m.parse().unwrap_or(0), &body, &files) {
                Some(json) => Reply::Json(200, json),
                None => {
                    st.error(format!("PATCH {path}: unknown message"));
                    discord_error(404, 10008, "Unknown Message")
                }
            }
        }
        ("GET", ["channels", _, "messages", m]) => match st.messages.get(&m.parse().unwrap_or(0)) {
            Some(msg) if !msg.deleted => Reply::Json(200, msg.json.clone()),
            _ => discord_error(404, 10008, "Unknown Message"),
        },
        ("DELETE", ["channels", _, "messages", m]) => match st.messages.get_mut(&m.parse().unwrap_or(0)) {
            Some(msg) if !msg.deleted => {
                msg.deleted = true;
                Reply::Empty(204)
            }
            _ => discord_error(404, 10008, "Unknown Message"),
        },
        ("POST", ["channels", _, "typing"]) => Reply::Empty(204),
        ("PUT" | "DELETE", ["channels", _, "messages", _, "reactions", _, "@me"]) => Reply::Empty(204),
        ("POST", ["channels", c, "threads"]) => st.create_thread(&path, c.parse().unwrap_or(0), None, &body),
        ("POST", ["channels", c, "messages", m, "threads"]) => {
            st.create_thread(&path, c.parse().unwrap_or(0), m.parse().ok(), &body)
        }
        ("PUT", ["channels", t, "thread-members", u]) => {
            let thread = t.parse().unwrap_or(0);
            let user = if *u == "@me" { BOT_ID } else { u.parse().unwrap_or(0) };
            if !st
                .channels
                .get(&thread)
                .is_some_and(|c| matches!(c["type"].as_u64(), Some(10..=12)))
            {
                st.error(format!("PUT {path}: {thread} is not a thread"));
                return discord_error(404, 10003, "Unknown Channel");
            }
            st.thread_members.push((thread, user));
            Reply::Empty(204)
        }
        ("POST", ["users", "@me", "channels"]) => match id_of(&body["recipient_id"]) {
            Some(user) => {
                let id = st.dm_channel(user);
                Reply::Json(200, st.channels[&id].clone())
            }
            None => {
                let problems = [problem("recipient_id", "BASE_TYPE_REQUIRED", "This field is required")];
                st.error(format!("POST {path}: {}", describe(&problems)));
                Reply::Json(400, form_error(&problems))
            }
        },
        ("GET", ["channels", c]) => match st.channels.get(&c.parse().unwrap_or(0)) {
            Some(ch) => Reply::Json(200, ch.clone()),
            None => {
                st.notes.push(format!("GET {path}: unknown channel"));
                discord_error(404, 10003, "Unknown Channel")
            }
        },
        ("PATCH", ["channels", c]) => {
            let id = c.parse().unwrap_or(0);
            let Some(ch) = st.channels.get_mut(&id) else {
                st.error(format!("PATCH {path}: unknown channel"));
                return discord_error(404, 10003, "Unknown Channel");
            };
            if let Some(name) = body.get("name") {
                ch["name"] = name.clone();
            }
            for key in ["archived", "locked", "auto_archive_duration", "invitable"] {
                if let Some(v) = body.get(key)
                    && ch["thread_metadata"].is_object()
                {
                    ch["thread_metadata"][key] = v.clone();
                }
            }
            Reply::Json(200, ch.clone())
        }
        ("DELETE", ["channels", c]) => match st.channels.remove(&c.parse().unwrap_or(0)) {
            Some(ch) => Reply::Json(200, ch),
            None => discord_error(404, 10003, "Unknown Channel"),
        },
        _ => {
            st.error(format!("unknown route: {method} {path}"));
            discord_error(404, 0, "unknown route")
        }
    }
}

impl St {
    fn commands(&mut self, method: &str, path: &str, app: &str, guild: Option<u64>, body: &Value) -> Reply {
        if *app != APP_ID.to_string() {
            self.error(format!("{method} {path}: application id {app} is not APP_ID {APP_ID}"));
            return discord_error(404, 10002, "Unknown Application");
        }
        let stored = match guild {
            Some(g) => self.guild_commands.get(&g).cloned().unwrap_or_default(),
            None => self.global_commands.clone(),
        };
        match method {
            "GET" => Reply::Json(200, Value::Array(stored)),
            "PUT" | "POST" => {
                let list = match (method, body) {
                    ("PUT", Value::Array(a)) => a.clone(),
                    ("POST", Value::Object(_)) => vec![body.clone()],
                    _ => {
                        self.error(format!(
                            "{method} {path}: body must be an array (PUT) or an object (POST)"
                        ));
                        return discord_error(400, 50035, "Invalid Form Body");
                    }
                };
                let mut problems = Vec::new();
                let mut names = HashSet::new();
                for (i, c) in list.iter().enumerate() {
                    let prefix = if method == "PUT" {
                        format!("{i}.")
                    } else {
                        String::new()
                    };
                    check_command(c, &prefix, &mut problems);
                    let key = (
                        c["type"].as_u64().unwrap_or(1),
                        c["name"].as_str().unwrap_or("").to_string(),
                    );
                    if !names.insert(key.clone()) {
                        problems.push(problem(
                            format!("{prefix}name"),
                            "APPLICATION_COMMANDS_DUPLICATE_NAME",
                            format!("Application command names must be unique ({:?})", key.1),
                        ));
                    }
                }
                if list.iter().filter(|c| c["type"].as_u64().unwrap_or(1) == 1).count() > 100 {
                    problems.push(problem("", "BASE_TYPE_MAX_LENGTH", "At most 100 chat input commands"));
                }
                if !problems.is_empty() {
                    self.error(format!("{method} {path}: {}", describe(&problems)));
                    return Reply::Json(400, form_error(&problems));
                }
                let echoed: Vec<Value> = list.iter().map(|c| self.echo_command(c, guild)).collect();
                if method == "PUT" {
                    match guild {
                        Some(g) => {
                            self.guild_commands.insert(g, echoed.clone());
                        }
                        None => self.global_commands = echoed.clone(),
                    }
                    Reply::Json(200, Value::Array(echoed))
                } else {
                    let one = echoed[0].clone();
                    let mut all = stored;
                    all.retain(|c| c["name"] != one["name"] || c["type"] != one["type"]);
                    all.push(one.clone());
                    match guild {
                        Some(g) => {
                            self.guild_commands.insert(g, all);
                        }
                        None => self.global_commands = all,
                    }
                    Reply::Json(201, one)
                }
            }
            _ => {
                self.error(format!("unknown route: {method} {path}"));
                discord_error(404, 0, "unknown route")
            }
        }
    }

    fn echo_command(&mut self, c: &Value, guild: Option<u64>) -> Value {
        let name = c["name"].as_str().unwrap_or("").to_string();
        let id = match self.command_ids.get(&name) {
            Some(id) => *id,
            None => {
                let id = self.snowflake();
                self.command_ids.insert(name, id);
                id
            }
        };
        let version = self.snowflake();
        let mut out = c.clone();
        out["id"] = sid(id);
        out["application_id"] = sid(APP_ID);
        out["version"] = sid(version);
        if out["type"].is_null() {
            out["type"] = json!(1);
        }
        if out["description"].is_null() {
            out["description"] = json!("");
        }
        if out["options"].is_null() {
            out["options"] = json!([]);
        }
        if out["default_member_permissions"].is_null() {
            out["default_member_permissions"] = Value::Null;
        }
        if let Some(g) = guild {
            out["guild_id"] = sid(g);
        }
        out
    }

    fn callback(&mut self, id: &str, token: &str, body: &Value, files: &[FilePart]) -> Reply {
        let iid: u64 = id.parse().unwrap_or(0);
        let Some(ix) = self.interactions.get(&iid) else {
            self.error(format!("callback for unknown interaction {id}"));
            return discord_error(404, 10062, "Unknown interaction");
        };
        if token != format!("itok{iid}") {
            self.error(format!("callback for interaction {id} with a wrong token {token:?}"));
            return discord_error(401, 50027, "Invalid Webhook Token");
        }
        if let Some(first) = ix.ack {
            self.error(format!(
                "interaction {id}: second callback (type {}) after an accepted one (type {first}): already acknowledged",
                body["type"]
            ));
            return discord_error(400, 40060, "Interaction has already been acknowledged.");
        }
        let age = ix.created.elapsed();
        if age > CALLBACK_WINDOW {
            self.error(format!("interaction {id}: callback after {age:?} (Discord allows 3 s)"));
            return discord_error(404, 10062, "Unknown interaction");
        }
        let kind = ix.kind;
        let channel_id = ix.channel_id;
        let component_message = ix.message_id;
        let rtype = body["type"].as_u64().unwrap_or(0);
        let data = &body["data"];
        let mut problems = Vec::new();
        match rtype {
            4 | 7 => {
                let (p, empty) = check_message(data, files.len(), rtype == 4);
                problems = p;
                if empty {
                    self.error(format!("interaction {id}: callback type 4 with an empty message"));
                    return discord_error(400, 50006, "Cannot send an empty message");
                }
                if rtype == 7 && kind == 2 {
                    problems.push(problem(
                        "type",
                        "INTERACTION_RESPONSE_TYPE_INVALID",
                        "UPDATE_MESSAGE (7) is only valid for component and modal interactions",
                    ));
                }
            }
            5 => {}
            6 => {
                if kind == 2 {
                    problems.push(problem(
                        "type",
                        "INTERACTION_RESPONSE_TYPE_INVALID",
                        "DEFERRED_UPDATE_MESSAGE (6) is only valid for component and modal interactions",
                    ));
                }
            }
            9 => {
                check_modal(data, &mut problems);
                if kind == 5 {
                    problems.push(problem(
                        "type",
                        "INTERACTION_RESPONSE_TYPE_INVALID",
                        "A modal submission cannot be answered with another modal",
                    ));
                }
            }
            other => problems.push(problem(
                "type",
                "INTERACTION_RESPONSE_TYPE_INVALID",
                format!("Invalid interaction response type {other} for interaction type {kind}"),
            )),
        }
        if !problems.is_empty() {
            self.error(format!("interaction {id}: callback refused: {}", describe(&problems)));
            return Reply::Json(400, form_error(&problems));
        }
        let original = match rtype {
            4 => {
                let m = self.create_message(channel_id, data, files, Some(iid), None);
                id_of(&m["id"])
            }
            5 => Some(self.snowflake()),
            6 => component_message,
            7 => {
                if let Some(mid) = component_message {
                    self.edit_message(mid, data, files);
                }
                component_message
            }
            _ => {
                self.modals.push(data.clone());
                None
            }
        };
        let ix = self.interactions.get_mut(&iid).expect("interaction");
        ix.ack = Some(rtype);
        ix.original = original;
        ix.original_created = rtype != 5;
        ix.deferred_flags = if rtype == 5 {
            data["flags"].as_u64().unwrap_or(0)
        } else {
            0
        };
        Reply::Empty(204)
    }

    /// The interaction a webhook token belongs to, checking app id and token lifetime.
    fn webhook_interaction(&mut self, what: &str, app: &str, token: &str) -> Result<u64, Reply> {
        if *app != APP_ID.to_string() {
            self.error(format!("{what}: application id {app} is not APP_ID {APP_ID}"));
            return Err(discord_error(404, 10015, "Unknown Webhook"));
        }
        let iid = token
            .strip_prefix("itok")
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0);
        let Some(ix) = self.interactions.get(&iid) else {
            self.error(format!("{what}: unknown interaction token {token:?}"));
            return Err(discord_error(404, 10015, "Unknown Webhook"));
        };
        let age = ix.created.elapsed();
        if age > TOKEN_LIFETIME {
            self.error(format!(
                "{what}: interaction token used after {age:?} (valid 15 minutes)"
            ));
            return Err(discord_error(401, 50027, "Invalid Webhook Token"));
        }
        if ix.ack.is_none() {
            self.error(format!(
                "{what}: interaction {iid} was not acknowledged yet (callback first)"
            ));
            return Err(discord_error(404, 10015, "Unknown Webhook"));
        }
        Ok(iid)
    }

    fn followup(&mut self, app: &str, token: &str, body: &Value, files: &[FilePart]) -> Reply {
        let what = format!("followup POST /webhooks/{app}/{token}");
        let iid = match self.webhook_interaction(&what, app, token) {
            Ok(i) => i,
            Err(r) => return r,
        };
        let (problems, empty) = check_message(body, files.len(), true);
        if !problems.is_empty() {
            self.error(format!("{what}: {}", describe(&problems)));
            return Reply::Json(400, form_error(&problems));
        }
        if empty {
            self.error(format!("{what}: empty message"));
            return discord_error(400, 50006, "Cannot send an empty message");
        }
        let channel = self.interactions[&iid].channel_id;
        Reply::Json(200, self.create_message(channel, body, files, Some(iid), None))
    }

    fn webhook_message(
        &mut self,
        method: &str,
        app: &str,
        token: &str,
        mid: &str,
        body: &Value,
        files: &[FilePart],
    ) -> Reply {
        let what = format!("{method} /webhooks/{app}/{token}/messages/{mid}");
        let iid = match self.webhook_interaction(&what, app, token) {
            Ok(i) => i,
            Err(r) => return r,
        };
        let ix = &self.interactions[&iid];
        let (channel, ack, original, original_created, deferred_flags) = (
            ix.channel_id,
            ix.ack,
            ix.original,
            ix.original_created,
            ix.deferred_flags,
        );
        let target = if mid == "@original" {
            if ack == Some(9) || original.is_none() {
                self.error(format!("{what}: no original message (the callback was type {ack:?})"));
                return discord_error(404, 10008, "Unknown Message");
            }
            original.unwrap_or(0)
        } else {
            mid.parse().unwrap_or(0)
        };
        match method {
            "GET" => {
                if mid == "@original" && !original_created {
                    // The "thinking..." placeholder of a deferred response.
                    return Reply::Json(
                        200,
                        json!({
                            "id": sid(target), "channel_id": sid(channel), "author": bot_user_json(), "content": "",
                            "timestamp": now_ts(), "edited_timestamp": null, "tts": false, "mention_everyone": false,
                            "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "components": [],
                            "pinned": false, "type": 0, "flags": 128 | deferred_flags,
                        }),
                    );
                }
                match self.messages.get(&target) {
                    Some(m) if !m.deleted => Reply::Json(200, m.json.clone()),
                    _ => discord_error(404, 10008, "Unknown Message"),
                }
            }
            "DELETE" => {
                if let Some(m) = self.messages.get_mut(&target) {
                    m.deleted = true;
                }
                if mid == "@original"
                    && let Some(ix) = self.interactions.get_mut(&iid)
                {
                    ix.original_created = true;
                }
                Reply::Empty(204)
            }
            "PATCH" => {
                let first = mid == "@original" && !original_created;
                let (problems, empty) = check_message(body, files.len(), first);
                if !problems.is_empty() {
                    self.error(format!("{what}: {}", describe(&problems)));
                    return Reply::Json(400, form_error(&problems));
                }
                if empty {
                    self.error(format!("{what}: empty message"));
                    return discord_error(400, 50006, "Cannot send an empty message");
                }
                if first {
                    let mut b = body.clone();
                    if deferred_flags != 0 && b["flags"].is_null() {
                        b["flags"] = json!(deferred_flags);
                    }
                    let m = self.create_message(channel, &b, files, Some(iid), Some(target));
                    if let Some(ix) = self.interactions.get_mut(&iid) {
                        ix.original_created = true;
                    }
                    return Reply::Json(200, m);
                }
                match self.edit_message(target, body, files) {
                    Some(m) => Reply::Json(200, m),
                    None => {
                        self.error(format!("{what}: unknown message"));
                        discord_error(404, 10008, "Unknown Message")
                    }
                }
            }
            _ => {
                self.error(format!("unknown route: {what}"));
                discord_error(404, 0, "unknown route")
            }
        }
    }

    fn create_thread(&mut self, path: &str, parent: u64, from_message: Option<u64>, body: &Value) -> Reply {
        let mut problems = Vec::new();
        check_len(&body["name"], "name", 1, 100, &mut problems);
        if let Some(d) = body["auto_archive_duration"].as_u64()
            && ![60, 1440, 4320, 10080].contains(&d)
        {
            problems.push(problem(
                "auto_archive_duration",
                "BASE_TYPE_CHOICES",
                "Must be 60, 1440, 4320 or 10080",
            ));
        }
        let type_missing = body["type"].is_null() && from_message.is_none();
        let kind = match from_message {
            Some(_) => 11,
            None => body["type"].as_u64().unwrap_or(11),
        };
        if !matches!(kind, 10..=12) {
            problems.push(problem("type", "BASE_TYPE_CHOICES", "Thread type must be 10, 11 or 12"));
        }
        if !problems.is_empty() {
            self.error(format!("POST {path}: {}", describe(&problems)));
            return Reply::Json(400, form_error(&problems));
        }
        if type_missing {
            self.error(format!(
                "POST {path}: thread created without `type` (required in API v10; treated as 11 = public)"
            ));
        }
        let parent_type = self.channels.get(&parent).and_then(|c| c["type"].as_u64());
        if matches!(parent_type, Some(1 | 3)) || matches!(parent_type, Some(10..=12)) {
            self.error(format!(
                "POST {path}: cannot create a thread in channel {parent} (type {parent_type:?})"
            ));
            return discord_error(400, 50024, "Cannot execute action on this channel type");
        }
        if kind == 12 && self.private_threads_blocked {
            return discord_error(403, 50001, "Missing Access");
        }
        let id = from_message.unwrap_or_else(|| self.snowflake());
        let guild_id = self
            .channels
            .get(&parent)
            .and_then(|c| id_of(&c["guild_id"]))
            .unwrap_or(GUILD_ID);
        let mut metadata = json!({
            "archived": false,
            "auto_archive_duration": body["auto_archive_duration"].as_u64().unwrap_or(4320),
            "archive_timestamp": now_ts(),
            "locked": false,
            "create_timestamp": now_ts(),
        });
        if kind == 12 {
            metadata["invitable"] = json!(body["invitable"].as_bool().unwrap_or(true));
        }
        let channel = json!({
            "id": sid(id),
            "type": kind,
            "guild_id": sid(guild_id),
            "parent_id": sid(parent),
            "name": body["name"],
            "owner_id": sid(BOT_ID),
            "last_message_id": null,
            "thread_metadata": metadata,
            "member_count": 1,
            "message_count": 0,
            "total_message_sent": 0,
            "rate_limit_per_user": body["rate_limit_per_user"].as_u64().unwrap_or(0),
            "flags": 0,
        });
        self.channels.insert(id, channel.clone());
        let mut record = if body.is_object() { body.clone() } else { json!({}) };
        record["id"] = sid(id);
        record["parent_id"] = sid(parent);
        record["type"] = json!(kind);
        if type_missing {
            record["type_missing"] = json!(true);
        }
        self.threads.push(record);
        let mut event = channel.clone();
        event["newly_created"] = json!(true);
        self.dispatch("THREAD_CREATE", event, INTENT_GUILDS, false);
        Reply::Json(201, channel)
    }
}

// ---------------------------------------------------------------------------------------------
// Gateway (axum WebSocket)

async fn gateway_handler(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    version: Version,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let Ok(ws) = ws else {
        shared
            .lock()
            .error(format!("gateway: not a WebSocket upgrade: {method} {uri} {version:?}"));
        return StatusCode::BAD_REQUEST.into_response();
    };
    let target = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
    ws.max_frame_size(MAX_WS_FRAME)
        .on_upgrade(move |socket| gateway_connection(shared, socket, target))
}

async fn gateway_connection(shared: Arc<Shared>, socket: WebSocket, target: String) {
    let conn_id = {
        let mut st = shared.lock();
        st.gateway_connects.push(target.clone());
        let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
        let params: HashMap<&str, &str> = query.split('&').filter_map(|kv| kv.split_once('=')).collect();
        if params.get("v") != Some(&"10") {
            st.error(format!("gateway: connected to {target:?} without v=10"));
        }
        if params.get("encoding").is_some_and(|e| *e != "json") {
            st.error(format!("gateway: unsupported encoding in {target:?}"));
        }
        if params.contains_key("compress") {
            st.error(format!(
                "gateway: transport compression requested in {target:?} (not supported)"
            ));
        }
        st.next_conn += 1;
        st.next_conn
    };
    let (mut sink, mut stream) = socket.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Out>();
    let writer = tokio::spawn(async move {
        while let Some(out) = rx.recv().await {
            let (message, last) = match out {
                Out::Text(s) => (Message::Text(s.into()), false),
                Out::Close(code, reason) => (
                    Message::Close(Some(CloseFrame {
                        code,
                        reason: reason.into(),
                    })),
                    true,
                ),
            };
            if sink.send(message).await.is_err() || last {
                break;
            }
        }
    });
    let hello = json!({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}}).to_string();
    let _ = tx.send(Out::Text(hello));
    // Pings are answered and client close frames echoed by the WebSocket layer; after a close
    // the stream is read on until it ends, which sends that echo.
    while let Some(message) = stream.next().await {
        match message {
            Ok(Message::Text(text)) => on_gateway_text(&shared, conn_id, &tx, text.as_str()),
            Ok(Message::Binary(_)) => shared.lock().error("gateway: binary frame from the client"),
            Ok(Message::Ping(_) | Message::Pong(_) | Message::Close(_)) => {}
            Err(e) => {
                // A client that just goes away (I/O error, reset without a close frame) ends the
                // connection quietly; protocol violations (unmasked frames, unknown opcodes,
                // oversized frames, ...) are recorded.
                let e = e.to_string();
                if e.starts_with("WebSocket protocol error") && !e.contains("without closing handshake") {
                    shared.lock().error(format!("gateway: {e}"));
                }
                break;
            }
        }
    }
    {
        let mut st = shared.lock();
        if st.conn.as_ref().is_some_and(|c| c.id == conn_id) {
            st.conn = None;
        }
    }
    drop(tx);
    let _ = writer.await;
}

fn on_gateway_text(shared: &Shared, conn_id: u64, tx: &mpsc::UnboundedSender<Out>, text: &str) {
    let mut st = shared.lock();
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        st.error(format!("gateway: payload is not JSON: {text:.200}"));
        let _ = tx.send(Out::Close(4002, "Error while decoding payload.".into()));
        return;
    };
    let d = v["d"].clone();
    match v["op"].as_u64() {
        Some(1) => {
            let _ = tx.send(Out::Text(json!({"op": 11}).to_string()));
        }
        Some(2) => {
            st.identifies.push(d.clone());
            if st.conn.as_ref().is_some_and(|c| c.id == conn_id) {
                st.error("gateway: IDENTIFY twice on one connection");
                let _ = tx.send(Out::Close(4005, "Already authenticated.".into()));
                return;
            }
            let token = d["token"].as_str().unwrap_or("");
            if token.strip_prefix("Bot ").unwrap_or(token) != TOKEN {
                st.error(format!("gateway: IDENTIFY with a wrong token {token:?}"));
                let _ = tx.send(Out::Close(4004, "Authentication failed.".into()));
                return;
            }
            let Some(intents) = d["intents"].as_u64() else {
                st.error("gateway: IDENTIFY without intents");
                let _ = tx.send(Out::Close(4013, "Invalid intent(s).".into()));
                return;
            };
            if intents & INTENT_MESSAGE_CONTENT != 0 && !shared.message_content_allowed {
                let _ = tx.send(Out::Close(4014, "Disallowed intent(s).".into()));
                return;
            }
            st.session_intents = intents;
            st.conn = Some(Conn {
                id: conn_id,
                tx: tx.clone(),
                seq: 0,
                intents,
            });
            st.ready_count += 1;
            let shard = if d["shard"].is_array() {
                d["shard"].clone()
            } else {
                json!([0, 1])
            };
            let ready = json!({
                "v": 10,
                "user": bot_user_json(),
                "guilds": [{"id": sid(GUILD_ID), "unavailable": true}],
                "session_id": "sess",
                "resume_gateway_url": shared.gateway_url,
                "shard": shard,
                "application": {"id": sid(APP_ID), "flags": 0},
                "private_channels": [],
            });
            st.dispatch("READY", ready, 0, false);
            st.dispatch("GUILD_CREATE", guild_create_json(), INTENT_GUILDS, false);
            st.flush_pending();
        }
        Some(3 | 4 | 8 | 31) => {}
        Some(6) => {
            let token = d["token"].as_str().unwrap_or("");
            if token.strip_prefix("Bot ").unwrap_or(token) != TOKEN || d["session_id"] != "sess" {
                st.error(format!("gateway: bad RESUME {d}"));
                let _ = tx.send(Out::Text(json!({"op": 9, "d": false}).to_string()));
                return;
            }
            let seq = d["seq"].as_u64().unwrap_or(0);
            let intents = st.session_intents;
            st.conn = Some(Conn {
                id: conn_id,
                tx: tx.clone(),
                seq,
                intents,
            });
            st.resume_count += 1;
            st.dispatch("RESUMED", json!({}), 0, false);
            st.flush_pending();
        }
        other => {
            st.error(format!("gateway: unexpected opcode {other:?}: {text:.200}"));
        }
    }
}
