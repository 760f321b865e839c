//! The Telegram adapter end to end: the real teloxide stack (polling, Throttle, requests)
//! against a Bot API emulator on 127.0.0.1, driving the real engine over a real sled store.

mod common;

use coach_fakes::bot_api::{BotApi, Call, TOKEN};
use coach_fakes::fake_openai::FakeOpenAi;
use common::*;
use interview_coach::adapters::telegram::{self, render};
use interview_coach::config::Config;
use serde_json::Value;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

struct Bot {
    api: BotApi,
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<Result<(), telegram::TelegramError>>,
    _dir: tempfile::TempDir,
}

async fn start_with(config: impl FnOnce(&std::path::Path) -> Config, prepare: impl FnOnce(&BotApi)) -> Bot {
    let api = BotApi::start().await;
    prepare(&api);
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), config(dir.path()), interview_coach::system_clock());
    let (stop, rx) = tokio::sync::watch::channel(false);
    let sched = engine.start_scheduler(rx.clone());
    let opts = telegram::Options {
        token: TOKEN.into(),
        api_url: Some(api.url()),
        webhook_url: None,
        webhook_addr: "127.0.0.1:0".parse().unwrap(),
        poll_timeout: 1,
    };
    let task = tokio::spawn(async move {
        let r = telegram::run(engine, opts, rx).await;
        let _ = sched.await;
        r
    });
    Bot {
        api,
        stop,
        task,
        _dir: dir,
    }
}

async fn start() -> Bot {
    start_with(config, |_| {}).await
}

impl Bot {
    async fn stop(self) {
        let _ = self.stop.send(true);
        let r = tokio::time::timeout(Duration::from_secs(10), self.task).await;
        assert!(matches!(r, Ok(Ok(Ok(())))), "the adapter stops cleanly: {r:?}");
    }
}

fn sends(calls: &[Call], chat: i64) -> Vec<&Call> {
    calls
        .iter()
        .filter(|c| c.method == "sendmessage" && c.body["chat_id"].as_i64() == Some(chat))
        .collect()
}

fn text_of(c: &Call) -> String {
    c.body["text"].as_str().unwrap_or("").to_string()
}

/// The callback data of the first inline button labelled `label` in any call.
fn button_data(calls: &[Call], label: &str) -> Option<String> {
    calls.iter().rev().find_map(|c| {
        let kb = match &c.body["reply_markup"] {
            Value::String(s) => serde_json::from_str::<Value>(s).ok()?,
            v => v.clone(),
        };
        kb["inline_keyboard"]
            .as_array()?
            .iter()
            .flat_map(|r| r.as_array().cloned().unwrap_or_default())
            .find_map(|b| {
                (b["text"] == label)
                    .then(|| b["callback_data"].as_str().map(str::to_string))
                    .flatten()
            })
    })
}

