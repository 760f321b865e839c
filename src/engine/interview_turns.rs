//! The mock interview as seen from the engine: each step changes the persisted session in the
//! turn's batch, schedules or cancels its timers, and adds replies.

use super::brain;
use super::history;
use super::messages::{self as m, QuestionView};
use super::reviews;
use super::turn::Turn;
use crate::bank::{Persona, Question};
use crate::engine::error::Result;
use crate::interview::openings::{Openings, openings};
use crate::interview::rules::{self, Due, FollowUp, Probe};
use crate::interview::{Alarm, AnswerRecord, Current, Outcome, OutcomeKind, Session, Settings, Status, plan, report};
use crate::scheduler::{self, Job, JobKind};
use crate::scoring::{Flag, ScoreResult};
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

/// A new session id: time-ordered, short (fits button payloads), unguessable enough.
pub(crate) fn new_session_id(now: DateTime<Utc>) -> String {
    let ms = now.timestamp_millis().max(0) as u64;
    format!("{}{}", base36(ms), base36(fastrand::u64(36u64.pow(3)..36u64.pow(4))))
}

fn base36(mut n: u64) -> String {
    const D: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = Vec::new();
    loop {
        s.push(D[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn seed_of(id: &str) -> u64 {
    id.bytes()
        .fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))
}

/// The seed of a new interview's question draw: from its (partly random) session id, or, when
/// `COACH_PLAN_SEED` pins it (tests), from that seed, the user and their count of interviews
/// started, so successive interviews differ and every run repeats them.
fn plan_seed(t: &Turn<'_>, id: &str) -> u64 {
    match t.e.config.plan_seed {
        Some(pinned) => seed_of(&format!("{pinned}/{}/{}", t.user, t.meta.sessions_started)),
        None => seed_of(id),
    }
}

fn persona<'a>(t: &Turn<'a>, s: &Session) -> &'a Persona {
    t.e.personas.get(&s.settings.persona)
}

/// A question's time in this interview: the bank's limit, the configured factor, the pace.
fn time_limit(t: &Turn, s: &Session, q: &Question, follow_up: bool) -> i64 {
    rules::time_limit(
        q.time_limit_secs,
        follow_up,
        t.e.config.time_factor * s.settings.pace.factor(),
    )
}

pub async fn start(t: &mut Turn<'_>, settings: Settings) -> Result<()> {
    if let Some(s) = t.active_session()? {
        t.reply(m::already_running(&t.user, &s));
        return Ok(());
    }
    let id = new_session_id(t.now);
    let recent = history::recent_questions(t)?;
    let planned = match plan::build(&t.e.bank, &settings, &recent, plan_seed(t, &id)) {
        Ok(p) => p,
        Err(plan::PlanError::NeedRole) => {
            t.reply(m::need_role(&t.user, settings.kind));
            return Ok(());
        }
        Err(plan::PlanError::NoQuestions) => {
            t.reply(m::no_questions());
            return Ok(());
        }
    };
    start_planned(t, id, settings, planned, false).await
}

