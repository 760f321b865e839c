//! Token benchmark of the LLM brain: one recorded 8-question mock interview through the real
//! engine and client against a local fake OpenAI-compatible server, counting what our calls send
//! against a design that resends the whole session state and transcript on every turn.
//!
//!     cargo run --release --example llm_tokens
//!
//! Tokens are estimated the same way on both sides (about four characters per token), so the
//! ratio does not depend on a tokenizer. Calls per user turn count every model call made while
//! a user waited for a reply (grading, the report).

use coach_fakes::fake_openai;

use interview_coach::config::Config;
use interview_coach::engine::event::{Inbound, Payload, Place, Platform, Sender, UserId};
use interview_coach::engine::reply::ReplyKind;
use interview_coach::interview::{AnswerRecord, Session};
use interview_coach::llm::{LlmSettings, estimate_request_tokens, estimate_tokens};
use interview_coach::store::keys;
use serde_json::{Value, json};
use std::time::Duration;

/// A plausible grader reply (the model's side does not change what we send).
fn responder(req: &Value) -> String {
    let system = req["messages"][0]["content"].as_str().unwrap_or("");
    if system.contains("final report of a mock interview") {
        return json!({"summary": "Solid.", "strengths": ["Specific"], "improvements": ["Trade-offs"],
                      "skill_gaps": ["Depth"], "next_steps": ["Practise"]})
        .to_string();
    }
    let report = system.contains("This is the last question of the interview").then(|| {
        json!({"summary": "Solid.", "strengths": ["Specific"], "improvements": ["Trade-offs"],
               "skill_gaps": ["Depth"], "next_steps": ["Practise"]})
    });
    json!({"report": report, "rubric": [], "dimensions": {"structure": 70, "relevance": 70, "specificity": 70, "communication": 70, "impact": 70},
           "improvement": "Lead with the result.", "summary": "Good answer.", "follow_up": "", "next_question": ""})
    .to_string()
}

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        let fake = fake_openai::FakeOpenAi::start(responder).await;
        let dir = tempfile::tempdir()?;
        let config = Config {
            data_dir: dir.path().to_path_buf(),
            llm: Some(LlmSettings {
                base_url: fake.base_url(),
                api_key: None,
                model: "fake-model".into(),
                transcribe_model: "none".into(),
                timeout: Duration::from_secs(10),
                retries: 0,
                failures_to_open: 3,
                cooldown: Duration::from_secs(60),
            }),
            ..Config::default()
        };
        let store = interview_coach::store::Store::open(dir.path())?;
        let engine = interview_coach::build_engine(store, config, interview_coach::system_clock())?;
        let user = "bench";
        let send = |payload: Payload| Inbound {
            sender: Sender {
                id: user.into(),
                display_name: user.into(),
            },
            place: Place::direct(Platform::Terminal, user),
            payload,
            at: engine.clock().now(),
        };
        let mut turns = 0usize;
        let mut calls_per_turn: Vec<usize> = Vec::new();
        let mut before = fake.request_count();
        let r = engine
            .handle(send(Payload::Command {
                name: "mock".into(),
                args: "behavioral 8 neutral".into(),
            }))
            .await;
        turns += 1;
        calls_per_turn.push(fake.request_count() - before);
        let mut last = r;
        for _ in 0..30 {
            if last.iter().any(|r| r.kind == ReplyKind::Report) {
                break;
            }
            // Answer with the bank's sample answer of the current question where it has one.
            let uid = UserId::new(Platform::Terminal, user);
            let s: Vec<Session> = engine
                .store()
                .scan::<Session>(&keys::sessions(&uid))?
                .into_iter()
                .map(|(_, s)| s)
                .collect();
            let answer = s
                .last()
                .and_then(|s| s.current.as_ref().map(|c| s.plan[c.index].question_id.clone()))
                .and_then(|id| engine.bank().get(&id).and_then(|q| q.sample_answer.clone()))
                .unwrap_or_else(|| "In my last role I led a migration of our billing service with a six-week deadline. I split it into phases, wrote a dual-write adapter and ran daily check-ins; we moved 120,000 customers two days early and failed payments stayed at 0.4%.".into());
            before = fake.request_count();
            last = engine.handle(send(Payload::Text(answer))).await;
            turns += 1;
            calls_per_turn.push(fake.request_count() - before);
        }
        // What a resend-everything design would send: per model call, our system prompt plus the
        // whole session record and the transcript so far (every question, answer and scored
        // feedback), instead of the compact context.
        let uid = UserId::new(Platform::Terminal, user);
        let session = engine
            .store()
            .scan::<Session>(&keys::sessions(&uid))?
            .into_iter()
            .map(|(_, s)| s)
            .next_back()
            .ok_or_else(|| anyhow::anyhow!("no session"))?;
        let answers: Vec<AnswerRecord> = engine
            .store()
            .scan::<AnswerRecord>(&keys::answers(&uid, &session.id))?
            .into_iter()
            .map(|(_, a)| a)
            .collect();
        let requests = fake.requests();
        let ours: u64 = requests.iter().map(estimate_request_tokens).sum();
        let state = estimate_tokens(&serde_json::to_string(&session)?);
        let mut naive = 0u64;
        for (k, req) in requests.iter().enumerate() {
            let system = estimate_tokens(req["messages"][0]["content"].as_str().unwrap_or(""));
            let transcript: u64 = answers
                .iter()
                .take(k + 1)
                .map(|a| {
                    estimate_tokens(&a.question)
                        + estimate_tokens(&a.answer)
                        + estimate_tokens(&serde_json::to_string(&a.score).unwrap_or_default())
                })
                .sum();
            naive += system + state + transcript;
        }
        let max_calls = calls_per_turn.iter().copied().max().unwrap_or(0);
        println!(
            "interview: {} answers, {} user turns, {} model calls",
            answers.len(),
            turns,
            requests.len()
        );
        println!("tokens sent, ours (compact context):          {ours:>7}");
        println!("tokens sent, resending state + transcript:     {naive:>7}");
        println!(
            "ratio ours / resend-everything:                {:>6.1} %  (target <= 35 %)",
            100.0 * ours as f64 / naive.max(1) as f64
        );
        println!(
            "model calls per user turn on the critical path: mean {:.2}, max {}  (target <= 1; the last answer's call also writes the report)",
            requests.len() as f64 / turns as f64,
            max_calls
        );
        anyhow::Ok(())
    })
}
