//! Timers with paused tokio time: warnings, time-outs, the overall cap, and deadlines that
//! expired while the coach was down.

mod common;
use chrono::{DateTime, Utc};
use common::*;
use interview_coach::clock::TokioClock;
use interview_coach::engine::Engine;
use interview_coach::interview::{OutcomeKind, Status};
use interview_coach::store::keys;
use std::sync::Arc;
use std::time::Duration;

/// The id and time limit of a question of the session's plan.
fn planned(en: &Engine, s: &interview_coach::interview::Session, index: usize) -> (String, u32) {
    let q = en.bank().get(&s.plan[index].question_id).expect("bank question");
    (q.id.clone(), q.time_limit_secs)
}

#[tokio::test(start_paused = true)]
async fn warning_then_timeout_moves_on_and_records_it() {
    let e = env();
    let en = &e.engine;
    let (mut pushes, _scheduler) = start_scheduler(en);

    let start = en.clock().now();
    say(en, "mo", "/mock behavioral 2").await;
    let s = &sessions(en, "mo")[0];
    // The pinned draw (tests/common `PLAN_SEED`): a 150-second question, then a 180-second one,
    // with the neutral interviewer.
    assert_eq!(planned(en, s, 0), ("beh-ethics-006".to_string(), 150));
    assert_eq!(planned(en, s, 1), ("beh-communication-001".to_string(), 180));
    assert_eq!(s.settings.persona, "neutral");
    let cur = s.current.clone().unwrap();
    assert_eq!((cur.deadline - start).num_seconds(), 150);

    // A question under three minutes is warned 30 seconds before its end.
    let w = next_push(&mut pushes).await;
    assert_eq!(w.trim_end(), "⏱ 30 seconds remaining on this question.");

    // At its limit, a minute's grace for an answer still being typed (COACH_LATE_GRACE_SECS).
    let g = next_push(&mut pushes).await;
    assert!(g.contains("Still typing?") && g.contains("1 min"), "{g}");
    let t = next_push(&mut pushes).await;
    assert!(t.contains("unanswered") && t.contains("Question 2/2"), "{t}");
    let s = &sessions(en, "mo")[0];
    assert_eq!(s.outcomes.len(), 1);
    assert_eq!(s.outcomes[0].kind, OutcomeKind::TimedOut);
    // It took its whole limit (the grace after it is not counted).
    assert_eq!(s.outcomes[0].seconds, 150);
    let q2 = s.current.clone().expect("second question asked");
    assert_eq!(
        q2.asked_at,
        cur.deadline + chrono::Duration::seconds(60),
        "the next question was asked when the grace after the first ran out"
    );
    assert_eq!((q2.deadline - q2.asked_at).num_seconds(), 180);
    let old_alarm = s.alarm.clone().expect("the second question's alarm");
    assert_eq!(queue(en), vec![old_alarm.key.clone()]);

    // An answer in time to the last question ends the interview and cancels its timers: the
    // queue is empty, and nothing is pushed when its old warning and deadline pass.
    let r = text(&say(en, "mo", GOOD_ANSWER).await);
    assert!(r.contains("Interview report"), "{r}");
    let s = &sessions(en, "mo")[0];
    assert_eq!(s.status, Status::Completed);
    assert!(s.alarm.is_none() && s.job_keys().is_empty());
    assert!(queue(en).is_empty(), "the alarm is gone from the queue");
    let past_deadline = (q2.deadline - en.clock().now()).num_seconds().max(0) as u64 + 3600;
    let late = tokio::time::timeout(Duration::from_secs(past_deadline), pushes.recv()).await;
    assert!(
        late.is_err(),
        "a cancelled timer fired: {:?}",
        late.map(|p| p.map(|p| text(&p.replies)))
    );
}