/// Start an interview whose questions are chosen (by [`plan::build`], or /mock from-jd's bank
/// questions picked for the job description, `fixed`: the model may not swap them). The caller
/// has checked no interview is running.
pub(crate) async fn start_planned(
    t: &mut Turn<'_>,
    id: String,
    settings: Settings,
    planned: Vec<crate::interview::Planned>,
    fixed: bool,
) -> Result<()> {
    let cap = Duration::from_std(t.e.config.interview_cap).unwrap_or(Duration::minutes(30));
    let mut s = Session::begin(
        id.clone(),
        t.user.clone(),
        t.place.clone(),
        settings,
        planned,
        t.now,
        cap,
    );
    s.fixed_plan = fixed;
    {
        let meta = t.meta_mut();
        meta.active_session = Some(id);
        meta.sessions_started += 1;
        meta.pending = None;
    }
    let needed: i64 = s
        .plan
        .iter()
        .filter_map(|p| t.e.bank.get(&p.question_id))
        .map(|q| time_limit(t, &s, q, false))
        .sum();
    // The questions of the asked kind by category, in the order they come (a mix says how
    // its count is made up).
    let mut made_up: Vec<(crate::bank::Category, usize)> = Vec::new();
    for q in s
        .plan
        .iter()
        .filter(|p| !p.phase.is_bookend())
        .filter_map(|p| t.e.bank.get(&p.question_id))
    {
        match made_up.iter_mut().find(|(c, _)| *c == q.category) {
            Some(e) => e.1 += 1,
            None => made_up.push((q.category, 1)),
        }
    }
    let p = persona(t, &s);
    let cap_min = (cap.num_seconds() / 60) as u32;
    t.reply(m::interview_intro(
        p,
        &s,
        &made_up,
        (needed as u32).div_ceil(60),
        cap_min,
        t.place.is_shared(),
    ));
    ask_next(t, &mut s, None, None).await;
    save(t, &mut s);
    Ok(())
}

/// Ask the next planned question, or finish when the plan is done (with the report the last
/// grading call drafted, if it wrote one).
pub(crate) async fn ask_next(t: &mut Turn<'_>, s: &mut Session, transition: Option<&str>, draft: Option<Value>) {
    let (index, q) = loop {
        let index = s.outcomes.len();
        if index >= s.plan.len() {
            finish(t, s, false, draft).await;
            return;
        }
        match t.e.bank.get(&s.plan[index].question_id) {
            Some(q) => break (index, q),
            // The bank changed under a stored interview: count it as skipped and move on.
            None => s.outcomes.push(Outcome {
                question_id: s.plan[index].question_id.clone(),
                category: crate::bank::Category::Behavioral,
                competency: "unknown".into(),
                phase: s.plan[index].phase,
                kind: OutcomeKind::Skipped,
                score: 0,
                seconds: 0,
                hints: 0,
                follow_ups: 0,
            }),
        }
    };
    let limit = time_limit(t, s, q, false);
    let seq = s.next_seq;
    s.next_seq += 1;
    let deadline = t.now + Duration::seconds(limit);
    s.current = Some(Current {
        index,
        seq,
        follow_up: None,
        follow_ups_asked: 0,
        asked_at: t.now,
        question_started: t.now,
        deadline,
        hints_used: 0,
        answer_so_far: String::new(),
        score_so_far: None,
        warned: false,
        jobs: Vec::new(),
        used_follow_ups: Vec::new(),
        follow_up_hints: 0,
        late_until: None,
    });
    let view = QuestionView {
        session: s,
        question: q,
        phase: s.plan[index].phase,
        position: s.position_of(index),
        seconds: limit,
        follow_up: None,
        repeated: false,
        transition,
    };
    let r = m::question(&t.user, &view);
    t.reply(r);
}

/// Save the session, first setting its alarm: one scheduler job per interview in progress,
/// due at the next moment something may happen in it (the current question's warning or
/// time-out, or the overall cap). An answer only moves those moments later, so the alarm stays
/// where it is — an answer in time writes no timer — and, firing early, finds nothing due and
/// is set again (see [`on_alarm`]). Only a moment earlier than the alarm moves it; a finished
/// interview has none (`finish` removed it).
pub(crate) fn save(t: &mut Turn<'_>, s: &mut Session) {
    if s.is_active() {
        let due = rules::next_due(s.current.as_ref(), s.cap_at);
        if rules::alarm_needs_setting(s.alarm.as_ref(), due, t.now) {
            if let Some(old) = s.alarm.take() {
                scheduler::cancel(&mut t.batch, &old.key);
            }
            let job = Job {
                id: format!("{}-{}", s.id, s.next_seq),
                user: t.user.clone(),
                place: s.place.clone(),
                due,
                kind: JobKind::Interview { session: s.id.clone() },
            };
            let key = scheduler::schedule(&mut t.batch, &job);
            s.alarm = Some(Alarm { key, due });
        }
    }
    t.save_session(s);
}

