//! Booked mock interviews (/schedule) and the study plan (/plan) through the engine over a real
//! sled store, with paused tokio time: the reminders a day and an hour before and the opening on
//! time, an unanswered opened interview expiring without scores, listing and cancelling (the
//! jobs go too), /export and /forget of bookings, and the plan with and without history.

mod common;
use chrono::{DateTime, Duration as Days, Utc};
use common::*;
use interview_coach::bank::Category;
use interview_coach::engine::Engine;
use interview_coach::engine::event::{Inbound, Platform, UserId};
use interview_coach::interview::{OutcomeKind, Status};
use interview_coach::practice::booking::Booking;
use interview_coach::practice::{Card, CardKind, Grade, Review};
use interview_coach::store::{Batch, keys};
use std::time::Duration;
use tokio::sync::watch;

fn uid(user: &str) -> UserId {
    UserId::new(Platform::Terminal, user)
}

fn bookings(en: &Engine, user: &str) -> Vec<Booking> {
    en.store()
        .scan::<Booking>(&keys::bookings(&uid(user)))
        .unwrap()
        .into_iter()
        .map(|(_, b)| b)
        .collect()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// The engine's clock starts on Monday 2 November 2026, 09:00 UTC (10:00 in Berlin).
#[tokio::test(start_paused = true)]
async fn a_booking_reminds_a_day_and_an_hour_before_then_opens_on_time() {
    let e = env();
    let en = &e.engine;
    let (mut pushes, _scheduler) = start_scheduler(en);
    say(en, "bk", "/profile timezone Europe/Berlin").await;
    let r = text(&say(en, "bk", "/schedule thu 18:00 behavioral 2").await);
    assert!(r.contains("Booked: Behavioural interview"), "{r}");
    assert!(r.contains("Thu 5 Nov, 18:00 CET"), "{r}");
    assert!(r.contains("a day and an hour before"), "{r}");
    let b = &bookings(en, "bk")[0];
    // Thursday 18:00 in Berlin is 17:00 UTC.
    assert_eq!(b.at, at("2026-11-05T17:00:00Z"));
    assert_eq!(b.jobs.len(), 3);
    assert_eq!(queue(en).len(), 3);

    // Each reminder says how far off the interview is from the moment it fired.
    let day = next_push(&mut pushes).await;
    assert!(day.contains("Reminder: tomorrow"), "{day}");
    assert!(day.contains("in 24 h (Thu 5 Nov, 18:00 CET)"), "{day}");
    let hour = next_push(&mut pushes).await;
    assert!(hour.contains("Reminder: in an hour"), "{hour}");
    assert!(hour.contains("in 1 h (Thu 5 Nov, 18:00 CET)"), "{hour}");

    let open = next_push(&mut pushes).await;
    assert!(
        open.contains("It's time for your booked Behavioural interview"),
        "{open}"
    );
    assert!(open.contains("Question 1/2"), "the first question is asked: {open}");
    let s = &sessions(en, "bk")[0];
    assert_eq!(s.created_at, b.at, "opened at the booked time");
    assert_eq!(s.status, Status::InProgress);
    assert_eq!(s.settings.count, 2);
    // The booking's jobs are done; the interview's alarm is the only job left.
    assert_eq!(queue(en), s.job_keys());
    assert_eq!(bookings(en, "bk")[0].session.as_deref(), Some(s.id.as_str()));
    // Answered, it runs as any interview (no expiry at the question's time-out).
    let r = text(&say(en, "bk", GOOD_ANSWER).await);
    assert!(!r.contains("expired"), "{r}");
    assert_eq!(sessions(en, "bk")[0].answered(), 1);
    // Once that interview is over, /schedule drops the opened booking.
    say(en, "bk", "/end").await;
    let r = text(&say(en, "bk", "/schedule").await);
    assert!(r.contains("No mock interviews booked"), "{r}");
    assert!(bookings(en, "bk").is_empty());
}

#[tokio::test(start_paused = true)]
async fn an_unanswered_booked_interview_expires_without_scores() {
    let e = env();
    let en = &e.engine;
    let (mut pushes, _scheduler) = start_scheduler(en);
    // Half an hour ahead (UTC, no time zone set): no reminder is still ahead, only the opening.
    let r = text(&say(en, "ex", "/schedule today 9:30 behavioral 2").await);
    assert!(r.contains("I'll open the interview here at that time."), "{r}");
    assert!(r.contains("Times are in UTC"), "{r}");
    assert_eq!(queue(en).len(), 1);
    let open = next_push(&mut pushes).await;
    assert!(open.contains("It's time for your booked"), "{open}");
    let mut pushed = String::new();
    while !pushed.contains("expired") {
        pushed = next_push(&mut pushes).await;
        assert!(!pushed.contains("Question 2/2"), "no second question: {pushed}");
    }
    assert!(pushed.contains("nothing was scored"), "{pushed}");
    let s = &sessions(en, "ex")[0];
    assert_eq!(s.status, Status::Abandoned);
    assert!(s.outcomes.is_empty(), "no scores: {:?}", s.outcomes);
    assert!(s.report.is_none());
    assert!(queue(en).is_empty(), "no job left");
    assert!(bookings(en, "ex").is_empty(), "the booking is gone");
    assert!(answers(en, "ex").is_empty());
}

/// Booked in a group, the opening asks first (others can read), as /mock does there.
#[tokio::test(start_paused = true)]
async fn a_booking_in_a_group_asks_before_opening() {
    let e = env();
    let en = &e.engine;
    let mut pushes = en.subscribe(Platform::Telegram);
    let (_stop, stop_rx) = watch::channel(false);
    let _handle = en.start_scheduler(stop_rx);
    let line = Inbound::payload_from_line("/schedule today 9:30 behavioral 2");
    let r = text(&en.handle(group_event(en, "gr", line)).await);
    assert!(r.contains("Booked: "), "{r}");
    let gr = UserId::new(Platform::Telegram, "gr");
    let p = tokio::time::timeout(Duration::from_secs(86_400), pushes.recv())
        .await
        .expect("a push")
        .expect("channel open");
    let said = text(&p.replies);
    assert!(
        said.contains("It's time for your booked Behavioural interview"),
        "{said}"
    );
    assert!(said.contains("everyone in this chat can read your answers"), "{said}");
    assert_eq!(p.place.chat, "-100123", "in the group it was booked in");
    let meta: interview_coach::profile::UserMeta = en.store().get(&keys::meta(&gr)).unwrap().expect("meta");
    assert!(
        matches!(meta.pending, Some(interview_coach::profile::Pending::GroupMock { .. })),
        "{:?}",
        meta.pending
    );
    assert!(meta.active_session.is_none(), "nothing started before the answer");
    assert!(en.store().scan_raw(&keys::bookings(&gr)).unwrap().is_empty());
    assert!(queue(en).is_empty());
}

#[tokio::test(start_paused = true)]
async fn schedule_lists_and_cancel_removes_the_booking_and_its_jobs() {
    let e = env();
    let en = &e.engine;
    let r = text(&say(en, "ls", "/schedule").await);
    assert!(r.contains("No mock interviews booked"), "{r}");
    say(en, "ls", "/schedule 2026-12-14 18:00 technical backend senior").await;
    say(en, "ls", "/schedule tomorrow 18:00 behavioral").await;
    assert_eq!(queue(en).len(), 6);
    let r = text(&say(en, "ls", "/schedule").await);
    let first = r.find("Tue 3 Nov, 18:00 UTC").expect("tomorrow's listed");
    let second = r.find("Mon 14 Dec, 18:00 UTC").expect("December's listed");
    assert!(first < second, "soonest first: {r}");
    assert!(r.contains("Technical interview, backend, senior"), "{r}");

    let r = text(&say(en, "ls", "/schedule cancel 1").await);
    assert!(r.contains("Cancelled: Behavioural interview"), "{r}");
    let left = bookings(en, "ls");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].at, at("2026-12-14T18:00:00Z"));
    let mut q = queue(en);
    q.sort();
    let mut jobs = left[0].jobs.clone();
    jobs.sort();
    assert_eq!(q, jobs, "only the remaining booking's jobs are queued");
    let r = text(&say(en, "ls", "/schedule").await);
    assert!(!r.contains("Tue 3 Nov"), "{r}");

    // Bad input: a clear reply, nothing booked.
    let r = text(&say(en, "ls", "/schedule cancel 7").await);
    assert!(r.contains("you have one"), "{r}");
    let r = text(&say(en, "ls", "/schedule today 8:00").await);
    assert!(r.contains("has already passed"), "{r}");
    let r = text(&say(en, "ls", "/schedule someday 8:00").await);
    assert!(r.contains("can't read \"someday\""), "{r}");
    let r = text(&say(en, "ls", "/schedule tomorrow").await);
    assert!(r.contains("Give a time of day"), "{r}");
    let r = text(&say(en, "ls", "/schedule tomorrow 9am backnd").await);
    assert!(r.contains("backend"), "{r}");
    assert_eq!(bookings(en, "ls").len(), 1);
}