#[tokio::test(start_paused = true)]
async fn the_overall_cap_ends_the_interview_with_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path());
    cfg.interview_cap = Duration::from_secs(5 * 60);
    cfg.time_factor = 10.0; // questions would take far longer than the cap
    let en = engine_at(dir.path(), cfg, tokio_clock());
    let (mut pushes, _scheduler) = start_scheduler(&en);
    say(&en, "ny", "/mock behavioral 6").await;
    say(&en, "ny", GOOD_ANSWER).await;
    let mut all = String::new();
    for _ in 0..4 {
        let p = next_push(&mut pushes).await;
        all.push_str(&p);
        if p.contains("Interview report") {
            break;
        }
    }
    assert!(all.contains("5-minute mark"), "{all}");
    assert!(all.contains("Interview report"), "{all}");
    let s = &sessions(&en, "ny")[0];
    assert_eq!(s.status, Status::Completed);
    assert!(s.ended_early);
    // No job is left in the queue, and the finished interview owns none.
    assert!(queue(&en).is_empty());
    assert!(s.alarm.is_none() && s.job_keys().is_empty());
}

#[tokio::test(start_paused = true)]
async fn deadlines_that_expired_while_down_fire_on_restart() {
    let dir = tempfile::tempdir().unwrap();
    let en = restarted_two_hours_after_an_answer(dir.path()).await;
    let (mut pushes, _scheduler) = start_scheduler(&en);
    let mut all = String::new();
    for _ in 0..6 {
        let p = next_push(&mut pushes).await;
        all.push_str(&p);
        if p.contains("Interview report") || p.contains("nothing to score") {
            break;
        }
    }
    assert!(all.contains("Interview report"), "{all}");
    let s = &sessions(&en, "ol")[0];
    assert_eq!(s.status, Status::Completed);
    assert!(s.answered() >= 1);
    assert!(queue(&en).is_empty(), "jobs left behind");
}

/// One timer per interview: an answer in time writes none (the queue keeps the same single
/// key), and the alarm it leaves behind fires early without a word, then waits for the current
/// question's own warning. Where the next turn warns earlier, the alarm moves instead.
#[tokio::test(start_paused = true)]
async fn one_alarm_per_interview_and_an_early_one_stays_silent() {
    let e = env();
    let en = &e.engine;
    let (mut pushes, _scheduler) = start_scheduler(en);
    let secs = |s: i64| chrono::Duration::seconds(s);

    // "al3" (pinned draw): a 210-second first question, warned 60 s before its end (at +150).
    // A thin answer after 10 s draws a follow-up of half the time (105 s), warned 30 s before
    // its end: at +85, earlier than the alarm, so the alarm moves there.
    say(en, "al3", "/mock behavioral 3").await;
    let first = sessions(en, "al3")[0].clone();
    assert_eq!(planned(en, &first, 0).1, 210);
    let t0 = first.created_at;
    let alarm = first.alarm.clone().expect("an interview in progress has an alarm");
    assert_eq!(alarm.due, t0 + secs(150));
    let before = queue(en);
    assert_eq!(before, vec![alarm.key.clone()]);
    tokio::time::sleep(Duration::from_secs(10)).await;
    say(en, "al3", GOOD_ANSWER).await;
    let second = sessions(en, "al3")[0].clone();
    let c2 = second.current.clone().expect("a follow-up");
    assert!(c2.follow_up.is_some(), "{c2:?}");
    assert_eq!(c2.deadline, t0 + secs(10 + 105));
    let moved = second.alarm.clone().expect("alarm");
    assert_eq!(moved.due, t0 + secs(85), "an earlier moment moves the alarm");
    assert_eq!(queue(en), vec![moved.key.clone()], "moved, not added");
    say(en, "al3", "/end").await;
    assert!(queue(en).is_empty());

    // "al0" (pinned draw): two 180-second questions. The first is warned at +120; answered
    // after 10 s, the second is asked at +10, warned at +130 and timed out at +190. The alarm
    // at +120 stays.
    say(en, "al0", "/mock behavioral 3").await;
    let first = sessions(en, "al0")[0].clone();
    assert_eq!(planned(en, &first, 0).1, 180);
    assert_eq!(planned(en, &first, 1).1, 180);
    let t0 = first.created_at;
    let alarm = first.alarm.clone().expect("an interview in progress has an alarm");
    assert_eq!(alarm.due, t0 + secs(120));
    let before = queue(en);
    assert_eq!(before, vec![alarm.key.clone()], "one job per interview in progress");
    tokio::time::sleep(Duration::from_secs(10)).await;
    say(en, "al0", GOOD_ANSWER).await;
    let second = sessions(en, "al0")[0].clone();
    let c2 = second.current.clone().expect("the next question");
    assert_eq!((c2.index, c2.follow_up.as_deref()), (1, None));
    assert_eq!(c2.asked_at, t0 + secs(10));
    assert_eq!(c2.deadline, t0 + secs(190));
    assert_eq!(
        second.alarm.as_ref(),
        Some(&alarm),
        "an answer in time leaves the alarm"
    );
    assert_eq!(queue(en), before, "and writes no timer");

    // The old alarm fires at its time, finds nothing due and is set for the new warning; the
    // first push is that warning (60 s before the end), at its moment.
    let w = next_push(&mut pushes).await;
    assert_eq!(w.trim_end(), "⏱ 60 seconds remaining on this question.");
    assert!(
        en.clock().now() >= t0 + secs(130),
        "no warning before the current question's own moment"
    );
    let after = sessions(en, "al0")[0].clone();
    assert_eq!(after.current.as_ref().map(|c| c.seq), Some(c2.seq));
    assert!(after.current.as_ref().is_some_and(|c| c.warned));
    let next = after.alarm.clone().expect("set again, for the time-out");
    assert_eq!(next.due, t0 + secs(190));
    assert_eq!(queue(en), vec![next.key], "still one job");
}

