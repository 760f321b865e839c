//! The per-user inbound limit (engine/flood.rs) through the real engine over a real sled store,
//! with paused tokio time: a burst, then one notice, then silence; nothing sent past the limit is
//! recorded, scored or run later; other users and the terminal are not held back.

mod common;
use common::*;
use interview_coach::config::{Config, RateLimit};
use interview_coach::engine::Engine;
use interview_coach::engine::event::{Inbound, Payload, Place, Platform, Sender, UserId};
use interview_coach::engine::reply::{Reply, ReplyKind};
use interview_coach::interview::{AnswerRecord, Session};
use interview_coach::store::keys;
use std::time::Duration;

/// Burst 3, then one message every 2 s.
const LIMIT: RateLimit = RateLimit {
    burst: 3,
    per_minute: 30,
};

fn limited_engine(dir: &std::path::Path) -> Engine {
    let config = Config {
        rate_limit: Some(LIMIT),
        ..config(dir)
    };
    engine_at(dir, config, tokio_clock())
}

/// A Telegram direct message (limited; the terminal is not).
fn tg_event(en: &Engine, user: &str, payload: Payload) -> Inbound {
    Inbound {
        sender: Sender {
            id: user.to_string(),
            display_name: user.to_string(),
        },
        place: Place::direct(Platform::Telegram, user),
        payload,
        at: en.clock().now(),
    }
}

async fn tg(en: &Engine, user: &str, line: &str) -> Vec<Reply> {
    en.handle(tg_event(en, user, Inbound::payload_from_line(line))).await
}

async fn tg_press(en: &Engine, user: &str, payload: &str) -> Vec<Reply> {
    en.handle(tg_event(en, user, Payload::Button(payload.to_string())))
        .await
}

