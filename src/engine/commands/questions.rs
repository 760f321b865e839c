//! /questions [company] [role] [level] [difficulty] [type] [count 5–10] — the questions this user
//! is likely to be asked, grounded in the CV and job description on file (`copilot::questions`):
//! offline, bank picks by the job's skills (the gap first) and templates from the user's own
//! lines; with a model, its list checked, deduplicated against the bank and cached per input at
//! `u/<user>/qs/<hash>` (the same input gives the same list without a second call; /forget
//! removes it with the rest). `/mock from-jd [same words]` runs a timed mock of the list's bank
//! questions (topped up with bank picks for the same job: the interview machinery asks bank
//! questions only).

use super::practice::phase_of;
use crate::bank::{Category, Difficulty, Level, catalog};
use crate::copilot::docs::{Cv, Jd};
use crate::copilot::questions::{
    self as tq, CachedSet, Context, DEFAULT_COUNT, MAX_COUNT, MIN_COUNT, Request, Tailored, Templates,
};
use crate::engine::error::Result;
use crate::engine::messages::{self as m, ListBrain, PrepArgProblem, QuestionsView};
use crate::engine::turn::Turn;
use crate::engine::{history, interview_turns, prep};
use crate::interview::{InterviewType, Planned, Settings};
use crate::profile::Profile;
use crate::store::keys;

/// The longest company name read.
pub const MAX_COMPANY: usize = 60;

fn known(w: &str) -> bool {
    catalog::parse_role(w).is_some()
}

/// The words of /questions (and /mock from-jd), in any order: a count, a role, a level, a
/// difficulty, a question type; every other word is part of the company's name.
pub fn parse(args: &str) -> std::result::Result<Request, Vec<PrepArgProblem>> {
    let mut r = Request {
        count: DEFAULT_COUNT,
        ..Default::default()
    };
    let mut count: Option<usize> = None;
    let mut company: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    fn set<T: PartialEq + Copy>(
        slot: &mut Option<T>,
        v: T,
        setting: &'static str,
        w: &str,
        p: &mut Vec<PrepArgProblem>,
    ) {
        match slot {
            Some(old) if *old != v => p.push(PrepArgProblem::TwoValues {
                setting,
                word: w.chars().take(30).collect(),
            }),
            _ => *slot = Some(v),
        }
    }
    let mut role: Option<&'static str> = None;
    for w in super::args::words(args, known) {
        let lw = w.to_lowercase();
        if let Ok(n) = lw.trim_end_matches('q').parse::<i64>() {
            if (MIN_COUNT as i64..=MAX_COUNT as i64).contains(&n) {
                set(&mut count, n as usize, "count", &w, &mut problems);
            } else {
                problems.push(PrepArgProblem::CountOutOfRange(n));
            }
        } else if let Some(x) = catalog::parse_role(&lw) {
            set(&mut role, x.slug, "role", &w, &mut problems);
        } else if let Some(l) = Level::parse(&lw) {
            set(&mut r.level, l, "level", &w, &mut problems);
        } else if let Some(d) = Difficulty::parse(&lw) {
            set(&mut r.difficulty, d, "difficulty", &w, &mut problems);
        } else if lw == "mixed" || lw == "full" {
            // Every type: the default.
        } else if let Some(c) = Category::parse(&lw) {
            set(&mut r.category, c, "question type", &w, &mut problems);
        } else {
            company.push(w.chars().filter(|c| !c.is_control()).collect());
        }
    }
    r.role = role.map(str::to_string);
    r.count = count.unwrap_or(DEFAULT_COUNT);
    let name = company.join(" ");
    if name.chars().count() > MAX_COMPANY {
        problems.push(PrepArgProblem::CompanyTooLong);
    } else if !name.is_empty() {
        r.company = Some(name);
    }
    if problems.is_empty() { Ok(r) } else { Err(problems) }
}

