//! Shared test harness: a real engine over a real sled store in a temporary directory, plus the
//! helpers that need the coach crate (store readers, `coach_command`, LLM settings). The fake
//! servers live in the `coach-fakes` crate (crates/fakes); tests import `coach_fakes::…` directly.
// Each test binary compiles this module and uses only some of its helpers.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use interview_coach::clock::{SharedClock, TokioClock};
use interview_coach::config::Config;
use interview_coach::engine::Engine;
use interview_coach::engine::Push;
use interview_coach::engine::event::{Inbound, Payload, Place, PlaceKind, Platform, Sender};
use interview_coach::engine::reply::{Content, Reply};
use interview_coach::store::Store;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

pub struct Env {
    pub engine: Engine,
    pub dir: tempfile::TempDir,
}

/// The seed every test pins the question draw with (`COACH_PLAN_SEED` for the binary): which
/// questions an interview asks never depends on a random draw.
pub const PLAN_SEED: u64 = 7;

/// The default settings with the draw pinned and without the per-user inbound limit (tests send
/// as fast as they can; tests/flood.rs turns it on).
pub fn config(dir: &Path) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        plan_seed: Some(PLAN_SEED),
        rate_limit: None,
        ..Config::default()
    }
}

/// An engine on a fresh data directory, with a clock driven by tokio time (pausable).
pub fn env() -> Env {
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = engine_at(dir.path(), config(dir.path()), tokio_clock());
    Env { engine, dir }
}

pub fn tokio_clock() -> SharedClock {
    Arc::new(TokioClock::starting_at(
        "2026-11-02T09:00:00Z".parse::<DateTime<Utc>>().unwrap(),
    ))
}

pub fn engine_at(dir: &Path, config: Config, clock: SharedClock) -> Engine {
    let store = Store::open(dir).expect("open store");
    interview_coach::build_engine(store, config, clock).expect("engine")
}

pub fn event(engine: &Engine, user: &str, payload: Payload) -> Inbound {
    Inbound {
        sender: Sender {
            id: user.to_string(),
            display_name: format!("{user} name"),
        },
        place: Place::direct(Platform::Terminal, user),
        payload,
        at: engine.clock().now(),
    }
}

pub fn group_event(engine: &Engine, user: &str, payload: Payload) -> Inbound {
    Inbound {
        sender: Sender {
            id: user.to_string(),
            display_name: user.to_string(),
        },
        place: Place {
            platform: Platform::Telegram,
            kind: PlaceKind::Group,
            chat: "-100123".into(),
            thread: None,
        },
        payload,
        at: engine.clock().now(),
    }
}

/// Send a line as typed (commands start with /).
pub async fn say(engine: &Engine, user: &str, line: &str) -> Vec<Reply> {
    engine
        .handle(event(engine, user, Inbound::payload_from_line(line)))
        .await
}

pub fn text(replies: &[Reply]) -> String {
    replies.iter().map(|r| r.to_plain()).collect::<Vec<_>>().join("\n")
}

/// The payload of the first button with this label in the replies.
pub fn button(replies: &[Reply], label: &str) -> Option<String> {
    replies
        .iter()
        .flat_map(|r| r.buttons.iter().flatten())
        .find(|b| b.label == label)
        .map(|b| b.payload.clone())
}

pub async fn press(engine: &Engine, user: &str, payload: &str) -> Vec<Reply> {
    engine
        .handle(event(engine, user, Payload::Button(payload.to_string())))
        .await
}

pub fn file(replies: &[Reply]) -> Option<Vec<u8>> {
    replies.iter().find_map(|r| match &r.content {
        Content::File { bytes, .. } => Some(bytes.clone()),
        _ => None,
    })
}

/// The `coach` binary as a user starts it: a cleared environment, so nothing of the developer's
/// reaches it (no key, token or `RUST_LOG`) — only what the test sets. Tests also give it a
/// working directory of its own, so no `.env` is found either.
pub fn coach_command() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_coach"));
    c.env_clear();
    c
}

