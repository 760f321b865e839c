//! The emulator's state (chats, messages, files, the update queue, injected failures) and the Bot API
//! methods that change it: sendMessage, the editMessage* family, getFile, sendDocument/sendPhoto
//! (a photo must be a PNG or JPEG within Telegram's size limits),
//! getUpdates (long polling, `offset`, `allowed_updates`) and getMe.

use super::checks::{chat_id_param, checked_caption, checked_markup, checked_text, param_i64, param_json, param_str};
use super::{
    ApiErr, ApiResult, BOT_FIRST_NAME, BOT_ID, BOT_USERNAME, DEFAULT_UPDATE_LIMIT, DOWNLOAD_LIMIT, EmuState,
    FIRST_MESSAGE_ID, MAX_POLL_WAIT, PHOTO_LIMIT, PHOTO_MAX_RATIO, PHOTO_MAX_SIDES, SentMedia, Shared, StoredFile,
    Upload, bot_user, group_chat, now, private_chat, user_json,
};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

impl EmuState {
    pub(super) fn new() -> EmuState {
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
            media: Vec::new(),
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

    pub(super) fn remember_message(&mut self, msg: &Value) {
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

    pub(super) fn user_message(&mut self, chat_id: i64, from_id: i64) -> Value {
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

    pub(super) fn user_text_message(&mut self, chat_id: i64, from_id: i64, text: &str) -> Value {
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

    pub(super) fn bot_message_with_id(&self, chat_id: i64, message_id: i64) -> Value {
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

    pub(super) fn register_file(
        &mut self,
        prefix: &str,
        path: impl FnOnce(u64) -> String,
        bytes: Vec<u8>,
    ) -> StoredFile {
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
    pub(super) fn injected_failure(&mut self, method: &str) -> Option<ApiErr> {
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

    pub(super) fn send_message(&mut self, body: &Value) -> ApiResult {
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

    pub(super) fn edit_message_text(&mut self, body: &Value) -> ApiResult {
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

    pub(super) fn edit_message_caption(&mut self, body: &Value) -> ApiResult {
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

    pub(super) fn edit_message_reply_markup(&mut self, body: &Value) -> ApiResult {
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

    pub(super) fn get_file(&self, body: &Value) -> ApiResult {
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
    pub(super) fn send_media(&mut self, kind: &str, body: &Value, uploads: &[Upload]) -> ApiResult {
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
        let size = if kind == "photo" {
            Some(photo_size(&file.bytes)?)
        } else {
            None
        };
        let mut msg = self.new_bot_message(chat_id);
        if let Some((width, height)) = size {
            msg["photo"] = json!([{
                "file_id": file.file_id,
                "file_unique_id": file.unique_id,
                "file_size": file.bytes.len(),
                "width": width,
                "height": height,
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
        self.media.push(SentMedia {
            chat_id,
            kind: kind.to_string(),
            file_name,
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
            bytes: file.bytes.as_ref().clone(),
        });
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

pub(super) async fn get_updates(shared: &Shared, body: &Value) -> ApiResult {
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

pub(super) fn get_me() -> Value {
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

/// A photo's width and height as Telegram checks them: a PNG (read from its header) or a JPEG
/// (its first frame header), at most 10 MB, width + height at most 10,000 and sides at most
/// 20:1; anything else is refused like Telegram refuses it.
fn photo_size(bytes: &[u8]) -> Result<(u32, u32), ApiErr> {
    if bytes.len() > PHOTO_LIMIT {
        return Err(ApiErr::bad("PHOTO_SAVE_FILE_INVALID"));
    }
    let be32 = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let size = if bytes.len() >= 24 && bytes.starts_with(b"\x89PNG\r\n\x1a\n") && &bytes[12..16] == b"IHDR" {
        Some((be32(&bytes[16..20]), be32(&bytes[20..24])))
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        jpeg_size(bytes)
    } else {
        None
    };
    let (w, h) = size.ok_or_else(|| ApiErr::bad("IMAGE_PROCESS_FAILED"))?;
    if w == 0 || h == 0 || w + h > PHOTO_MAX_SIDES || w.max(h) > PHOTO_MAX_RATIO * w.min(h) {
        return Err(ApiErr::bad("PHOTO_INVALID_DIMENSIONS"));
    }
    Ok((w, h))
}

/// A JPEG's size from its first start-of-frame segment.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 9 < b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        if matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) {
            let h = u16::from_be_bytes([b[i + 5], b[i + 6]]) as u32;
            let w = u16::from_be_bytes([b[i + 7], b[i + 8]]) as u32;
            return Some((w, h));
        }
        i += 2 + len;
    }
    None
}