#[tokio::test(start_paused = true)]
async fn export_lists_bookings_and_forget_leaves_none() {
    let e = env();
    let en = &e.engine;
    say(en, "fg", "/schedule tomorrow 18:00 behavioral").await;
    let r = say(en, "fg", "/export").await;
    let doc: serde_json::Value = serde_json::from_slice(&file(&r).expect("a file")).unwrap();
    let records = doc["records"].as_object().unwrap();
    assert_eq!(records.keys().filter(|k| k.starts_with("b/")).count(), 1, "{doc}");
    assert_eq!(doc["scheduled_jobs"].as_array().unwrap().len(), 3, "{doc}");
    say(en, "fg", "/forget").await;
    let t = text(&say(en, "fg", "/forget confirm").await);
    assert!(t.contains("deleted"), "{t}");
    assert!(bookings(en, "fg").is_empty());
    assert!(queue(en).is_empty(), "the booking's jobs are gone");
    assert!(en.store().user_keys(&uid("fg")).unwrap().is_empty());
}

/// A competency card as a review leaves it, with its due time and score set by the test.
fn card(id: &str, score: u8, due: DateTime<Utc>, now: DateTime<Utc>) -> Card {
    let review = Review {
        at: now - Days::days(3),
        question_id: format!("q-{id}"),
        kind: OutcomeKind::Answered,
        score,
        grade: Grade::Good,
        answer: None,
        drill: false,
    };
    let mut c = Card::reviewed(None, CardKind::Competency, id, Category::Technical, review);
    c.due = due;
    c
}

