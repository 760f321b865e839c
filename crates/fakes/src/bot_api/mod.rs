//! A small Telegram Bot API emulator for integration tests (axum on 127.0.0.1, ephemeral port).
//!
//! Give `BotApi::url()` to teloxide (`Bot::new(TOKEN).set_api_url(..)`), queue updates with
//! `push_update` / `send_text` / `press_button` / ..., and inspect what the bot did with `calls()`,
//! `calls_of()`, `texts_to()`, `media_to()` (photos and documents, with their bytes) and `wait_for()`.
//! Every request is recorded, including failed ones.

mod checks;
mod request;
mod state;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use request::handle;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub const TOKEN: &str = "123456:TEST-TOKEN";
pub const BOT_ID: i64 = 123456;
pub const BOT_USERNAME: &str = "coach_test_bot";

const BOT_FIRST_NAME: &str = "Coach";
const GROUP_TITLE: &str = "Test group";
/// Long polls never wait longer than this, whatever `timeout` the client asks for.
const MAX_POLL_WAIT: Duration = Duration::from_secs(2);
const TEXT_LIMIT: usize = 4096;
const CAPTION_LIMIT: usize = 1024;
const CALLBACK_DATA_LIMIT: usize = 64;
const DOWNLOAD_LIMIT: usize = 20 << 20;
/// sendPhoto's limits: 10 MB, width + height at most 10,000 pixels, sides at most 20:1.
const PHOTO_LIMIT: usize = 10 << 20;
const PHOTO_MAX_SIDES: u32 = 10_000;
const PHOTO_MAX_RATIO: u32 = 20;
const BODY_LIMIT: usize = 64 << 20;
const FIRST_MESSAGE_ID: i64 = 1000;
const DEFAULT_UPDATE_LIMIT: usize = 100;
const HTML_TAGS: &[&str] = &[
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "code",
    "pre",
    "a",
    "blockquote",
    "tg-spoiler",
    "span",
];

/// One request the bot made. `method` is lower-cased (`"sendmessage"`); downloads are recorded with
/// method `"file"` and body `{"file_path": ..}`. For multipart requests `body` holds the text fields
/// (as strings) plus `"_files": [{"field", "file_name", "len", "for_field"}]`.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub body: Value,
}

/// A photo or document the bot sent (sendPhoto / sendDocument with an upload or a file id).
#[derive(Debug, Clone)]
pub struct SentMedia {
    pub chat_id: i64,
    /// `"photo"` or `"document"`.
    pub kind: String,
    pub file_name: String,
    /// A photo's size as Telegram read it (`None` for documents).
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub bytes: Vec<u8>,
}

pub struct BotApi {
    addr: SocketAddr,
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

struct Shared {
    state: Mutex<EmuState>,
    /// Woken whenever an update is queued, so a pending long poll returns at once.
    new_update: Notify,
}

struct Failure {
    remaining: usize,
    code: u16,
    description: String,
    retry_after: Option<u64>,
}

#[derive(Clone)]
struct StoredFile {
    file_id: String,
    unique_id: String,
    path: String,
    bytes: Arc<Vec<u8>>,
}

struct Upload {
    field: String,
    file_name: String,
    bytes: Vec<u8>,
}

struct ApiErr {
    code: u16,
    description: String,
    retry_after: Option<u64>,
}

impl ApiErr {
    fn new(code: u16, description: impl Into<String>) -> ApiErr {
        ApiErr {
            code,
            description: description.into(),
            retry_after: None,
        }
    }

    fn bad(what: impl std::fmt::Display) -> ApiErr {
        ApiErr::new(400, format!("Bad Request: {what}"))
    }

    fn into_response(self) -> Response {
        let mut body = json!({"ok": false, "error_code": self.code, "description": self.description});
        if let Some(secs) = self.retry_after {
            body["parameters"] = json!({ "retry_after": secs });
        }
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::BAD_REQUEST);
        (status, Json(body)).into_response()
    }
}

type ApiResult = Result<Value, ApiErr>;

