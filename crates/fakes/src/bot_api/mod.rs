//! A small Telegram Bot API emulator for integration tests (axum on 127.0.0.1, ephemeral port).
//!
//! Give `BotApi::url()` to teloxide (`Bot::new(TOKEN).set_api_url(..)`), queue updates with
//! `push_update` / `send_text` / `press_button` / ..., and inspect what the bot did with `calls()`,
//! `calls_of()`, `texts_to()` and `wait_for()`. Every request is recorded, including failed ones.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
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

impl EmuState {
    fn new() -> EmuState {
        EmuState {
            calls: Vec::new(),
            queue: VecDeque::new(),
            last_update_id: 0,
            last_message_id: FIRST_MESSAGE_ID - 1,
            file_seq: 0,
            callback_seq: 0,
            files: Vec::new(),
            failures: HashMap::new(),
            always_fail: HashSet::new(),
            delivered: Vec::new(),
            allowed_updates: None,
            chats: HashMap::new(),
            messages: HashMap::new(),
        }
    }

    fn next_message_id(&mut self) -> i64 {
        self.last_message_id += 1;
        self.last_message_id
    }

    /// The chat object for `chat_id`: as last seen in a pushed update, else private for positive ids
    /// and a supergroup for negative ones.
    fn chat(&self, chat_id: i64) -> Value {
        match self.chats.get(&chat_id) {
            Some(chat) => chat.clone(),
            None if chat_id > 0 => private_chat(chat_id),
            None => group_chat(chat_id),
        }
    }

    fn remember_message(&mut self, msg: &Value) {
        let (Some(chat_id), Some(message_id)) = (msg["chat"]["id"].as_i64(), msg["message_id"].as_i64()) else {
            return;
        };
        self.chats.insert(chat_id, msg["chat"].clone());
        let mut stored = msg.clone();
        if let Some(obj) = stored.as_object_mut() {
            obj.remove("reply_to_message");
        }
        self.messages.insert((chat_id, message_id), stored);
    }

    fn user_message(&mut self, chat_id: i64, from_id: i64) -> Value {
        let chat = if chat_id == from_id {
            private_chat(chat_id)
        } else {
            group_chat(chat_id)
        };
        self.chats.insert(chat_id, chat.clone());
        json!({
            "message_id": self.next_message_id(),
            "date": now(),
            "chat": chat,
            "from": user_json(from_id),
        })
    }

    fn user_text_message(&mut self, chat_id: i64, from_id: i64, text: &str) -> Value {
        let mut msg = self.user_message(chat_id, from_id);
        msg["text"] = json!(text);
        if text.starts_with('/') {
            let command = text.split([' ', '\n']).next().unwrap_or(text);
            msg["entities"] = json!([{
                "type": "bot_command",
                "offset": 0,
                "length": command.encode_utf16().count(),
            }]);
        }
        msg
    }

    fn bot_message_with_id(&self, chat_id: i64, message_id: i64) -> Value {
        json!({
            "message_id": message_id,
            "date": now(),
            "chat": self.chat(chat_id),
            "from": bot_user(),
        })
    }

    fn new_bot_message(&mut self, chat_id: i64) -> Value {
        let id = self.next_message_id();
        self.bot_message_with_id(chat_id, id)
    }

    fn register_file(&mut self, prefix: &str, path: impl FnOnce(u64) -> String, bytes: Vec<u8>) -> StoredFile {
        self.file_seq += 1;
        let n = self.file_seq;
        let file = StoredFile {
            file_id: format!("{prefix}{n}"),
            unique_id: format!("u{n}"),
            path: path(n),
            bytes: Arc::new(bytes),
        };
        self.files.push(file.clone());
        file
    }

    fn file_by_id(&self, file_id: &str) -> Option<&StoredFile> {
        self.files.iter().rev().find(|f| f.file_id == file_id)
    }

    /// An injected failure for this call, if any.
    fn injected_failure(&mut self, method: &str) -> Option<ApiErr> {
        if self.always_fail.contains(method) {
            return Some(ApiErr::bad("method not supported"));
        }
        let queue = self.failures.get_mut(method)?;
        let failure = queue.front_mut()?;
        failure.remaining -= 1;
        let err = ApiErr {
            code: failure.code,
            description: failure.description.clone(),
            retry_after: failure.retry_after,
        };
        if failure.remaining == 0 {
            queue.pop_front();
        }
        Some(err)
    }

