//! /mock [type] [role] [level] [difficulty] [count] [persona] — arguments recognised by value,
//! in any order; the profile's role and level are the defaults. `/mock from-jd …` runs the
//! questions picked for the job description on file (commands/questions.rs).

use crate::bank::{Difficulty, Level, PersonaSet, catalog};
use crate::engine::command_table::{ArgProblem, Setting};
use crate::engine::error::Result;
use crate::engine::interview_turns;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::interview::{InterviewType, Pace, Settings};

#[derive(Debug, Default, PartialEq)]
pub struct MockArgs {
    pub kind: Option<InterviewType>,
    pub role: Option<String>,
    pub level: Option<Level>,
    pub difficulty: Option<Difficulty>,
    pub count: Option<u8>,
    pub persona: Option<String>,
    pub pace: Option<Pace>,
}

fn known(w: &str) -> bool {
    InterviewType::parse(w).is_some()
        || catalog::parse_role(w).is_some()
        || Level::parse(w).is_some()
        || Difficulty::parse(w).is_some()
        || PersonaSet::parse_id(w).is_some()
        || Pace::parse(w).is_some()
}

fn all_values() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = crate::engine::command_table::INTERVIEW_TYPES.to_vec();
    v.extend(crate::engine::command_table::ROLE_CHOICES);
    v.extend(crate::engine::command_table::LEVELS);
    v.extend(crate::engine::command_table::DIFFICULTIES);
    v.extend(crate::engine::command_table::PERSONAS);
    v.extend(crate::engine::command_table::PACES);
    v
}

pub fn parse(args: &str) -> Result<MockArgs, Vec<ArgProblem>> {
    let mut a = MockArgs::default();
    let mut problems = Vec::new();
    fn set<T: PartialEq + std::fmt::Debug>(
        slot: &mut Option<T>,
        v: T,
        setting: Setting,
        word: &str,
        problems: &mut Vec<ArgProblem>,
    ) {
        match slot {
            Some(old) if *old != v => problems.push(ArgProblem::TwoValues {
                setting,
                word: word.to_string(),
            }),
            _ => *slot = Some(v),
        }
    }
    // After "time" (or "pace") the next word is the pace ("time standard": not the persona).
    let mut pace_next = false;
    for w in super::args::words(args, known) {
        let lw = w.to_lowercase();
        if std::mem::take(&mut pace_next)
            && let Some(p) = Pace::parse(&lw)
        {
            set(&mut a.pace, p, Setting::Pace, &w, &mut problems);
            continue;
        }
        if let Ok(n) = lw.trim_end_matches('q').parse::<i64>() {
            if (1..=20).contains(&n) {
                set(&mut a.count, n as u8, Setting::Count, &w, &mut problems);
            } else {
                problems.push(ArgProblem::CountOutOfRange(n));
            }
        } else if let Some(t) = InterviewType::parse(&lw) {
            set(&mut a.kind, t, Setting::Type, &w, &mut problems);
        } else if let Some(r) = catalog::parse_role(&lw) {
            set(&mut a.role, r.slug.to_string(), Setting::Role, &w, &mut problems);
        } else if let Some(l) = Level::parse(&lw) {
            set(&mut a.level, l, Setting::Level, &w, &mut problems);
        } else if let Some(d) = Difficulty::parse(&lw) {
            set(&mut a.difficulty, d, Setting::Difficulty, &w, &mut problems);
        } else if let Some(p) = PersonaSet::parse_id(&lw) {
            set(&mut a.persona, p.to_string(), Setting::Persona, &w, &mut problems);
        } else if let Some(p) = Pace::parse(&lw) {
            set(&mut a.pace, p, Setting::Pace, &w, &mut problems);
        } else if matches!(lw.as_str(), "time" | "pace") {
            pace_next = true;
        } else {
            let shown: String = w.chars().take(30).collect();
            let best = all_values()
                .into_iter()
                .map(|v| (v, strsim::jaro_winkler(&lw, v)))
                .max_by(|x, y| x.1.partial_cmp(&y.1).unwrap_or(std::cmp::Ordering::Equal))
                .filter(|(_, s)| *s >= 0.8);
            problems.push(ArgProblem::UnknownMockWord {
                word: shown,
                closest: best.map(|(v, _)| v),
            });
        }
    }
    if problems.is_empty() { Ok(a) } else { Err(problems) }
}

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    if args.trim().is_empty() {
        if let Some(s) = t.active_session()? {
            t.reply(m::already_running(&t.user, &s));
        } else {
            t.reply(m::mock_setup(&t.user));
        }
        return Ok(());
    }
    // `/mock from-jd …`: the questions /questions picks for the job description.
    if let Some((first, rest)) = Some(args.trim().split_once(char::is_whitespace).unwrap_or((args.trim(), "")))
        && matches!(first.to_lowercase().as_str(), "from-jd" | "from_jd" | "fromjd" | "jd")
    {
        return super::questions::mock_from_jd(t, rest).await;
    }
    match parse(args) {
        Ok(a) => start(t, a).await,
        Err(problems) => {
            let usage = crate::engine::command_table::find("mock")
                .map(|c| c.usage)
                .unwrap_or("/mock");
            t.reply(m::bad_arguments("mock", &problems, usage));
            Ok(())
        }
    }
}

