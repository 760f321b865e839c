//! /practice [count] [area] — the next due drill: questions from the weakest due competencies
//! (lowest recall now; never the question just asked), asked as a drill — a session of the
//! interview machinery marked `drill`, so the same scorer, feedback, hints, timers and late grace
//! apply — and each reviewed when it closes. `/practice 5` runs a short set; `/practice
//! leadership` drills one area whether due or not. Nothing due: when the next review is, and a
//! new area to try. The "Try again" buttons drill one given question.

use crate::bank::{Category, Question};
use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::engine::{history, interview_turns, reviews};
use crate::interview::{InterviewType, Phase, Planned, Session, Settings};
use crate::practice::choose::{self, Pick};
use chrono::Duration;

/// The most questions of one set.
pub const MAX_SET: usize = 10;

enum Args {
    Due(usize),
    Area(String, usize),
}

fn parse(t: &Turn<'_>, args: &str) -> std::result::Result<Args, (String, Option<String>)> {
    let mut count = None;
    let mut area: Vec<String> = Vec::new();
    for w in args.split_whitespace() {
        match w.parse::<i64>() {
            Ok(n) => count = Some(n.clamp(1, MAX_SET as i64) as usize),
            Err(_) => area.push(w.to_lowercase()),
        }
    }
    let n = count.unwrap_or(1);
    if area.is_empty() {
        return Ok(Args::Due(n));
    }
    let word = area.join("_").replace('-', "_");
    let comps: Vec<&str> = {
        let mut v: Vec<&str> = t.e.bank.all().iter().map(|q| q.competency.as_str()).collect();
        v.sort();
        v.dedup();
        v
    };
    if comps.contains(&word.as_str()) {
        return Ok(Args::Area(word, n));
    }
    let closest = comps
        .iter()
        .map(|c| (*c, strsim::jaro_winkler(&word, c)))
        .filter(|(_, s)| *s >= 0.85)
        .max_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
        .map(|(c, _)| c.to_string());
    Err((area.join(" "), closest))
}

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    if !may_drill(t)? {
        return Ok(());
    }
    let parsed = match parse(t, args) {
        Ok(a) => a,
        Err((word, closest)) => {
            t.reply(m::unknown_area(&word, closest.as_deref()));
            return Ok(());
        }
    };
    let cards = history::cards(t)?;
    let role = t.profile()?.role;
    let just = history::last_asked(t)?;
    let bank = &t.e.bank;
    let picks: Vec<Pick<'_>> = match &parsed {
        Args::Due(n) => choose::plan(&cards, bank.all(), role.as_deref(), just.as_deref(), *n, t.now),
        Args::Area(area, n) => {
            let mut picks: Vec<Pick<'_>> = Vec::new();
            while picks.len() < *n {
                let mut exclude: Vec<&str> = picks.iter().map(|p| p.question.id.as_str()).collect();
                exclude.extend(just.as_deref());
                match choose::question_for(area, bank.all(), &cards, role.as_deref(), &exclude, t.now) {
                    Some(p) => picks.push(p),
                    None => break,
                }
            }
            if picks.is_empty() {
                t.reply(m::no_drill_question(area));
                return Ok(());
            }
            picks
        }
    };
    if picks.is_empty() {
        let next = choose::next_due(&cards);
        let area = choose::new_area(&cards, bank.all(), role.as_deref());
        let tz = reviews::time_zone(t);
        t.reply(m::nothing_due(&t.user, next, area, t.now, tz));
        return Ok(());
    }
    let areas: Vec<(String, bool)> = picks.iter().map(|p| (p.question.competency.clone(), p.retry)).collect();
    let questions: Vec<&Question> = picks.iter().map(|p| p.question).collect();
    t.reply(m::drill_intro(&areas, None));
    start(t, &questions).await
}

/// A drill runs in private and not beside a running interview; otherwise says why not.
fn may_drill(t: &mut Turn<'_>) -> Result<bool> {
    if t.place.is_shared() {
        t.reply(m::practice_in_private());
        return Ok(false);
    }
    if t.active_session()?.is_some() {
        t.reply(m::practice_while_running());
        return Ok(false);
    }
    Ok(true)
}

/// A "Try again" button: drill that question now.
pub async fn retry(t: &mut Turn<'_>, question: &str) -> Result<()> {
    if !may_drill(t)? {
        return Ok(());
    }
    let Some(q) = t.e.bank.get(question) else {
        t.reply(m::retry_unknown());
        return Ok(());
    };
    t.reply(m::drill_intro(&[(q.competency.clone(), true)], Some(&q.competency)));
    start(t, &[q]).await
}

pub(super) fn phase_of(c: Category) -> Phase {
    match c {
        Category::Behavioral | Category::Situational | Category::Motivation => Phase::Behavioral,
        Category::Technical | Category::SystemDesign | Category::Case => Phase::Technical,
    }
}

fn kind_of(questions: &[&Question]) -> InterviewType {
    let mut cats = questions.iter().map(|q| q.category);
    let first = cats.next();
    match first {
        Some(c) if questions.iter().all(|q| q.category == c) => {
            InterviewType::parse(c.slug()).unwrap_or(InterviewType::Mixed)
        }
        _ => InterviewType::Mixed,
    }
}

/// Start a drill of these questions: a session marked `drill`, asked by the interview machinery.
async fn start(t: &mut Turn<'_>, questions: &[&Question]) -> Result<()> {
    let profile = t.profile()?;
    let id = interview_turns::new_session_id(t.now);
    let cap = Duration::from_std(t.e.config.interview_cap).unwrap_or(Duration::minutes(30));
    let settings = Settings {
        kind: kind_of(questions),
        role: profile.role.clone(),
        level: profile.level.unwrap_or(crate::bank::Level::Mid),
        difficulty: None,
        count: questions.len() as u8,
        persona: "neutral".into(),
        pace: profile.pace.unwrap_or_default(),
    };
    let plan = questions
        .iter()
        .map(|q| Planned {
            question_id: q.id.clone(),
            phase: phase_of(q.category),
        })
        .collect();
    let mut s = Session::begin(id.clone(), t.user.clone(), t.place.clone(), settings, plan, t.now, cap);
    s.drill = true;
    {
        let meta = t.meta_mut();
        meta.active_session = Some(id);
        meta.pending = None;
    }
    interview_turns::ask_next(t, &mut s, None, None).await;
    interview_turns::save(t, &mut s);
    Ok(())
}
