//! The HTTP layer: `/bot<token>/<method>` and `/file/bot<token>/<path>` routing, and request
//! parameters from the query string, JSON, urlencoded forms or multipart bodies (with uploads).

use super::state::{get_me, get_updates};
use super::{ApiErr, Call, Shared, TOKEN, Upload, ok};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;

pub(super) async fn handle(State(shared): State<Arc<Shared>>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
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
