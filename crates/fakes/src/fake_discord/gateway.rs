//! The gateway (axum WebSocket): HELLO, heartbeats, IDENTIFY (token, intents, the 4014 close
//! when MESSAGE_CONTENT is not allowed), READY, RESUME, and sending the queued events.

use super::shapes::{bot_user_json, guild_create_json, sid};
use super::{
    APP_ID, Conn, GUILD_ID, HEARTBEAT_INTERVAL_MS, INTENT_GUILDS, INTENT_MESSAGE_CONTENT, MAX_WS_FRAME, Out, Shared,
    TOKEN,
};
use axum::extract::State;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{Method, StatusCode, Uri, Version};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc;

pub(super) async fn gateway_handler(
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
