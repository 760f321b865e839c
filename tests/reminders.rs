//! Reminders (issue #17) through the engine over a real sled store with paused tokio time: a
//! rule fires at 08:30 Berlin time with what is due and its buttons; quiet hours; snoozes;
//! reminders missed while the coach was down are sent once; a user who left two unanswered gets
//! at most one a day; /remind off, /export and /forget; mistakes get a clear reply.
//!
//! With paused time tokio jumps to the next timer whenever every task waits (a commit waits for
//! the flusher thread), so user turns run while no scheduler is running, and times are read from
//! what the engine recorded, not from the clock when a push is read.

mod common;
use chrono::{DateTime, Utc};
use common::*;
use interview_coach::clock::TokioClock;
use interview_coach::engine::event::{Platform, UserId};
use interview_coach::engine::{Engine, Push};
use interview_coach::reminders::Reminders;
use interview_coach::scheduler::{Job, JobKind};
use interview_coach::store::keys;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn at(dir: &std::path::Path, start: &str) -> Engine {
    engine_at(dir, config(dir), Arc::new(TokioClock::starting_at(utc(start))))
}

fn record(en: &Engine, user: &str) -> Option<Reminders> {
    en.store()
        .get(&keys::reminders(&UserId::new(Platform::Terminal, user)))
        .unwrap()
}

/// The scheduler's queue: (due, job).
fn queue(en: &Engine) -> Vec<Job> {
    en.store()
        .scan::<Job>(keys::JOBS)
        .unwrap()
        .into_iter()
        .map(|(_, j)| j)
        .collect()
}

struct Running {
    pushes: mpsc::UnboundedReceiver<Push>,
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

fn run(en: &Engine) -> Running {
    let pushes = en.subscribe(Platform::Terminal);
    let (stop, rx) = watch::channel(false);
    let task = en.start_scheduler(rx);
    Running { pushes, stop, task }
}

impl Running {
    async fn next(&mut self) -> Push {
        tokio::time::timeout(Duration::from_secs(10 * 86_400), self.pushes.recv())
            .await
            .expect("a push")
            .expect("channel open")
    }

    async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// One push, with the scheduler running only while it is awaited.
async fn one_push(en: &Engine) -> Push {
    let mut r = run(en);
    let p = r.next().await;
    r.stop().await;
    p
}

/// A mock of two questions, both skipped ("again"), a day ago: two competency cards due now.
async fn two_due(en: &Engine, user: &str) {
    say(en, user, "/mock behavioral 2 neutral").await;
    say(en, user, "/skip").await;
    let t = text(&say(en, user, "/skip").await);
    assert!(t.contains("Interview report") || t.contains("nothing to score"), "{t}");
    // No scheduler runs: the interview's alarm is gone with it, nothing else is queued.
    tokio::time::advance(Duration::from_secs(86_400)).await;
}

#[tokio::test(start_paused = true)]
async fn a_reminder_fires_at_0830_berlin_time_with_what_is_due() {
    let dir = tempfile::tempdir().unwrap();
    // The day before; then 06:00 UTC is 07:00 in Berlin (winter time, UTC+1).
    let en = at(dir.path(), "2026-11-01T06:00:00Z");
    two_due(&en, "rm").await;
    let t = text(&say(&en, "rm", "/profile timezone Europe/Berlin").await);
    assert!(t.contains("Europe/Berlin"), "{t}");
    let t = text(&say(&en, "rm", "/remind daily 08:30").await);
    assert!(t.contains("Reminders saved") && t.contains("daily at 08:30"), "{t}");
    assert!(
        t.contains("Mon 2 Nov, 08:30 CET") && t.contains("Times are in Europe/Berlin"),
        "{t}"
    );
    // /remind alone shows the rule and the next reminder.
    let t = text(&say(&en, "rm", "/remind").await);
    assert!(
        t.contains("daily at 08:30 — next reminder in 2 h (Mon 2 Nov, 08:30 CET)"),
        "{t}"
    );

    let r = record(&en, "rm").expect("a record");
    assert_eq!(r.rules.len(), 1);
    assert_eq!(r.rules[0].next, Some(utc("2026-11-02T07:30:00Z")));
    let q = queue(&en);
    assert_eq!(q.len(), 1, "one job per rule");
    assert_eq!(q[0].due, utc("2026-11-02T07:30:00Z"));
    assert!(matches!(q[0].kind, JobKind::Reminder { .. }));

    let p = one_push(&en).await;
    assert_eq!(p.user.as_str(), "term:rm");
    let said = text(&p.replies);
    // The two areas the skipped mock asked (the pinned draw: mentoring and teamwork).
    let asked: Vec<String> = sessions(&en, "rm")[0]
        .outcomes
        .iter()
        .map(|o| o.competency.clone())
        .collect();
    assert_eq!(asked.len(), 2);
    assert!(said.contains("2 drills due: "), "{said}");
    for area in &asked {
        assert!(said.contains(area.replace('_', " ").as_str()), "{area} missing: {said}");
    }
    assert!(said.contains("mentoring") && said.contains("teamwork"), "{said}");
    for label in ["Start practice", "Snooze 1 hour", "Tomorrow"] {
        assert!(button(&p.replies, label).is_some(), "no {label} in {said}");
    }
    let r = record(&en, "rm").unwrap();
    let sent = r.last_sent.expect("sent");
    assert!(
        sent >= utc("2026-11-02T07:30:00Z") && sent < utc("2026-11-02T07:30:02Z"),
        "{sent}"
    );
    // Re-armed for the next local occurrence: one job, tomorrow 08:30 Berlin.
    assert_eq!(r.rules[0].next, Some(utc("2026-11-03T07:30:00Z")));
    let q = queue(&en);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].due, utc("2026-11-03T07:30:00Z"));