struct EmuState {
    calls: Vec<Call>,
    queue: VecDeque<Value>,
    last_update_id: i64,
    last_message_id: i64,
    file_seq: u64,
    callback_seq: u64,
    files: Vec<StoredFile>,
    failures: HashMap<String, VecDeque<Failure>>,
    always_fail: HashSet<String>,
    /// (chat_id, text) of every successfully sent/edited text or caption.
    delivered: Vec<(i64, String)>,
    /// Every photo and document the bot sent, in order.
    media: Vec<SentMedia>,
    /// allowed_updates as last given to getUpdates, and the last update_id queued at that moment
    /// (like Telegram, the filter does not apply to updates created before it was set).
    allowed_updates: Option<(HashSet<String>, i64)>,
    chats: HashMap<i64, Value>,
    messages: HashMap<(i64, i64), Value>,
}

impl BotApi {
    pub async fn start() -> BotApi {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the Bot API emulator");
        let addr = listener.local_addr().expect("emulator address");
        let shared = Arc::new(Shared {
            state: Mutex::new(EmuState::new()),
            new_update: Notify::new(),
        });
        let app = Router::new()
            .fallback(handle)
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        BotApi { addr, shared, server }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn calls(&self) -> Vec<Call> {
        self.state().calls.clone()
    }

    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        let method = method.to_ascii_lowercase();
        self.state()
            .calls
            .iter()
            .filter(|c| c.method == method)
            .cloned()
            .collect()
    }

    /// Queue an update for getUpdates; `update_id` is assigned here (increasing from 1) and returned.
    pub fn push_update(&self, mut update: Value) -> i64 {
        let id = {
            let mut st = self.state();
            st.last_update_id += 1;
            let id = st.last_update_id;
            let obj = update.as_object_mut().expect("an update must be a JSON object");
            obj.insert("update_id".into(), json!(id));
            for key in ["message", "edited_message"] {
                if let Some(msg) = obj.get(key) {
                    st.remember_message(msg);
                }
            }
            st.queue.push_back(update);
            id
        };
        self.shared.new_update.notify_waiters();
        id
    }

    pub fn send_text(&self, chat_id: i64, from_id: i64, text: &str) -> i64 {
        let msg = self.state().user_text_message(chat_id, from_id, text);
        self.push_update(json!({ "message": msg }))
    }

    pub fn send_reply(&self, chat_id: i64, from_id: i64, text: &str, reply_to_message_id: i64) -> i64 {
        let msg = {
            let mut st = self.state();
            let mut msg = st.user_text_message(chat_id, from_id, text);
            let original = match st.messages.get(&(chat_id, reply_to_message_id)) {
                Some(m) if m["from"]["id"] == json!(BOT_ID) => m.clone(),
                _ => {
                    let mut m = st.bot_message_with_id(chat_id, reply_to_message_id);
                    m["text"] = json!("(an earlier message from the bot)");
                    m
                }
            };
            msg["reply_to_message"] = original;
            msg
        };
        self.push_update(json!({ "message": msg }))
    }

    pub fn press_button(&self, chat_id: i64, from_id: i64, message_id: i64, data: &str) -> i64 {
        let query = {
            let mut st = self.state();
            st.callback_seq += 1;
            let message = match st.messages.get(&(chat_id, message_id)) {
                Some(m) => m.clone(),
                None => {
                    let mut m = st.bot_message_with_id(chat_id, message_id);
                    m["text"] = json!("(an earlier message from the bot)");
                    m
                }
            };
            json!({
                "id": format!("cb{}", st.callback_seq),
                "from": user_json(from_id),
                "message": message,
                "chat_instance": "ci",
                "data": data,
            })
        };
        self.push_update(json!({ "callback_query": query }))
    }

    pub fn send_document(&self, chat_id: i64, from_id: i64, file_name: &str, mime: &str, bytes: Vec<u8>) -> i64 {
        self.send_document_with_caption(chat_id, from_id, file_name, mime, bytes, None)
    }

    /// A document with the words sent with it (Telegram's `caption`).
    pub fn send_document_with_caption(
        &self,
        chat_id: i64,
        from_id: i64,
        file_name: &str,
        mime: &str,
        bytes: Vec<u8>,
        caption: Option<&str>,
    ) -> i64 {
        let msg = {
            let mut st = self.state();
            let size = bytes.len();
            let file = st.register_file("doc", |_| format!("documents/{file_name}"), bytes);
            let mut msg = st.user_message(chat_id, from_id);
            msg["document"] = json!({
                "file_id": file.file_id,
                "file_unique_id": file.unique_id,
                "file_size": size,
                "file_name": file_name,
                "mime_type": mime,
            });
            if let Some(c) = caption {
                msg["caption"] = json!(c);
            }
            msg
        };
        self.push_update(json!({ "message": msg }))
    }