fn tg_sessions(en: &Engine, user: &str) -> Vec<Session> {
    let uid = UserId::new(Platform::Telegram, user);
    en.store()
        .scan::<Session>(&keys::sessions(&uid))
        .unwrap()
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// Every answer record stored for the user's only session.
fn tg_answers(en: &Engine, user: &str) -> Vec<AnswerRecord> {
    let uid = UserId::new(Platform::Telegram, user);
    let sessions = tg_sessions(en, user);
    assert_eq!(sessions.len(), 1, "one interview");
    en.store()
        .scan::<AnswerRecord>(&keys::answers(&uid, &sessions[0].id))
        .unwrap()
        .into_iter()
        .map(|(_, a)| a)
        .collect()
}

fn session_json(en: &Engine, user: &str) -> serde_json::Value {
    serde_json::to_value(&tg_sessions(en, user)[0]).unwrap()
}

fn is_notice(replies: &[Reply]) -> bool {
    replies.len() == 1 && replies[0].kind == ReplyKind::Notice && text(replies).contains("faster than I can take them")
}

#[tokio::test(start_paused = true)]
async fn a_flood_gets_one_notice_then_silence_and_no_answer_past_the_limit_counts() {
    let dir = tempfile::tempdir().unwrap();
    let en = &limited_engine(dir.path());
    // The burst: an interview and two answers.
    let question = tg(en, "ann", "/mock behavioral 4 neutral").await;
    assert!(text(&question).contains("Question 1/4"), "{}", text(&question));
    let end = button(&question, "End").expect("an End button");
    for _ in 0..2 {
        let t = text(&tg(en, "ann", GOOD_ANSWER).await);
        assert!(t.contains("Score"), "{t}");
    }
    assert_eq!(tg_answers(en, "ann").len(), 2);
    let before = session_json(en, "ann");

    // Past it: one notice that says the answer was not recorded and how long to wait...
    let notice = tg(en, "ann", GOOD_ANSWER).await;
    assert!(is_notice(&notice), "the fourth message is told: {}", text(&notice));
    let t = text(&notice);
    assert!(t.contains("didn't record"), "{t}");
    assert!(t.contains("Wait 2 s"), "{t}");
    // ...then silence, for answers, commands and button presses alike.
    for _ in 0..50 {
        assert!(tg(en, "ann", GOOD_ANSWER).await.is_empty());
    }
    assert!(tg(en, "ann", "/end").await.is_empty());
    assert!(tg(en, "ann", "/skip").await.is_empty());
    assert!(tg_press(en, "ann", &end).await.is_empty());
    // Another user is answered meanwhile.
    let t = text(&tg(en, "bob", "/mock behavioral 2 neutral").await);
    assert!(t.contains("Question 1/2"), "{t}");
    // Nothing of it reached the interview: no answer, no skip, no end, no change at all.
    assert_eq!(tg_answers(en, "ann").len(), 2, "no answer past the limit was recorded");
    assert_eq!(session_json(en, "ann"), before, "the interview is untouched");

    // One interval later the next message is taken, and it counts once.
    tokio::time::advance(Duration::from_secs(2)).await;
    let t = text(&tg(en, "ann", GOOD_ANSWER).await);
    assert!(t.contains("Score"), "the answer sent again is scored: {t}");
    let answers = tg_answers(en, "ann");
    assert_eq!(answers.len(), 3, "exactly the accepted answers");
    let mut seqs: Vec<u32> = answers.iter().map(|a| a.seq).collect();
    seqs.dedup();
    assert_eq!(seqs.len(), 3, "no answer recorded twice");
    let s = &tg_sessions(en, "ann")[0];
    assert!(
        s.is_active() && s.current.is_some(),
        "the refused /end and /skip did nothing"
    );

    // Two seconds passed without a refused message, so hurrying again is told again, once.
    assert!(is_notice(&tg(en, "ann", GOOD_ANSWER).await));
    assert!(tg_press(en, "ann", &end).await.is_empty());
    assert_eq!(tg_answers(en, "ann").len(), 3);
    assert!(tg_sessions(en, "ann")[0].is_active());
}

#[tokio::test(start_paused = true)]
async fn burst_plus_n_messages_get_exactly_one_notice_and_a_pause_lets_them_in_again() {
    let dir = tempfile::tempdir().unwrap();
    let en = &limited_engine(dir.path());
    let mut replies = Vec::new();
    for _ in 0..LIMIT.burst + 20 {
        replies.push(tg(en, "cat", "/help").await);
    }
    let answered = replies.iter().filter(|r| !r.is_empty() && !is_notice(r)).count();
    let notices = replies.iter().filter(|r| is_notice(r)).count();
    let silent = replies.iter().filter(|r| r.is_empty()).count();
    assert_eq!((answered, notices, silent), (3, 1, 19));
    assert!(is_notice(&replies[3]), "the first message past the burst is told");

    // Another user is not held back by cat's flood.
    for _ in 0..LIMIT.burst {
        let r = tg(en, "dan", "/help").await;
        assert!(!r.is_empty() && !is_notice(&r));
    }

    // After the whole burst has refilled (3 × 2 s), a burst passes again, and the next flood is
    // told again, once.
    tokio::time::advance(Duration::from_secs(6)).await;
    for _ in 0..LIMIT.burst {
        let r = tg(en, "cat", "/help").await;
        assert!(!r.is_empty() && !is_notice(&r), "{}", text(&r));
    }
    assert!(is_notice(&tg(en, "cat", "/help").await));
    assert!(tg(en, "cat", "/help").await.is_empty());
}

/// On real threads and real time (a rate of 1 a minute, so no message is refilled while the test
/// runs): messages racing each other still get exactly the burst through and one notice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_flood_messages_of_one_user_get_one_notice_between_them() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config {
        rate_limit: Some(RateLimit {
            burst: 3,
            per_minute: 1,
        }),
        ..config(dir.path())
    };
    let en = engine_at(dir.path(), config, interview_coach::system_clock());
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(200));
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let (en, start) = (en.clone(), start.clone());
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            tg(&en, "eve", "/status").await
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let notices = results.iter().filter(|r| is_notice(r)).count();
    let answered = results.iter().filter(|r| !r.is_empty() && !is_notice(r)).count();
    assert_eq!((answered, notices), (3, 1));
}

#[tokio::test(start_paused = true)]
async fn the_terminal_is_not_limited() {
    let dir = tempfile::tempdir().unwrap();
    let en = &limited_engine(dir.path());
    say(en, "tess", "/mock behavioral 2 neutral").await;
    for _ in 0..20 {
        let r = say(en, "tess", "/repeat").await;
        assert!(!r.is_empty() && !is_notice(&r), "{}", text(&r));
    }
}
