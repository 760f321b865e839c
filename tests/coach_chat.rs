//! The coach chat of issue #18 through the engine: one remembered conversation per user whose
//! model context stays bounded over 100 turns (against the fake OpenAI server), the offline
//! intents and the no-match menu, /suggest with and without history (a real mock first), /export
//! and /forget covering the conversation and its summary, and the coach binary's terminal.

mod common;

use coach_fakes::fake_openai::{FakeOpenAi, system_of};
use common::*;
use interview_coach::config::Config;
use interview_coach::copilot::docs::{Cv, Jd};
use interview_coach::copilot::memory::ChatSummary;
use interview_coach::engine::buttons::{Action, decode};
use interview_coach::engine::event::{Platform, UserId};
use interview_coach::engine::reply::Reply;
use interview_coach::llm::{LlmSettings, estimate_request_tokens, estimate_tokens};
use interview_coach::practice::Card;
use interview_coach::profile::ChatEntry;
use interview_coach::store::{Batch, keys};
use serde_json::Value;
use std::time::Duration;

fn uid(user: &str) -> UserId {
    UserId::new(Platform::Terminal, user)
}

/// The action behind the button with this label.
fn action(replies: &[Reply], label: &str) -> Action {
    let p = button(replies, label).unwrap_or_else(|| panic!("no button {label:?} in:\n{}", text(replies)));
    decode(&p).expect("our payload").1
}

/// Every button label of the replies.
fn labels(replies: &[Reply]) -> Vec<String> {
    replies
        .iter()
        .flat_map(|r| r.buttons.iter().flatten())
        .map(|b| b.label.clone())
        .collect()
}

fn user_turn(req: &Value) -> String {
    req["messages"][1]["content"].as_str().unwrap_or("").to_string()
}

fn llm_env(fake: &FakeOpenAi) -> Env {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = Config {
        llm: Some(LlmSettings {
            timeout: Duration::from_secs(10),
            ..llm_settings(fake.base_url(), Duration::from_secs(10))
        }),
        ..config(dir.path())
    };
    let engine = engine_at(dir.path(), cfg, interview_coach::system_clock());
    Env { engine, dir }
}

/// A fake coach: a reply of about 120 words whatever it is asked.
fn coach_reply(_: &Value) -> String {
    "Good question. Start with the situation in one sentence, then say what you owned and the steps you took, and end with the result and a number. "
        .repeat(4)
}

async fn seed_cv_jd(env: &Env, user: &str) {
    let at = "2026-11-01T09:00:00Z".parse().unwrap();
    let cv = Cv {
        text: "Backend engineer. Rust, PostgreSQL.".into(),
        source: "pasted".into(),
        added: at,
        roles: vec!["Backend Engineer, Initech (2021-2024)".into()],
        skills: vec!["rust".into(), "postgresql".into()],
        achievements: vec![],
        lines: vec![],
    };
    let jd = Jd {
        text: "Senior backend engineer: Rust, Kafka.".into(),
        source: "pasted".into(),
        added: at,
        title: Some("Senior Backend Engineer".into()),
        company: Some("Globex".into()),
        skills: vec!["rust".into(), "kafka".into()],
        responsibilities: vec![],
        seniority: vec![],
    };
    let mut b = Batch::default();
    b.put(&keys::cv(&uid(user)), &cv);
    b.put(&keys::jd(&uid(user)), &jd);
    env.engine.store().commit(b).await.unwrap();
}

