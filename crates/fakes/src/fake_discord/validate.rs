//! Discord's limits, checked on everything the bot sends: content length, embeds, component rows
//! and buttons, modals, command and option names; problems are answered with Discord's form
//! error (code 50035) and recorded.

use super::{
    BUTTON_LABEL_LIMIT, CONTENT_LIMIT, CUSTOM_ID_LIMIT, MAX_FILES, MAX_ROW_ITEMS, MAX_ROWS, Problem, Reply, problem,
};
use serde_json::{Map, Value, json};
use std::collections::HashSet;

pub(super) fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

pub(super) fn check_len(v: &Value, path: &str, min: usize, max: usize, problems: &mut Vec<Problem>) {
    if v.is_null() {
        if min > 0 {
            problems.push(problem(path, "BASE_TYPE_REQUIRED", "This field is required"));
        }
        return;
    }
    if !v.is_string() {
        problems.push(problem(path, "BASE_TYPE_STRING", "Must be a string."));
        return;
    }
    let n = chars(v);
    if n < min || n > max {
        problems.push(problem(
            path,
            "BASE_TYPE_BAD_LENGTH",
            format!("Must be between {min} and {max} in length (is {n})."),
        ));
    }
}

/// Message create/edit payload checks. `creating`: an empty message is refused.
pub(super) fn check_message(body: &Value, files: usize, creating: bool) -> (Vec<Problem>, bool) {
    let mut p = Vec::new();
    let content = &body["content"];
    if !content.is_null() {
        check_len(content, "content", 0, CONTENT_LIMIT, &mut p);
    }
    let embeds = body["embeds"].as_array().cloned().unwrap_or_default();
    check_embeds(&embeds, &mut p);
    let components = body["components"].as_array().cloned().unwrap_or_default();
    check_components(&components, "components", &mut p);
    if files > MAX_FILES {
        p.push(problem(
            "files",
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {MAX_FILES} or fewer in length."),
        ));
    }
    let am = &body["allowed_mentions"];
    if let Some(parse) = am["parse"].as_array() {
        for (kind, list) in [("users", "users"), ("roles", "roles")] {
            if parse.iter().any(|x| x.as_str() == Some(kind)) && am[list].as_array().is_some_and(|l| !l.is_empty()) {
                p.push(problem(
                    format!("allowed_mentions.{list}"),
                    "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                    format!("parse:[\"{kind}\"] and {list}: [ids...] are mutually exclusive."),
                ));
            }
        }
    }
    let empty = creating
        && chars(content) == 0
        && embeds.is_empty()
        && components.is_empty()
        && files == 0
        && body["sticker_ids"].as_array().is_none_or(|s| s.is_empty())
        && body["poll"].is_null();
    (p, empty)
}

fn check_embeds(embeds: &[Value], p: &mut Vec<Problem>) {
    if embeds.len() > 10 {
        p.push(problem(
            "embeds",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 10 or fewer in length.",
        ));
    }
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let at = |f: &str| format!("embeds.{i}.{f}");
        for (field, max) in [("title", 256), ("description", 4096)] {
            if !e[field].is_null() {
                check_len(&e[field], &at(field), 0, max, p);
                total += chars(&e[field]);
            }
        }
        if !e["footer"].is_null() {
            check_len(&e["footer"]["text"], &at("footer.text"), 1, 2048, p);
            total += chars(&e["footer"]["text"]);
        }
        if !e["author"].is_null() {
            check_len(&e["author"]["name"], &at("author.name"), 1, 256, p);
            total += chars(&e["author"]["name"]);
        }
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        if fields.len() > 25 {
            p.push(problem(
                at("fields"),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            ));
        }
        for (j, f) in fields.iter().enumerate() {
            check_len(&f["name"], &at(&format!("fields.{j}.name")), 1, 256, p);
            check_len(&f["value"], &at(&format!("fields.{j}.value")), 1, 1024, p);
            total += chars(&f["name"]) + chars(&f["value"]);
        }
    }
    if total > 6000 {
        p.push(problem(
            "embeds",
            "MAX_EMBED_SIZE_EXCEEDED",
            format!("Embed size exceeds maximum size of 6000 ({total})"),
        ));
    }
}

