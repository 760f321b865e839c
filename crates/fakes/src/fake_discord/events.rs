//! Events a test injects as Discord users would cause them: slash commands, button clicks, modal
//! submits, user messages, and the bot's own messages as the gateway shows them.

use super::shapes::{bot_user_json, command_option, component_custom_ids, now_ts, sid, user_json};
use super::{BOT_ID, FakeDiscord, GUILD_ID, INTENT_DIRECT_MESSAGES, INTENT_GUILD_MESSAGES};
use serde_json::{Value, json};

impl FakeDiscord {
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
        self.user_message_with_attachment(channel_id, guild_id, user_id, content, None)
    }

    /// MESSAGE_CREATE from a user with one attached file `(filename, content type, bytes)`; the
    /// attachment's URL is served by this fake, as Discord's CDN serves it.
    pub fn user_message_with_attachment(
        &self,
        channel_id: u64,
        guild_id: Option<u64>,
        user_id: u64,
        content: &str,
        file: Option<(&str, &str, Vec<u8>)>,
    ) -> u64 {
        let mut st = self.shared.lock();
        let attachments = match file {
            Some((name, content_type, bytes)) => {
                let aid = st.snowflake();
                let path = format!("{channel_id}/{aid}/{name}");
                let url = format!("{}/attachments/{path}", st.base_url);
                let size = bytes.len();
                st.uploads.insert(path, bytes);
                json!([{
                    "id": sid(aid),
                    "filename": name,
                    "size": size,
                    "url": url,
                    "proxy_url": url,
                    "content_type": content_type,
                }])
            }
            None => json!([]),
        };
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
            "attachments": attachments,
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
}