/// `coach chat --user <user>` over `data` with the draw pinned, in a working directory of its
/// own, the script piped to it; its output (it must exit successfully).
pub fn chat_piped(user: &str, data: &Path, script: &str) -> String {
    chat_piped_with(user, data, script, &[])
}

/// `chat_piped` with more environment variables set (`COACH_DATABASE_URL`, …).
pub fn chat_piped_with(user: &str, data: &Path, script: &str, vars: &[(&str, &str)]) -> String {
    use std::io::Write;
    let cwd = tempfile::tempdir().unwrap();
    let mut child = coach_command()
        .args(["chat", "--user", user])
        .env("COACH_DATA_DIR", data)
        .env("COACH_PLAN_SEED", PLAN_SEED.to_string())
        .envs(vars.iter().copied())
        .current_dir(cwd.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn coach");
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A decent behavioural answer (used to move through interviews).
pub const GOOD_ANSWER: &str = "At my last company I led the migration of our billing service to a new payment provider with a hard deadline of six weeks. My task was to keep failed payments under 1% during the switch. I split the work into three phases, wrote a dual-write adapter, and set up a dashboard that compared both providers every hour. I also ran daily fifteen-minute check-ins with finance and support so problems surfaced early. As a result we moved 120,000 customers two days ahead of schedule, failed payments stayed at 0.4%, and support tickets about billing dropped by 30%. I learned to agree on the success metric with stakeholders before writing any code.";

/// Every answer record of a terminal user.
pub fn answers(engine: &Engine, user: &str) -> Vec<interview_coach::interview::AnswerRecord> {
    let uid = interview_coach::engine::event::UserId::new(Platform::Terminal, user);
    let mut prefix = interview_coach::store::keys::user_prefix(&uid);
    prefix.extend_from_slice(b"a/");
    engine
        .store()
        .scan::<interview_coach::interview::AnswerRecord>(&prefix)
        .unwrap()
        .into_iter()
        .map(|(_, a)| a)
        .collect()
}

/// Every interview session of a terminal user.
pub fn sessions(engine: &Engine, user: &str) -> Vec<interview_coach::interview::Session> {
    let uid = interview_coach::engine::event::UserId::new(Platform::Terminal, user);
    engine
        .store()
        .scan::<interview_coach::interview::Session>(&interview_coach::store::keys::sessions(&uid))
        .unwrap()
        .into_iter()
        .map(|(_, s)| s)
        .collect()
}

/// Settings for a model served at `base_url` (a fake server in tests): no key, no retries
/// unless a test sets them.
pub fn llm_settings(base_url: String, timeout: std::time::Duration) -> interview_coach::llm::LlmSettings {
    interview_coach::llm::LlmSettings {
        base_url,
        api_key: None,
        model: "fake-model".into(),
        transcribe_model: "fake-whisper".into(),
        timeout,
        retries: 0,
        failures_to_open: 3,
        cooldown: std::time::Duration::from_secs(60),
    }
}

/// The next push from the engine's scheduler (paused-time tests: the long timeout only stops a
/// broken test from hanging; tokio's paused clock jumps to the next timer).
pub async fn next_push(rx: &mut mpsc::UnboundedReceiver<Push>) -> String {
    let p = tokio::time::timeout(Duration::from_secs(10 * 86_400), rx.recv())
        .await
        .expect("a push")
        .expect("channel open");
    text(&p.replies)
}

/// The engine's terminal pushes and its running scheduler (stopped when the guard is dropped).
pub fn start_scheduler(
    en: &Engine,
) -> (
    mpsc::UnboundedReceiver<Push>,
    (watch::Sender<bool>, tokio::task::JoinHandle<()>),
) {
    let pushes = en.subscribe(Platform::Terminal);
    let (stop, stop_rx) = watch::channel(false);
    let handle = en.start_scheduler(stop_rx);
    (pushes, (stop, handle))
}

/// The keys in the scheduler's queue.
pub fn queue(en: &Engine) -> Vec<Vec<u8>> {
    en.store()
        .scan_raw(interview_coach::store::keys::JOBS)
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}