pub async fn from_button(t: &mut Turn<'_>, kind: &str, persona: Option<&str>) -> Result<()> {
    let Some(kind) = InterviewType::parse(kind) else {
        t.reply(m::unknown_button());
        return Ok(());
    };
    match persona {
        None => {
            if let Some(s) = t.active_session()? {
                t.reply(m::already_running(&t.user, &s));
                return Ok(());
            }
            let personas: Vec<&crate::bank::Persona> =
                crate::bank::PERSONA_IDS.iter().map(|id| t.e.personas.get(id)).collect();
            t.reply(m::mock_persona(&t.user, kind, &personas));
            Ok(())
        }
        Some(p) => {
            let a = MockArgs {
                kind: Some(kind),
                persona: PersonaSet::parse_id(p).map(str::to_string),
                ..Default::default()
            };
            start(t, a).await
        }
    }
}

/// The settings /mock's words give, the profile's role, level and pace as defaults (/schedule
/// books with them too).
pub(super) fn settings_of(t: &Turn<'_>, a: MockArgs) -> Result<Settings> {
    let profile = t.profile()?;
    Ok(Settings {
        kind: a.kind.unwrap_or(InterviewType::Mixed),
        role: a.role.or(profile.role),
        level: a.level.or(profile.level).unwrap_or(Level::Mid),
        difficulty: a.difficulty,
        count: a.count.unwrap_or(t.e.config.default_count).clamp(1, 20),
        persona: a.persona.unwrap_or_else(|| "neutral".into()),
        pace: a.pace.or(profile.pace).unwrap_or_default(),
    })
}

async fn start(t: &mut Turn<'_>, a: MockArgs) -> Result<()> {
    let settings = settings_of(t, a)?;
    // In a group, others can read the answers: say so first, and start only when asked.
    if t.place.is_shared() {
        if let Some(s) = t.active_session()? {
            t.reply(m::already_running(&t.user, &s));
            return Ok(());
        }
        let now = t.now;
        t.meta_mut().pending = Some(crate::profile::Pending::GroupMock { settings, at: now });
        t.reply(m::group_mock_warning(&t.user));
        return Ok(());
    }
    interview_turns::start(t, settings).await
}

/// "Continue here" after the group privacy warning (valid for 10 minutes).
pub async fn confirm_in_group(t: &mut Turn<'_>) -> Result<()> {
    match t.meta.pending.clone() {
        Some(crate::profile::Pending::GroupMock { settings, at }) if (t.now - at).num_minutes() < 10 => {
            t.meta_mut().pending = None;
            interview_turns::start(t, settings).await
        }
        _ => {
            t.reply(m::stale_button());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_order_and_multiword_roles() {
        let a = parse("senior 5 challenging product manager case hard").unwrap();
        assert_eq!(a.kind, Some(InterviewType::Case));
        assert_eq!(a.role.as_deref(), Some("product_manager"));
        assert_eq!(a.level, Some(Level::Senior));
        assert_eq!(a.difficulty, Some(Difficulty::Hard));
        assert_eq!(a.count, Some(5));
        assert_eq!(a.persona.as_deref(), Some("challenging"));
        assert_eq!(a.pace, None);
    }

    #[test]
    fn the_time_per_question_is_read_in_each_form() {
        assert_eq!(parse("behavioral relaxed").unwrap().pace, Some(Pace::Relaxed));
        assert_eq!(parse("time=strict 3").unwrap().pace, Some(Pace::Strict));
        assert_eq!(parse("time standard").unwrap().pace, Some(Pace::Standard));
        // Alone, "strict" and "standard" are the interviewer (personas' aliases).
        let a = parse("relaxed strict").unwrap();
        assert_eq!(
            (a.pace, a.persona.as_deref()),
            (Some(Pace::Relaxed), Some("challenging"))
        );
        assert_eq!(
            parse("time=relaxed time=strict").unwrap_err(),
            vec![ArgProblem::TwoValues {
                setting: Setting::Pace,
                word: "time=strict".into()
            }]
        );
    }

    #[test]
    fn bad_values_are_explained() {
        let e = parse("behavioural backnd 99").unwrap_err();
        assert_eq!(
            e,
            vec![
                ArgProblem::UnknownMockWord {
                    word: "backnd".into(),
                    closest: Some("backend")
                },
                ArgProblem::CountOutOfRange(99)
            ]
        );
        assert_eq!(
            parse("behavioral technical").unwrap_err(),
            vec![ArgProblem::TwoValues {
                setting: Setting::Type,
                word: "technical".into()
            }]
        );
    }
}
