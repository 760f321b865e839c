//! The Discord adapter end to end: the real serenity client against a fake Discord (REST and
//! gateway) on 127.0.0.1 that enforces Discord's rules (one callback per interaction within
//! 3 s, 2,000-character content, 100-character custom ids), driving the real engine.

mod common;

use coach_fakes::fake_discord::{FakeDiscord, GUILD_ID, TEXT_CHANNEL_ID, TOKEN};
use coach_fakes::fake_openai::FakeOpenAi;
use common::*;
use interview_coach::adapters::discord;
use interview_coach::config::Config;
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);
const ALICE: u64 = 500000000000000001;
const MALLORY: u64 = 500000000000000002;

struct Bot {
    fake: FakeDiscord,
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<Result<(), discord::DiscordError>>,
    _dir: tempfile::TempDir,
}

async fn start_on(fake: FakeDiscord, cfg: impl FnOnce(&std::path::Path) -> Config) -> Bot {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("interview_coach=warn,serenity=warn"))
        .with_test_writer()
        .try_init();
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_at(dir.path(), cfg(dir.path()), interview_coach::system_clock());
    let (stop, rx) = tokio::sync::watch::channel(false);
    let sched = engine.start_scheduler(rx.clone());
    let opts = discord::Options {
        token: TOKEN.into(),
        api_url: Some(fake.url()),
        guild_id: Some(GUILD_ID),
    };
    let task = tokio::spawn(async move {
        let r = discord::run(engine, opts, rx).await;
        let _ = sched.await;
        r
    });
    fake.wait_ready(WAIT).await;
    // Commands are registered in the guild once READY arrived.
    fake.wait_for(WAIT, |f| {
        f.calls()
            .iter()
            .any(|c| c.method == "PUT" && c.path.contains("/commands"))
    })
    .await;
    Bot {
        fake,
        stop,
        task,
        _dir: dir,
    }
}

async fn start() -> Bot {
    start_on(FakeDiscord::start().await, config).await
}

impl Bot {
    async fn stop(self) {
        assert!(
            self.fake.errors().is_empty(),
            "protocol errors: {:#?}",
            self.fake.errors()
        );
        assert_eq!(self.fake.unescaped_mass_mentions(), 0);
        let _ = self.stop.send(true);
        let r = tokio::time::timeout(Duration::from_secs(10), self.task).await;
        assert!(matches!(r, Ok(Ok(Ok(())))), "the adapter stops cleanly: {r:?}");
    }
}

fn content(v: &Value) -> String {
    let mut s = v["content"].as_str().unwrap_or("").to_string();
    for e in v["embeds"].as_array().into_iter().flatten() {
        s.push_str(e["title"].as_str().unwrap_or(""));
        s.push('\n');
        s.push_str(e["description"].as_str().unwrap_or(""));
    }
    s
}

fn texts(fake: &FakeDiscord, channel: u64) -> String {
    fake.messages_in(channel)
        .iter()
        .map(content)
        .collect::<Vec<_>>()
        .join("\n---\n")
}

