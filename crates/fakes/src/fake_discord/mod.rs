//! A fake Discord (REST + Gateway) on 127.0.0.1 for integration tests of the serenity 0.12 bot.
//!
//! REST is served by axum on one ephemeral port, the gateway by axum's WebSocket support on
//! another. Point serenity at it with
//! `HttpBuilder::new(TOKEN).proxy(fake.url()).ratelimiter_disabled(true).build()` and
//! `ClientBuilder::new_with_http(http, intents)`: REST then goes to `{url}/api/v10/...` and the
//! gateway URL comes from `GET /gateway` (serenity connects to `{url}?v=10`).
//!
//! Inject events with `slash_command` / `click` / `modal_submit` / `user_message` (with an
//! attachment: `user_message_with_attachment`, served like the CDN serves it) /
//! `bot_message_seen`, inspect what the bot did with `calls()`, `messages_in()`,
//! `interaction_responses()`, `threads()`, and check `errors()`: every rule Discord would enforce
//! (one callback per interaction within 3 s, 2000-character content, component limits, command
//! name rules, unknown routes, ...) is answered like Discord does *and* recorded there.
//!
//! Like Discord, guild `MESSAGE_CREATE` events lose their content (content, embeds, attachments,
//! components) when the client identified without MESSAGE_CONTENT, unless the bot is mentioned;
//! events whose intent (GUILD_MESSAGES, DIRECT_MESSAGES, GUILDS) was not requested are not
//! delivered at all (a note about it is kept for the `wait_for` dump).

mod events;
mod gateway;
mod handlers;
mod rest;
mod shapes;
mod state;
mod validate;

pub use shapes::{bot_user_json, user_json};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use gateway::gateway_handler;
use rest::rest_handler;
use serde_json::Value;
use shapes::text_channel_json;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
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
    /// Files users attached, served at `/attachments/<channel>/<id>/<name>` (Discord's CDN).
    uploads: HashMap<String, Vec<u8>>,
    /// The REST base (`http://127.0.0.1:PORT`), for attachment URLs.
    base_url: String,
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

/// GET of a user's attachment (what serenity's `Attachment::download` fetches).
async fn attachment_handler(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    axum::extract::Path(path): axum::extract::Path<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match shared.lock().uploads.get(&path) {
        Some(bytes) => bytes.clone().into_response(),
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
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
        let mut st = St {
            base_url: format!("http://{rest_addr}"),
            ..St::default()
        };
        st.channels
            .insert(TEXT_CHANNEL_ID, text_channel_json(TEXT_CHANNEL_ID, GUILD_ID));
        let shared = Arc::new(Shared {
            state: Mutex::new(st),
            message_content_allowed,
            gateway_url: format!("ws://{gateway_addr}"),
        });
        let app = Router::new()
            .route("/attachments/{*path}", axum::routing::get(attachment_handler))
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