/// Send a message and wait until the bot has answered it (one more sendMessage to that chat
/// than before, containing `expect`).
async fn exchange(bot: &Bot, chat: i64, from: i64, text: &str, expect: &str) -> String {
    let before = sends(&bot.api.calls(), chat).len();
    bot.api.send_text(chat, from, text);
    let calls = bot
        .api
        .wait_for(WAIT, |c| {
            sends(c, chat).iter().skip(before).any(|m| text_of(m).contains(expect))
        })
        .await;
    sends(&calls, chat)
        .iter()
        .skip(before)
        .map(|c| text_of(c))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Answer until the turn's last message (the next question or the report) has arrived.
async fn answer(bot: &Bot, chat: i64, from: i64, text: &str) -> String {
    let before = sends(&bot.api.calls(), chat).len();
    bot.api.send_text(chat, from, text);
    let done = |m: &&Call| {
        let t = text_of(m);
        t.contains("Question ") || t.contains("Follow-up") || t.contains("Interview report")
    };
    let calls = bot
        .api
        .wait_for(WAIT, |c| sends(c, chat).iter().skip(before).any(done))
        .await;
    sends(&calls, chat)
        .iter()
        .skip(before)
        .map(|c| text_of(c))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_mock_interview_through_telegram_updates() {
    let bot = start().await;
    // The command menu comes from the engine's table.
    let calls = bot
        .api
        .wait_for(WAIT, |c| c.iter().any(|c| c.method == "setmycommands"))
        .await;
    let menu = &calls.iter().find(|c| c.method == "setmycommands").unwrap().body["commands"];
    let names: Vec<&str> = menu
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["command"].as_str())
        .collect();
    for n in [
        "start", "help", "mock", "practice", "weak", "hint", "skip", "end", "status", "progress", "report", "bank",
        "profile", "remind", "export", "forget", "schedule", "plan", "draft", "save", "library", "sample", "suggest",
        "cv", "jd",
    ] {
        assert!(names.contains(&n), "{n} in the menu: {names:?}");
    }
    let chat = 42;
    exchange(&bot, chat, chat, "/start", "").await;
    let mut out = exchange(&bot, chat, chat, "/mock behavioral 4 neutral", "Question 1/4").await;
    for _ in 0..10 {
        if out.contains("Interview report") {
            break;
        }
        out = answer(&bot, chat, chat, GOOD_ANSWER).await;
    }
    assert!(out.contains("Interview report"), "{out}");
    let calls = bot.api.calls();
    assert!(calls.iter().any(|c| c.method == "sendchataction"), "typing indicator");
    assert!(sends(&calls, chat).iter().all(|c| c.body["parse_mode"] == "HTML"));
    let progress = exchange(&bot, chat, chat, "/progress", "Progress").await;
    assert!(
        progress.contains("Interviews started: 1 · completed: 1 · abandoned: 0"),
        "{progress}"
    );
    assert!(progress.contains("Questions answered: 4\n"), "{progress}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboards_work_and_a_strangers_press_does_nothing_harmful() {
    let bot = start().await;
    let group = -1001;
    let (alice, mallory) = (7, 8);
    exchange(&bot, group, alice, "/mock", "What kind of interview").await;
    let calls = bot.api.calls();
    let behavioral = button_data(&calls, "Behavioural").expect("type buttons");
    assert!(behavioral.len() <= 64);
    // The emulator numbers messages from 1000: the user's /mock, then the bot's setup message.
    let msg_id = 1001;
    // The stranger presses Alice's button: an alert to them only, nothing in the chat.
    let before = sends(&calls, group).len();
    bot.api.press_button(group, mallory, msg_id, &behavioral);
    let calls = bot
        .api
        .wait_for(WAIT, |c| c.iter().any(|c| c.method == "answercallbackquery"))
        .await;
    let ans = calls.iter().find(|c| c.method == "answercallbackquery").unwrap();
    assert!(
        ans.body["text"].as_str().unwrap_or("").contains("someone else"),
        "{:?}",
        ans.body
    );
    assert_eq!(ans.body["show_alert"], true);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        sends(&bot.api.calls(), group).len(),
        before,
        "nothing posted for the stranger"
    );
    // Alice's own presses: type, persona, then the privacy warning, then "continue here".
    bot.api.press_button(group, alice, msg_id, &behavioral);
    let calls = bot
        .api
        .wait_for(WAIT, |c| button_data(c, "Sam (friendly)").is_some())
        .await;
    bot.api
        .press_button(group, alice, msg_id, &button_data(&calls, "Sam (friendly)").unwrap());
    let calls = bot
        .api
        .wait_for(WAIT, |c| button_data(c, "Continue here").is_some())
        .await;
    // The "Private chat" button is a link to a DM with the bot.
    let warn = sends(&calls, group).last().cloned().unwrap();
    assert!(
        warn.body.to_string().contains("t.me/coach_test_bot?start=mock"),
        "{:?}",
        warn.body
    );
    bot.api
        .press_button(group, alice, msg_id, &button_data(&calls, "Continue here").unwrap());
    let calls = bot
        .api
        .wait_for(WAIT, |c| {
            // A default-length interview opens with its intro.
            sends(c, group).iter().any(|m| text_of(m).contains("Intro · "))
        })
        .await;
    let presses = calls.iter().filter(|c| c.method == "answercallbackquery").count();
    assert_eq!(presses, 4, "every callback query is answered");
    // In a group, plain chatter is not an answer; a reply to the bot is.
    let n = sends(&calls, group).len();
    bot.api.send_text(group, alice, "lol this is hard");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(sends(&bot.api.calls(), group).len(), n, "ignored");
    bot.api.send_reply(group, alice, GOOD_ANSWER, 1001);
    bot.api
        .wait_for(WAIT, |c| {
            sends(c, group).iter().skip(n).any(|m| text_of(m).contains("Score"))
        })
        .await;
    // Personal data asked for in a group goes to a private chat.
    bot.api.send_text(group, alice, "/progress");
    let calls = bot
        .api
        .wait_for(WAIT, |c| {
            !sends(c, alice).is_empty() && sends(c, group).iter().any(|m| text_of(m).contains("private"))
        })
        .await;
    assert!(
        text_of(sends(&calls, alice)[0]).contains("nterview"),
        "{:?}",
        sends(&calls, alice)[0].body
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_is_escaped_and_accepted_by_the_server() {
    let bot = start().await;
    let chat = 50;
    exchange(&bot, chat, chat, "/mock behavioral 4 neutral", "Question 1/4").await;
    let hostile = format!(
        "I <b>led</b> the <script>alert(1)</script> migration & cut costs by 30% for 120,000 \"customers\" *bold* _it_ `code` [x](http://y) {} as a result tickets fell 40%.",
        "x".repeat(300)
    );
    let sent = bot.api.send_text(chat, chat, &hostile);
    let calls = bot.api.wait_for(WAIT, |c| button_data(c, "Details").is_some()).await;
    // The answer's breakdown quotes the answer back: as text, escaped, never as markup.
    let before = sends(&calls, chat).len();
    bot.api
        .press_button(chat, chat, sent, &button_data(&calls, "Details").unwrap());
    let calls = bot
        .api
        .wait_for(WAIT, |c| {
            sends(c, chat)
                .iter()
                .skip(before)
                .any(|m| text_of(m).contains("Answer breakdown"))
        })
        .await;
    let out = sends(&calls, chat)
        .iter()
        .skip(before)
        .map(|c| text_of(c))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        out.contains(
            "I &lt;b&gt;led&lt;/b&gt; the &lt;script&gt;alert(1)&lt;/script&gt; migration &amp; cut costs by 30% for 120,000 &quot;customers&quot;"
        ),
        "{out}"
    );
    assert!(!out.contains("<script>") && !out.contains("<b>led"), "{out}");
    let calls = bot.api.calls();
    let refused: Vec<&Call> = calls
        .iter()
        .filter(|c| c.method == "sendmessage" && c.body["parse_mode"] == "HTML")
        .filter(|c| !text_of(c).is_empty() && render::visible_len(&text_of(c)) > render::MAX_TEXT)
        .collect();
    assert!(refused.is_empty());
    // Every message the bot sent was accepted: the emulator validates Telegram HTML.
    let sent = bot.api.texts_to(chat);
    assert_eq!(sent.len(), sends(&calls, chat).len(), "no message was refused");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_10000_character_reply_is_split_cleanly() {
    let long = {
        let para = "Practise the STAR structure with a concrete number in the result. ".repeat(12);
        let mut s = String::new();
        while s.chars().count() < 10_000 {
            s.push_str("**Tip.** ");
            s.push_str(&para);
            s.push_str("\n\n");
        }
        s
    };
    let fake = FakeOpenAi::start(move |_| long.clone()).await;
    let base = fake.base_url();
    let bot = start_with(
        move |dir| Config {
            llm: Some(llm_settings(base, Duration::from_secs(10))),
            ..config(dir)
        },
        |_| {},
    )
    .await;
    let chat = 60;
    bot.api.send_text(chat, chat, "How do I structure behavioural answers?");
    let calls = bot
        .api
        .wait_for(WAIT, |c| sends(c, chat).iter().any(|m| text_of(m).contains("AI coach")))
        .await;
    // The final reply: its first piece replaces the streamed message (an edit), the rest are
    // new messages.
    let finals: Vec<&Call> = calls
        .iter()
        .filter(|c| matches!(c.method.as_str(), "sendmessage" | "editmessagetext"))
        .filter(|c| c.body["chat_id"].as_i64() == Some(chat) && c.body["parse_mode"] == "HTML")
        .collect();
    assert!(finals.len() >= 3, "{} pieces", finals.len());
    for c in &finals {
        let t = text_of(c);
        assert!(
            render::visible_len(&t) <= render::MAX_TEXT,
            "{}",
            render::visible_len(&t)
        );
        assert_eq!(t.matches("<b>").count(), t.matches("</b>").count());
    }
    // Only the last piece carries the buttons.
    assert!(finals.last().unwrap().body.get("reply_markup").is_some());
    assert!(finals[0].body.get("reply_markup").is_none_or(|v| v.is_null()));
    // The streamed message was shown and edited.
    assert!(calls.iter().any(|c| c.method == "editmessagetext"), "progressive edits");
    assert_eq!(
        bot.api.texts_to(chat).len(),
        calls
            .iter()
            .filter(|c| c.method == "sendmessage" && c.body["chat_id"] == chat)
            .count()
            + calls
                .iter()
                .filter(|c| c.method == "editmessagetext" && c.body["chat_id"] == chat)
                .count()
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_and_failing_optional_calls_do_not_stop_the_interview() {
    let bot = start_with(config, |api| {
        api.always_fail("setMyCommands");
        api.always_fail("sendChatAction");
    })
    .await;
    let chat = 70;
    bot.api
        .fail_next("sendMessage", 1, 429, "Too Many Requests: retry after 1", Some(1));
    let started = std::time::Instant::now();
    let out = exchange(&bot, chat, chat, "/mock behavioral 4 neutral", "Question 1/4").await;
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited for retry_after"
    );
    assert!(out.contains("Question 1/4"));
    let mut out = String::new();
    for _ in 0..10 {
        if out.contains("Interview report") {
            break;
        }
        out = answer(&bot, chat, chat, GOOD_ANSWER).await;
    }
    assert!(out.contains("Interview report"), "{out}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_sends_its_chart_as_a_photo_and_report_a_markdown_document() {
    let bot = start().await;
    let chat = 81;
    let mut out = exchange(&bot, chat, chat, "/mock behavioral 2 neutral", "Question 1/2").await;
    for _ in 0..6 {
        if out.contains("Interview report") {
            break;
        }
        let follow_up = out.rfind("Follow-up") > out.rfind("Question ");
        out = answer(&bot, chat, chat, if follow_up { "pass" } else { GOOD_ANSWER }).await;
    }
    assert!(out.contains("Interview report"), "{out}");

    bot.api.send_text(chat, chat, "/progress");
    let calls = bot
        .api
        .wait_for(WAIT, |c| c.iter().any(|c| c.method == "sendphoto"))
        .await;
    // The text first, then the chart as a photo that Telegram accepted and measured.
    let text_at = calls
        .iter()
        .rposition(|c| c.method == "sendmessage" && text_of(c).contains("Interviews started: 1"))
        .expect("the progress text");
    let photo_at = calls.iter().position(|c| c.method == "sendphoto").unwrap();
    assert!(text_at < photo_at);
    let media = bot.api.media_to(chat);
    let photo = media.iter().find(|m| m.kind == "photo").expect("a photo delivered");
    assert_eq!((photo.width, photo.height), (Some(1000), Some(560)));
    let decoder = png::Decoder::new(std::io::Cursor::new(photo.bytes.clone()));
    let info = decoder.read_info().expect("a PNG").info().clone();
    assert_eq!((info.width, info.height), (1000, 560));
    assert!(
        bot.api.texts_to(chat).iter().any(|t| t.contains("last 90 days")),
        "the caption was delivered"
    );

    bot.api.send_text(chat, chat, "/report");
    bot.api
        .wait_for(WAIT, |c| c.iter().any(|c| c.method == "senddocument"))
        .await;
    let doc = bot
        .api
        .media_to(chat)
        .into_iter()
        .find(|m| m.kind == "document")
        .expect("a document delivered");
    assert!(
        doc.file_name.starts_with("interview-coach-report-") && doc.file_name.ends_with(".md"),
        "{}",
        doc.file_name
    );
    let md = String::from_utf8(doc.bytes).unwrap();
    assert!(md.starts_with("# Interview Coach report\n"), "{md}");
    assert!(md.contains("| Behavioural | completed | 2 answered of 2 |"), "{md}");
    assert!(md.contains("## Weak areas\n") && md.contains("## Plan\n"), "{md}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_and_voice_are_handed_to_the_engine() {
    let bot = start().await;
    let chat = 80;
    exchange(&bot, chat, chat, "/mock behavioral 4 neutral", "Question 1/4").await;
    let before = sends(&bot.api.calls(), chat).len();
    bot.api
        .send_document(chat, chat, "answer.txt", "text/plain", GOOD_ANSWER.as_bytes().to_vec());
    let calls = bot
        .api
        .wait_for(WAIT, |c| {
            sends(c, chat).iter().skip(before).any(|m| text_of(m).contains("Score"))
        })
        .await;
    assert!(calls.iter().any(|c| c.method == "getfile"));
    let before = sends(&calls, chat).len();
    bot.api.send_voice(chat, chat, vec![1, 2, 3, 4]);
    bot.api
        .wait_for(WAIT, |c| {
            sends(c, chat)
                .iter()
                .skip(before)
                .any(|m| text_of(m).contains("speech-to-text"))
        })
        .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cv_sent_as_a_document_is_stored_and_cv_shows_its_skills() {
    let bot = start().await;
    let chat = 81;
    let pdf = coach_fakes::documents::pdf(&[
        "Tom Berg",
        "Site Reliability Engineer, Hooli (2019 - present)",
        "- Cut incident response time by 35% with Prometheus alerts and PagerDuty runbooks.",
        "Skills",
        "Kubernetes, Terraform, Prometheus, Grafana, Go",
    ]);
    let before = sends(&bot.api.calls(), chat).len();
    bot.api
        .send_document_with_caption(chat, chat, "tom.pdf", "application/pdf", pdf, Some("my cv"));
    bot.api
        .wait_for(WAIT, |c| {
            sends(c, chat)
                .iter()
                .skip(before)
                .any(|m| text_of(m).contains("CV stored"))
        })
        .await;
    let t = exchange(&bot, chat, chat, "/cv", "Your CV").await;
    assert!(t.contains("kubernetes, terraform, prometheus, grafana, go"), "{t}");
    assert!(t.contains("Site Reliability Engineer, Hooli (2019 - present)"), "{t}");
    // The caption said it: no "was it a job description?" button.
    assert!(button_data(&bot.api.calls(), "It's a job description").is_none());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timer_warnings_are_pushed_into_the_chat() {
    // Question limits at a quarter (floored at 20 s): the warning comes within ~20 s.
    let bot = start_with(
        |dir| Config {
            time_factor: 0.25,
            ..config(dir)
        },
        |_| {},
    )
    .await;
    let chat = 90;
    exchange(&bot, chat, chat, "/mock behavioral 4 neutral", "Question 1/4").await;
    let calls = bot
        .api
        .wait_for(Duration::from_secs(40), |c| {
            sends(c, chat)
                .iter()
                .any(|m| text_of(m).contains("⏱") && !text_of(m).contains("to answer"))
        })
        .await;
    assert!(sends(&calls, chat).len() >= 3);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_resumes_after_errors_without_losing_or_repeating_updates() {
    let bot = start().await;
    let chat = 95;
    exchange(&bot, chat, chat, "/start", "").await;
    bot.api
        .fail_next("getUpdates", 2, 429, "Too Many Requests: retry after 1", Some(1));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    bot.api.send_text(chat, chat, "/status");
    let calls = bot
        .api
        .wait_for(WAIT, |c| sends(c, chat).iter().any(|m| text_of(m).contains("Brain")))
        .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let status_replies = sends(&bot.api.calls(), chat)
        .iter()
        .filter(|m| text_of(m).contains("Brain"))
        .count();
    assert_eq!(status_replies, 1, "answered exactly once");
    assert!(calls.iter().filter(|c| c.method == "getupdates").count() >= 3);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mode_receives_updates_over_http() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let api = BotApi::start().await;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), config(dir.path()), interview_coach::system_clock());
    let (stop, rx) = tokio::sync::watch::channel(false);
    let hook = format!("http://127.0.0.1:{port}/tg-hook");
    let opts = telegram::Options {
        token: TOKEN.into(),
        api_url: Some(api.url()),
        webhook_url: Some(hook.clone()),
        webhook_addr: format!("127.0.0.1:{port}").parse().unwrap(),
        poll_timeout: 1,
    };
    let task = tokio::spawn(telegram::run(engine, opts, rx));
    let calls = api.wait_for(WAIT, |c| c.iter().any(|c| c.method == "setwebhook")).await;
    let set = calls.iter().find(|c| c.method == "setwebhook").unwrap();
    assert_eq!(set.body["url"], hook.as_str());
    let secret = set.body["secret_token"].as_str().unwrap_or("").to_string();
    let update = serde_json::json!({"update_id": 1, "message": {
        "message_id": 5, "date": chrono::Utc::now().timestamp(),
        "chat": {"id": 33, "type": "private", "first_name": "Una"},
        "from": {"id": 33, "is_bot": false, "first_name": "Una"},
        "text": "/help", "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}});
    // Telegram posts updates with the secret; the server may need a moment to bind.
    let client = reqwest::Client::new();
    let mut delivered = false;
    for _ in 0..50 {
        let r = client
            .post(&hook)
            .header("X-Telegram-Bot-Api-Secret-Token", &secret)
            .json(&update)
            .send()
            .await;
        if r.is_ok_and(|r| r.status().is_success()) {
            delivered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(delivered, "the webhook accepted the update");
    api.wait_for(WAIT, |c| !sends(c, 33).is_empty()).await;
    let _ = stop.send(true);
    let r = tokio::time::timeout(Duration::from_secs(10), task).await;
    assert!(matches!(r, Ok(Ok(Ok(())))), "{r:?}");
}

/// A reminder time the real clock reaches within 5 to 65 seconds ("HH:MM", UTC: the user set no
/// time zone). The binary has no test clock, so the adapters' reminder tests wait for a real one.
fn a_minute_ahead() -> String {
    let t = chrono::Utc::now() + chrono::Duration::seconds(65);
    t.format("%H:%M").to_string()
}

/// A reminder reaches the user's Telegram DM as a push, with its buttons.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_is_pushed_to_the_telegram_dm() {
    let bot = start().await;
    let chat = 97;
    let hm = a_minute_ahead();
    let out = exchange(&bot, chat, chat, &format!("/remind daily {hm}"), "Reminders saved").await;
    assert!(out.contains(&format!("daily at {hm}")), "{out}");
    let calls = bot
        .api
        .wait_for(Duration::from_secs(90), |c| {
            sends(c, chat)
                .iter()
                .any(|m| text_of(m).contains("Nothing is due for review today"))
        })
        .await;
    assert!(
        button_data(&calls, "Snooze 1 hour").is_some(),
        "the snooze button came with it"
    );
    assert!(button_data(&calls, "Mock interview").is_some());
    let reminders = sends(&calls, chat)
        .iter()
        .filter(|m| text_of(m).contains("Nothing is due for review today"))
        .count();
    assert_eq!(reminders, 1, "one reminder");
    bot.stop().await;
}