/// Remove every timer of the session: its alarm, and the timers of records written before
/// the single alarm (those of questions already closed fire once and remove themselves).
fn disarm(t: &mut Turn<'_>, s: &mut Session) {
    for k in s.job_keys() {
        scheduler::cancel(&mut t.batch, &k);
    }
    s.alarm = None;
    s.cap_job = None;
    if let Some(c) = s.current.as_mut() {
        c.jobs.clear();
    }
}

/// Close the current question with an outcome.
fn close_current(t: &mut Turn<'_>, s: &mut Session, kind: OutcomeKind) {
    let Some(c) = s.current.take() else { return };
    if kind != OutcomeKind::Answered {
        // No answer to this turn was committed; one a crash left behind must not count.
        let answered_now = t.new_answers.iter().any(|a| a.session == s.id && a.seq == c.seq);
        if !answered_now {
            t.batch
                .delete_uncommitted(&crate::store::keys::answer(&t.user, &s.id, c.seq));
        }
    }
    let Some(q) = t.e.bank.get(&s.plan[c.index].question_id) else {
        return;
    };
    let (kind, score) = rules::closed(kind, c.score_so_far);
    // A question that timed out took its whole time, not the grace that followed.
    let ended = if kind == OutcomeKind::TimedOut {
        t.now.min(c.deadline)
    } else {
        t.now
    };
    s.outcomes.push(Outcome {
        question_id: q.id.clone(),
        category: q.category,
        competency: q.competency.clone(),
        phase: s.plan[c.index].phase,
        kind,
        score,
        seconds: (ended - c.question_started).num_seconds().max(0) as u32,
        hints: c.hints_used,
        follow_ups: c.follow_ups_asked,
    });
    // Every closed question is a review, in this turn's batch with the answer it comes from.
    if let Some(o) = s.outcomes.last().cloned() {
        reviews::record(t, s, &o);
    }
}

/// Clip an answer to the configured maximum.
fn clip_answer(text: &str, max: usize) -> (String, bool) {
    if text.chars().count() <= max {
        (text.to_string(), false)
    } else {
        (text.chars().take(max).collect(), true)
    }
}

