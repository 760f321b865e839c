//! Tolerant JSON extraction from model output: the object may sit in a code fence or in prose,
//! carry trailing commas, raw line breaks inside strings, or stop halfway (small local models
//! run out of tokens). We find the first object, repair what can be repaired without guessing
//! content, and parse it.

use serde_json::Value;

/// Why no object could be taken from a reply.
#[derive(Debug, thiserror::Error)]
pub enum JsonError {
    #[error("no JSON object in the reply")]
    NoObject,
    #[error("the reply is JSON but not an object")]
    NotObject,
    #[error("invalid JSON: {0}")]
    Invalid(serde_json::Error),
}

/// The first JSON object in `text`, repaired if needed.
pub fn extract_object(text: &str) -> Result<Value, JsonError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut candidates: Vec<&str> = Vec::new();
    // Fenced blocks first (```json ... ```), then the whole text from its first brace.
    let mut rest = text;
    while let Some(i) = rest.find("```") {
        let after = &rest[i + 3..];
        let body_start = after.find('\n').map(|n| n + 1).unwrap_or(0);
        let body = &after[body_start..];
        match body.find("```") {
            Some(end) => {
                candidates.push(&body[..end]);
                rest = &body[end + 3..];
            }
            None => {
                candidates.push(body);
                break;
            }
        }
    }
    candidates.push(text);
    let mut last_err = JsonError::NoObject;
    for c in candidates {
        let Some(start) = c.find('{') else { continue };
        let slice = balanced(&c[start..]);
        match serde_json::from_str::<Value>(slice) {
            Ok(v @ Value::Object(_)) => return Ok(v),
            Ok(_) => last_err = JsonError::NotObject,
            Err(e) => {
                let repaired = repair(slice);
                match serde_json::from_str::<Value>(&repaired) {
                    Ok(v @ Value::Object(_)) => return Ok(v),
                    _ => last_err = JsonError::Invalid(e),
                }
            }
        }
    }
    Err(last_err)
}

/// The prefix of `s` (starting at `{`) up to its matching closing brace, or all of it.
fn balanced(s: &str) -> &str {
    let mut depth = 0i32;
    let mut in_str = false;
    let mut esc = false;
    for (i, ch) in s.char_indices() {
        if in_str {
            match (esc, ch) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '"' => in_str = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return &s[..i + ch.len_utf8()];
                }
            }
            _ => {}
        }
    }
    s
}

/// Remove trailing commas; escape control characters written raw inside strings (a line break
/// in the middle of a feedback sentence); close an unfinished string, drop a dangling key or
/// comma, and close open arrays and objects. Never invents values beyond `null` for a
/// dangling `"key":`.
pub fn repair(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut stack: Vec<char> = Vec::new();
    let mut in_str = false;
    let mut esc = false;
    for ch in s.chars() {
        if in_str && ch.is_ascii_control() && ch != '\u{7f}' {
            // `\` already written when it follows a backslash.
            if !esc {
                out.push('\\');
            }
            esc = false;
            match ch {
                '\n' => out.push('n'),
                '\r' => out.push('r'),
                '\t' => out.push('t'),
                c => out.push_str(&format!("u{:04x}", c as u32)),
            }
            continue;
        }
        if in_str {
            out.push(ch);
            match (esc, ch) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match ch {
            '"' => {
                in_str = true;
                out.push(ch);
            }
            '{' => {
                stack.push('}');
                out.push(ch);
            }
            '[' => {
                stack.push(']');
                out.push(ch);
            }
            '}' | ']' => {
                trim_trailing_comma(&mut out);
                if stack.last() == Some(&ch) {
                    stack.pop();
                }
                out.push(ch);
            }
            _ => out.push(ch),
        }
    }
    if in_str {
        if esc {
            out.pop();
        }
        out.push('"');
    }
    // A value cut off after its key (`"key":` or `"key"`), or a dangling comma.
    loop {
        let t = out.trim_end();
        if t.ends_with(',') {
            let n = t.len() - 1;
            out.truncate(n);
        } else if t.ends_with(':') {
            out.truncate(t.len());
            out.push_str("null");
        } else {
            out.truncate(t.len());
            break;
        }
    }
    // Close what is still open.
    while let Some(c) = stack.pop() {
        trim_trailing_comma(&mut out);
        out.push(c);
    }
    out
}

fn trim_trailing_comma(out: &mut String) {
    let t = out.trim_end().len();
    out.truncate(t);
    if out.ends_with(',') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_objects_in_fences_prose_and_broken_output() {
        assert_eq!(extract_object("{\"a\":1}").unwrap()["a"], 1);
        assert_eq!(
            extract_object("Sure! ```json\n{\"a\": 2}\n``` hope it helps").unwrap()["a"],
            2
        );
        assert_eq!(
            extract_object("Here you go: {\"a\": 3, \"b\": [1,2,],} done").unwrap()["a"],
            3
        );
        let cut = extract_object("{\"a\": 4, \"items\": [{\"k\": \"x\"}, {\"k\": \"unfinished").unwrap();
        assert_eq!(cut["a"], 4);
        assert_eq!(cut["items"][1]["k"], "unfinished");
        let raw = extract_object("{\"a\": \"line one\nline two\ttab\", \"b\": \"x\\\ny\", \"c\": 1}").unwrap();
        assert_eq!(raw["a"], "line one\nline two\ttab");
        assert_eq!(raw["b"], "x\ny");
        assert_eq!(raw["c"], 1);
        let dangling = extract_object("{\"a\": 5, \"b\":").unwrap();
        assert!(dangling["b"].is_null());
        assert!(matches!(extract_object("no json here"), Err(JsonError::NoObject)));
        assert!(matches!(extract_object("[1,2,3]"), Err(JsonError::NoObject)));
        let e = extract_object("{\"a\" 1}").unwrap_err().to_string();
        assert!(e.starts_with("invalid JSON: expected `:`"), "{e}");
        assert_eq!(
            extract_object("{\"s\": \"brace } in \\\"string\\\"\"}").unwrap()["s"],
            "brace } in \"string\""
        );
    }
}