/// The words the user gave, in the short form a button carries (`mock from-jd …`); the company
/// is left out if the payload would be too long.
fn mock_command(r: &Request) -> String {
    let mut words: Vec<String> = Vec::new();
    words.extend(r.role.clone());
    words.extend(r.level.map(|l| l.slug().to_string()));
    words.extend(r.difficulty.map(|d| d.slug().to_string()));
    words.extend(r.category.map(|c| c.slug().to_string()));
    if r.count != DEFAULT_COUNT {
        words.push(r.count.to_string());
    }
    let base = format!("mock from-jd {}", words.join(" "));
    // A button's command has 54 bytes (64 less the owner tag and the action's prefix).
    match &r.company {
        Some(c) if base.len() + 1 + c.len() <= 54 => format!("{base} {c}").trim().to_string(),
        _ => base.trim().to_string(),
    }
}

/// A list with what it was built from.
pub(super) struct Built {
    pub list: Vec<Tailored>,
    pub brain: ListBrain,
    cv: Option<Cv>,
    jd: Option<Jd>,
    profile: Profile,
}

impl Built {
    fn ctx(&self) -> Context<'_> {
        Context {
            cv: self.cv.as_ref(),
            jd: self.jd.as_ref(),
            profile_role: self.profile.role.as_deref(),
            profile_level: self.profile.level,
        }
    }
}

/// The list for a request: the model's (cached, or asked now and cached), else the offline one.
async fn build(t: &mut Turn<'_>, req: &Request) -> Result<Built> {
    let (cv, jd) = history::cv_and_jd(&t.e.store, &t.user)?;
    let mut built = Built {
        list: Vec::new(),
        brain: ListBrain::Offline,
        cv,
        jd,
        profile: t.profile()?,
    };
    let e = t.e;
    let ctx = built.ctx();
    let offline = tq::offline(&e.bank, Templates::embedded(), req, &ctx);
    let (list, brain) = match e.llm.as_deref() {
        None => (offline, ListBrain::Offline),
        Some(llm) => {
            let key = keys::question_set(&t.user, &tq::cache_key(req, &ctx, &llm.settings.model));
            match e.store.get::<CachedSet>(&key)? {
                Some(c) => (c.questions, ListBrain::Cached),
                None => {
                    let target = tq::resolve(req, &ctx);
                    match prep::generate_questions(t, req, &ctx, &target).await {
                        Some(generated) => {
                            let list = tq::merge(&e.bank, generated, &offline, req, &ctx);
                            t.batch.put(
                                &key,
                                &CachedSet {
                                    questions: list.clone(),
                                    at: t.now,
                                },
                            );
                            (list, ListBrain::Model)
                        }
                        None => (offline, ListBrain::Offline),
                    }
                }
            }
        }
    };
    built.list = list;
    built.brain = brain;
    Ok(built)
}

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let req = match parse(args) {
        Ok(r) => r,
        Err(problems) => {
            t.reply(m::questions_usage("/questions", &problems));
            return Ok(());
        }
    };
    let built = build(t, &req).await?;
    if built.list.is_empty() {
        t.reply(m::no_tailored_questions());
        return Ok(());
    }
    let ctx = built.ctx();
    let target = tq::resolve(&req, &ctx);
    let role = target.role.and_then(catalog::role).map(|r| r.label);
    let view = QuestionsView {
        list: &built.list,
        brain: built.brain,
        has_cv: built.cv.is_some(),
        has_jd: built.jd.is_some(),
        company: req.company.as_deref(),
        role,
        level: target.level.slug(),
        mock_command: mock_command(&req),
    };
    tracing::info!(questions = built.list.len(), brain = ?built.brain, "tailored questions");
    t.reply(m::tailored_questions(&t.user, &view));
    Ok(())
}

