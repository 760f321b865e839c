//! The REST routes that need more than a line: application commands, interaction callbacks (one
//! per interaction, within 3 s), webhook follow-ups and `@original` messages, and threads.

use super::shapes::{bot_user_json, id_of, now_ts, sid};
use super::validate::{check_command, check_len, check_message, check_modal, describe, discord_error, form_error};
use super::{APP_ID, BOT_ID, CALLBACK_WINDOW, FilePart, GUILD_ID, INTENT_GUILDS, Reply, St, TOKEN_LIFETIME, problem};
use serde_json::{Value, json};
use std::collections::HashSet;

impl St {
    pub(super) fn commands(&mut self, method: &str, path: &str, app: &str, guild: Option<u64>, body: &Value) -> Reply {
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

    pub(super) fn callback(&mut self, id: &str, token: &str, body: &Value, files: &[FilePart]) -> Reply {
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

    pub(super) fn followup(&mut self, app: &str, token: &str, body: &Value, files: &[FilePart]) -> Reply {
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

    pub(super) fn webhook_message(
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

    pub(super) fn create_thread(&mut self, path: &str, parent: u64, from_message: Option<u64>, body: &Value) -> Reply {
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