    pub fn send_voice(&self, chat_id: i64, from_id: i64, bytes: Vec<u8>) -> i64 {
        let msg = {
            let mut st = self.state();
            let size = bytes.len();
            let file = st.register_file("voice", |n| format!("voice/{n}.ogg"), bytes);
            let mut msg = st.user_message(chat_id, from_id);
            msg["voice"] = json!({
                "file_id": file.file_id,
                "file_unique_id": file.unique_id,
                "file_size": size,
                "duration": 3,
                "mime_type": "audio/ogg",
            });
            msg
        };
        self.push_update(json!({ "message": msg }))
    }

    /// The next `times` calls of `method` fail with this HTTP status / error_code and description.
    /// Note: teloxide sleeps 10 s after any 5xx response before returning the error.
    pub fn fail_next(
        &self,
        method: &str,
        times: usize,
        error_code: u16,
        description: &str,
        retry_after_secs: Option<u64>,
    ) {
        if times == 0 {
            return;
        }
        let failure = Failure {
            remaining: times,
            code: error_code,
            description: description.to_string(),
            retry_after: if error_code == 429 { retry_after_secs } else { None },
        };
        self.state()
            .failures
            .entry(method.to_ascii_lowercase())
            .or_default()
            .push_back(failure);
    }

    /// Make a method always fail with 400 "Bad Request: method not supported".
    pub fn always_fail(&self, method: &str) {
        self.state().always_fail.insert(method.to_ascii_lowercase());
    }

    /// Wait (polling every 20 ms, up to `timeout` of wall-clock time) until `pred(&calls)` holds.
    pub async fn wait_for(&self, timeout: Duration, pred: impl Fn(&[Call]) -> bool) -> Vec<Call> {
        let deadline = Instant::now() + timeout;
        loop {
            let calls = self.calls();
            if pred(&calls) {
                return calls;
            }
            if Instant::now() >= deadline {
                panic!(
                    "BotApi::wait_for timed out after {timeout:?}; recorded calls:\n{}",
                    dump(&calls)
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Text (as sent, i.e. with HTML markup) of every successful sendMessage / editMessageText, and
    /// the captions of sendDocument / sendPhoto / editMessageCaption, sent to `chat_id`, in order.
    pub fn texts_to(&self, chat_id: i64) -> Vec<String> {
        self.state()
            .delivered
            .iter()
            .filter(|(chat, _)| *chat == chat_id)
            .map(|(_, text)| text.clone())
            .collect()
    }

    /// The photos and documents sent to `chat_id`, in order.
    pub fn media_to(&self, chat_id: i64) -> Vec<SentMedia> {
        self.state()
            .media
            .iter()
            .filter(|m| m.chat_id == chat_id)
            .cloned()
            .collect()
    }

    fn state(&self) -> MutexGuard<'_, EmuState> {
        self.shared.lock()
    }
}

impl Drop for BotApi {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, EmuState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn dump(calls: &[Call]) -> String {
    let mut out = String::new();
    for (i, call) in calls.iter().enumerate() {
        let mut body = call.body.to_string();
        if body.len() > 400 {
            let mut cut = 400;
            while !body.is_char_boundary(cut) {
                cut -= 1;
            }
            body.truncate(cut);
            body.push('…');
        }
        out.push_str(&format!("  #{i} {} {body}\n", call.method));
    }
    if out.is_empty() {
        out.push_str("  (none)\n");
    }
    out
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(1)
}

fn bot_user() -> Value {
    json!({"id": BOT_ID, "is_bot": true, "first_name": BOT_FIRST_NAME, "username": BOT_USERNAME})
}

fn user_json(id: i64) -> Value {
    json!({
        "id": id,
        "is_bot": false,
        "first_name": format!("User{id}"),
        "username": format!("user{id}"),
        "language_code": "en",
    })
}

fn private_chat(id: i64) -> Value {
    json!({"id": id, "type": "private", "first_name": format!("User{id}"), "username": format!("user{id}")})
}

fn group_chat(id: i64) -> Value {
    json!({"id": id, "type": "supergroup", "title": GROUP_TITLE})
}

fn ok(result: Value) -> Response {
    (StatusCode::OK, Json(json!({"ok": true, "result": result}))).into_response()
}
