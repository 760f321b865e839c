//! Token benchmark of the coach chat (issue #18): one 100-turn conversation through the real
//! engine and client against a local fake OpenAI-compatible server, printing the prompt tokens
//! each chat turn sends at turns 1, 10, 25, 50 and 100 beside what a design would send that
//! resends the whole conversation every turn, measured in the same run.
//!
//!     cargo run --release --example chat_tokens
//!
//! Ours is every message of the request the fake server received (system prompt with the
//! profile, CV/JD summary, weak areas and guide; the user turn with the running summary, the
//! last six turns and the new message). The resend-everything prompt is the same system prompt
//! plus every earlier message and reply verbatim plus the new message. Both are estimated the
//! same way (`llm::estimate_tokens`, four characters per token).

use coach_fakes::fake_openai;
use interview_coach::config::Config;
use interview_coach::engine::event::{Inbound, Payload, Place, Platform, Sender};
use interview_coach::llm::{LlmSettings, estimate_request_tokens, estimate_tokens};
use std::time::Duration;

/// What the fake coach answers (about 150 words, as a real coach reply).
const REPLY: &str = "Good question. For this one, lead with the situation in a sentence, then spend most of the answer on what you did: two or three concrete steps in the first person, each with the reason behind it. Close with the result and a number, and one thing you learned. Keep it under two minutes; the interviewer will ask for more if they want it. If you are unsure which story to use, pick the one with the clearest result you owned, and practise it out loud twice before the interview. Next, try /mock behavioral to rehearse it under time, or /suggest to see what to fix first.";

/// The user's message at turn `i`: questions and statements about themselves, varied.
fn message(i: usize) -> String {
    const TOPICS: &[&str] = &[
        "a conflict with my manager",
        "the outage I handled last spring",
        "why I am leaving my current job",
        "my biggest failure",
        "a time I led without authority",
        "salary expectations",
        "the migration project",
        "tell me about yourself",
        "a disagreement about priorities",
        "mentoring a junior engineer",
    ];
    let topic = TOPICS[i % TOPICS.len()];
    match i % 4 {
        0 => format!("How should I answer a question about {topic}? I want to sound confident but honest."),
        1 => format!(
            "I have been working on my story about {topic}. I am a backend engineer with six years of experience and my interview is in two weeks."
        ),
        2 => format!("Can you give me a structure for {topic}, and what the interviewer is really looking for?"),
        _ => format!(
            "Thanks. I tried it again for {topic} and I think the result part is still weak. What would make it stronger?"
        ),
    }
}

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async {
        let fake = fake_openai::FakeOpenAi::start(|_| REPLY.to_string()).await;
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
            rate_limit: None,
            ..Config::default()
        };
        let store = interview_coach::store::Store::open(dir.path())?;
        let engine = interview_coach::build_engine(store, config, interview_coach::system_clock())?;
        let user = "bench";
        let turns = 100;
        for i in 1..=turns {
            let ev = Inbound {
                sender: Sender {
                    id: user.into(),
                    display_name: user.into(),
                },
                place: Place::direct(Platform::Terminal, user),
                payload: Payload::Text(message(i)),
                at: engine.clock().now(),
            };
            engine.handle(ev).await;
        }
        let reqs = fake.requests();
        anyhow::ensure!(reqs.len() == turns, "{} model calls for {turns} turns", reqs.len());
        let mut ours_total = 0u64;
        let mut naive_total = 0u64;
        let mut rows = Vec::new();
        let mut history = 0u64;
        for (k, req) in reqs.iter().enumerate() {
            let i = k + 1;
            let ours = estimate_request_tokens(req);
            let system = estimate_tokens(req["messages"][0]["content"].as_str().unwrap_or(""));
            let naive = system + history + estimate_tokens(&message(i));
            history += estimate_tokens(&message(i)) + estimate_tokens(REPLY);
            ours_total += ours;
            naive_total += naive;
            if [1, 10, 25, 50, 100].contains(&i) {
                rows.push((i, ours, naive));
            }
        }
        println!("prompt tokens per chat turn (estimate: 4 characters per token)");
        println!("{:>5} {:>8} {:>16} {:>8}", "turn", "ours", "resend-all", "ratio");
        for (i, ours, naive) in &rows {
            println!(
                "{i:>5} {ours:>8} {naive:>16} {:>7.1}%",
                100.0 * *ours as f64 / (*naive).max(1) as f64
            );
        }
        println!(
            "total over {turns} turns: ours {ours_total}, resend-all {naive_total} ({:.1} %)",
            100.0 * ours_total as f64 / naive_total.max(1) as f64
        );
        anyhow::Ok(())
    })
}
