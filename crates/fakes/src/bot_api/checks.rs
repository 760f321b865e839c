//! Parameter helpers and Telegram's checks: chat ids, text and caption lengths, `reply_markup`
//! (inline keyboards, 64-byte callback data) and Telegram-flavoured HTML.

use super::{ApiErr, CALLBACK_DATA_LIMIT, CAPTION_LIMIT, HTML_TAGS, TEXT_LIMIT};
use serde_json::Value;

pub(super) fn param_str(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

pub(super) fn param_i64(body: &Value, key: &str) -> Option<i64> {
    match body.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A structured parameter: JSON as is, or a JSON-encoded string (multipart / form requests).
pub(super) fn param_json(body: &Value, key: &str) -> Option<Value> {
    match body.get(key)? {
        Value::String(s) => serde_json::from_str(s).ok(),
        Value::Null => None,
        other => Some(other.clone()),
    }
}

pub(super) fn chat_id_param(body: &Value) -> Result<i64, ApiErr> {
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

pub(super) fn checked_text(body: &Value, text: &str, empty: &str, too_long: &str) -> Result<String, ApiErr> {
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

pub(super) fn checked_caption(body: &Value, caption: &str, too_long: &str) -> Result<String, ApiErr> {
    let plain = entity_text(body, caption)?;
    let trimmed = plain.trim();
    if trimmed.encode_utf16().count() > CAPTION_LIMIT {
        return Err(ApiErr::bad(too_long));
    }
    Ok(trimmed.to_string())
}

/// Validate `reply_markup`; returns it if it is an inline keyboard (the only kind echoed back).
pub(super) fn checked_markup(body: &Value) -> Result<Option<Value>, ApiErr> {
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