    fn reply_to_message(&self, chat_id: i64, body: &Value) -> Option<Value> {
        let reply_id = param_json(body, "reply_parameters")
            .and_then(|p| p["message_id"].as_i64())
            .or_else(|| param_i64(body, "reply_to_message_id"))?;
        self.messages.get(&(chat_id, reply_id)).cloned()
    }

    fn send_message(&mut self, body: &Value) -> ApiResult {
        let chat_id = chat_id_param(body)?;
        let text = param_str(body, "text").unwrap_or_default();
        let plain = checked_text(body, &text, "message text is empty", "message is too long")?;
        let markup = checked_markup(body)?;
        let mut msg = self.new_bot_message(chat_id);
        msg["text"] = json!(plain);
        if let Some(markup) = markup {
            msg["reply_markup"] = markup;
        }
        if let Some(original) = self.reply_to_message(chat_id, body) {
            msg["reply_to_message"] = original;
        }
        self.remember_message(&msg);
        self.delivered.push((chat_id, text));
        Ok(msg)
    }

    /// The stored message to edit (or a stand-in if the emulator never saw it), with fields reset.
    fn message_to_edit(&self, body: &Value) -> Result<Option<(i64, Value)>, ApiErr> {
        if param_str(body, "inline_message_id").is_some() {
            return Ok(None);
        }
        let chat_id = chat_id_param(body)?;
        let message_id =
            param_i64(body, "message_id").ok_or_else(|| ApiErr::bad("message identifier is not specified"))?;
        let mut msg = self
            .messages
            .get(&(chat_id, message_id))
            .cloned()
            .unwrap_or_else(|| self.bot_message_with_id(chat_id, message_id));
        if let Some(obj) = msg.as_object_mut() {
            obj.remove("reply_markup");
            obj.insert("edit_date".into(), json!(now()));
        }
        Ok(Some((chat_id, msg)))
    }

    fn edit_message_text(&mut self, body: &Value) -> ApiResult {
        let text = param_str(body, "text").unwrap_or_default();
        let plain = checked_text(body, &text, "message text is empty", "MESSAGE_TOO_LONG")?;
        let markup = checked_markup(body)?;
        let Some((chat_id, mut msg)) = self.message_to_edit(body)? else {
            return Ok(json!(true));
        };
        if ["caption", "document", "photo", "voice"]
            .iter()
            .any(|k| msg.get(*k).is_some())
        {
            return Err(ApiErr::bad("there is no text in the message to edit"));
        }
        if let Some(obj) = msg.as_object_mut() {
            obj.remove("entities");
        }
        msg["text"] = json!(plain);
        if let Some(markup) = markup {
            msg["reply_markup"] = markup;
        }
        self.remember_message(&msg);
        self.delivered.push((chat_id, text));
        Ok(msg)
    }

    fn edit_message_caption(&mut self, body: &Value) -> ApiResult {
        let caption = param_str(body, "caption").unwrap_or_default();
        let plain = checked_caption(body, &caption, "MESSAGE_TOO_LONG")?;
        let markup = checked_markup(body)?;
        let Some((chat_id, mut msg)) = self.message_to_edit(body)? else {
            return Ok(json!(true));
        };
        if msg.get("text").is_some() {
            return Err(ApiErr::bad("there is no caption in the message to edit"));
        }
        msg["caption"] = json!(plain);
        if let Some(markup) = markup {
            msg["reply_markup"] = markup;
        }
        self.remember_message(&msg);
        if !caption.is_empty() {
            self.delivered.push((chat_id, caption));
        }
        Ok(msg)
    }

    fn edit_message_reply_markup(&mut self, body: &Value) -> ApiResult {
        let markup = checked_markup(body)?;
        let Some((_, mut msg)) = self.message_to_edit(body)? else {
            return Ok(json!(true));
        };
        if msg.get("text").is_none() && msg.get("caption").is_none() && msg.get("document").is_none() {
            msg["text"] = json!("(an earlier message from the bot)");
        }
        if let Some(markup) = markup {
            msg["reply_markup"] = markup;
        }
        self.remember_message(&msg);
        Ok(msg)
    }

    fn get_file(&self, body: &Value) -> ApiResult {
        let file_id = param_str(body, "file_id").unwrap_or_default();
        let file = self
            .file_by_id(&file_id)
            .ok_or_else(|| ApiErr::bad("invalid file_id"))?;
        if file.bytes.len() > DOWNLOAD_LIMIT {
            return Err(ApiErr::bad("file is too big"));
        }
        Ok(json!({
            "file_id": file.file_id,
            "file_unique_id": file.unique_id,
            "file_size": file.bytes.len(),
            "file_path": file.path,
        }))
    }