/// Send a message and wait until a bot message in that channel contains one of `expect`.
async fn say_in(bot: &Bot, channel: u64, guild: Option<u64>, user: u64, text: &str, expect: &[&str]) -> String {
    let before = bot.fake.messages_in(channel).len();
    bot.fake.user_message(channel, guild, user, text);
    bot.fake
        .wait_for(WAIT, |f| {
            f.messages_in(channel)
                .iter()
                .skip(before)
                .any(|m| expect.iter().any(|e| content(m).contains(e)))
        })
        .await;
    bot.fake
        .messages_in(channel)
        .iter()
        .skip(before)
        .map(content)
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mock_in_a_channel_opens_a_private_thread_and_the_interview_runs_there() {
    let bot = start().await;
    let f = &bot.fake;
    // Slash commands carry typed options with choices.
    let reg = f
        .calls()
        .into_iter()
        .find(|c| c.method == "PUT" && c.path.contains("/commands"))
        .unwrap();
    let mock = reg
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "mock")
        .unwrap()
        .clone();
    let ty = mock["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "type")
        .unwrap();
    assert!(ty["choices"].as_array().unwrap().len() >= 6);

    let ix = f.slash_command(
        TEXT_CHANNEL_ID,
        Some(GUILD_ID),
        ALICE,
        "mock",
        vec![
            ("type", json!("behavioral")),
            ("count", json!(4)),
            ("persona", json!("neutral")),
        ],
    );
    f.wait_for(WAIT, |f| {
        f.threads().len() == 1 && f.interaction_responses(ix).len() >= 2
    })
    .await;
    // A deferred, ephemeral answer, then the edit that points to the thread.
    let responses = f.interaction_responses(ix);
    assert_eq!(responses[0].body["type"], 5, "{:?}", responses[0].body);
    assert_eq!(responses[0].body["data"]["flags"], 64);
    let thread = &f.threads()[0];
    assert_eq!(thread["type"], 12, "a private thread");
    let tid: u64 = thread["id"].as_str().unwrap().parse().unwrap();
    assert!(f.thread_members().contains(&(tid, ALICE)));
    f.wait_for(WAIT, |f| texts(f, tid).contains("Question 1/4")).await;
    // The candidate answers in the thread, and a stranger's click on her buttons is refused.
    let mut out = say_in(
        &bot,
        tid,
        Some(GUILD_ID),
        ALICE,
        GOOD_ANSWER,
        &["Question 2/4", "Follow-up"],
    )
    .await;
    let (mid, hint) = f.button(tid, "Hint").expect("a Hint button");
    let strange = f.click(tid, Some(GUILD_ID), MALLORY, mid, &hint);
    f.wait_for(WAIT, |f| !f.interaction_responses(strange).is_empty()).await;
    let r = &f.interaction_responses(strange)[0];
    assert_eq!(r.body["data"]["flags"], 64, "only the stranger sees it");
    assert!(content(&r.body["data"]).contains("someone else"), "{:?}", r.body);
    let own = f.click(tid, Some(GUILD_ID), ALICE, mid, &hint);
    f.wait_for(WAIT, |f| !f.interaction_responses(own).is_empty()).await;
    assert!(
        content(&f.interaction_responses(own)[0].body["data"])
            .to_lowercase()
            .contains("hint")
    );
    for _ in 0..8 {
        if out.contains("Interview report") {
            break;
        }
        out = say_in(
            &bot,
            tid,
            Some(GUILD_ID),
            ALICE,
            GOOD_ANSWER,
            &["Question ", "Follow-up", "Interview report"],
        )
        .await;
    }
    assert!(out.contains("Interview report"), "{out}");
    // The report is an embed.
    assert!(
        f.messages_in(tid)
            .iter()
            .any(|m| m["embeds"].as_array().is_some_and(|e| !e.is_empty()))
    );
    // Personal data is ephemeral.
    let p = f.slash_command(TEXT_CHANNEL_ID, Some(GUILD_ID), ALICE, "progress", vec![]);
    f.wait_for(WAIT, |f| !f.interaction_responses(p).is_empty()).await;
    let r = &f.interaction_responses(p)[0];
    assert_eq!(r.body["data"]["flags"], 64, "{:?}", r.body);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_and_report_arrive_as_attachments() {
    let bot = start().await;
    let f = &bot.fake;
    let registered = f
        .calls()
        .into_iter()
        .find(|c| c.method == "PUT" && c.path.contains("/commands"))
        .unwrap();
    assert!(
        registered
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "report"),
        "/report is a slash command"
    );
    let dm = f.dm_channel(ALICE);
    let ix = f.slash_command(
        dm,
        None,
        ALICE,
        "mock",
        vec![
            ("type", json!("behavioral")),
            ("count", json!(2)),
            ("persona", json!("neutral")),
        ],
    );
    f.wait_for(WAIT, |f| {
        f.interaction_responses(ix)
            .iter()
            .any(|c| c.body.to_string().contains("Question 1/2"))
    })
    .await;
    let mut out = String::new();
    for _ in 0..6 {
        if out.contains("Interview report") {
            break;
        }
        let line = if out.rfind("Follow-up") > out.rfind("Question ") {
            "pass"
        } else {
            GOOD_ANSWER
        };
        out = say_in(
            &bot,
            dm,
            None,
            ALICE,
            line,
            &["Question ", "Follow-up", "Interview report"],
        )
        .await;
    }
    assert!(out.contains("Interview report"), "{out}");

    let p = f.slash_command(dm, None, ALICE, "progress", vec![]);
    f.wait_for(WAIT, |f| {
        f.attachments_in(dm).iter().any(|(name, _)| name == "chart.png")
    })
    .await;
    let (_, png_bytes) = f
        .attachments_in(dm)
        .into_iter()
        .find(|(name, _)| name == "chart.png")
        .unwrap();
    let info = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .expect("a PNG")
        .info()
        .clone();
    assert_eq!((info.width, info.height), (1000, 560));
    // Both came in answer to the command: its text, then the chart.
    let answers = f.interaction_responses(p);
    assert!(answers.len() >= 2, "{answers:?}");
    let text_at = answers
        .iter()
        .position(|c| c.body.to_string().contains("Interviews started: 1"))
        .expect("the progress text");
    let chart_at = answers
        .iter()
        .position(|c| {
            c.body["_files"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f["filename"] == "chart.png"))
        })
        .expect("the chart, attached to a response");
    assert!(text_at < chart_at, "{answers:?}");
    assert_eq!(answers[chart_at].body["flags"], 64, "private like the text");

    f.slash_command(dm, None, ALICE, "report", vec![]);
    f.wait_for(WAIT, |f| {
        f.attachments_in(dm).iter().any(|(name, _)| name.ends_with(".md"))
    })
    .await;
    let (name, md) = f
        .attachments_in(dm)
        .into_iter()
        .find(|(name, _)| name.ends_with(".md"))
        .unwrap();
    assert!(name.starts_with("interview-coach-report-"), "{name}");
    let md = String::from_utf8(md).unwrap();
    assert!(md.starts_with("# Interview Coach report\n"), "{md}");
    assert!(md.contains("## Plan\n"), "{md}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_thread_with_a_warning_where_private_ones_are_refused() {
    let fake = FakeDiscord::start().await;
    fake.set_private_threads_allowed(false);
    let bot = start_on(fake, config).await;
    let f = &bot.fake;
    let ix = f.slash_command(
        TEXT_CHANNEL_ID,
        Some(GUILD_ID),
        ALICE,
        "mock",
        vec![("type", json!("behavioral"))],
    );
    f.wait_for(WAIT, |f| {
        f.threads().iter().any(|t| t["type"] == 11) && f.interaction_responses(ix).len() >= 2
    })
    .await;
    let note = f
        .interaction_responses(ix)
        .iter()
        .map(|c| c.body.to_string())
        .collect::<String>();
    assert!(note.contains("public thread"), "{note}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dm_answers_long_replies_and_mentions() {
    let long: String = {
        let mut s = String::from("Here is how to prepare, @everyone style tips included.\n\n");
        while s.chars().count() < 5000 {
            s.push_str("- Practise one STAR story a day and put a number in the result.\n");
        }
        s
    };
    let llm = FakeOpenAi::start(move |req: &Value| {
        if req["messages"][0]["content"].as_str().unwrap_or("").contains("outside a mock interview") {
            long.clone()
        } else {
            json!({"dimensions": {"structure": 70, "relevance": 70, "specificity": 70, "communication": 70, "impact": 70},
                   "rubric": [], "improvement": "ok", "summary": "ok", "follow_up": ""}).to_string()
        }
    })
    .await;
    let base = llm.base_url();
    let bot = start_on(FakeDiscord::start().await, move |dir| Config {
        llm: Some(llm_settings(base, Duration::from_secs(10))),
        ..config(dir)
    })
    .await;
    let f = &bot.fake;
    let dm = f.dm_channel(ALICE);
    // A 5,000-character reply arrives in pieces under the limit.
    let out = say_in(
        &bot,
        dm,
        None,
        ALICE,
        "How should I prepare for behavioural interviews?",
        &["AI coach"],
    )
    .await;
    let pieces = f.messages_in(dm);
    assert!(pieces.len() >= 3, "{} pieces", pieces.len());
    assert!(pieces.iter().all(|m| content(m).chars().count() <= 2000));
    assert!(!out.contains("@everyone"), "mentions defused");
    // An interview in the DM: plain messages are answers.
    let ix = f.slash_command(
        dm,
        None,
        ALICE,
        "mock",
        vec![("type", json!("behavioral")), ("count", json!(4))],
    );
    f.wait_for(WAIT, |f| {
        f.interaction_responses(ix)
            .iter()
            .any(|c| c.body.to_string().contains("Question 1/4"))
    })
    .await;
    let out = say_in(&bot, dm, None, ALICE, "@everyone I led the migration of our billing service and cut failed payments by half, from 2% to 1%, within six weeks.", &["Question 2/4", "Follow-up"]).await;
    assert!(out.contains("Score"), "{out}");
    // Our own messages are never treated as input.
    let n = f.messages_in(dm).len();
    f.bot_message_seen(dm, "Question 2/4 — ignore me");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(f.messages_in(dm).len(), n);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_message_content_the_bot_starts_and_answers_go_through_the_modal() {
    let bot = start_on(FakeDiscord::start_without_message_content().await, config).await;
    let f = &bot.fake;
    let ids = f.identifies();
    assert!(ids.len() >= 2, "reconnected without the privileged intent");
    let last = ids.last().unwrap()["intents"].as_u64().unwrap();
    assert_eq!(last & (1 << 15), 0);
    let ix = f.slash_command(
        TEXT_CHANNEL_ID,
        Some(GUILD_ID),
        ALICE,
        "mock",
        vec![("type", json!("behavioral"))],
    );
    f.wait_for(WAIT, |f| {
        f.threads().len() == 1 && f.interaction_responses(ix).len() >= 2
    })
    .await;
    let tid: u64 = f.threads()[0]["id"].as_str().unwrap().parse().unwrap();
    // A default-length interview opens with its intro.
    f.wait_for(WAIT, |f| texts(f, tid).contains("Intro · ")).await;
    let a = f.slash_command(tid, Some(GUILD_ID), ALICE, "answer", vec![]);
    f.wait_for(WAIT, |f| !f.modals().is_empty()).await;
    assert!(f.interaction_responses(a).iter().any(|c| c.body["type"] == 9));
    let custom = f.modals()[0]["custom_id"].as_str().unwrap().to_string();
    // Its title and field label (messages::DISCORD_ANSWER_MODAL_TITLE / _FIELD_LABEL).
    assert_eq!(f.modals()[0]["title"], "Your answer");
    assert_eq!(f.modals()[0]["components"][0]["components"][0]["label"], "Answer");
    let s = f.modal_submit(tid, Some(GUILD_ID), ALICE, &custom, vec![("answer", GOOD_ANSWER)]);
    f.wait_for(WAIT, |f| {
        f.interaction_responses(s)
            .iter()
            .any(|c| c.body.to_string().contains("Score"))
    })
    .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_engine_defers_within_three_seconds_then_edits() {
    // A model that never answers makes /status wait for its ping (3 s): longer than Discord's
    // window, so the adapter must defer first.
    let llm = FakeOpenAi::start(|_| String::new()).await;
    llm.set_mode(coach_fakes::fake_openai::Mode::Hang);
    let base = llm.base_url();
    let bot = start_on(FakeDiscord::start().await, move |dir| Config {
        llm: Some(llm_settings(base, Duration::from_secs(10))),
        ..config(dir)
    })
    .await;
    let f = &bot.fake;
    let dm = f.dm_channel(ALICE);
    let ix = f.slash_command(dm, None, ALICE, "status", vec![]);
    f.wait_for(WAIT, |f| f.interaction_responses(ix).len() >= 2).await;
    let r = f.interaction_responses(ix);
    assert_eq!(r[0].body["type"], 5, "deferred: {:?}", r[0].body);
    assert_eq!(r[0].body["data"]["flags"], 64, "ephemeral: /status is personal");
    assert!(r[1].path.ends_with("/messages/@original"), "{}", r[1].path);
    assert!(r[1].body.to_string().contains("not answering"), "{}", r[1].body);
    bot.stop().await;
}

/// /practice in a server channel opens a private thread like /mock, the drill runs there with its
/// feedback and next review, and /weak answers only the candidate (ephemeral), with the evidence.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn practice_in_a_channel_drills_in_a_private_thread_and_weak_is_ephemeral() {
    let bot = start().await;
    let f = &bot.fake;
    let ix = f.slash_command(
        TEXT_CHANNEL_ID,
        Some(GUILD_ID),
        ALICE,
        "practice",
        vec![("area", json!("leadership"))],
    );
    f.wait_for(WAIT, |f| {
        f.threads().len() == 1 && f.interaction_responses(ix).len() >= 2
    })
    .await;
    let thread = &f.threads()[0];
    assert_eq!(thread["type"], 12, "a private thread");
    let tid: u64 = thread["id"].as_str().unwrap().parse().unwrap();
    // The intro and the question card are two messages: wait for both.
    f.wait_for(WAIT, |f| {
        let t = texts(f, tid);
        t.contains("Practice drill · 1 question") && t.contains(" · leadership · ")
    })
    .await;
    assert!(texts(f, tid).contains(" · leadership · "), "{}", texts(f, tid));
    let out = say_in(&bot, tid, Some(GUILD_ID), ALICE, GOOD_ANSWER, &["Drill done"]).await;
    assert!(out.contains("Next review of this question: in "), "{out}");
    assert!(texts(f, tid).contains("Score: "), "{}", texts(f, tid));
    let w = f.slash_command(TEXT_CHANNEL_ID, Some(GUILD_ID), ALICE, "weak", vec![]);
    f.wait_for(WAIT, |f| !f.interaction_responses(w).is_empty()).await;
    let r = &f.interaction_responses(w)[0];
    assert_eq!(r.body["data"]["flags"], 64, "only the candidate sees it");
    // The answer was strong (75 or more), so the one area practised is not a weak one.
    let said = content(&r.body["data"]);
    assert!(
        said.contains("No weak areas: all 1 area you practised average 75 or more"),
        "{said}"
    );
    bot.stop().await;
}

/// A reminder time the real clock reaches within 5 to 65 seconds ("HH:MM", UTC: the user set no
/// time zone). The binary has no test clock, so the adapters' reminder tests wait for a real one.
fn a_minute_ahead() -> String {
    // Rounded down to the minute, 20 to 80 s ahead: a loaded machine cannot miss it.
    (chrono::Utc::now() + chrono::Duration::seconds(80))
        .format("%H:%M")
        .to_string()
}

/// /remind is a slash command with its choices, and a reminder reaches the user's Discord DM as
/// a push, with its buttons.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_is_pushed_to_the_discord_dm() {
    let bot = start().await;
    let f = &bot.fake;
    let reg = f
        .calls()
        .into_iter()
        .find(|c| c.method == "PUT" && c.path.contains("/commands"))
        .unwrap();
    let remind = reg
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "remind")
        .expect("/remind registered")
        .clone();
    assert!(remind.to_string().contains("weekdays"), "{remind}");
    let dm = f.dm_channel(ALICE);
    let hm = a_minute_ahead();
    let ix = f.slash_command(
        dm,
        None,
        ALICE,
        "remind",
        vec![("when", json!("daily")), ("time", json!(hm.clone()))],
    );
    f.wait_for(WAIT, |f| {
        f.interaction_responses(ix)
            .iter()
            .any(|c| c.body.to_string().contains("Reminders saved"))
    })
    .await;
    f.wait_for(Duration::from_secs(90), |f| {
        f.messages_in(dm)
            .iter()
            .any(|m| content(m).contains("Nothing is due for review today"))
    })
    .await;
    let pushed: Vec<Value> = f
        .messages_in(dm)
        .into_iter()
        .filter(|m| content(m).contains("Nothing is due for review today"))
        .collect();
    assert_eq!(pushed.len(), 1, "one reminder");
    assert!(pushed[0].to_string().contains("Snooze 1 hour"), "{}", pushed[0]);
    bot.stop().await;
}

/// A mock interview booked in a server channel opens, at its time, in a new private thread
/// with the candidate (as /mock there does): the channel is told, the thread is private and
/// holds the user, and the first question (its card, with its time limit) is asked in it, not in the channel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_made_in_a_server_channel_opens_in_a_private_thread() {
    let bot = start().await;
    let f = &bot.fake;
    // At least 15 s ahead of now, on a whole minute (the time a user types).
    let mut at = chrono::Utc::now() + chrono::Duration::seconds(65);
    if at.format("%S").to_string().parse::<u32>().unwrap() < 15 {
        at += chrono::Duration::seconds(60);
    }
    let hm = at.format("%H:%M").to_string();
    let day = at.format("%Y-%m-%d").to_string();
    let ix = f.slash_command(
        TEXT_CHANNEL_ID,
        Some(GUILD_ID),
        ALICE,
        "schedule",
        vec![("when", json!(format!("{day} {hm}"))), ("type", json!("behavioral"))],
    );
    f.wait_for(WAIT, |f| {
        f.interaction_responses(ix)
            .iter()
            .any(|c| c.body.to_string().contains("in a private thread here at that time"))
    })
    .await;
    assert!(f.threads().is_empty());
    f.wait_for(Duration::from_secs(140), |f| f.threads().len() == 1).await;
    let thread = &f.threads()[0];
    assert_eq!(thread["type"], 12, "a private thread: {thread}");
    let tid: u64 = thread["id"].as_str().unwrap().parse().unwrap();
    assert!(f.thread_members().contains(&(tid, ALICE)), "{:?}", f.thread_members());
    f.wait_for(WAIT, |f| {
        f.messages_in(tid).iter().any(|m| m.to_string().contains("to answer*"))
    })
    .await;
    let channel: Vec<String> = f.messages_in(TEXT_CHANNEL_ID).iter().map(content).collect();
    assert!(
        channel.iter().any(|c| c.contains("opening a private thread")),
        "{channel:?}"
    );
    assert!(
        !f.messages_in(TEXT_CHANNEL_ID)
            .iter()
            .any(|m| m.to_string().contains("to answer*")),
        "{channel:?}"
    );
    assert!(f.errors().is_empty(), "protocol errors: {:#?}", f.errors());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cv_sent_as_a_dm_attachment_is_stored_and_cv_shows_its_skills() {
    let bot = start().await;
    let f = &bot.fake;
    let dm = f.dm_channel(ALICE);
    let docx = coach_fakes::documents::docx(&[
        "Priya Shah",
        "Data Engineer, Finlo (2020 - present)",
        "- Built Airflow pipelines on BigQuery that cut reporting time by 60%.",
        "- Migrated 40 dbt models to Snowflake with zero downtime.",
        "Skills",
        "Python, SQL, Airflow, dbt, Snowflake, BigQuery",
    ]);
    let before = f.messages_in(dm).len();
    f.user_message_with_attachment(
        dm,
        None,
        ALICE,
        "",
        Some((
            "priya.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            docx,
        )),
    );
    f.wait_for(WAIT, |f| {
        f.messages_in(dm)
            .iter()
            .skip(before)
            .any(|m| content(m).contains("CV stored"))
    })
    .await;
    let t = say_in(&bot, dm, None, ALICE, "/cv", &["Your CV"]).await;
    assert!(t.contains("python, sql, airflow, dbt, snowflake, bigquery"), "{t}");
    assert!(t.contains("Data Engineer, Finlo (2020 - present)"), "{t}");
    assert!(t.contains("priya.docx"), "{t}");
    bot.stop().await;
}
