//! JSON shapes Discord sends: snowflake strings, users, channels, command options, the
//! GUILD_CREATE payload, and the custom ids of a message's components.

use super::{BOT_ID, BOT_NAME, EVERYONE_PERMISSIONS, GUILD_ID, TEXT_CHANNEL_ID};
use serde_json::{Value, json};

pub(super) fn sid(id: u64) -> Value {
    Value::String(id.to_string())
}

pub(super) fn id_of(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

pub(super) fn non_null_or(v: &Value, default: Value) -> Value {
    if v.is_null() { default } else { v.clone() }
}

pub(super) fn now_ts() -> String {
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

pub(super) fn text_channel_json(id: u64, guild_id: u64) -> Value {
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

pub(super) fn dm_channel_json(id: u64, user_id: u64) -> Value {
    json!({"id": sid(id), "type": 1, "last_message_id": null, "flags": 0, "recipients": [user_json(user_id)]})
}

pub(super) fn command_option(name: &str, value: Value) -> Value {
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

pub(super) fn guild_create_json() -> Value {
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

pub(super) fn component_custom_ids(components: &Value) -> Vec<String> {
    components
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
        .collect()
}