    /// sendDocument / sendPhoto. `kind` is "document" or "photo".
    fn send_media(&mut self, kind: &str, body: &Value, uploads: &[Upload]) -> ApiResult {
        let chat_id = chat_id_param(body)?;
        let caption = param_str(body, "caption").unwrap_or_default();
        let plain = checked_caption(body, &caption, "message caption is too long")?;
        let markup = checked_markup(body)?;
        let reference = param_str(body, kind);
        let upload = match reference.as_deref().and_then(|r| r.strip_prefix("attach://")) {
            Some(name) => uploads.iter().find(|u| u.field == name),
            None => uploads.iter().find(|u| u.field == kind),
        };
        let (file, file_name) = match (upload, reference) {
            (Some(upload), _) => {
                let file_name = if upload.file_name.is_empty() {
                    format!("{kind}.bin")
                } else {
                    upload.file_name.clone()
                };
                let file = if kind == "photo" {
                    self.register_file("photo", |n| format!("photos/file_{n}.jpg"), upload.bytes.clone())
                } else {
                    self.register_file("doc", |_| format!("documents/{file_name}"), upload.bytes.clone())
                };
                (file, file_name)
            }
            (None, Some(reference)) => {
                let file = self
                    .file_by_id(&reference)
                    .cloned()
                    .ok_or_else(|| ApiErr::bad("wrong file identifier/HTTP URL specified"))?;
                let file_name = file.path.rsplit('/').next().unwrap_or("file").to_string();
                (file, file_name)
            }
            (None, None) => return Err(ApiErr::bad(format!("there is no {kind} in the request"))),
        };
        let mut msg = self.new_bot_message(chat_id);
        if kind == "photo" {
            msg["photo"] = json!([{
                "file_id": file.file_id,
                "file_unique_id": file.unique_id,
                "file_size": file.bytes.len(),
                "width": 1,
                "height": 1,
            }]);
        } else {
            msg["document"] = json!({
                "file_id": file.file_id,
                "file_unique_id": file.unique_id,
                "file_size": file.bytes.len(),
                "file_name": file_name,
            });
        }
        if !caption.is_empty() {
            msg["caption"] = json!(plain);
        }
        if let Some(markup) = markup {
            msg["reply_markup"] = markup;
        }
        if let Some(original) = self.reply_to_message(chat_id, body) {
            msg["reply_to_message"] = original;
        }
        self.remember_message(&msg);
        if !caption.is_empty() {
            self.delivered.push((chat_id, caption));
        }
        Ok(msg)
    }

    fn set_allowed_updates(&mut self, body: &Value) {
        let Some(list) = param_json(body, "allowed_updates") else {
            return;
        };
        let kinds: HashSet<String> = list
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        self.allowed_updates = if kinds.is_empty() {
            None
        } else {
            Some((kinds, self.last_update_id))
        };
    }

    /// Forget confirmed updates (id < offset; a negative offset keeps only the last -offset).
    fn confirm(&mut self, offset: i64) {
        if offset > 0 {
            self.queue.retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
        } else if offset < 0 {
            let keep = offset.unsigned_abs() as usize;
            while self.queue.len() > keep {
                self.queue.pop_front();
            }
        }
    }

    fn pending(&mut self, limit: usize) -> Vec<Value> {
        if let Some((kinds, since)) = &self.allowed_updates {
            self.queue.retain(|u| {
                let id = u["update_id"].as_i64().unwrap_or(0);
                let kind = u
                    .as_object()
                    .and_then(|o| o.keys().find(|k| k.as_str() != "update_id"))
                    .map(String::as_str)
                    .unwrap_or("");
                id <= *since || kinds.contains(kind)
            });
        }
        self.queue.iter().take(limit).cloned().collect()
    }
}