    // The start button runs /practice: a drill of a due area begins.
    let t = text(&press(&en, "rm", &button(&p.replies, "Start practice").unwrap()).await);
    assert!(t.contains("Drill") || t.contains("drill"), "{t}");
    assert!(!t.contains("Nothing is due"), "{t}");
}

#[tokio::test(start_paused = true)]
async fn nothing_due_offers_a_mock_and_a_new_area() {
    let dir = tempfile::tempdir().unwrap();
    let en = at(dir.path(), "2026-11-02T06:00:00Z");
    say(&en, "nd", "/remind daily 07:00").await;
    let p = one_push(&en).await;
    let said = text(&p.replies);
    assert!(said.contains("Nothing is due"), "{said}");
    assert!(button(&p.replies, "Mock interview").is_some(), "{said}");
    assert!(said.contains("Or try a new area"), "{said}");
    // No time zone set: UTC.
    assert_eq!(
        record(&en, "nd").unwrap().rules[0].next,
        Some(utc("2026-11-03T07:00:00Z"))
    );
}

#[tokio::test(start_paused = true)]
async fn quiet_hours_hold_a_reminder_until_they_end() {
    let dir = tempfile::tempdir().unwrap();
    // 04:00 UTC = 05:00 Berlin.
    let en = at(dir.path(), "2026-11-02T04:00:00Z");
    say(&en, "qh", "/profile timezone europe/berlin").await;
    say(&en, "qh", "/remind daily 06:00").await;
    assert_eq!(
        record(&en, "qh").unwrap().rules[0].next,
        Some(utc("2026-11-02T05:00:00Z"))
    );
    let t = text(&say(&en, "qh", "/remind quiet 22:00-07:00").await);
    assert!(t.contains("Quiet hours: 22:00–07:00"), "{t}");
    // 06:00 local is quiet: the reminder waits for 07:00 local (06:00 UTC).
    assert_eq!(
        record(&en, "qh").unwrap().rules[0].next,
        Some(utc("2026-11-02T06:00:00Z"))
    );
    assert_eq!(queue(&en).len(), 1);
    one_push(&en).await;
    let sent = record(&en, "qh").unwrap().last_sent.unwrap();
    assert!(sent >= utc("2026-11-02T06:00:00Z"), "sent inside quiet hours: {sent}");
    assert_eq!(
        record(&en, "qh").unwrap().rules[0].next,
        Some(utc("2026-11-03T06:00:00Z"))
    );
}

