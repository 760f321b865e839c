//! Every front door through the released binary. Each test starts the real `coach` process as a
//! user starts it — only environment variables (the test's own: the environment is cleared, so
//! no inherited key or token), a working directory of its own (no developer's `.env`) — against
//! the Bot API emulator, the fake Discord or the fake OpenAI server on 127.0.0.1, and runs a
//! whole mock interview to its final report.

mod common;

use coach_fakes::bot_api::BotApi;
use coach_fakes::fake_discord::{FakeDiscord, GUILD_ID, TEXT_CHANNEL_ID};
use coach_fakes::fake_openai::{FakeOpenAi, Mode, answer_of, rubric_of, system_of};
use common::GOOD_ANSWER;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);
const ALICE: u64 = 500000000000000001;

/// A running `coach` with its output collected.
struct Coach {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

/// Directories of one user's installation: the data directory and the directory `coach` is
/// started from (which must stay empty: the coach writes only to its data directory).
struct Home {
    data: tempfile::TempDir,
    cwd: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            data: tempfile::tempdir().unwrap(),
            cwd: tempfile::tempdir().unwrap(),
        }
    }

    /// `coach ARGS` with exactly `vars` (and COACH_DATA_DIR) in its environment.
    fn command(&self, args: &[&str], vars: &[(&str, String)]) -> Command {
        let mut c = common::coach_command();
        c.args(args)
            .env("COACH_DATA_DIR", self.data.path())
            .env("COACH_PLAN_SEED", common::PLAN_SEED.to_string())
            .envs(vars.iter().map(|(k, v)| (*k, v.as_str())))
            .current_dir(self.cwd.path());
        c
    }

    fn start(&self, args: &[&str], vars: &[(&str, String)]) -> Coach {
        let mut child = self
            .command(args, vars)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn coach");
        let collect = |mut from: Box<dyn Read + Send>| {
            let into = Arc::new(Mutex::new(String::new()));
            let sink = into.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = from.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
            into
        };
        let stdout = collect(Box::new(child.stdout.take().unwrap()));
        let stderr = collect(Box::new(child.stderr.take().unwrap()));
        Coach { child, stdout, stderr }
    }

    /// Run `coach ARGS` to its end with `input` on stdin: (success, stdout, stderr).
    fn run(&self, args: &[&str], vars: &[(&str, String)], input: &str) -> (bool, String, String) {
        let mut child = self
            .command(args, vars)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn coach");
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    fn cwd_is_empty(&self) -> bool {
        std::fs::read_dir(self.cwd.path()).unwrap().next().is_none()
    }
}

impl Coach {
    /// Ctrl-C, as a user stops it: the process must end by itself, successfully.
    fn interrupt(mut self) -> String {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let err = self.stderr.lock().unwrap().clone();
                assert!(status.success(), "coach exited with {status}: {err}");
                return err;
            }
            assert!(Instant::now() < deadline, "coach did not stop after Ctrl-C");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Fail the test with the coach's output if it has exited.
    fn still_running(&mut self) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!(
                "coach exited early ({status}):\n{}\n{}",
                self.stdout.lock().unwrap(),
                self.stderr.lock().unwrap()
            );
        }
    }
}