/// What the user says at turn `i` (1-based): a question and a fact about themselves, of about
/// the same length every time; turn 30 names the interview at Hooli.
fn chat_line(i: usize) -> String {
    if i == 30 {
        return "My interview at Hooli is on 14 December and I am nervous about the system design round.".into();
    }
    // Letters, not digits: a fact that differs only in its numbers is one fact restated.
    let word: String = [b'a' + (i / 26) as u8, b'a' + (i % 26) as u8]
        .iter()
        .map(|b| *b as char)
        .collect();
    format!(
        "Turn {i}: how should I prepare my story about project {i}? I am working on the part where I led the {word} rollout."
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_turn_conversation_sends_a_bounded_prompt() {
    let fake = FakeOpenAi::start(coach_reply).await;
    let env = llm_env(&fake);
    let en = &env.engine;
    seed_cv_jd(&env, "long").await;
    for i in 1..=100 {
        let r = say(en, "long", &chat_line(i)).await;
        assert!(text(&r).contains("AI coach"), "turn {i}: {}", text(&r));
    }
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 100);
    let sizes: Vec<u64> = reqs.iter().map(estimate_request_tokens).collect();
    // The 100th prompt is below a fixed bound and about the size of the 10th (the summary
    // fills up to its cap, the recent window is full from turn 7 on).
    assert!(sizes[99] < 2_600, "turn 100 sent {} tokens", sizes[99]);
    assert!(
        sizes[99] * 10 <= sizes[9] * 13,
        "turn 10: {}, turn 100: {} tokens",
        sizes[9],
        sizes[99]
    );
    // A resend-everything prompt would have grown past five times the bound.
    let transcript: u64 = (1..=99)
        .map(|i| estimate_tokens(&chat_line(i)) + estimate_tokens(&coach_reply(&Value::Null)))
        .sum();
    assert!(transcript > 5 * 2_600, "{transcript}");
    // What the 100th prompt holds: the last turns verbatim, an old fact from the summary, the
    // CV/JD summary with the gap, never the first turns verbatim.
    let last = user_turn(&reqs[99]);
    assert!(last.contains(&chat_line(99)), "{last}");
    assert!(
        last.contains(&chat_line(94)) && !last.contains(&chat_line(93)),
        "six turns verbatim: {last}"
    );
    assert!(
        last.contains("My interview at Hooli is on 14 December"),
        "turn 30 in the summary: {last}"
    );
    assert!(!last.contains(&chat_line(5)), "{last}");
    assert!(last.contains(&format!("<user_message>\n{}\n</user_message>", chat_line(100))));
    assert!(
        last.starts_with("<cv_and_job>\n") && last.contains("Globex") && last.contains("Gap") && last.contains("kafka"),
        "{last}"
    );
    // The user's data is in the user turn, never in the system prompt.
    let system = system_of(&reqs[99]);
    assert!(!system.contains("Globex") && !system.contains("Hooli"), "{system}");
    // The conversation and its summary are stored under the user.
    let s: ChatSummary = en
        .store()
        .get(&keys::chat_summary(&uid("long")))
        .unwrap()
        .expect("summary stored");
    assert!(s.turns >= 90, "{} turns folded", s.turns);
    let entries = en.store().scan::<ChatEntry>(&keys::chats(&uid("long"))).unwrap();
    assert_eq!(entries.len(), 100);
    assert!(entries.last().unwrap().1.reply.starts_with("Good question."));
    // Every call is accounted.
    let usage = text(&say(en, "long", "/usage").await);
    assert!(usage.contains("in 100 calls"), "{usage}");
}

#[tokio::test]
async fn each_offline_intent_answers_from_its_source_with_next_steps() {
    let e = env();
    let en = &e.engine;
    // How do I answer: a guide when there is one, else the closest bank question.
    let r = say(en, "oi", "How do I answer tell me about yourself?").await;
    assert!(
        text(&r).contains("Template") && text(&r).contains("Offline coach"),
        "{}",
        text(&r)
    );
    let r = say(en, "oi", "how do I answer how would you design a URL shortener").await;
    let t = text(&r);
    assert!(t.contains("closest question in the bank"), "{t}");
    assert!(t.contains("Offline coach: answered from the question bank"), "{t}");
    let Action::Drill { question } = action(&r, "Practise it now") else {
        panic!("a drill button")
    };
    let q = en.bank().get(&question).expect("a bank question");
    assert!(q.text.to_lowercase().contains("url"), "{}", q.text);
    assert!(t.contains(&q.hints[0]), "its hint: {t}");
    // Practice questions and drafting are offered as the commands that make them.
    let r = say(en, "oi", "Give me practice questions for a backend role at Stripe").await;
    assert_eq!(
        action(&r, "Get the questions"),
        Action::Run {
            command: "questions Stripe backend".into()
        }
    );
    assert!(text(&r).contains("Offline coach"), "{}", text(&r));
    let r = say(en, "oi", "can you help me draft an answer?").await;
    assert_eq!(
        action(&r, "Draft an answer"),
        Action::Run {
            command: "draft".into()
        }
    );
    assert!(text(&r).contains("Offline coach"), "{}", text(&r));
    // Questions to ask, by stage.
    let r = say(en, "oi", "What should I ask the hiring manager?").await;
    let t = text(&r);
    assert!(t.contains("Hiring manager") && t.contains("first 90 days"), "{t}");
    assert!(
        !t.contains("Recruiter or phone screen"),
        "only the stage asked for: {t}"
    );
    assert!(t.contains("Offline coach: answered from a curated list"), "{t}");
    // Weak points with no history yet.
    let r = say(en, "oi", "what are my weak points?").await;
    let t = text(&r);
    assert!(t.contains("No weak areas yet") && t.contains("Offline coach"), "{t}");
    assert!(
        labels(&r).contains(&"What to fix first".to_string()),
        "{:?}",
        labels(&r)
    );
    // Review: a score with what is strong and what to fix; a thin answer scores lower.
    let r = say(en, "oi", &format!("Review my answer: {GOOD_ANSWER}")).await;
    let t = text(&r);
    assert!(t.contains("What's strong") && t.contains("What to fix"), "{t}");
    assert!(t.contains("generic behavioural (STAR) rubric"), "{t}");
    assert!(t.contains("Offline coach: answered from the rubric scorer"), "{t}");
    let good = score_in(&t);
    let t = text(
        &say(
            en,
            "oi",
            "can you review: we did some stuff and it went fine in the end",
        )
        .await,
    );
    let thin = score_in(&t);
    assert!(good >= 60 && thin < 40 && thin < good, "good {good}, thin {thin}");
    let r = say(
        en,
        "oi",
        &format!("Review my answer to \"Tell me about a mistake you made at work\": {GOOD_ANSWER}"),
    )
    .await;
    let t = text(&r);
    assert!(t.contains("Scored against the bank question beh-failure-001"), "{t}");
    assert_eq!(
        action(&r, "Practise this question"),
        Action::Drill {
            question: "beh-failure-001".into()
        }
    );
    // A question the bank has nothing close to is scored as written.
    let t = text(
        &say(
            en,
            "oi",
            &format!("review my answer to tell me about a time you failed: {GOOD_ANSWER}"),
        )
        .await,
    );
    assert!(
        t.contains("Scored against your question: tell me about a time you failed"),
        "{t}"
    );
    let t = text(&say(en, "oi", "review my answer").await);
    assert!(t.contains("Paste the answer after a colon"), "{t}");
    // Every offline answer above is kept in the conversation with its reply.
    let entries = en.store().scan::<ChatEntry>(&keys::chats(&uid("oi"))).unwrap();
    let with: Vec<&str> = entries.iter().map(|(_, e)| e.answered_with.as_str()).collect();
    for w in [
        "intent:practice_questions",
        "intent:draft",
        "intent:ask_interviewer",
        "intent:weak_points",
        "intent:review",
    ] {
        assert!(with.contains(&w), "{w} in {with:?}");
    }
    assert!(entries.iter().all(|(_, e)| !e.reply.is_empty()));
}

/// The score in a review's heading ("Your answer: 72/100").
fn score_in(t: &str) -> u32 {
    let i = t.find("Your answer: ").unwrap_or_else(|| panic!("no score in {t}")) + "Your answer: ".len();
    t[i..].split('/').next().unwrap().trim().parse().unwrap()
}

#[tokio::test]
async fn a_message_that_matches_nothing_gets_the_menu_not_a_search() {
    let e = env();
    let en = &e.engine;
    for msg in [
        "what's the capital of Peru and can you write me a poem",
        "leadership conflict stakeholder",
        "pizza",
    ] {
        let r = say(en, "nm", msg).await;
        let t = text(&r);
        assert!(
            t.contains("offline coach") && t.contains("Review my answer"),
            "{msg}: {t}"
        );
        assert!(
            !t.contains("match what you wrote") && !t.contains("beh-"),
            "no bank search: {t}"
        );
        assert_eq!(
            action(&r, "What to fix first"),
            Action::Run {
                command: "suggest".into()
            }
        );
    }
}

#[tokio::test]
async fn suggest_without_history_offers_a_short_diagnostic_mock() {
    let e = env();
    let en = &e.engine;
    let r = say(en, "sn", "/suggest").await;
    let t = text(&r);
    assert!(t.contains("no answers of yours yet"), "{t}");
    let p = button(&r, "Diagnostic mock (3 questions)").expect("the diagnostic button");
    let t = text(&press(en, "sn", &p).await);
    assert!(t.contains("Question 1/3"), "{t}");
    // The same through the chat.
    say(en, "sn2", "hello").await;
    let t = text(&say(en, "sn2", "What should I fix first?").await);
    assert!(t.contains("no answers of yours yet"), "{t}");
}

#[tokio::test]
async fn suggest_cites_the_questions_and_scores_of_a_real_mock_and_makes_them_due() {
    let e = env();
    let en = &e.engine;
    say(en, "sg", "/mock behavioral 3 neutral").await;
    // A thin answer, a skip, a good answer (follow-ups answered with the same).
    for n in 0..12 {
        let r = match n {
            0 => say(en, "sg", "I just did my job and it was fine.").await,
            1 => say(en, "sg", "/skip").await,
            _ => say(en, "sg", GOOD_ANSWER).await,
        };
        if r.iter()
            .any(|r| r.kind == interview_coach::engine::reply::ReplyKind::Report)
        {
            break;
        }
    }
    let s = &sessions(en, "sg")[0];
    assert!(!s.is_active(), "the mock finished");
    let a = answers(en, "sg");
    let thin = a
        .iter()
        .find(|a| a.answer.starts_with("I just did my job"))
        .expect("the thin answer");
    let skipped = s
        .outcomes
        .iter()
        .find(|o| o.kind == interview_coach::interview::OutcomeKind::Skipped)
        .expect("the skip");
    let r = say(en, "sg", "/suggest").await;
    let t = text(&r);
    assert!(t.contains("What to fix first"), "{t}");
    let date = s.created_at.format("%Y-%m-%d").to_string();
    assert!(t.contains(&format!("{date} session")), "{t}");
    // The thin answer is cited with its stored score; the skip with 0.
    let thin_q: String = thin.question.chars().take(60).collect();
    assert!(t.contains(&thin_q), "{t}");
    assert!(t.contains(&format!("— {}/100", thin.score.overall)), "{t}");
    assert!(t.contains("Answer instead of skipping"), "{t}");
    assert!(t.contains(&format!("/practice {}", skipped.competency)), "{t}");
    // The suggested areas are due now for the practice loop.
    assert!(t.contains("Due for review now"), "{t}");
    let card: Card = en
        .store()
        .get(&keys::card(&uid("sg"), "c", &skipped.competency))
        .unwrap()
        .expect("its card");
    assert!(card.due <= en.clock().now(), "due {}", card.due);
    assert!(
        labels(&r).iter().any(|l| l.starts_with("Practise ")),
        "{:?}",
        labels(&r)
    );
    // "what should I fix first" in the chat answers the same.
    let t2 = text(&say(en, "sg", "what should I fix first?").await);
    assert!(t2.contains("Answer instead of skipping"), "{t2}");
}

#[tokio::test]
async fn export_and_forget_cover_the_conversation_and_its_summary() {
    let e = env();
    let en = &e.engine;
    for i in 1..=12 {
        say(en, "ef", &chat_line(i)).await;
    }
    let u = uid("ef");
    assert!(
        en.store()
            .get::<ChatSummary>(&keys::chat_summary(&u))
            .unwrap()
            .is_some()
    );
    let bytes = file(&say(en, "ef", "/export").await).expect("an export file");
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    let records = v["records"].as_object().unwrap();
    assert!(
        records["cs"]["data"]["facts"].as_array().is_some_and(|f| !f.is_empty()),
        "{:?}",
        records["cs"]
    );
    let chats: Vec<&Value> = records
        .iter()
        .filter(|(k, _)| k.starts_with("c/"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(chats.len(), 12);
    assert!(
        chats
            .iter()
            .all(|c| c["data"]["reply"].as_str().is_some_and(|r| !r.is_empty()))
    );
    say(en, "ef", "/forget").await;
    say(en, "ef", "yes").await;
    assert!(
        en.store().user_keys(&u).unwrap().is_empty(),
        "{:?}",
        en.store().user_keys(&u).unwrap()
    );
}

#[test]
fn the_binary_reviews_a_pasted_answer_and_answers_weak_points_from_history() {
    let dir = tempfile::tempdir().unwrap();
    let script = format!(
        "/mock behavioral 1 neutral\nI just did my job and it was fine.\n/end\nwhat are my weak points\nReview my answer: {GOOD_ANSWER}\n"
    );
    let out = chat_piped("pipe", dir.path(), &script);
    assert!(out.contains("Weak areas"), "{out}");
    assert!(out.contains("Offline coach: answered from your own sessions"), "{out}");
    assert!(out.contains("Your answer: "), "{out}");
    assert!(out.contains("What to fix"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_model_a_review_is_the_scorers_and_a_failing_model_leaves_the_intents_to_the_offline_coach() {
    let fake = FakeOpenAi::start(coach_reply).await;
    let env = llm_env(&fake);
    let en = &env.engine;
    // A pasted answer is scored by the rubric scorer: no model call.
    let t = text(&say(en, "mr", &format!("Review my answer: {GOOD_ANSWER}")).await);
    assert!(t.contains("Your answer: ") && t.contains("rubric scorer"), "{t}");
    assert_eq!(fake.request_count(), 0);
    // Other messages go to the model while it answers...
    let t = text(&say(en, "mr", "what should I ask the interviewer?").await);
    assert!(t.contains("AI coach"), "{t}");
    assert_eq!(fake.request_count(), 1);
    // ...and to the offline coach's intents when it fails.
    fake.set_mode(coach_fakes::fake_openai::Mode::AlwaysServerError);
    let t = text(&say(en, "mr", "what should I ask the hiring manager?").await);
    assert!(t.contains("first 90 days") && t.contains("Offline coach"), "{t}");
    // The conversation holds all three turns, the model's reply among them.
    let entries = en.store().scan::<ChatEntry>(&keys::chats(&uid("mr"))).unwrap();
    let with: Vec<&str> = entries.iter().map(|(_, e)| e.answered_with.as_str()).collect();
    assert_eq!(with, vec!["intent:review", "llm", "intent:ask_interviewer"]);
    assert!(entries[1].1.reply.starts_with("Good question."));
}