#[tokio::test(start_paused = true)]
async fn snooze_an_hour_then_tomorrow() {
    let dir = tempfile::tempdir().unwrap();
    let en = at(dir.path(), "2026-11-02T06:00:00Z");
    say(&en, "sz", "/profile timezone Europe/Berlin").await;
    say(&en, "sz", "/remind daily 08:30").await;
    let p = one_push(&en).await;
    let first = record(&en, "sz").unwrap().last_sent.unwrap();
    let pressed_at = en.clock().now();
    let t = text(&press(&en, "sz", &button(&p.replies, "Snooze 1 hour").unwrap()).await);
    assert!(t.contains("Snoozed"), "{t}");
    let r = record(&en, "sz").unwrap();
    assert_eq!(r.rules[0].next, Some(pressed_at + chrono::Duration::hours(1)));
    assert_eq!(r.unanswered, 0, "a snooze answers the reminder");
    let q = queue(&en);
    assert_eq!(q.len(), 1, "the snooze moves the rule's one job");
    assert_eq!(q[0].due, pressed_at + chrono::Duration::hours(1));

    let p2 = one_push(&en).await;
    let second = record(&en, "sz").unwrap().last_sent.unwrap();
    assert!(second >= first + chrono::Duration::hours(1), "{first} {second}");
    let t = text(&press(&en, "sz", &button(&p2.replies, "Tomorrow").unwrap()).await);
    assert!(t.contains("Snoozed") && t.contains("Tue 3 Nov, 08:30 CET"), "{t}");
    assert_eq!(
        record(&en, "sz").unwrap().rules[0].next,
        Some(utc("2026-11-03T07:30:00Z"))
    );
    assert_eq!(queue(&en).len(), 1);
}

#[tokio::test(start_paused = true)]
async fn reminders_missed_while_down_are_sent_once() {
    let dir = tempfile::tempdir().unwrap();
    {
        let en = at(dir.path(), "2026-11-02T06:00:00Z");
        say(&en, "dn", "/profile timezone Europe/Berlin").await;
        say(&en, "dn", "/remind daily 08:30").await;
        say(&en, "dn", "/remind weekdays 09:00").await;
        assert_eq!(queue(&en).len(), 2);
        // No scheduler ran: the coach was down for three days (six reminders missed).
    }
    let en = at(dir.path(), "2026-11-05T12:00:00Z");
    let mut r = run(&en);
    let p = r.next().await;
    assert!(text(&p.replies).contains("Nothing is due"), "{}", text(&p.replies));
    // Nothing more within the next hour (the next ones fall tomorrow morning).
    let more = tokio::time::timeout(Duration::from_secs(3_600), r.pushes.recv()).await;
    assert!(
        more.is_err(),
        "a second push: {:?}",
        more.map(|p| p.map(|p| text(&p.replies)))
    );
    r.stop().await;
    let rec = record(&en, "dn").unwrap();
    let next: Vec<_> = rec.rules.iter().map(|x| x.next.unwrap()).collect();
    assert_eq!(next, vec![utc("2026-11-06T07:30:00Z"), utc("2026-11-06T08:00:00Z")]);
    assert_eq!(queue(&en).len(), 2);
}

#[tokio::test(start_paused = true)]
async fn two_unanswered_reminders_mean_at_most_one_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let en = at(dir.path(), "2026-11-02T06:00:00Z");
    say(&en, "ua", "/remind daily 08:30").await;
    say(&en, "ua", "/remind daily 18:00").await;
    let mut r = run(&en);
    let mut sent = Vec::new();
    for _ in 0..4 {
        r.next().await;
        sent.push(record(&en, "ua").unwrap().last_sent.unwrap());
    }
    r.stop().await;
    let secs: Vec<String> = sent.iter().map(|t| t.format("%d %H:%M").to_string()).collect();
    // Day 1 both (two unanswered); day 2 and day 3 only the morning one.
    assert_eq!(secs, vec!["02 08:30", "02 18:00", "03 08:30", "04 08:30"]);
}