/// Free text during an interview: the answer to the current question.
pub async fn answer(t: &mut Turn<'_>, s: &mut Session, text: &str) -> Result<()> {
    let Some(cur) = s.current.clone() else {
        ask_next(t, s, None, None).await;
        save(t, s);
        return Ok(());
    };
    let (text, truncated) = clip_answer(text.trim(), t.e.config.max_answer_chars);
    if text.trim().is_empty() || !text.chars().any(|c| c.is_alphanumeric()) {
        t.reply(m::empty_answer());
        return Ok(());
    }
    let Some(q) = t.e.bank.get(&s.plan[cur.index].question_id) else {
        close_current(t, s, OutcomeKind::Skipped);
        ask_next(t, s, None, None).await;
        save(t, s);
        return Ok(());
    };
    // Nothing to add to a follow-up ("no", "idk"): the first answer's score stands, and the
    // interview moves on instead of probing again.
    if cur.follow_up.is_some()
        && let Some(so_far) = cur.score_so_far
        && crate::scoring::says_nothing(&text)
    {
        t.reply(m::follow_up_passed(so_far));
        close_current(t, s, OutcomeKind::Answered);
        let ack = transition(persona(t, s), so_far, false, cur.seq);
        move_on(t, s, Some(&ack), None).await;
        save(t, s);
        return Ok(());
    }
    let combined = if cur.answer_so_far.is_empty() {
        text.clone()
    } else {
        format!("{}\n\n{}", cur.answer_so_far, text)
    };
    let e = t.e;
    let owned;
    let target = match e.scorer.target(&q.id) {
        Some(target) => target,
        None => {
            owned = e.scorer.target_from_text(&q.text, q.category);
            &owned
        }
    };
    let offline = e.scorer.score(target, &combined);
    let (mut score, mut decision) = brain::grade(t, s, q, target, cur.follow_up.as_deref(), &combined, offline).await;
    // On the last question the same call drafted the report: it goes to where the interview
    // finishes.
    let draft = decision.report.take();
    score.apply_hints(cur.hints_used);
    if truncated {
        score.flags.push(Flag::Truncated);
    }
    let overtime = (t.now - cur.deadline).num_seconds();
    t.save_answer(AnswerRecord {
        session: s.id.clone(),
        seq: cur.seq,
        question_id: q.id.clone(),
        question: q.text.clone(),
        follow_up: cur.follow_up.clone(),
        answer: text,
        at: t.now,
        seconds: (t.now - cur.asked_at).num_seconds().max(0) as u32,
        truncated,
        score: score.clone(),
    });
    let p = persona(t, s);
    let unread = Openings::default();
    let answered = rules::Answered {
        overall: score.overall,
        hopeless: score.hopeless(),
        too_short: score.has(Flag::TooShort),
        rubric: &score.rubric.items,
        open: &unread,
    };
    let habit = rules::Habit {
        threshold: p.follow_up_threshold,
        max_follow_ups: p.max_follow_ups,
    };
    // A late answer (sent in the grace after time ran out) gets no follow-up: its time is over;
    // nor does a drill's (its score is compared with the earlier answer's as it stands).
    let follow = if cur.late_until.is_none()
        && !s.drill
        && rules::wants_follow_up(&answered, habit, cur.follow_ups_asked, (s.cap_at - t.now).num_seconds())
    {
        // The model's follow-up probes this very answer; else what the rules find left open.
        match decision.follow_up.clone() {
            Some(f) => Some((FollowUp::Model(cur.follow_ups_asked), f)),
            None => {
                // What the answer leaves open is read only when a follow-up is wanted.
                let open = openings(&e.scorer, q, target, &score, &combined);
                rules::choose_follow_up(
                    &rules::Answered {
                        open: &open,
                        ..answered
                    },
                    &cur.used_follow_ups,
                )
                .map(|f| (f, follow_up_text(q, &score, f)))
            }
        }
    } else {
        None
    };
    match follow {
        Some((f, text)) => {
            // A claim being challenged keeps its correction until the challenge is answered.
            let card = match f {
                FollowUp::Claim(_) => &ScoreResult {
                    improvement: m::IMPROVE_WHILE_CHALLENGED.to_string(),
                    ..score.clone()
                },
                _ => &score,
            };
            t.reply(m::feedback(&t.user, &s.id, cur.seq, card, true, Some(overtime)));
            let limit = time_limit(t, s, q, true);
            let seq = s.next_seq;
            s.next_seq += 1;
            let deadline = t.now + Duration::seconds(limit);
            let mut used = cur.used_follow_ups.clone();
            used.push(f.index());
            s.current = Some(Current {
                index: cur.index,
                seq,
                follow_up: Some(text.clone()),
                follow_ups_asked: cur.follow_ups_asked + 1,
                asked_at: t.now,
                question_started: cur.question_started,
                deadline,
                hints_used: cur.hints_used,
                answer_so_far: combined,
                score_so_far: Some(score.overall),
                warned: false,
                jobs: Vec::new(),
                used_follow_ups: used,
                follow_up_hints: 0,
                late_until: None,
            });
            let prefix = Persona::pick(&p.follow_up_prefixes, cur.seq as u64);
            let view = QuestionView {
                session: s,
                question: q,
                phase: s.plan[cur.index].phase,
                position: s.position_of(cur.index),
                seconds: limit,
                follow_up: Some((prefix, &text)),
                repeated: false,
                transition: None,
            };
            let r = m::question(&t.user, &view);
            t.reply(r);
        }
        None => {
            if let Some(c) = s.current.as_mut() {
                c.score_so_far = Some(score.overall);
            }
            t.reply(m::feedback(&t.user, &s.id, cur.seq, &score, false, Some(overtime)));
            close_current(t, s, OutcomeKind::Answered);
            // The model may have chosen another of the offered questions for the next slot.
            if let Some(id) = decision.next_question
                && !s.drill
                && let Some(next) = s.plan.get_mut(cur.index + 1)
                && next.question_id != id
                && e.bank.get(&id).is_some()
            {
                next.question_id = id;
            }
            let ack = transition(p, score.overall, score.hopeless(), cur.seq);
            move_on(t, s, Some(&ack), draft).await;
        }
    }
    save(t, s);
    Ok(())
}