impl Drop for Coach {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ----- Telegram -----------------------------------------------------------------------------

fn telegram_vars(api: &BotApi) -> Vec<(&'static str, String)> {
    vec![
        ("TELEGRAM_BOT_TOKEN", coach_fakes::bot_api::TOKEN.to_string()),
        ("TELEGRAM_API_URL", api.url()),
    ]
}

/// Send `text` in a private chat and wait for a bot message to that chat containing one of
/// `expect`; returns the bot's messages since.
async fn telegram_say(api: &BotApi, chat: i64, text: &str, expect: &[&str]) -> String {
    let before = api.texts_to(chat).len();
    api.send_text(chat, chat, text);
    let deadline = Instant::now() + WAIT;
    loop {
        let new = api.texts_to(chat).split_off(before.min(api.texts_to(chat).len()));
        if new.iter().any(|t| expect.iter().any(|e| t.contains(e))) {
            return new.join("\n");
        }
        assert!(
            Instant::now() < deadline,
            "no {expect:?} in Telegram chat {chat}: {new:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A whole interview in one Telegram chat, to its report.
async fn telegram_interview(api: &BotApi, chat: i64) -> String {
    let mut out = telegram_say(api, chat, "/mock behavioral 2 neutral", &["Question 1/2"]).await;
    for _ in 0..6 {
        out = telegram_say(api, chat, GOOD_ANSWER, &["Question ", "Follow-up", "Interview report"]).await;
        if out.contains("Interview report") {
            return out;
        }
    }
    panic!("the Telegram interview did not finish: {out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_is_served_from_the_binary() {
    let api = BotApi::start().await;
    let home = Home::new();
    let mut coach = home.start(&[], &telegram_vars(&api));
    let report = telegram_interview(&api, 42).await;
    assert!(report.contains("Interview report"), "{report}");
    coach.still_running();
    let progress = telegram_say(&api, 42, "/progress", &["completed"]).await;
    assert!(progress.contains("completed: 1"), "{progress}");
    coach.interrupt();
    assert!(home.cwd_is_empty());
}

/// A question times out on a real clock (20 s at the shortest time factor); an answer sent in
/// the grace after it still counts for it, marked late, and on the last question the report
/// follows instead of "the interview has already ended".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_telegram_answer_in_the_grace_counts_and_the_report_follows() {
    let api = BotApi::start().await;
    let home = Home::new();
    let mut vars = telegram_vars(&api);
    vars.push(("COACH_TIME_FACTOR", "0.25".into()));
    vars.push(("COACH_LATE_GRACE_SECS", "120".into()));
    let mut coach = home.start(&[], &vars);
    telegram_say(&api, 7, "/mock behavioral 1 neutral", &["Question 1/1"]).await;
    let before = api.texts_to(7).len();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !api.texts_to(7)[before..].iter().any(|t| t.contains("Still typing?")) {
        assert!(Instant::now() < deadline, "no grace notice: {:?}", api.texts_to(7));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let out = telegram_say(&api, 7, GOOD_ANSWER, &["Interview report"]).await;
    assert!(out.contains("after the time limit"), "{out}");
    assert!(!out.contains("already ended"), "{out}");
    coach.still_running();
    coach.interrupt();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flooding_telegram_user_gets_one_notice_then_silence() {
    let api = BotApi::start().await;
    let home = Home::new();
    let mut vars = telegram_vars(&api);
    vars.push(("COACH_RATE_BURST", "3".into()));
    vars.push(("COACH_RATE_PER_MINUTE", "2".into()));
    let mut coach = home.start(&[], &vars);
    let (flooder, other) = (51, 52);
    for _ in 0..12 {
        api.send_text(flooder, flooder, "/help");
    }
    telegram_say(&api, other, "/help", &["/mock"]).await;
    let deadline = Instant::now() + WAIT;
    while !api.texts_to(flooder).iter().any(|t| t.contains("Slow down")) {
        assert!(Instant::now() < deadline, "no notice: {:?}", api.texts_to(flooder));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Give the rest of the flood time to be (not) answered.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got = api.texts_to(flooder);
    let notices = got.iter().filter(|t| t.contains("Slow down")).count();
    let helps = got.iter().filter(|t| t.contains("/mock")).count();
    assert_eq!((helps, notices), (3, 1), "{got:#?}");
    // The other user was served throughout.
    assert!(api.texts_to(other).iter().any(|t| t.contains("/mock")));
    coach.still_running();
    coach.interrupt();
}

// ----- Discord ------------------------------------------------------------------------------

fn discord_vars(fake: &FakeDiscord) -> Vec<(&'static str, String)> {
    vec![
        ("DISCORD_TOKEN", coach_fakes::fake_discord::TOKEN.to_string()),
        ("DISCORD_API_URL", fake.url()),
        ("DISCORD_GUILD_ID", GUILD_ID.to_string()),
    ]
}

fn discord_text(v: &Value) -> String {
    let mut s = v["content"].as_str().unwrap_or("").to_string();
    for e in v["embeds"].as_array().into_iter().flatten() {
        s.push_str(e["title"].as_str().unwrap_or(""));
        s.push('\n');
        s.push_str(e["description"].as_str().unwrap_or(""));
    }
    s
}

/// The coach's Discord client is connected and has registered its slash commands.
async fn discord_ready(fake: &FakeDiscord) {
    fake.wait_ready(WAIT).await;
    fake.wait_for(WAIT, |f| {
        f.calls()
            .iter()
            .any(|c| c.method == "PUT" && c.path.contains("/commands"))
    })
    .await;
}

/// `line` typed in the user's Discord DM; what the coach sent after it, up to a text holding
/// `expect`.
async fn discord_dm_say(fake: &FakeDiscord, dm: u64, line: &str, expect: &str) -> String {
    let before = fake.messages_in(dm).len();
    fake.user_message(dm, None, ALICE, line);
    fake.wait_for(WAIT, |f| {
        discord_texts(f, dm).iter().skip(before).any(|t| t.contains(expect))
    })
    .await;
    discord_texts(fake, dm).split_off(before).join("\n")
}

fn discord_texts(fake: &FakeDiscord, channel: u64) -> Vec<String> {
    fake.messages_in(channel).iter().map(discord_text).collect()
}

/// `/mock` as a slash command in the server channel: the interview runs in the private thread
/// it opens, answered there, to its report.
async fn discord_interview(fake: &FakeDiscord) -> String {
    discord_ready(fake).await;
    fake.slash_command(
        TEXT_CHANNEL_ID,
        Some(GUILD_ID),
        ALICE,
        "mock",
        vec![
            ("type", json!("behavioral")),
            ("count", json!(2)),
            ("persona", json!("neutral")),
        ],
    );
    fake.wait_for(WAIT, |f| f.threads().len() == 1).await;
    let thread = &fake.threads()[0];
    assert_eq!(thread["type"], 12, "a private thread");
    let tid: u64 = thread["id"].as_str().unwrap().parse().unwrap();
    fake.wait_for(WAIT, |f| {
        discord_texts(f, tid).iter().any(|t| t.contains("Question 1/2"))
    })
    .await;
    for _ in 0..6 {
        let before = fake.messages_in(tid).len();
        fake.user_message(tid, Some(GUILD_ID), ALICE, GOOD_ANSWER);
        fake.wait_for(WAIT, |f| {
            discord_texts(f, tid).iter().skip(before).any(|t| {
                ["Question ", "Follow-up", "Interview report"]
                    .iter()
                    .any(|e| t.contains(e))
            })
        })
        .await;
        let all = discord_texts(fake, tid).join("\n");
        if all.contains("Interview report") {
            return all;
        }
    }
    panic!(
        "the Discord interview did not finish: {}",
        discord_texts(fake, tid).join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_is_served_from_the_binary() {
    let fake = FakeDiscord::start().await;
    let home = Home::new();
    let mut coach = home.start(&[], &discord_vars(&fake));
    let out = discord_interview(&fake).await;
    assert!(out.contains("Interview report"), "{out}");
    coach.still_running();
    assert!(fake.errors().is_empty(), "protocol errors: {:#?}", fake.errors());
    coach.interrupt();
    assert!(home.cwd_is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_process_serves_telegram_and_discord_at_once() {
    let api = BotApi::start().await;
    let fake = FakeDiscord::start().await;
    let home = Home::new();
    let mut vars = telegram_vars(&api);
    vars.extend(discord_vars(&fake));
    let mut coach = home.start(&[], &vars);
    // Both interviews at the same time, each user with their own.
    let (tg, dc) = tokio::join!(telegram_interview(&api, 77), discord_interview(&fake));
    assert!(tg.contains("Interview report"), "{tg}");
    assert!(dc.contains("Interview report"), "{dc}");
    coach.still_running();
    // Each platform's user has exactly their own history.
    let progress = telegram_say(&api, 77, "/progress", &["completed"]).await;
    assert!(progress.contains("completed: 1"), "{progress}");
    assert!(fake.errors().is_empty(), "protocol errors: {:#?}", fake.errors());
    coach.interrupt();
}

// ----- The LLM brain ------------------------------------------------------------------------

/// A fake grader that answers like a model: `frac` of every rubric maximum, the answer's first
/// sentence as evidence, a report when asked for one.
fn model_grader(frac: f64) -> impl Fn(&Value) -> String + Send + Sync + 'static {
    move |req: &Value| {
        let system = system_of(req);
        let report = json!({"summary": "MODEL REPORT", "strengths": ["Specific results"],
            "improvements": ["Name the trade-offs"], "skill_gaps": ["Design depth"],
            "next_steps": ["Practise two design questions"]});
        if system.contains("final report of a mock interview") {
            return report.to_string();
        }
        if !system.contains("rubric") {
            return json!({"ok": true}).to_string();
        }
        let answer = answer_of(req);
        let first = answer.split(". ").next().unwrap_or("").to_string();
        let rubric: Vec<Value> = rubric_of(req)
            .into_iter()
            .map(|(key, max)| json!({"key": key, "score": (max * frac).round(), "evidence": first, "note": "model"}))
            .collect();
        let d = (frac * 100.0).round();
        json!({
            "report": system.contains("This is the last question of the interview").then_some(report),
            "rubric": rubric,
            "dimensions": {"structure": d, "relevance": d, "specificity": d, "communication": d, "impact": d},
            "key_points_covered": [], "key_points_missed": [],
            "strengths": ["MODEL STRENGTH"], "improvement": "MODEL IMPROVEMENT: name the metric you owned.",
            "summary": "model summary", "follow_up": "", "next_question": ""
        })
        .to_string()
    }
}

/// `coach score` of GOOD_ANSWER to a free-text question, with the model: its stdout.
fn score_with_model(home: &Home, vars: &[(&str, String)]) -> String {
    let (ok, out, err) = home.run(
        &[
            "score",
            "--question",
            "Tell me about a time you led a project",
            "--category",
            "behavioral",
        ],
        vars,
        GOOD_ANSWER,
    );
    assert!(ok, "{err}");
    out
}

fn model_vars(fake: &FakeOpenAi) -> Vec<(&'static str, String)> {
    vec![
        ("OPENAI_BASE_URL", fake.base_url()),
        ("COACH_MODEL", "fake-model".into()),
        ("COACH_LLM_TIMEOUT_SECS", "10".into()),
    ]
}

/// What `response_format` each request asked for, in order (`none` for plain requests).
fn formats(fake: &FakeOpenAi) -> Vec<String> {
    fake.requests()
        .iter()
        .map(|r| {
            r.pointer("/response_format/type")
                .and_then(Value::as_str)
                .unwrap_or("none")
                .to_string()
        })
        .collect()
}

/// A piped two-question interview in the terminal, to its report.
fn terminal_interview(home: &Home, vars: &[(&str, String)]) -> (String, String) {
    let script = format!("/mock behavioral 2 neutral\n{GOOD_ANSWER}\n{GOOD_ANSWER}\nno\nno\n/progress\n");
    let (ok, out, err) = home.run(&["chat", "--user", "alice"], vars, &script);
    assert!(ok, "coach failed: {err}");
    assert!(out.contains("Interview report"), "{out}");
    (out, err)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_model_grades_whichever_structured_output_the_server_takes() {
    for (mode, first) in [
        (Mode::Good, "json_schema"),
        (Mode::RejectJsonSchema, "json_object"),
        (Mode::RejectJsonSchemaWith500, "json_object"),
    ] {
        let fake = FakeOpenAi::start(model_grader(0.8)).await;
        fake.set_mode(mode.clone());
        let home = Home::new();
        let (out, _) = terminal_interview(&home, &model_vars(&fake));
        // Every score the user saw (follow-ups included) is the model's.
        assert!(out.matches("(LLM brain)").count() >= 2, "{mode:?}: {out}");
        assert_eq!(
            out.matches(" brain)").count(),
            out.matches("(LLM brain)").count(),
            "{mode:?}: {out}"
        );
        assert!(
            out.contains("MODEL REPORT"),
            "{mode:?}: the model wrote the report: {out}"
        );
        let asked = formats(&fake);
        if first == "json_schema" {
            assert!(asked.iter().all(|f| f != "json_object"), "{mode:?}: {asked:?}");
        } else {
            // One refused json_schema request — not retried, whatever the status — then the
            // step down, kept for every later call.
            assert_eq!(asked[0], "json_schema", "{mode:?}: {asked:?}");
            assert_eq!(asked[1], "json_object", "{mode:?}: {asked:?}");
            assert_eq!(
                asked.iter().filter(|f| *f == "json_schema").count(),
                1,
                "{mode:?}: {asked:?}"
            );
        }
        assert!(home.cwd_is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_down_is_remembered_across_restarts_and_doctor_reports_it() {
    let fake = FakeOpenAi::start(model_grader(0.8)).await;
    fake.set_mode(Mode::RejectJsonSchemaWith500);
    let home = Home::new();
    let vars = model_vars(&fake);
    let score = |home: &Home| {
        let out = score_with_model(home, &vars);
        serde_json::from_str::<Value>(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    };
    // The first run finds the step (one refused request, no retries) and grades with the model.
    let v = score(&home);
    assert_eq!(v["brain"], "llm", "{v}");
    assert_eq!(formats(&fake), ["json_schema", "json_object"]);
    // A restart starts where the last run ended: no json_schema request at all.
    let v = score(&home);
    assert_eq!(v["brain"], "llm", "{v}");
    assert_eq!(formats(&fake), ["json_schema", "json_object", "json_object"]);
    // And so does the served coach: its first answer is graded by the model straight away.
    let before = fake.request_count();
    let (out, _) = terminal_interview(&home, &vars);
    assert!(out.matches("(LLM brain)").count() >= 2, "{out}");
    assert_eq!(
        out.matches(" brain)").count(),
        out.matches("(LLM brain)").count(),
        "{out}"
    );
    assert!(
        formats(&fake)[before..].iter().all(|f| f != "json_schema"),
        "{:?}",
        formats(&fake)
    );
    // `doctor` probes once and says which mode the server takes.
    let (ok, out, err) = home.run(&["doctor"], &vars, "");
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("structured output: ok via json_object") && out.contains("; as remembered for this model"),
        "{out}"
    );
    // On a fresh data directory doctor finds the step itself and keeps it.
    let other = Home::new();
    let (ok, out, _) = other.run(&["doctor"], &vars, "");
    assert!(ok, "{out}");
    assert!(
        out.contains("structured output: ok via json_object")
            && out.contains("; remembered for this model from now on"),
        "{out}"
    );
    let n = fake.request_count();
    let v = score(&other);
    assert_eq!(v["brain"], "llm", "{v}");
    assert_eq!(formats(&fake)[n..], ["json_object"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_400_steps_down_for_this_run_only() {
    let fake = FakeOpenAi::start(model_grader(0.8)).await;
    fake.set_mode(Mode::BareBadRequestForJsonSchema);
    let home = Home::new();
    let vars = model_vars(&fake);
    for run in 1..=2 {
        let out = score_with_model(&home, &vars);
        assert!(out.contains("\"brain\":\"llm\""), "{out}");
        // The refusal did not name the format: nothing is kept, each run tries json_schema first.
        assert_eq!(
            formats(&fake)[(run - 1) * 2..],
            ["json_schema", "json_object"],
            "run {run}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_model_that_answers_broken_json_leaves_the_interview_to_the_offline_brain() {
    let fake = FakeOpenAi::start(model_grader(0.8)).await;
    fake.set_mode(Mode::Malformed);
    let home = Home::new();
    let (out, err) = terminal_interview(&home, &model_vars(&fake));
    assert!(out.matches("(offline brain)").count() >= 2, "{out}");
    assert!(!out.contains("(LLM brain)"), "{out}");
    assert!(err.trim().is_empty(), "nothing on stderr: {err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_lines_stay_out_of_the_terminal_chat() {
    let fake = FakeOpenAi::start(model_grader(0.8)).await;
    fake.set_mode(Mode::AlwaysServerError);
    let home = Home::new();
    let (out, err) = terminal_interview(&home, &model_vars(&fake));
    // The user sees the interview, scored offline, and no log line anywhere on the screen.
    assert!(out.matches("(offline brain)").count() >= 2, "{out}");
    for screen in [&out, &err] {
        for noise in ["WARN", "ERROR", "INFO", "server_error", "HTTP 500"] {
            assert!(!screen.contains(noise), "{noise:?} on the screen: {screen}");
        }
    }
    // One plain notice says the model is not answering, and nothing claims there is none.
    assert!(out.contains("isn't answering right now"), "{out}");
    assert!(!out.contains("no language model configured"), "{out}");
    // The details are in the log file of the data directory.
    let log = std::fs::read_to_string(home.data.path().join("coach.log")).expect("coach.log");
    assert!(log.contains("WARN"), "{log}");
    assert!(log.contains("500"), "{log}");
    // Asked for with RUST_LOG, they go to stderr instead.
    let other = Home::new();
    let mut vars = model_vars(&fake);
    vars.push(("RUST_LOG", "warn".into()));
    let (_, err) = terminal_interview(&other, &vars);
    assert!(err.contains("WARN"), "{err}");
    assert!(home.cwd_is_empty() && other.cwd_is_empty());
}

// ----- Terminal ------------------------------------------------------------------------------

/// Through the binary's terminal chat: the time per question chosen for one interview and kept
/// in the profile, and a non-answer moved on from without thanks.
#[test]
fn the_terminal_interview_takes_its_pace_and_its_tone_from_the_answers() {
    let home = Home::new();
    let script = "/mock behavioral 3 friendly time=relaxed\nI don't know, sorry.\n/end\n/profile time strict\n/mock behavioral 2\n/end\n";
    let (ok, out, err) = home.run(&["chat", "--user", "pace"], &[], script);
    assert!(ok, "coach failed: {err}");
    assert!(out.contains("relaxed pace: each question has its own limit"), "{out}");
    assert!(out.contains("Question 2/3"), "{out}");
    for thanks in [
        "Thanks, that's helpful.",
        "Great, I appreciate the detail.",
        "Nice — thanks for walking me through that.",
    ] {
        assert!(!out.contains(thanks), "a non-answer was thanked: {out}");
    }
    assert!(out.contains("Time per question: strict"), "{out}");
    assert!(out.contains("strict pace: each question has its own limit"), "{out}");
}

/// The score line of a feedback message: its parts sum to the base and the steps after it end at
/// the score shown above it ("Score: 2/100" then "STAR rubric 0/50 + … = 7; × 30 % (…) → 2").
fn check_score_line(score: u32, line: &str) {
    let mut steps = line.split("; ");
    let sum = steps.next().unwrap_or_default();
    let (parts, base) = sum.rsplit_once(" = ").unwrap_or_else(|| panic!("no sum in {line:?}"));
    let base: u32 = base.trim().parse().unwrap_or_else(|_| panic!("base in {line:?}"));
    let points: u32 = parts
        .split(" + ")
        .map(|p| {
            let frac = p.rsplit(' ').next().unwrap_or_default();
            let (got, max) = frac.split_once('/').unwrap_or_else(|| panic!("part {p:?} in {line:?}"));
            let (got, max): (u32, u32) = (got.parse().unwrap(), max.parse().unwrap());
            assert!(got <= max, "{line:?}");
            got
        })
        .sum();
    assert_eq!(points, base, "the parts do not sum to the base: {line:?}");
    let mut value = base;
    for step in steps {
        value = if let Some(rest) = step.strip_prefix("capped at ") {
            rest.split(':').next().unwrap().parse().unwrap()
        } else {
            step.rsplit("→ ")
                .next()
                .unwrap()
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("step {step:?}"))
        };
    }
    assert_eq!(
        value, score,
        "the steps end at {value}, the score shown is {score}: {line:?}"
    );
}

/// Through the binary's terminal chat: every feedback's numbers add up, with a cap and a hint
/// among them, and "Sounded sure" says what it was measured from.
#[test]
fn every_number_the_terminal_feedback_shows_adds_up() {
    let home = Home::new();
    let holiday = "My favourite holiday was in Portugal: we went surfing in Ericeira, ate grilled sardines every day and the waves were perfect for beginners like me.";
    let script = format!("/mock behavioral 3 neutral\n{holiday}\n/hint\n{GOOD_ANSWER}\nno\nI don't know\n/end\n");
    let (ok, out, err) = home.run(&["chat", "--user", "sums"], &[], &script);
    assert!(ok, "coach failed: {err}");
    let lines: Vec<&str> = out.lines().collect();
    let mut checked = 0;
    let mut stepped = 0;
    for (i, l) in lines.iter().enumerate() {
        let head = l.strip_prefix("Score: ").or_else(|| l.strip_prefix("Score so far: "));
        let Some(score) = head
            .and_then(|h| h.split('/').next())
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let line = lines[i + 1..].iter().find(|x| x.contains(" = ")).expect("a score line");
        stepped += line.contains("; ") as usize;
        check_score_line(score, line);
        checked += 1;
    }
    assert!(checked >= 3, "{checked} feedbacks checked: {out}");
    assert!(stepped >= 1, "no feedback had a step after its sum: {out}");
    assert!(out.contains("(hints used)"), "the hint's cost is not in the sum: {out}");
    assert!(
        out.contains("key points — an offline check of what the answer says, not a verdict on whether it is right."),
        "the key-point check is not labelled as what it measures: {out}"
    );
    assert!(out.contains("Sounded sure: "), "{out}");
    assert!(out.contains("stated without hedging"), "{out}");
}

/// The terminal saves what it cannot show — /progress's chart and /report's file — in the data
/// directory and prints each full path: a PNG of the chart's size, and the Markdown report.
#[test]
fn the_terminal_saves_the_chart_and_the_report_in_the_data_directory() {
    let home = Home::new();
    let script = format!("/mock behavioral 1 neutral\n{GOOD_ANSWER}\npass\n/progress\n/report\n");
    let (ok, out, err) = home.run(&["chat", "--user", "pic"], &[], &script);
    assert!(ok, "coach failed: {err}");
    assert!(out.contains("Interview report"), "{out}");
    let saved: Vec<std::path::PathBuf> = out
        .lines()
        .filter_map(|l| l.strip_prefix("(saved to ")?.strip_suffix(')'))
        .map(std::path::PathBuf::from)
        .collect();
    let data = home.data.path().canonicalize().unwrap();
    let chart = saved
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .unwrap_or_else(|| panic!("no chart path printed:\n{out}"));
    assert!(chart.is_absolute(), "{chart:?}");
    assert!(
        chart.canonicalize().unwrap().starts_with(&data),
        "{chart:?} outside {data:?}"
    );
    let bytes = std::fs::read(chart).expect("the chart file exists");
    let info = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG")
        .info()
        .clone();
    assert_eq!((info.width, info.height), (1000, 560));
    let report = saved
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap_or_else(|| panic!("no report path printed:\n{out}"));
    assert!(report.canonicalize().unwrap().starts_with(&data), "{report:?}");
    let md = std::fs::read_to_string(report).expect("the report file exists");
    assert!(
        md.starts_with("# Interview Coach report\n") && md.contains("## Plan\n"),
        "{md}"
    );
    assert!(home.cwd_is_empty(), "nothing written where the coach was started");
}

/// A practice reminder reaches the Telegram DM from the binary. The binary has no test clock, so
/// the rule is set for the minute after the next (UTC: no time zone set) and the test waits for
/// it on the real clock, up to 125 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_reaches_the_telegram_dm_from_the_binary() {
    let api = BotApi::start().await;
    let home = Home::new();
    let mut coach = home.start(&[], &telegram_vars(&api));
    let hm = minute_ahead();
    let saved = telegram_say(&api, 31, &format!("/remind daily {hm}"), &["Reminders saved"]).await;
    assert!(saved.contains(&format!("daily at {hm}")), "{saved}");
    let before = api.texts_to(31).len();
    let deadline = Instant::now() + Duration::from_secs(125);
    loop {
        let new = api.texts_to(31).split_off(before.min(api.texts_to(31).len()));
        if new.iter().any(|t| t.contains("Nothing is due for review today")) {
            break;
        }
        assert!(Instant::now() < deadline, "no reminder: {new:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    coach.still_running();
    coach.interrupt();
    assert!(home.cwd_is_empty());
}

/// The same through the binary for Discord: `/remind` set in the user's DM, and the reminder
/// arrives there as a push from the running coach (its scheduler, its Discord adapter).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_reaches_the_discord_dm_from_the_binary() {
    let fake = FakeDiscord::start().await;
    let home = Home::new();
    let mut coach = home.start(&[], &discord_vars(&fake));
    discord_ready(&fake).await;
    let dm = fake.dm_channel(ALICE);
    let hm = minute_ahead();
    let ix = fake.slash_command(
        dm,
        None,
        ALICE,
        "remind",
        vec![("when", json!("daily")), ("time", json!(hm.clone()))],
    );
    fake.wait_for(WAIT, |f| {
        f.interaction_responses(ix)
            .iter()
            .any(|c| c.body.to_string().contains("Reminders saved"))
    })
    .await;
    let reminder = |f: &FakeDiscord| -> Vec<String> {
        discord_texts(f, dm)
            .into_iter()
            .filter(|t| t.contains("Nothing is due for review today"))
            .collect()
    };
    fake.wait_for(Duration::from_secs(125), |f| !reminder(f).is_empty())
        .await;
    assert_eq!(reminder(&fake).len(), 1, "one reminder: {}", fake.dump());
    let pushed = fake
        .messages_in(dm)
        .into_iter()
        .find(|m| discord_text(m).contains("Nothing is due for review today"))
        .unwrap();
    assert!(pushed.to_string().contains("Snooze 1 hour"), "{pushed}");
    coach.still_running();
    assert!(fake.errors().is_empty(), "protocol errors: {:#?}", fake.errors());
    coach.interrupt();
    assert!(home.cwd_is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cv_document_sent_to_the_binary_through_telegram_is_stored_and_listed() {
    let api = BotApi::start().await;
    let home = Home::new();
    let mut coach = home.start(&[], &telegram_vars(&api));
    telegram_say(&api, 33, "/start", &["/mock"]).await;
    let docx = coach_fakes::documents::docx(&[
        "Lena Ortiz",
        "Product Manager at Umbrella (2018 - 2024)",
        "- Launched self-serve onboarding that lifted activation by 22%.",
        "Skills",
        "Roadmapping, A/B testing, SQL, Figma, Jira",
    ]);
    let before = api.texts_to(33).len();
    api.send_document(33, 33, "lena-cv.docx", "application/octet-stream", docx);
    let deadline = Instant::now() + WAIT;
    while !api.texts_to(33).iter().skip(before).any(|t| t.contains("CV stored")) {
        assert!(Instant::now() < deadline, "no CV stored: {:?}", api.texts_to(33));
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let t = telegram_say(&api, 33, "/cv", &["Your CV"]).await;
    assert!(t.contains("roadmapping, a/b testing, sql, figma, jira"), "{t}");
    assert!(t.contains("Product Manager at Umbrella (2018 - 2024)"), "{t}");
    // /questions is grounded in it: a question built from the CV's own achievement line.
    let q = telegram_say(&api, 33, "/questions", &["Likely questions"]).await;
    assert!(q.contains("grounded in your CV"), "{q}");
    assert!(q.contains("lifted activation by 22%"), "{q}");
    coach.still_running();
    coach.interrupt();
    assert!(home.cwd_is_empty());
}

/// The same through the binary for Discord: a CV sent as a DM attachment is stored, `/cv`
/// lists what was read, and `/questions` is grounded in it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cv_attachment_sent_to_the_binary_through_discord_is_stored_and_used_by_questions() {
    let fake = FakeDiscord::start().await;
    let home = Home::new();
    let mut coach = home.start(&[], &discord_vars(&fake));
    discord_ready(&fake).await;
    let dm = fake.dm_channel(ALICE);
    let docx = coach_fakes::documents::docx(&[
        "Priya Shah",
        "Data Engineer, Finlo (2020 - present)",
        "- Built Airflow pipelines on BigQuery that cut reporting time by 60%.",
        "Skills",
        "Python, SQL, Airflow, dbt, Snowflake, BigQuery",
    ]);
    fake.user_message_with_attachment(
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
    fake.wait_for(WAIT, |f| discord_texts(f, dm).iter().any(|t| t.contains("CV stored")))
        .await;
    let cv = discord_dm_say(&fake, dm, "/cv", "Your CV").await;
    assert!(cv.contains("python, sql, airflow, dbt, snowflake, bigquery"), "{cv}");
    let q = discord_dm_say(&fake, dm, "/questions", "Likely questions").await;
    assert!(q.contains("grounded in your CV"), "{q}");
    assert!(q.contains("cut reporting time by 60%"), "{q}");
    coach.still_running();
    assert!(fake.errors().is_empty(), "protocol errors: {:#?}", fake.errors());
    coach.interrupt();
    assert!(home.cwd_is_empty());
}

/// A reminder time to type (HH:MM, UTC): rounded down to the minute, 20 to 80 s ahead, so a
/// loaded machine cannot miss it and the tests wait at most 80 s for it.
fn minute_ahead() -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(80))
        .format("%H:%M")
        .to_string()
}