#[tokio::test(start_paused = true)]
async fn off_export_and_forget_leave_no_rule_and_no_job() {
    let dir = tempfile::tempdir().unwrap();
    let en = at(dir.path(), "2026-11-02T06:00:00Z");
    say(&en, "fg", "/remind weekdays 19:00").await;
    let t = text(&say(&en, "fg", "/remind off").await);
    assert!(t.contains("Reminders off: 1 rule removed"), "{t}");
    assert!(record(&en, "fg").is_none() && queue(&en).is_empty());

    say(&en, "fg", "/remind weekdays 19:00").await;
    say(&en, "fg", "/remind quiet 22:00-07:00").await;
    let bytes = file(&say(&en, "fg", "/export").await).expect("an export file");
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let rules = &doc["records"]["remind"]["data"]["rules"];
    assert_eq!(rules[0]["days"], "weekdays", "{doc}");
    assert_eq!(rules[0]["at"], "19:00:00", "{doc}");
    assert_eq!(doc["scheduled_jobs"][0]["data"]["kind"]["type"], "reminder", "{doc}");

    say(&en, "fg", "/forget").await;
    let t = text(&say(&en, "fg", "/forget confirm").await);
    assert!(t.to_lowercase().contains("deleted"), "{t}");
    assert!(record(&en, "fg").is_none(), "the rules are gone");
    assert!(queue(&en).is_empty(), "their jobs are gone");
}

#[tokio::test(start_paused = true)]
async fn mistakes_get_a_clear_reply() {
    let dir = tempfile::tempdir().unwrap();
    let en = at(dir.path(), "2026-11-02T06:00:00Z");
    for bad in [
        "/remind daily 25:00",
        "/remind weekdays",
        "/remind sometimes 08:00",
        "/remind quiet 22:00",
    ] {
        let t = text(&say(&en, "bd", bad).await);
        assert!(t.contains("couldn't read"), "{bad}: {t}");
    }
    assert!(record(&en, "bd").is_none() && queue(&en).is_empty());
    let t = text(&say(&en, "bd", "/profile timezone Mars/Olympus").await);
    assert!(t.contains("Mars/Olympus"), "{t}");
    let t = text(&say(&en, "bd", "/remind").await);
    assert!(t.contains("No reminders set"), "{t}");
    // In a group: reminders are set in a direct message.
    let r = en
        .handle(group_event(
            &en,
            "bd",
            interview_coach::engine::event::Inbound::payload_from_line("/remind daily 08:00"),
        ))
        .await;
    assert!(text(&r).contains("direct message"), "{}", text(&r));
}

/// A terminal user's reminder falls due while the terminal is closed (nothing listens to its
/// pushes): nothing is sent, the reminder waits, and it goes out once when the terminal opens.
#[tokio::test(start_paused = true)]
async fn a_reminder_waits_for_the_terminal_to_open() {
    let dir = tempfile::tempdir().unwrap();
    let en = at(dir.path(), "2026-11-02T06:00:00Z");
    say(&en, "tm", "/remind daily 07:00").await;
    let (stop, rx) = watch::channel(false);
    let task = en.start_scheduler(rx);
    tokio::time::sleep(Duration::from_secs(3 * 3_600)).await;
    let _ = stop.send(true);
    let _ = task.await;
    let r = record(&en, "tm").unwrap();
    assert_eq!(r.last_sent, None, "nothing was sent with no terminal open");
    let q = queue(&en);
    assert_eq!(q.len(), 1);
    assert!(
        q[0].due > utc("2026-11-02T08:59:00Z") && q[0].due <= utc("2026-11-02T09:01:00Z"),
        "{}",
        q[0].due
    );
    // The terminal opens: the reminder goes out once, then the next is tomorrow.
    let mut run = run(&en);
    run.next().await;
    let more = tokio::time::timeout(Duration::from_secs(3_600), run.pushes.recv()).await;
    assert!(more.is_err(), "sent once");
    run.stop().await;
    assert_eq!(
        record(&en, "tm").unwrap().rules[0].next,
        Some(utc("2026-11-03T07:00:00Z"))
    );
}

/// Setting a time zone moves the reminders already set to it.
#[tokio::test(start_paused = true)]
async fn a_new_time_zone_moves_the_reminders() {
    let dir = tempfile::tempdir().unwrap();
    let en = at(dir.path(), "2026-11-02T06:00:00Z");
    say(&en, "tz", "/remind daily 08:30").await;
    assert_eq!(
        record(&en, "tz").unwrap().rules[0].next,
        Some(utc("2026-11-02T08:30:00Z"))
    );
    say(&en, "tz", "/profile timezone Europe/Berlin").await;
    assert_eq!(
        record(&en, "tz").unwrap().rules[0].next,
        Some(utc("2026-11-02T07:30:00Z"))
    );
    let q = queue(&en);
    assert_eq!(q.len(), 1, "the job moved, not added");
    assert_eq!(q[0].due, utc("2026-11-02T07:30:00Z"));
}