/// Interviews stored before the single alarm hold a cap timer and per-question timers of the
/// older kinds: they still fire (as the alarm does), and nothing is left in the queue at the end.
#[tokio::test(start_paused = true)]
async fn timers_of_older_records_still_fire_and_are_cleaned_up() {
    use interview_coach::scheduler::{self, Job, JobKind};
    use interview_coach::store::Batch;
    let e = env();
    let en = &e.engine;
    say(en, "ld", "/mock behavioral 2").await;
    // Rewrite the session as an older coach stored it: no alarm; a cap job and a warning job.
    let mut s = sessions(en, "ld")[0].clone();
    let user = s.user.clone();
    let mut b = Batch::default();
    for k in s.job_keys() {
        b.delete(&k);
    }
    s.alarm = None;
    let c = s.current.clone().unwrap();
    // The pinned draw: a 210-second question, warned 60 s before its end.
    assert_eq!(planned(en, &s, 0).1, 210);
    assert_eq!((c.deadline - c.asked_at).num_seconds(), 210);
    let lead = 60;
    let old = |id: &str, due, kind| Job {
        id: id.into(),
        user: user.clone(),
        place: s.place.clone(),
        due,
        kind,
    };
    let warn = old(
        "w",
        c.deadline - chrono::Duration::seconds(lead),
        JobKind::QuestionWarning {
            session: s.id.clone(),
            seq: c.seq,
        },
    );
    let cap = old("cap", s.cap_at, JobKind::InterviewCap { session: s.id.clone() });
    s.current.as_mut().unwrap().jobs = vec![scheduler::schedule(&mut b, &warn)];
    s.cap_job = Some(scheduler::schedule(&mut b, &cap));
    b.put(&keys::session(&user, &s.id), &s);
    en.store().commit(b).await.unwrap();

    let (mut pushes, _scheduler) = start_scheduler(en);
    let w = next_push(&mut pushes).await;
    assert!(w.contains("⏱"), "{w}");
    let g = next_push(&mut pushes).await;
    assert!(g.contains("Still typing?"), "{g}");
    let t = next_push(&mut pushes).await;
    assert!(t.contains("unanswered") && t.contains("Question 2/2"), "{t}");
    say(en, "ld", "/end").await;
    let s = &sessions(en, "ld")[0];
    assert!(!s.is_active());
    assert!(queue(en).is_empty(), "jobs left behind");
}