async fn get_updates(shared: &Shared, body: &Value) -> ApiResult {
    let offset = param_i64(body, "offset").unwrap_or(0);
    let limit = match param_i64(body, "limit") {
        Some(n) if n > 0 => (n as usize).min(DEFAULT_UPDATE_LIMIT),
        _ => DEFAULT_UPDATE_LIMIT,
    };
    let wait = Duration::from_secs(param_i64(body, "timeout").unwrap_or(0).max(0) as u64).min(MAX_POLL_WAIT);
    {
        let mut st = shared.lock();
        st.set_allowed_updates(body);
        st.confirm(offset);
    }
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let notified = shared.new_update.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        let batch = shared.lock().pending(limit);
        if !batch.is_empty() {
            return Ok(Value::Array(batch));
        }
        if tokio::time::timeout_at(deadline, notified).await.is_err() {
            return Ok(json!([]));
        }
    }
}

fn get_me() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": BOT_FIRST_NAME,
        "username": BOT_USERNAME,
        "can_join_groups": true,
        "can_read_all_group_messages": false,
        "supports_inline_queries": false,
        "can_connect_to_business": false,
        "has_main_web_app": false,
    })
}

// ---------------------------------------------------------------------------------------------
// HTTP layer

async fn handle(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path = uri.path().trim_start_matches('/');
    let segments: Vec<String> = path.split('/').map(percent_decode).collect();
    let expected = format!("bot{TOKEN}");

    if segments.len() >= 3 && segments[0] == "file" {
        let file_path = segments[2..].join("/");
        let mut st = shared.lock();
        st.calls.push(Call {
            method: "file".into(),
            body: json!({ "file_path": file_path }),
        });
        if segments[1] != expected {
            return ApiErr::new(401, "Unauthorized").into_response();
        }
        return match st.files.iter().rev().find(|f| f.path == file_path) {
            // Vec<u8> responds with Content-Type: application/octet-stream.
            Some(file) => file.bytes.as_ref().clone().into_response(),
            None => ApiErr::new(404, "Not Found").into_response(),
        };
    }

    if segments.len() != 2 || !segments[0].starts_with("bot") || segments[1].is_empty() {
        return ApiErr::new(404, "Not Found").into_response();
    }
    let method = segments[1].to_ascii_lowercase();
    let (params, uploads) = match parse_params(&uri, &headers, &body) {
        Ok(parsed) => parsed,
        Err(e) => {
            let raw = String::from_utf8_lossy(&body).into_owned();
            shared.lock().calls.push(Call {
                method,
                body: json!({ "_raw": raw }),
            });
            return e.into_response();
        }
    };

    {
        let mut st = shared.lock();
        st.calls.push(Call {
            method: method.clone(),
            body: params.clone(),
        });
        if segments[0] != expected {
            return ApiErr::new(401, "Unauthorized").into_response();
        }
        if let Some(err) = st.injected_failure(&method) {
            return err.into_response();
        }
    }

    let result = match method.as_str() {
        "getupdates" => get_updates(&shared, &params).await,
        "getme" => Ok(get_me()),
        "getwebhookinfo" => {
            let pending = shared.lock().queue.len();
            Ok(json!({"url": "", "has_custom_certificate": false, "pending_update_count": pending}))
        }
        "sendmessage" => shared.lock().send_message(&params),
        "editmessagetext" => shared.lock().edit_message_text(&params),
        "editmessagecaption" => shared.lock().edit_message_caption(&params),
        "editmessagereplymarkup" => shared.lock().edit_message_reply_markup(&params),
        "getfile" => shared.lock().get_file(&params),
        "senddocument" => shared.lock().send_media("document", &params, &uploads),
        "sendphoto" => shared.lock().send_media("photo", &params, &uploads),
        _ => Ok(json!(true)),
    };
    match result {
        Ok(value) => ok(value),
        Err(e) => e.into_response(),
    }
}

/// Request parameters as a JSON object (query string, JSON, urlencoded form or multipart).
fn parse_params(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<(Value, Vec<Upload>), ApiErr> {
    let mut params = Map::new();
    if let Some(query) = uri.query() {
        params.extend(parse_urlencoded(query));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let lower = content_type.to_ascii_lowercase();
    let mut uploads = Vec::new();
    if lower.starts_with("multipart/form-data") {
        let boundary = content_type
            .split(';')
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
            .map(|(_, v)| v.trim().trim_matches('"').to_string())
            .ok_or_else(|| ApiErr::bad("multipart boundary is missing"))?;
        let (fields, files) = parse_multipart(body, &boundary).map_err(ApiErr::bad)?;
        params.extend(fields);
        let described: Vec<Value> = files
            .iter()
            .map(|u| {
                let attach = format!("attach://{}", u.field);
                let for_field = params
                    .iter()
                    .find(|(_, v)| v.as_str() == Some(attach.as_str()))
                    .map(|(k, _)| k.clone())
                    .unwrap_or_else(|| u.field.clone());
                json!({"field": u.field, "file_name": u.file_name, "len": u.bytes.len(), "for_field": for_field})
            })
            .collect();
        params.insert("_files".into(), Value::Array(described));
        uploads = files;
    } else if lower.starts_with("application/x-www-form-urlencoded") {
        params.extend(parse_urlencoded(&String::from_utf8_lossy(body)));
    } else if !body.iter().all(u8::is_ascii_whitespace) {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(obj)) => params.extend(obj),
            _ => return Err(ApiErr::bad("can't parse JSON object")),
        }
    }
    Ok((Value::Object(params), uploads))
}