#[tokio::test(start_paused = true)]
async fn plan_without_history_spaces_mock_interviews() {
    let e = env();
    let en = &e.engine;
    let r = text(&say(en, "np", "/plan").await);
    assert!(r.contains("Study plan for the next 14 days"), "{r}");
    assert!(r.contains("No reviews yet"), "{r}");
    let days: Vec<&str> = r.lines().filter(|l| l.contains(": ") && l.contains("Nov")).collect();
    assert_eq!(days.len(), 14, "{r}");
    let mock_days: Vec<usize> = days
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains("mock interview"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(mock_days, vec![0, 3, 6, 9, 12], "{r}");
    assert!(days[0].contains("30 min"), "{}", days[0]);
    assert!(days[1].contains("rest day"), "{}", days[1]);
    assert!(r.contains("In all 150 min"), "{r}");
}

#[tokio::test(start_paused = true)]
async fn plan_with_history_puts_reviews_on_their_due_day_weakest_first() {
    let e = env();
    let en = &e.engine;
    let now = en.clock().now();
    let mut b = Batch::default();
    for c in [
        card("sql", 30, now + Days::days(2), now),
        card("leadership", 85, now + Days::days(2), now),
        card("communication", 60, now - Days::hours(5), now),
        card("estimation", 40, now + Days::days(30), now),
    ] {
        b.put(&keys::card(&uid("hp"), "c", &c.id), &c);
    }
    en.store().commit(b).await.unwrap();
    say(en, "hp", "/profile interview-date 2026-11-12").await;
    say(en, "hp", "/schedule fri 18:00 technical").await;
    let r = text(&say(en, "hp", "/plan").await);
    assert!(
        r.contains("Study plan to your interview on Thu 12 Nov 2026 (10 days)"),
        "{r}"
    );
    let line = |day: &str| -> String {
        r.lines()
            .find(|l| l.contains(day))
            .unwrap_or_else(|| panic!("{day}: {r}"))
            .to_string()
    };
    // Overdue: today. Due in two days: that day, the weaker (lower score) first.
    let today = line("Today (Mon 2 Nov)");
    assert!(today.contains("review communication"), "{today}");
    assert!(today.contains("mock interview"), "{today}");
    assert!(today.contains("40 min"), "{today}");
    let wed = line("Wed 4 Nov");
    assert!(wed.contains("review sql, leadership (/practice) — 20 min"), "{wed}");
    // The booked interview on Friday; suggested ones at least three days from any other.
    let fri = line("Fri 6 Nov");
    assert!(fri.contains("booked mock interview at 18:00 UTC"), "{fri}");
    assert!(line("Mon 9 Nov").contains("mock interview (/mock)"), "{r}");
    for quiet in [
        "Tomorrow (Tue 3 Nov)",
        "Thu 5 Nov",
        "Sat 7 Nov",
        "Sun 8 Nov",
        "Tue 10 Nov",
        "Wed 11 Nov",
    ] {
        assert!(line(quiet).contains("rest day"), "{quiet}: {r}");
    }
    // Due after the interview: not in the plan.
    assert!(!r.contains("review estimation"), "{r}");
    assert!(r.contains("Weakest first: "), "{r}");
    assert!(r.contains("In all 120 min"), "{r}");

    // /report carries the same days in its plan section.
    say(en, "hp", "/mock behavioral 1").await;
    say(en, "hp", GOOD_ANSWER).await;
    say(en, "hp", "/end").await;
    let md = String::from_utf8(file(&say(en, "hp", "/report").await).expect("a file")).unwrap();
    let plan = md.split("## Plan").nth(1).expect("a plan section");
    assert!(
        plan.contains("**Study plan to your interview on Thu 12 Nov 2026 (10 days)**"),
        "{plan}"
    );
    assert!(
        plan.contains("**Fri 6 Nov**: booked mock interview at 18:00 UTC"),
        "{plan}"
    );

    // A bad date gets a clear reply.
    let r = text(&say(en, "hp", "/profile interview-date 12/20").await);
    assert!(r.contains("YYYY-MM-DD"), "{r}");
}