/// What the interviewer says before the next question: thanks for a good answer, else only a
/// transition (the tone follows the score; see [`rules::thanks_for`]).
fn transition(p: &Persona, overall: u8, hopeless: bool, seq: u32) -> String {
    let lines = if rules::thanks_for(overall, hopeless, p.follow_up_threshold) {
        &p.acknowledgements
    } else {
        &p.transitions
    };
    Persona::pick(lines, seq as u64).to_string()
}

/// The current question's time (and any grace) is over with no answer: it closes as timed out
/// (an earlier partial answer stands), and the interview moves on — said, unless the
/// interview's own time is up (the cap was announced when it came).
async fn out_of_time(t: &mut Turn<'_>, s: &mut Session, p: &Persona) {
    if t.now < s.cap_at {
        let partial = s.current.as_ref().is_some_and(|c| c.score_so_far.is_some());
        t.reply(m::timed_out(p, partial));
    }
    close_current(t, s, OutcomeKind::TimedOut);
    move_on(t, s, None, None).await;
}

/// After a question closed: the next one, or the end when the interview's time is up (a late
/// answer in the grace after the cap).
async fn move_on(t: &mut Turn<'_>, s: &mut Session, transition: Option<&str>, draft: Option<Value>) {
    reviews::offer_saved(t, s);
    if t.now >= s.cap_at {
        finish(t, s, true, draft).await;
    } else {
        ask_next(t, s, transition, draft).await;
    }
}

/// The words of a follow-up the rules chose.
fn follow_up_text(q: &Question, score: &ScoreResult, f: FollowUp) -> String {
    match f {
        FollowUp::Probe(p) => match p {
            Probe::Result => m::PROBE_RESULT,
            Probe::Action => m::PROBE_ACTION,
            Probe::Tradeoffs => m::PROBE_TRADEOFFS,
            Probe::Requirements => m::PROBE_REQUIREMENTS,
            Probe::Recommendation => m::PROBE_RECOMMENDATION,
            Probe::Quantitative => m::PROBE_QUANTITATIVE,
            Probe::MoreDetail => m::PROBE_MORE_DETAIL,
        }
        .to_string(),
        FollowUp::Bank(i) => q.follow_ups.get(i).cloned().unwrap_or_default(),
        FollowUp::Claim(i) => q
            .misconceptions
            .get(i)
            .and_then(|c| score.evidence.misconceptions.iter().find(|h| h.claim == c.claim))
            .map(|h| m::probe_claim(&h.quote))
            .unwrap_or_default(),
        FollowUp::Missed(i) => q.key_points.get(i).map(|k| m::probe_missed(k)).unwrap_or_default(),
        // The model's words come with its decision, not from here.
        FollowUp::Model(_) => String::new(),
    }
}

pub async fn skip(t: &mut Turn<'_>, s: &mut Session) -> Result<()> {
    if s.current.is_none() {
        t.reply(m::no_interview("skip"));
        return Ok(());
    }
    close_current(t, s, OutcomeKind::Skipped);
    t.reply(m::skipped());
    move_on(t, s, None, None).await;
    save(t, s);
    Ok(())
}

