//! The REST server: the token check, the JSON or multipart body, and the route table of
//! `/api/v10/...` (gateway info, users, channels and messages, typing, DMs, threads, commands,
//! interaction callbacks and webhooks).

use super::shapes::{bot_user_json, id_of, sid, user_json};
use super::validate::{check_message, describe, discord_error, form_error};
use super::{APP_ID, BOT_ID, BOT_NAME, Call, FILE_SIZE_LIMIT, FilePart, Reply, Shared, TOKEN, problem};
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{Extensions, HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::Instant;

pub(super) async fn rest_handler(State(shared): State<Arc<Shared>>, request: Request) -> Response {
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