/// A job that fails removes itself; an interview whose alarm was lost that way gets a new one
/// at its next turn instead of running without timers.
#[tokio::test(start_paused = true)]
async fn a_lost_alarm_is_set_again_at_the_next_turn() {
    use interview_coach::store::Batch;
    let e = env();
    let en = &e.engine;
    say(en, "lo", "/mock behavioral 3").await;
    let s = sessions(en, "lo")[0].clone();
    let alarm = s.alarm.clone().unwrap();
    let mut b = Batch::default();
    b.delete(&alarm.key);
    en.store().commit(b).await.unwrap();
    assert!(queue(en).is_empty());
    // Long past the lost alarm (no scheduler runs here), the user answers.
    let wait = (alarm.due - en.clock().now()).num_seconds().max(0) as u64 + 120;
    tokio::time::sleep(Duration::from_secs(wait)).await;
    say(en, "lo", GOOD_ANSWER).await;
    let s = sessions(en, "lo")[0].clone();
    let again = s.alarm.clone().expect("an alarm");
    assert_ne!(again.key, alarm.key);
    assert_eq!(queue(en), vec![again.key]);
}

/// An answer sent within the grace after its question timed out is scored for that question,
/// marked late, and the interview moves on as after any answer.
#[tokio::test(start_paused = true)]
async fn a_late_answer_within_the_grace_counts_for_its_question() {
    let e = env();
    let en = &e.engine;
    let (mut pushes, _scheduler) = start_scheduler(en);
    say(en, "la", "/mock behavioral 2").await;
    let s = sessions(en, "la")[0].clone();
    let (first, _) = planned(en, &s, 0);
    let (second, _) = planned(en, &s, 1);
    let _warning = next_push(&mut pushes).await;
    let g = next_push(&mut pushes).await;
    assert!(g.contains("Still typing?"), "{g}");
    // 20 seconds into the grace.
    tokio::time::sleep(Duration::from_secs(20)).await;
    let r = text(&say(en, "la", GOOD_ANSWER).await);
    assert!(r.contains("after the time limit"), "marked late: {r}");
    assert!(r.contains("Question 2/2"), "then the next question: {r}");
    let a = answers(en, "la");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].question_id, first, "scored for the question that timed out");
    let s = &sessions(en, "la")[0];
    assert_eq!(s.outcomes[0].kind, OutcomeKind::Answered);
    assert_eq!(
        s.current.as_ref().map(|c| s.plan[c.index].question_id.clone()),
        Some(second)
    );
    // The grace's end does not fire afterwards: the next push is the second question's warning.
    let w = next_push(&mut pushes).await;
    assert!(w.contains("remaining"), "{w}");
}

/// Past the grace the question counts as unanswered and an answer goes to the next question.
#[tokio::test(start_paused = true)]
async fn an_answer_after_the_grace_is_for_the_next_question() {
    let e = env();
    let en = &e.engine;
    let (mut pushes, _scheduler) = start_scheduler(en);
    say(en, "lb", "/mock behavioral 2").await;
    let s = sessions(en, "lb")[0].clone();
    let (second, _) = planned(en, &s, 1);
    let _warning = next_push(&mut pushes).await;
    let _grace = next_push(&mut pushes).await;
    let t = next_push(&mut pushes).await;
    assert!(t.contains("unanswered") && t.contains("Question 2/2"), "{t}");
    say(en, "lb", GOOD_ANSWER).await;
    let a = answers(en, "lb");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].question_id, second);
    assert_eq!(sessions(en, "lb")[0].outcomes[0].kind, OutcomeKind::TimedOut);
}

/// The last question's late answer is not thrown away: it is scored and the report follows.
#[tokio::test(start_paused = true)]
async fn a_late_answer_to_the_last_question_makes_the_report() {
    let e = env();
    let en = &e.engine;
    let (mut pushes, _scheduler) = start_scheduler(en);
    say(en, "lc", "/mock behavioral 1").await;
    let _warning = next_push(&mut pushes).await;
    let g = next_push(&mut pushes).await;
    assert!(g.contains("Still typing?"), "{g}");
    tokio::time::sleep(Duration::from_secs(5)).await;
    let r = text(&say(en, "lc", GOOD_ANSWER).await);
    assert!(
        r.contains("after the time limit") && r.contains("Interview report"),
        "{r}"
    );
    let s = &sessions(en, "lc")[0];
    assert_eq!(s.status, Status::Completed);
    assert_eq!(s.outcomes[0].kind, OutcomeKind::Answered);
    assert!(queue(en).is_empty(), "no timer left");
}