/// `/mock from-jd [words]`: a mock interview of the list's bank questions, topped up with bank
/// picks for the same job, run by the interview machinery (timers, scoring, report).
pub async fn mock_from_jd(t: &mut Turn<'_>, args: &str) -> Result<()> {
    if t.place.is_shared() {
        t.reply(m::from_jd_in_private());
        return Ok(());
    }
    if let Some(s) = t.active_session()? {
        t.reply(m::already_running(&t.user, &s));
        return Ok(());
    }
    let req = match parse(args) {
        Ok(r) => r,
        Err(problems) => {
            t.reply(m::questions_usage("/mock from-jd", &problems));
            return Ok(());
        }
    };
    let built = build(t, &req).await?;
    let ctx = built.ctx();
    let n = req.count.clamp(MIN_COUNT, MAX_COUNT);
    let mut asked: Vec<Tailored> = built.list.iter().filter(|q| q.bank_id().is_some()).cloned().collect();
    let left_out = built.list.len() - asked.len();
    if asked.len() < n {
        let have: Vec<String> = asked.iter().filter_map(|q| q.bank_id().map(str::to_string)).collect();
        asked.extend(tq::bank_picks(&t.e.bank, &req, &ctx, n - asked.len(), &have));
    }
    asked.truncate(n);
    if asked.is_empty() {
        t.reply(m::no_questions());
        return Ok(());
    }
    let target = tq::resolve(&req, &ctx);
    let plan: Vec<Planned> = asked
        .iter()
        .filter_map(|q| {
            Some(Planned {
                question_id: q.bank_id()?.to_string(),
                phase: phase_of(q.category),
            })
        })
        .collect();
    let first = asked[0].category;
    let kind = if asked.iter().all(|q| q.category == first) {
        InterviewType::parse(first.slug()).unwrap_or(InterviewType::Mixed)
    } else {
        InterviewType::Mixed
    };
    let settings = Settings {
        kind,
        role: target.role.map(str::to_string),
        level: target.level,
        difficulty: req.difficulty,
        count: plan.len() as u8,
        persona: "neutral".into(),
        pace: built.profile.pace.unwrap_or_default(),
    };
    let refs: Vec<&Tailored> = asked.iter().collect();
    t.reply(m::from_jd_intro(built.jd.is_some(), &refs, left_out));
    let id = interview_turns::new_session_id(t.now);
    interview_turns::start_planned(t, id, settings, plan, true).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_any_order_and_the_rest_is_the_company() {
        let r = parse("Goldman Sachs senior 7 backend hard").unwrap();
        assert_eq!(r.company.as_deref(), Some("Goldman Sachs"));
        assert_eq!(r.role.as_deref(), Some("backend"));
        assert_eq!(r.level, Some(Level::Senior));
        assert_eq!(r.difficulty, Some(Difficulty::Hard));
        assert_eq!(r.count, 7);
        let r = parse("product manager behavioral").unwrap();
        assert_eq!(
            (r.role.as_deref(), r.category, r.company),
            (Some("product_manager"), Some(Category::Behavioral), None)
        );
        assert_eq!(parse("").unwrap().count, DEFAULT_COUNT);
        assert_eq!(parse("3").unwrap_err(), vec![PrepArgProblem::CountOutOfRange(3)]);
        assert_eq!(
            parse("backend frontend 12").unwrap_err(),
            vec![
                PrepArgProblem::TwoValues {
                    setting: "role",
                    word: "frontend".into()
                },
                PrepArgProblem::CountOutOfRange(12)
            ]
        );
        assert_eq!(
            parse(&"x".repeat(61)).unwrap_err(),
            vec![PrepArgProblem::CompanyTooLong]
        );
    }

    #[test]
    fn the_mock_button_repeats_the_words_within_a_payload() {
        let r = parse("Acme backend senior 7").unwrap();
        assert_eq!(mock_command(&r), "mock from-jd backend senior 7 Acme");
        let long = parse("Some Very Long Company Name Holdings engineering_manager staff").unwrap();
        let c = mock_command(&long);
        assert_eq!(c, "mock from-jd engineering_manager staff");
        assert_eq!(
            parse(c.strip_prefix("mock from-jd").unwrap()).unwrap().role.as_deref(),
            Some("engineering_manager")
        );
    }
}