fn check_components(rows: &[Value], path: &str, p: &mut Vec<Problem>) {
    if rows.len() > MAX_ROWS {
        p.push(problem(
            path,
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {MAX_ROWS} or fewer in length."),
        ));
    }
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let rp = format!("{path}.{i}");
        if row["type"].as_u64() != Some(1) {
            p.push(problem(
                &rp,
                "COMPONENT_LAYOUT_INVALID",
                "Top-level components must be action rows (type 1).",
            ));
            continue;
        }
        let items = row["components"].as_array().cloned().unwrap_or_default();
        if items.is_empty() || items.len() > MAX_ROW_ITEMS {
            p.push(problem(
                format!("{rp}.components"),
                "BASE_TYPE_BAD_LENGTH",
                format!("Must be between 1 and {MAX_ROW_ITEMS} in length."),
            ));
        }
        for (j, c) in items.iter().enumerate() {
            let cp = format!("{rp}.components.{j}");
            let custom_id = &c["custom_id"];
            if let Some(id) = custom_id.as_str()
                && !seen.insert(id.to_string())
            {
                p.push(problem(
                    format!("{cp}.custom_id"),
                    "COMPONENT_CUSTOM_ID_DUPLICATED",
                    format!("Component custom id {id:?} cannot be duplicated"),
                ));
            }
            match c["type"].as_u64() {
                Some(2) => {
                    let style = c["style"].as_u64().unwrap_or(0);
                    match style {
                        1..=4 => check_len(custom_id, &format!("{cp}.custom_id"), 1, CUSTOM_ID_LIMIT, p),
                        5 => {
                            check_len(&c["url"], &format!("{cp}.url"), 1, 512, p);
                            if !custom_id.is_null() {
                                p.push(problem(
                                    format!("{cp}.custom_id"),
                                    "BUTTON_COMPONENT_INVALID",
                                    "Link buttons cannot have a custom_id",
                                ));
                            }
                        }
                        6 => {}
                        _ => p.push(problem(
                            format!("{cp}.style"),
                            "BASE_TYPE_CHOICES",
                            "Invalid button style",
                        )),
                    }
                    if !c["label"].is_null() {
                        check_len(&c["label"], &format!("{cp}.label"), 0, BUTTON_LABEL_LIMIT, p);
                    }
                    if chars(&c["label"]) == 0 && c["emoji"].is_null() && style != 6 {
                        p.push(problem(
                            &cp,
                            "BUTTON_COMPONENT_INVALID",
                            "A button needs a label or an emoji",
                        ));
                    }
                }
                Some(3 | 5..=8) => {
                    if items.len() != 1 {
                        p.push(problem(
                            &cp,
                            "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                            "A select menu must be alone in its action row",
                        ));
                    }
                    check_len(custom_id, &format!("{cp}.custom_id"), 1, CUSTOM_ID_LIMIT, p);
                    if !c["placeholder"].is_null() {
                        check_len(&c["placeholder"], &format!("{cp}.placeholder"), 0, 150, p);
                    }
                    if c["type"].as_u64() == Some(3) {
                        let options = c["options"].as_array().cloned().unwrap_or_default();
                        if options.is_empty() || options.len() > 25 {
                            p.push(problem(
                                format!("{cp}.options"),
                                "BASE_TYPE_BAD_LENGTH",
                                "Must be between 1 and 25 in length.",
                            ));
                        }
                        for (k, o) in options.iter().enumerate() {
                            check_len(&o["label"], &format!("{cp}.options.{k}.label"), 1, 100, p);
                            check_len(&o["value"], &format!("{cp}.options.{k}.value"), 1, 100, p);
                            if !o["description"].is_null() {
                                check_len(&o["description"], &format!("{cp}.options.{k}.description"), 0, 100, p);
                            }
                        }
                    }
                }
                Some(4) => p.push(problem(
                    &cp,
                    "COMPONENT_TYPE_INVALID",
                    "Text inputs are only allowed in modals",
                )),
                other => p.push(problem(
                    format!("{cp}.type"),
                    "COMPONENT_TYPE_INVALID",
                    format!("Invalid component type {other:?}"),
                )),
            }
        }
    }
}

pub(super) fn check_modal(data: &Value, p: &mut Vec<Problem>) {
    check_len(&data["custom_id"], "data.custom_id", 1, CUSTOM_ID_LIMIT, p);
    check_len(&data["title"], "data.title", 1, 45, p);
    let rows = data["components"].as_array().cloned().unwrap_or_default();
    if rows.is_empty() || rows.len() > 5 {
        p.push(problem(
            "data.components",
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 5 in length.",
        ));
    }
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let rp = format!("data.components.{i}");
        let items = row["components"].as_array().cloned().unwrap_or_default();
        if row["type"].as_u64() != Some(1) || items.len() != 1 {
            p.push(problem(
                &rp,
                "COMPONENT_LAYOUT_INVALID",
                "Each modal row must hold exactly one text input",
            ));
            continue;
        }
        let c = &items[0];
        let cp = format!("{rp}.components.0");
        if c["type"].as_u64() != Some(4) {
            p.push(problem(
                format!("{cp}.type"),
                "COMPONENT_TYPE_INVALID",
                "Modals take text inputs (type 4)",
            ));
        }
        check_len(&c["custom_id"], &format!("{cp}.custom_id"), 1, CUSTOM_ID_LIMIT, p);
        if let Some(id) = c["custom_id"].as_str()
            && !seen.insert(id.to_string())
        {
            p.push(problem(
                format!("{cp}.custom_id"),
                "COMPONENT_CUSTOM_ID_DUPLICATED",
                format!("Component custom id {id:?} cannot be duplicated"),
            ));
        }
        check_len(&c["label"], &format!("{cp}.label"), 1, 45, p);
        if !matches!(c["style"].as_u64(), Some(1 | 2)) {
            p.push(problem(
                format!("{cp}.style"),
                "BASE_TYPE_CHOICES",
                "Text input style must be 1 or 2",
            ));
        }
        for f in ["min_length", "max_length"] {
            if c[f].as_u64().is_some_and(|n| n > 4000) {
                p.push(problem(format!("{cp}.{f}"), "NUMBER_TYPE_MAX", "Must be 4000 or less."));
            }
        }
        if !c["value"].is_null() {
            check_len(&c["value"], &format!("{cp}.value"), 0, 4000, p);
        }
        if !c["placeholder"].is_null() {
            check_len(&c["placeholder"], &format!("{cp}.placeholder"), 0, 100, p);
        }
    }
}