fn parse_urlencoded(s: &str) -> Map<String, Value> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (
                percent_decode(&k.replace('+', " ")),
                Value::String(percent_decode(&v.replace('+', " "))),
            )
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn parse_multipart(body: &[u8], boundary: &str) -> Result<(Map<String, Value>, Vec<Upload>), String> {
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\r\n--{boundary}");
    let mut fields = Map::new();
    let mut uploads = Vec::new();
    let mut pos = find(body, delimiter.as_bytes(), 0).ok_or("multipart boundary not found")? + delimiter.len();
    loop {
        if body[pos..].starts_with(b"--") {
            break;
        }
        if body[pos..].starts_with(b"\r\n") {
            pos += 2;
        }
        let headers_end = find(body, b"\r\n\r\n", pos).ok_or("malformed multipart part headers")?;
        let headers = String::from_utf8_lossy(&body[pos..headers_end]).into_owned();
        let content_start = headers_end + 4;
        let content_end = find(body, next_delimiter.as_bytes(), content_start).ok_or("unterminated multipart part")?;
        let content = &body[content_start..content_end];
        pos = content_end + next_delimiter.len();

        let mut name = None;
        let mut file_name = None;
        for line in headers.split("\r\n") {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            if key.trim().eq_ignore_ascii_case("content-disposition") {
                let params = disposition_params(value);
                name = params.get("name").cloned();
                file_name = params.get("filename").cloned();
            }
        }
        let name = name.ok_or("multipart part without a name")?;
        match file_name {
            Some(file_name) => uploads.push(Upload {
                field: name,
                file_name,
                bytes: content.to_vec(),
            }),
            None => {
                fields.insert(name, Value::String(String::from_utf8_lossy(content).into_owned()));
            }
        }
    }
    Ok((fields, uploads))
}

