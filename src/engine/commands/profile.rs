//! /profile [role R] [level L] [industry I] [timezone Area/City] — values by key or, for role and
//! level, by value alone (`/profile backend senior`). `/profile reset` clears it.

use crate::bank::{Level, catalog};
use crate::engine::command_table::ArgProblem;
use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::interview::Pace;
use chrono_tz::Tz;

const KEYS: &[&str] = &[
    "role",
    "level",
    "industry",
    "timezone",
    "tz",
    "time_zone",
    "zone",
    "time",
    "pace",
    "interview-date",
    "interview_date",
];

fn parse_tz(s: &str) -> Option<String> {
    if let Ok(tz) = s.parse::<Tz>() {
        return Some(tz.name().to_string());
    }
    // Accept any capitalisation: europe/berlin → Europe/Berlin.
    let lower = s.to_lowercase();
    chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().to_lowercase() == lower)
        .map(|tz| tz.name().to_string())
}

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let mut p = t.profile()?;
    let zone_before = p.timezone.clone();
    let args = args.trim();
    if args.is_empty() {
        t.reply(m::profile(&p, false));
        return Ok(());
    }
    if matches!(args.to_lowercase().as_str(), "reset" | "clear") {
        p = Default::default();
        p.updated_at = Some(t.now);
        t.save_profile(&p);
        if zone_before.is_some() {
            super::remind::zone_changed(t, Tz::UTC)?;
        }
        t.reply(m::profile(&p, true));
        return Ok(());
    }
    let args = args.replacen("interview-date=", "interview-date ", 1);
    let tokens: Vec<&str> = args.split_whitespace().collect();
    let mut problems = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i].trim_end_matches([':', '=']);
        let key = tok.to_lowercase();
        // Values up to the next key.
        let mut j = i + 1;
        while j < tokens.len() && !KEYS.contains(&tokens[j].trim_end_matches([':', '=']).to_lowercase().as_str()) {
            j += 1;
        }
        let value = tokens[(i + 1).min(j)..j].join(" ");
        match key.as_str() {
            "role" => match catalog::parse_role(&value) {
                Some(r) => p.role = Some(r.slug.to_string()),
                None => problems.push(ArgProblem::UnknownRole(clip(&value))),
            },
            "level" => match Level::parse(&value) {
                Some(l) => p.level = Some(l),
                None => problems.push(ArgProblem::UnknownLevel(clip(&value))),
            },
            "industry" => {
                let v: String = value.chars().filter(|c| !c.is_control()).take(60).collect();
                p.industry = (!v.trim().is_empty()).then(|| v.trim().to_string());
            }
            "time" | "pace" => match Pace::parse(&value) {
                Some(pace) => p.pace = Some(pace),
                None => problems.push(ArgProblem::UnknownPace(clip(&value))),
            },
            "interview-date" | "interview_date" => {
                let v = value.trim().to_lowercase();
                if matches!(v.as_str(), "none" | "clear" | "-") {
                    p.interview_date = None;
                } else {
                    match chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
                        Ok(d) => p.interview_date = Some(d),
                        Err(_) => {
                            t.reply(m::bad_interview_date(&value));
                            return Ok(());
                        }
                    }
                }
            }
            "timezone" | "tz" | "time_zone" | "zone" => match parse_tz(value.trim()) {
                Some(tz) => p.timezone = Some(tz),
                None => problems.push(ArgProblem::UnknownTimeZone(clip(&value))),
            },
            _ => {
                // By value: the rest of the words are roles, levels or a time zone.
                let rest = tokens[i..j].join(" ");
                let mut any = false;
                for w in super::args::words(&rest, |w| catalog::parse_role(w).is_some()) {
                    if let Some(r) = catalog::parse_role(&w) {
                        p.role = Some(r.slug.to_string());
                        any = true;
                    } else if let Some(l) = Level::parse(&w) {
                        p.level = Some(l);
                        any = true;
                    } else if let Some(pace) = Pace::parse(&w) {
                        p.pace = Some(pace);
                        any = true;
                    } else if let Some(tz) = parse_tz(&w) {
                        p.timezone = Some(tz);
                        any = true;
                    } else {
                        problems.push(ArgProblem::UnknownProfileWord(clip(&w)));
                    }
                }
                let _ = any;
            }
        }
        i = j;
    }
    if !problems.is_empty() {
        let usage = crate::engine::command_table::find("profile")
            .map(|c| c.usage)
            .unwrap_or("/profile");
        t.reply(m::bad_arguments("profile", &problems, usage));
        return Ok(());
    }
    p.updated_at = Some(t.now);
    t.save_profile(&p);
    if p.timezone != zone_before {
        let tz = p.timezone.as_deref().and_then(|z| z.parse().ok()).unwrap_or(Tz::UTC);
        super::remind::zone_changed(t, tz)?;
    }
    t.reply(m::profile(&p, true));
    Ok(())
}

fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}