fn check_command_name(v: &Value, path: &str, chat_input: bool, p: &mut Vec<Problem>) {
    check_len(v, path, 1, 32, p);
    let name = v.as_str().unwrap_or("");
    if chat_input
        && !name
            .chars()
            .all(|c| (c.is_alphanumeric() || c == '-' || c == '_') && c.to_lowercase().eq(std::iter::once(c)))
    {
        p.push(problem(
            path,
            "APPLICATION_COMMAND_INVALID_NAME",
            format!("Command name {name:?} is invalid (lowercase letters, digits, - and _ only)"),
        ));
    }
}

pub(super) fn check_command(cmd: &Value, path: &str, p: &mut Vec<Problem>) {
    let kind = cmd["type"].as_u64().unwrap_or(1);
    let chat_input = kind == 1;
    check_command_name(&cmd["name"], &format!("{path}name"), chat_input, p);
    let desc = &cmd["description"];
    if chat_input {
        check_len(desc, &format!("{path}description"), 1, 100, p);
    } else if chars(desc) > 0 {
        p.push(problem(
            format!("{path}description"),
            "APPLICATION_COMMAND_INVALID_DESCRIPTION",
            "Context menu commands cannot have a description",
        ));
    }
    if !chat_input && cmd["options"].as_array().is_some_and(|o| !o.is_empty()) {
        p.push(problem(
            format!("{path}options"),
            "APPLICATION_COMMAND_OPTIONS_INVALID",
            "Context menu commands cannot have options",
        ));
    }
    check_options(&cmd["options"], &format!("{path}options"), p);
}

fn check_options(options: &Value, path: &str, p: &mut Vec<Problem>) {
    let options = options.as_array().cloned().unwrap_or_default();
    if options.len() > 25 {
        p.push(problem(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."));
    }
    let mut names = HashSet::new();
    let mut optional_seen = false;
    for (i, o) in options.iter().enumerate() {
        let op = format!("{path}.{i}");
        let kind = o["type"].as_u64().unwrap_or(0);
        if !(1..=11).contains(&kind) {
            p.push(problem(
                format!("{op}.type"),
                "BASE_TYPE_CHOICES",
                format!("Invalid option type {kind}"),
            ));
        }
        check_command_name(&o["name"], &format!("{op}.name"), true, p);
        if let Some(n) = o["name"].as_str()
            && !names.insert(n.to_string())
        {
            p.push(problem(
                format!("{op}.name"),
                "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                format!("Option name {n:?} is already used"),
            ));
        }
        check_len(&o["description"], &format!("{op}.description"), 1, 100, p);
        if kind == 1 || kind == 2 {
            check_options(&o["options"], &format!("{op}.options"), p);
            continue;
        }
        let required = o["required"].as_bool().unwrap_or(false);
        if required && optional_seen {
            p.push(problem(
                format!("{op}.required"),
                "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                "Required options must be placed before non-required options",
            ));
        }
        optional_seen |= !required;
        let choices = o["choices"].as_array().cloned().unwrap_or_default();
        if choices.len() > 25 {
            p.push(problem(
                format!("{op}.choices"),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            ));
        }
        for (j, c) in choices.iter().enumerate() {
            check_len(&c["name"], &format!("{op}.choices.{j}.name"), 1, 100, p);
            if c["value"].is_string() {
                check_len(&c["value"], &format!("{op}.choices.{j}.value"), 1, 100, p);
            }
        }
    }
}

pub(super) fn form_error(problems: &[Problem]) -> Value {
    let mut errors = Map::new();
    for pr in problems {
        let mut node = &mut errors;
        for seg in pr.path.split('.').filter(|s| !s.is_empty()) {
            let entry = node.entry(seg.to_string()).or_insert_with(|| json!({}));
            node = entry.as_object_mut().expect("error tree node");
        }
        let list = node.entry("_errors").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(json!({"code": pr.code, "message": pr.message}));
        }
    }
    json!({"code": 50035, "message": "Invalid Form Body", "errors": errors})
}

pub(super) fn describe(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{}: {} ({})", p.path, p.message, p.code))
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn discord_error(status: u16, code: u64, message: &str) -> Reply {
    Reply::Json(status, json!({"code": code, "message": message}))
}