pub fn repeat(t: &mut Turn<'_>, s: &Session) -> Result<()> {
    let Some(c) = s.current.as_ref() else {
        t.reply(m::no_interview("repeat"));
        return Ok(());
    };
    let Some(q) = t.e.bank.get(&s.plan[c.index].question_id) else {
        t.reply(m::no_interview("repeat"));
        return Ok(());
    };
    let p = persona(t, s);
    let prefix = Persona::pick(&p.follow_up_prefixes, c.seq as u64 - 1);
    let view = QuestionView {
        session: s,
        question: q,
        phase: s.plan[c.index].phase,
        position: s.position_of(c.index),
        seconds: (c.deadline - t.now).num_seconds().max(0),
        follow_up: c.follow_up.as_deref().map(|f| (prefix, f)),
        repeated: true,
        transition: None,
    };
    let r = m::question(&t.user, &view);
    t.reply(r);
    Ok(())
}

pub async fn end(t: &mut Turn<'_>, s: &mut Session) -> Result<()> {
    if s.current.as_ref().is_some_and(|c| c.score_so_far.is_some()) {
        close_current(t, s, OutcomeKind::Answered);
        reviews::offer_saved(t, s);
    } else {
        s.current = None;
    }
    finish(t, s, true, None).await;
    save(t, s);
    Ok(())
}

/// Close the session: the report when something was answered (built here, once: the offline
/// report, worded by the model when one is available — from the last grading call's `draft`
/// or, for an interview ended early, one call), else abandoned.
async fn finish(t: &mut Turn<'_>, s: &mut Session, early: bool, draft: Option<Value>) {
    disarm(t, s);
    s.current = None;
    s.ended_at = Some(t.now);
    s.ended_early = early && s.outcomes.len() < s.plan.len();
    let now = t.now;
    {
        let meta = t.meta_mut();
        meta.active_session = None;
        meta.last_ended = Some((s.id.clone(), now));
    }
    if s.drill {
        s.status = if s.outcomes.is_empty() {
            Status::Abandoned
        } else {
            Status::Completed
        };
        reviews::drill_done(t, s);
        return;
    }
    if s.answered() == 0 {
        s.status = Status::Abandoned;
        t.reply(m::abandoned());
        return;
    }
    s.status = Status::Completed;
    let answers = t.answers(s).unwrap_or_default();
    let offline = report::build(s, &answers, &t.e.bank);
    let r = brain::report(t, s, &answers, offline, draft).await;
    let reply = m::report(&t.user, s, &r, persona(t, s))
        .row(reviews::retry_buttons(t, s))
        .row(reviews::draft_buttons(t, s));
    s.report = Some(r);
    t.reply(reply);
}

/// The interview's alarm (or a timer of an older record) fired: do what is due now (see
/// [`rules::due`]), then set the alarm again.
pub async fn on_alarm(t: &mut Turn<'_>, s: &mut Session, fired: &[u8]) {
    if s.alarm.as_ref().is_some_and(|a| a.key == fired) {
        s.alarm = None;
    }
    let p = persona(t, s);
    // The grace for a late answer (none when configured 0).
    let grace = Duration::from_std(t.e.config.late_grace).unwrap_or_default();
    let now = t.now;
    let open_grace = |s: &mut Session| match s.current.as_mut() {
        Some(c) if grace > Duration::zero() => {
            c.late_until = Some(now + grace);
            true
        }
        _ => false,
    };
    match rules::due(s.current.as_ref(), s.cap_at, t.now) {
        Due::Cap => {
            let minutes = ((s.cap_at - s.created_at).num_seconds() / 60) as u32;
            t.reply(m::cap_reached(minutes));
            if open_grace(s) {
                t.reply(m::late_grace(grace.num_seconds(), true));
            } else {
                if s.current.is_some() {
                    close_current(t, s, OutcomeKind::TimedOut);
                }
                finish(t, s, true, None).await;
            }
        }
        Due::TimeOut => {
            if open_grace(s) {
                t.reply(m::late_grace(grace.num_seconds(), false));
            } else {
                out_of_time(t, s, p).await;
            }
        }
        Due::GraceOver => out_of_time(t, s, p).await,
        Due::Warning { left } => {
            if let Some(c) = s.current.as_mut() {
                c.warned = true;
            }
            t.reply(m::time_warning(p, left));
        }
        Due::Nothing => {}
    }
    save(t, s);
}
