//! Timers with paused tokio time: warnings, time-outs, the overall cap, and deadlines that
//! expired while the coach was down.

mod common;
use chrono::{DateTime, Utc};
use common::*;
use interview_coach::clock::TokioClock;
use interview_coach::engine::Push;
use interview_coach::engine::event::Platform;
use interview_coach::interview::{OutcomeKind, Status};
use interview_coach::store::keys;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// The next push. With paused time, tokio jumps to the next timer whenever every task waits
/// (including while a commit waits for the flusher thread), so tests check what the pushes say
/// and what was recorded, not the clock at the moment they are read. The long timeout only stops a
/// broken test from hanging.
async fn next_push(rx: &mut mpsc::UnboundedReceiver<Push>) -> String {
    let p = tokio::time::timeout(Duration::from_secs(10 * 86_400), rx.recv())
        .await
        .expect("a push")
        .expect("channel open");
    text(&p.replies)
}

#[tokio::test(start_paused = true)]
async fn warning_then_timeout_moves_on_and_records_it() {
    let e = env();
    let en = &e.engine;
    let mut pushes = en.subscribe(Platform::Terminal);
    let (_stop, stop_rx) = watch::channel(false);
    let _sched = en.start_scheduler(stop_rx);

    let start = en.clock().now();
    say(en, "mo", "/mock behavioral 2").await;
    let s = &sessions(en, "mo")[0];
    let cur = s.current.clone().unwrap();
    let limit = (cur.deadline - start).num_seconds();

    let w = next_push(&mut pushes).await;
    assert!(w.contains("⏱"), "{w}");
    // The warning says how long is left: the lead time before this question's deadline.
    let expected_left = if limit >= 180 {
        60
    } else if limit >= 90 {
        30
    } else {
        (limit / 3).max(5)
    };
    assert!(
        w.contains(&format!("{expected_left}")),
        "warning should mention {expected_left}s: {w}"
    );

    let t = next_push(&mut pushes).await;
    assert!(t.contains("unanswered") && t.contains("Question 2/2"), "{t}");
    let s = &sessions(en, "mo")[0];
    assert_eq!(s.outcomes.len(), 1);
    assert_eq!(s.outcomes[0].kind, OutcomeKind::TimedOut);
    // It timed out exactly at its limit, not before.
    assert_eq!(s.outcomes[0].seconds as i64, limit);
    let q2 = s.current.clone().expect("second question asked");
    assert_eq!(
        q2.asked_at, cur.deadline,
        "the next question was asked when the first timed out"
    );

    // An answer in time cancels that question's timers: the next push is the next question's.
    say(en, "mo", GOOD_ANSWER).await;
    let s = &sessions(en, "mo")[0];
    assert!(s.status != Status::InProgress || s.current.as_ref().is_some_and(|c| c.follow_up.is_some()));
}

#[tokio::test(start_paused = true)]
async fn the_overall_cap_ends_the_interview_with_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path());
    cfg.interview_cap = Duration::from_secs(5 * 60);
    cfg.time_factor = 10.0; // questions would take far longer than the cap
    let en = engine_at(dir.path(), cfg, tokio_clock());
    let mut pushes = en.subscribe(Platform::Terminal);
    let (_stop, stop_rx) = watch::channel(false);
    let _sched = en.start_scheduler(stop_rx);
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
    // No job is left in the queue.
    assert!(en.store().scan_raw(keys::JOBS).unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn deadlines_that_expired_while_down_fire_on_restart() {
    let dir = tempfile::tempdir().unwrap();
    let t0: DateTime<Utc> = "2026-11-02T09:00:00Z".parse().unwrap();
    {
        let en = engine_at(dir.path(), config(dir.path()), Arc::new(TokioClock::starting_at(t0)));
        say(&en, "ol", "/mock behavioral 3").await;
        say(&en, "ol", GOOD_ANSWER).await;
        // No scheduler ran: the process "stopped" here.
    }
    // Two hours later the coach starts again.
    let en = engine_at(
        dir.path(),
        config(dir.path()),
        Arc::new(TokioClock::starting_at(t0 + chrono::Duration::hours(2))),
    );
    let mut pushes = en.subscribe(Platform::Terminal);
    let (_stop, stop_rx) = watch::channel(false);
    let _sched = en.start_scheduler(stop_rx);
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
    assert!(en.store().scan_raw(keys::JOBS).unwrap().is_empty(), "jobs left behind");
}
