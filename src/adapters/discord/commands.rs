//! Slash commands from the engine's command table, and interaction options back into the
//! argument line the engine parses (it recognises values in any order).

use crate::engine::command_table::{ArgKind, CommandSpec};
use serenity::builder::{CreateCommand, CreateCommandOption};
use serenity::model::application::{CommandDataOption, CommandDataOptionValue, CommandOptionType};

/// Discord allows at most 25 choices per option.
const MAX_CHOICES: usize = 25;

fn description(s: &str) -> String {
    let d: String = s.chars().take(100).collect();
    if d.is_empty() { "—".into() } else { d }
}

/// One slash command per visible command of the table, with typed options and choices.
pub fn slash_commands(table: &[CommandSpec]) -> Vec<CreateCommand> {
    table
        .iter()
        .filter(|c| !c.hidden)
        .map(|c| {
            let mut cmd = CreateCommand::new(c.name).description(description(c.summary));
            for a in c.args {
                let opt = match a.kind {
                    ArgKind::Choice(values) if values.len() <= MAX_CHOICES => {
                        let mut o =
                            CreateCommandOption::new(CommandOptionType::String, a.name, description(a.description));
                        for v in values {
                            o = o.add_string_choice(v.replace('_', " "), *v);
                        }
                        o
                    }
                    ArgKind::Choice(_) | ArgKind::Text => {
                        CreateCommandOption::new(CommandOptionType::String, a.name, description(a.description))
                            .max_length(1900)
                    }
                    ArgKind::Integer { min, max } => {
                        CreateCommandOption::new(CommandOptionType::Integer, a.name, description(a.description))
                            .min_int_value(min as u64)
                            .max_int_value(max as u64)
                    }
                };
                cmd = cmd.add_option(opt.required(a.required));
            }
            cmd
        })
        .collect()
}

/// The options of an interaction as the engine's argument line, in the table's order.
pub fn args_line(spec: Option<&CommandSpec>, options: &[CommandDataOption]) -> String {
    let value = |o: &CommandDataOption| match &o.value {
        CommandDataOptionValue::String(s) => Some(s.clone()),
        CommandDataOptionValue::Integer(i) => Some(i.to_string()),
        CommandDataOptionValue::Number(n) => Some(n.to_string()),
        CommandDataOptionValue::Boolean(b) => Some(b.to_string()),
        _ => None,
    };
    let mut parts: Vec<String> = Vec::new();
    match spec {
        Some(spec) => {
            for a in spec.args {
                if let Some(v) = options.iter().find(|o| o.name == a.name).and_then(value) {
                    parts.push(if a.keyed { format!("{}={v}", a.name) } else { v });
                }
            }
        }
        None => parts.extend(options.iter().filter_map(value)),
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;

    #[test]
    fn every_command_fits_discords_limits() {
        let cmds = slash_commands(Engine::commands());
        let json = serde_json::to_value(&cmds).unwrap();
        for c in json.as_array().unwrap() {
            let name = c["name"].as_str().unwrap();
            assert!(name.len() <= 32 && name.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_' || ch == '-'));
            assert!(c["description"].as_str().unwrap().chars().count() <= 100);
            for o in c["options"].as_array().into_iter().flatten() {
                assert!(o["choices"].as_array().is_none_or(|ch| ch.len() <= 25));
            }
        }
        let mock = json.as_array().unwrap().iter().find(|c| c["name"] == "mock").unwrap();
        let names: Vec<&str> = mock["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["type", "role", "level", "difficulty", "count", "persona", "time"]
        );
    }

    /// /practice and /weak are slash commands, and /practice's options become its argument line.
    #[test]
    fn practice_and_weak_are_registered_with_their_options() {
        let cmds = serde_json::to_value(slash_commands(Engine::commands())).unwrap();
        let find = |n: &str| cmds.as_array().unwrap().iter().find(|c| c["name"] == n).cloned();
        let practice = find("practice").expect("/practice registered");
        assert!(find("weak").is_some(), "/weak registered");
        let opts = practice["options"].as_array().unwrap();
        let names: Vec<&str> = opts.iter().map(|o| o["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["count", "area"]);
        assert_eq!(
            (opts[0]["type"].as_u64(), opts[0]["max_value"].as_u64()),
            (Some(4), Some(10))
        );
        let spec = crate::engine::command_table::find("practice");
        let given: Vec<CommandDataOption> = serde_json::from_value(serde_json::json!([
            {"name": "area", "type": 3, "value": "decision making"},
            {"name": "count", "type": 4, "value": 3}
        ]))
        .unwrap();
        assert_eq!(args_line(spec, &given), "3 decision making");
    }

    /// /schedule and /plan are slash commands; /schedule's moment and settings, and /profile's
    /// interview date (keyed), become the argument lines the engine reads.
    #[test]
    fn schedule_plan_and_the_interview_date_are_registered_with_their_options() {
        let cmds = serde_json::to_value(slash_commands(Engine::commands())).unwrap();
        let find = |n: &str| cmds.as_array().unwrap().iter().find(|c| c["name"] == n).cloned();
        assert!(find("plan").is_some(), "/plan registered");
        let schedule = find("schedule").expect("/schedule registered");
        let names: Vec<&str> = schedule["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["when", "type", "role", "level"]);
        let given: Vec<CommandDataOption> = serde_json::from_value(serde_json::json!([
            {"name": "level", "type": 3, "value": "senior"},
            {"name": "when", "type": 3, "value": "tomorrow 18:00"},
            {"name": "type", "type": 3, "value": "technical"}
        ]))
        .unwrap();
        let spec = crate::engine::command_table::find("schedule");
        assert_eq!(args_line(spec, &given), "tomorrow 18:00 technical senior");
        let given: Vec<CommandDataOption> = serde_json::from_value(serde_json::json!([
            {"name": "interview-date", "type": 3, "value": "2026-12-20"}
        ]))
        .unwrap();
        let spec = crate::engine::command_table::find("profile");
        assert_eq!(args_line(spec, &given), "interview-date=2026-12-20");
    }

    #[test]
    fn options_become_the_argument_line_in_table_order() {
        let spec = crate::engine::command_table::find("mock");
        let opts: Vec<CommandDataOption> = serde_json::from_value(serde_json::json!([
            {"name": "persona", "type": 3, "value": "challenging"},
            {"name": "type", "type": 3, "value": "technical"},
            {"name": "count", "type": 4, "value": 5},
            {"name": "time", "type": 3, "value": "strict"}
        ]))
        .unwrap();
        // The time goes in keyed: alone, "strict" would be read as the persona.
        assert_eq!(args_line(spec, &opts), "technical 5 challenging time=strict");
    }
}
