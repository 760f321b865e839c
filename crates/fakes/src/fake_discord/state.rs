//! The fake's state helpers: snowflakes, DM channels, registering interactions and their JSON,
//! dispatching gateway events (filtered by intent and MESSAGE_CONTENT), creating and editing
//! messages with attachments, and the mass-mention check.

use super::shapes::{bot_user_json, dm_channel_json, id_of, non_null_or, now_ts, sid, text_channel_json, user_json};
use super::{
    APP_ID, DISCORD_EPOCH_MS, EVERYONE_PERMISSIONS, FILE_SIZE_LIMIT, FilePart, INTENT_MESSAGE_CONTENT, Interaction,
    LogEntry, Out, Pending, St, StoredMessage,
};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

impl St {
    pub(super) fn snowflake(&mut self) -> u64 {
        let ms = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
        let candidate = ms.saturating_sub(DISCORD_EPOCH_MS) << 22;
        self.last_id = candidate.max(self.last_id + 1);
        self.last_id
    }

    pub(super) fn error(&mut self, e: impl Into<String>) {
        self.errors.push(e.into());
    }

    pub(super) fn dm_channel(&mut self, user_id: u64) -> u64 {
        if let Some(c) = self.dm_channels.get(&user_id) {
            return *c;
        }
        let id = self.snowflake();
        self.dm_channels.insert(user_id, id);
        self.channels.insert(id, dm_channel_json(id, user_id));
        id
    }

    /// Make a channel used in an injected event known (for `GET /channels/{id}`).
    pub(super) fn touch_channel(&mut self, channel_id: u64, guild_id: Option<u64>, user_id: u64) {
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

    pub(super) fn register_interaction(&mut self, id: u64, kind: u8, channel_id: u64, message_id: Option<u64>) {
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

    pub(super) fn interaction_json(
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

    pub(super) fn dispatch(&mut self, t: &str, d: Value, need: u64, strip: bool) {
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

    pub(super) fn flush_pending(&mut self) {
        for p in std::mem::take(&mut self.pending) {
            self.send_pending(p);
        }
    }

    /// Store a new bot message and log it as created in `channel_id`.
    pub(super) fn create_message(
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
    pub(super) fn edit_message(&mut self, message_id: u64, body: &Value, files: &[FilePart]) -> Option<Value> {
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