/// With the grace off (`COACH_LATE_GRACE_SECS=0`) a time-out moves on at once, as before.
#[tokio::test(start_paused = true)]
async fn without_a_grace_a_time_out_moves_on_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path());
    cfg.late_grace = Duration::ZERO;
    let en = engine_at(dir.path(), cfg, tokio_clock());
    let (mut pushes, _scheduler) = start_scheduler(&en);
    say(&en, "ld", "/mock behavioral 2").await;
    let cur = sessions(&en, "ld")[0].current.clone().unwrap();
    let _warning = next_push(&mut pushes).await;
    let t = next_push(&mut pushes).await;
    assert!(t.contains("unanswered") && t.contains("Question 2/2"), "{t}");
    let q2 = sessions(&en, "ld")[0].current.clone().unwrap();
    assert_eq!(q2.asked_at, cur.deadline);
}

/// At the overall cap an answer still being typed gets the grace too, then the report.
#[tokio::test(start_paused = true)]
async fn an_answer_in_the_grace_after_the_cap_counts_and_ends_the_interview() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path());
    cfg.interview_cap = Duration::from_secs(5 * 60);
    cfg.time_factor = 10.0;
    let en = engine_at(dir.path(), cfg, tokio_clock());
    let (mut pushes, _scheduler) = start_scheduler(&en);
    say(&en, "le", "/mock behavioral 6").await;
    let mut all = String::new();
    while !all.contains("Still typing?") {
        all.push_str(&next_push(&mut pushes).await);
    }
    assert!(all.contains("5-minute mark") && all.contains("/end"), "{all}");
    let r = text(&say(&en, "le", GOOD_ANSWER).await);
    assert!(r.contains("Interview report"), "{r}");
    assert!(!r.contains("Question 2/"), "no new question after the cap: {r}");
    let s = &sessions(&en, "le")[0];
    assert_eq!(s.status, Status::Completed);
    assert_eq!(s.answered(), 1);
}

/// The scheduler starts before the adapters subscribe, and deadlines that expired while the coach
/// was down fire at once: what they say is held for the platform's adapter and handed over when
/// it subscribes, not dropped.
#[tokio::test(start_paused = true)]
async fn pushes_made_before_the_adapter_listens_are_held_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let en = restarted_two_hours_after_an_answer(dir.path()).await;
    // The scheduler runs with no adapter listening until the interview has ended.
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let _task = en.start_scheduler(stop_rx);
    for _ in 0..600 {
        if sessions(&en, "ol")[0].status == Status::Completed {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    assert_eq!(sessions(&en, "ol")[0].status, Status::Completed);
    let mut pushes = en.subscribe(interview_coach::engine::event::Platform::Terminal);
    let mut all = String::new();
    while let Ok(p) = pushes.try_recv() {
        assert_eq!(p.user.to_string(), "term:ol");
        all.push_str(&text(&p.replies));
    }
    assert!(all.contains("Interview report"), "held pushes: {all:?}");
    let _ = stop.send(true);
}

/// A coach that stopped right after "ol" answered the first of three questions (no scheduler
/// ran), started again on the same directory two hours later.
async fn restarted_two_hours_after_an_answer(dir: &std::path::Path) -> Engine {
    let t0: DateTime<Utc> = "2026-11-02T09:00:00Z".parse().unwrap();
    {
        let en = engine_at(dir, config(dir), Arc::new(TokioClock::starting_at(t0)));
        say(&en, "ol", "/mock behavioral 3").await;
        say(&en, "ol", GOOD_ANSWER).await;
    }
    engine_at(
        dir,
        config(dir),
        Arc::new(TokioClock::starting_at(t0 + chrono::Duration::hours(2))),
    )
}