/// Parameters of a Content-Disposition header value (`form-data; name="x"; filename="y"`), with
/// quoted-string escapes undone and RFC 5987 `name*=utf-8''...` values decoded.
fn disposition_params(value: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Some(start) = value.find(';') else {
        return out;
    };
    let mut rest = &value[start + 1..];
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        let Some(eq) = rest.find('=') else {
            break;
        };
        let key = rest[..eq].trim().to_ascii_lowercase();
        rest = &rest[eq + 1..];
        let mut val = String::new();
        if let Some(quoted) = rest.strip_prefix('"') {
            let mut escaped = false;
            let mut end = quoted.len();
            for (idx, ch) in quoted.char_indices() {
                if escaped {
                    val.push(ch);
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' {
                    end = idx + 1;
                    break;
                } else {
                    val.push(ch);
                }
            }
            rest = &quoted[end.min(quoted.len())..];
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            val = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        match key.strip_suffix('*') {
            Some(plain_key) => {
                let encoded = val.split_once("''").map(|(_, v)| v).unwrap_or(&val);
                out.insert(plain_key.to_string(), percent_decode(encoded));
            }
            None => {
                out.insert(key, val);
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Parameter helpers and Telegram's checks

fn param_str(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn param_i64(body: &Value, key: &str) -> Option<i64> {
    match body.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A structured parameter: JSON as is, or a JSON-encoded string (multipart / form requests).
fn param_json(body: &Value, key: &str) -> Option<Value> {
    match body.get(key)? {
        Value::String(s) => serde_json::from_str(s).ok(),
        Value::Null => None,
        other => Some(other.clone()),
    }
}

fn chat_id_param(body: &Value) -> Result<i64, ApiErr> {
    match body.get("chat_id") {
        None | Some(Value::Null) => Err(ApiErr::bad("chat_id is empty")),
        Some(_) => param_i64(body, "chat_id").ok_or_else(|| ApiErr::bad("chat not found")),
    }
}

fn is_html(body: &Value) -> bool {
    param_str(body, "parse_mode").is_some_and(|m| m.eq_ignore_ascii_case("html"))
}

/// Parse the text like Telegram would and return the plain text, or the error Telegram gives.
fn entity_text(body: &Value, text: &str) -> Result<String, ApiErr> {
    if is_html(body) {
        parse_html(text).map_err(|e| ApiErr::bad(format!("can't parse entities: {e}")))
    } else {
        Ok(text.to_string())
    }
}

fn checked_text(body: &Value, text: &str, empty: &str, too_long: &str) -> Result<String, ApiErr> {
    let plain = entity_text(body, text)?;
    let trimmed = plain.trim();
    if trimmed.is_empty() {
        return Err(ApiErr::bad(empty));
    }
    if trimmed.encode_utf16().count() > TEXT_LIMIT {
        return Err(ApiErr::bad(too_long));
    }
    Ok(trimmed.to_string())
}

fn checked_caption(body: &Value, caption: &str, too_long: &str) -> Result<String, ApiErr> {
    let plain = entity_text(body, caption)?;
    let trimmed = plain.trim();
    if trimmed.encode_utf16().count() > CAPTION_LIMIT {
        return Err(ApiErr::bad(too_long));
    }
    Ok(trimmed.to_string())
}

/// Validate `reply_markup`; returns it if it is an inline keyboard (the only kind echoed back).
fn checked_markup(body: &Value) -> Result<Option<Value>, ApiErr> {
    let Some(markup) = param_json(body, "reply_markup") else {
        return Ok(None);
    };
    let Some(rows) = markup.get("inline_keyboard") else {
        return Ok(None);
    };
    let rows = rows
        .as_array()
        .ok_or_else(|| ApiErr::bad("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array"))?;
    for row in rows {
        for button in row.as_array().map(Vec::as_slice).unwrap_or_default() {
            if let Some(data) = button.get("callback_data") {
                let len = data.as_str().map(str::len).unwrap_or(0);
                if len == 0 || len > CALLBACK_DATA_LIMIT {
                    return Err(ApiErr::bad("BUTTON_DATA_INVALID"));
                }
            }
        }
    }
    Ok(Some(markup))
}

/// Validate Telegram-flavoured HTML and return the text without markup, entities decoded.
fn parse_html(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        match c {
            '<' => {
                let rest = &text[i..];
                let end = tag_end(rest).ok_or_else(|| format!("Unclosed start tag at byte offset {i}"))?;
                let inner = &rest[1..end];
                if let Some(name) = inner.strip_prefix('/') {
                    let name = name.trim().to_ascii_lowercase();
                    match open.pop() {
                        Some(expected) if expected == name => {}
                        Some(expected) => {
                            return Err(format!(
                                "Unmatched end tag at byte offset {i}, expected \"</{expected}>\", found \"</{name}>\""
                            ));
                        }
                        None => return Err(format!("Unexpected end tag at byte offset {i}")),
                    }
                } else {
                    let name: String = inner
                        .chars()
                        .take_while(|c| !c.is_whitespace() && *c != '/')
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if !HTML_TAGS.contains(&name.as_str()) {
                        return Err(format!("Unsupported start tag \"{name}\" at byte offset {i}"));
                    }
                    open.push(name);
                }
                i += end + 1;
            }
            '&' => {
                let (decoded, len) = html_entity(&text[i..])
                    .ok_or_else(|| format!("Can't find end of the entity starting at byte offset {i}"))?;
                out.push(decoded);
                i += len;
            }
            _ => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    match open.last() {
        Some(tag) => Err(format!("Can't find end tag corresponding to start tag \"{tag}\"")),
        None => Ok(out),
    }
}

/// Byte index of the `>` closing the tag that starts `s` (quoted attribute values may contain `>`).
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (idx, ch) in s.char_indices().skip(1) {
        match (quote, ch) {
            (Some(q), _) if ch == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '>') => return Some(idx),
            (None, '<') => return None,
            (None, _) => {}
        }
    }
    None
}

/// Decode the entity at the start of `s` (`&lt;`, `&gt;`, `&amp;`, `&quot;`, `&#NN;`, `&#xHH;`).
fn html_entity(s: &str) -> Option<(char, usize)> {
    let semi = s.find(';').filter(|&p| p <= 12)?;
    let name = &s[1..semi];
    let decoded = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((decoded, semi + 1))
}
