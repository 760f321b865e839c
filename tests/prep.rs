//! Interview prep (issue #18) through the engine: /questions offline (with and without a CV and
//! job description seeded in the store), /mock from-jd to its report, /company offline and
//! with the fake OpenAI-compatible server (validation, one call for two identical requests
//! thanks to the cache, a bad reply → the offline answer), and the binary's piped terminal.

mod common;

use coach_fakes::fake_openai::{FakeOpenAi, Mode, rubric_of, system_of};
use common::*;
use interview_coach::config::Config;
use interview_coach::copilot::docs::{Cv, Jd};
use interview_coach::engine::Engine;
use interview_coach::engine::event::{Platform, UserId};
use interview_coach::engine::reply::ReplyKind;
use interview_coach::store::{Batch, keys};
use serde_json::{Value, json};
use std::time::Duration;

const ACHIEVEMENT: &str = "Cut onboarding time by 40% by building a self-serve setup";

fn uid(user: &str) -> UserId {
    UserId::new(Platform::Terminal, user)
}

/// A CV (Rust, PostgreSQL) and a senior backend job asking for Kubernetes and Kafka too,
/// written into the store as /cv and /jd would.
async fn seed(engine: &Engine, user: &str) {
    let at = "2026-11-01T08:00:00Z".parse().unwrap();
    let cv = Cv {
        text: format!(
            "Backend engineer at Initech. Rust and PostgreSQL.\n- {ACHIEVEMENT}\n- Led a team of 4 engineers to ship the billing API"
        ),
        source: "cv.txt".into(),
        added: at,
        roles: vec!["Backend Engineer, Initech (2021-2024)".into()],
        skills: vec!["rust".into(), "postgresql".into()],
        achievements: vec![
            ACHIEVEMENT.into(),
            "Led a team of 4 engineers to ship the billing API".into(),
        ],
        lines: vec![],
    };
    let jd = Jd {
        text: "Senior Backend Engineer at a payments company. You will run services on Kubernetes and stream payments events through Kafka. Rust, PostgreSQL. Payments experience a plus.".into(),
        source: "pasted".into(),
        added: at,
        title: Some("Senior Backend Engineer".into()),
        company: None,
        skills: vec!["rust".into(), "kubernetes".into(), "postgresql".into(), "kafka".into()],
        responsibilities: vec!["Design and operate services that handle millions of payments".into()],
        seniority: vec!["senior".into()],
    };
    let mut b = Batch::default();
    b.put(&keys::cv(&uid(user)), &cv);
    b.put(&keys::jd(&uid(user)), &jd);
    engine.store().commit(b).await.unwrap();
}

/// The numbered questions of a /questions reply.
fn numbered(out: &str) -> usize {
    out.matches("Hint: ").count()
}

#[tokio::test]
async fn questions_offline_without_documents_are_bank_picks_for_the_role_and_difficulty() {
    let e = env();
    let r = say(&e.engine, "ann", "/questions backend hard 6").await;
    let out = text(&r);
    assert!(out.contains("Likely questions · 6 questions"), "{out}");
    assert_eq!(numbered(&out), 6, "{out}");
    assert!(
        out.contains("For a mid backend engineer role, picked from the question bank"),
        "{out}"
    );
    assert!(out.matches(" · hard · bank question ").count() >= 4, "{out}");
    assert!(
        out.matches("Technical · ").count() + out.matches("System design · ").count() >= 3,
        "{out}"
    );
    assert!(out.contains("The offline coach picked these"), "{out}");
    assert!(!out.contains("from your CV"), "no CV, no CV lines: {out}");
    assert!(button(&r, "Mock from these").is_some());
    // Each bank question can be drafted: the button runs /draft with the first question's id.
    let first_id = out
        .split(" · bank question ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("a bank id")
        .to_string();
    let draft = button(&r, "Draft 1").expect("a Draft 1 button");
    let drafted = text(&press(&e.engine, "ann", &draft).await);
    assert!(
        drafted.contains("What happened? Give me your points") || drafted.contains("Draft"),
        "{drafted}"
    );
    assert!(
        interview_coach::engine::buttons::decode(&draft).is_some_and(|(_, a)| format!("{a:?}").contains(&first_id)),
        "{draft} runs /draft {first_id}"
    );
    // The same input, the same list.
    assert_eq!(out, text(&say(&e.engine, "ann", "/questions hard backend 6").await));
}

#[tokio::test]
async fn questions_with_a_cv_and_job_name_the_gap_and_quote_the_cv() {
    let e = env();
    seed(&e.engine, "bea").await;
    let out = text(&say(&e.engine, "bea", "/questions").await);
    assert_eq!(numbered(&out), 5, "the default is five: {out}");
    assert!(
        out.contains("For a senior backend engineer role, grounded in your CV and the job description on file"),
        "{out}"
    );
    assert!(
        out.contains("probes: kubernetes (asked by the job, not on your CV)"),
        "{out}"
    );
    assert!(out.contains(&format!("from your CV: '{ACHIEVEMENT}'")), "{out}");
    assert!(
        out.contains("You wrote that you cut onboarding time by 40% by building a self-serve setup"),
        "{out}"
    );
    // The gap comes first.
    let first = out.split("2. ").next().unwrap();
    assert!(first.contains("(asked by the job, not on your CV)"), "{first}");

    let ten = text(&say(&e.engine, "bea", "/questions 10 Acme").await);
    assert_eq!(numbered(&ten), 10, "{ten}");
    assert!(ten.contains("Likely questions · 10 questions · Acme"), "{ten}");
    assert!(
        ten.contains("probes: kafka (asked by the job, not on your CV)"),
        "{ten}"
    );
    assert!(ten.contains("led a team of 4 engineers"), "both CV lines in ten: {ten}");
}

#[tokio::test]
async fn bad_arguments_get_a_friendly_usage_reply() {
    let e = env();
    for (args, expect) in [
        ("3", "3 questions: a list has 5 to 10."),
        ("backend 99", "99 questions: a list has 5 to 10."),
        ("backend frontend", "\"frontend\" is a second role; give one."),
        ("easy hard", "\"hard\" is a second difficulty; give one."),
    ] {
        let out = text(&say(&e.engine, "cy", &format!("/questions {args}")).await);
        assert!(out.contains(expect), "{args}: {out}");
        assert!(out.contains("Usage: /questions [company] [role]"), "{out}");
    }
    let long = text(&say(&e.engine, "cy", &format!("/questions {}", "Acme ".repeat(20))).await);
    assert!(long.contains("too long"), "{long}");
    // Odd input is a company name, not a crash.
    let odd = text(&say(&e.engine, "cy", "/questions ✨💥 «»").await);
    assert!(odd.contains("Likely questions · 5 questions · ✨💥 «»"), "{odd}");
    let none = text(&say(&e.engine, "cy", "/questions case backend").await);
    assert!(none.contains("No questions fit that combination"), "{none}");
    let out = text(&say(&e.engine, "cy", "/mock from-jd 2").await);
    assert!(out.contains("Usage: /mock from-jd"), "{out}");
    let out = text(&say(&e.engine, "cy", "/company").await);
    assert!(out.contains("Which company?"), "{out}");
}

#[tokio::test]
async fn mock_from_jd_asks_the_jobs_questions_and_runs_to_a_report() {
    let e = env();
    let en = &e.engine;
    seed(en, "dan").await;
    let r = say(en, "dan", "/questions").await;
    let press_it = button(&r, "Mock from these").expect("a Mock from these button");
    let r = press(en, "dan", &press_it).await;
    let out = text(&r);
    assert!(out.contains("Mock interview from the job description"), "{out}");
    assert!(out.contains("kubernetes (asked by the job, not on your CV)"), "{out}");
    assert!(
        out.contains("can't be timed and scored in a mock yet"),
        "the CV question is not asked: {out}"
    );
    assert!(out.contains("Question 1/5"), "{out}");
    let s = &sessions(en, "dan")[0];
    assert_eq!(s.plan.len(), 5);
    assert!(!s.drill);
    assert_eq!(s.settings.role.as_deref(), Some("backend"));
    assert_eq!(s.settings.level, interview_coach::bank::Level::Senior);
    let ids: Vec<&str> = s.plan.iter().map(|p| p.question_id.as_str()).collect();
    assert_eq!(
        ids[0], "tech-devops-sre-002",
        "the Kubernetes question (the gap) first: {ids:?}"
    );
    let bank = interview_coach::bank::Bank::embedded().unwrap();
    for id in &ids {
        let q = bank.get(id).expect("a bank question");
        assert!(q.roles.iter().any(|r| r == "backend" || r == "any"), "{id}");
    }
    let mut all = out;
    for _ in 0..12 {
        let r = say(en, "dan", GOOD_ANSWER).await;
        all.push_str(&text(&r));
        if r.iter().any(|r| r.kind == ReplyKind::Report) {
            break;
        }
    }
    assert!(all.contains("Interview report"), "{all}");
    let s = &sessions(en, "dan")[0];
    assert_eq!(s.outcomes.len(), 5);
    assert!(s.report.is_some());
    // In a group it does not start (the CV and job are private).
    let g = en
        .handle(group_event(
            en,
            "dan",
            interview_coach::engine::event::Inbound::payload_from_line("/mock from-jd"),
        ))
        .await;
    assert!(text(&g).contains("runs in private"), "{}", text(&g));
}

#[tokio::test]
async fn company_offline_names_the_company_states_no_fact_and_uses_the_industry_notes() {
    let e = env();
    let out = text(&say(&e.engine, "eve", "/company Acme fintech").await);
    assert!(out.contains("Preparing for Acme"), "{out}");
    assert!(
        out.contains("The offline coach does not know Acme: nothing below is a fact about it."),
        "{out}"
    );
    assert!(out.contains("Industry notes: Fintech."), "{out}");
    assert!(
        out.contains("Which licences or regulators does Acme work under, and in which markets?"),
        "{out}"
    );
    assert!(
        out.contains("How do engineering and compliance work together"),
        "fintech's questions to ask: {out}"
    );
    assert!(out.contains("Red flags to probe"), "{out}");
    for line in out.lines().filter(|l| l.contains("Acme")) {
        assert!(
            !line.chars().any(|c| c.is_ascii_digit()),
            "no figures about the company: {line}"
        );
        assert!(!line.to_lowercase().contains("founded"), "{line}");
    }
    // The industry from the job description on file.
    seed(&e.engine, "fay").await;
    let out = text(&say(&e.engine, "fay", "/company Initrode").await);
    assert!(out.contains("Industry notes: Fintech."), "payments in the JD: {out}");
    assert!(
        out.contains("Likely questions for a backend engineer role"),
        "the JD's role: {out}"
    );
    let out = text(&say(&e.engine, "eve", "/company Acme").await);
    assert!(out.contains("No industry given"), "{out}");
}

// ----- with a model ----------------------------------------------------------------------------

fn llm_env(fake: &FakeOpenAi) -> Env {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = Config {
        llm: Some(llm_settings(fake.base_url(), Duration::from_secs(5))),
        ..config(dir.path())
    };
    let engine = engine_at(dir.path(), cfg, interview_coach::system_clock());
    Env { engine, dir }
}

/// A fake model that writes questions (one a near-copy of the bank's Kubernetes question, two
/// near-identical, one with an unknown category) and company briefs.
fn prep_model(req: &Value) -> String {
    let system = system_of(req);
    if system.contains("Write the interview questions") {
        return json!({"questions": [
            {"text": "Explain how Kubernetes decides where to run a pod, and what happens when a node fails?",
             "category": "technical", "competency": "kubernetes", "difficulty": "medium",
             "hint": "Scheduler and controllers.", "probes": "kubernetes"},
            {"text": "MODEL: How would you stream payment events through Kafka without losing or duplicating any?",
             "category": "system_design", "competency": "streaming", "difficulty": "hard",
             "hint": "Idempotent consumers, keys, retries.", "probes": "kafka"},
            {"text": "MODEL: How would you stream the payment events through Kafka without losing or duplicating them?",
             "category": "system_design", "competency": "streaming", "difficulty": "hard",
             "hint": "dup", "probes": "kafka"},
            {"text": "MODEL: Your CV says you cut onboarding time by 40%. What did you measure first?",
             "category": "behavioral", "competency": "ownership", "difficulty": "medium",
             "hint": "Baseline, actions, result.", "probes": "Cut onboarding time by 40%"},
            {"text": "MODEL: Tell me about a trivia fact you like, at length please.",
             "category": "trivia", "competency": "fun", "difficulty": "easy", "hint": "h", "probes": "p"},
            {"text": "MODEL: How do you keep a Rust service's latency low under load?",
             "category": "technical", "competency": "performance", "difficulty": "hard",
             "hint": "Measure first.", "probes": "rust"}
        ]})
        .to_string();
    }
    if system.contains("Prepare a candidate for an interview") {
        return json!({
            "research": ["MODEL: Is it true that Acme recently launched a business account?"],
            "likely_questions": ["MODEL: How would you design a ledger?"],
            "ask": ["MODEL: How does the team handle incidents?"],
            "red_flags": ["MODEL: Unclear funding."]
        })
        .to_string();
    }
    "{}".into()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_models_questions_are_validated_deduplicated_and_cached_per_user() {
    let fake = FakeOpenAi::start(prep_model).await;
    let e = llm_env(&fake);
    let en = &e.engine;
    seed(en, "gus").await;
    let out = text(&say(en, "gus", "/questions Acme backend").await);
    assert_eq!(fake.request_count(), 1);
    assert_eq!(numbered(&out), 5, "{out}");
    assert!(out.contains("The AI model wrote these from your documents"), "{out}");
    // The near-copy is the bank's question; the near-identical pair is one; the bad category is gone.
    assert!(out.contains("bank question tech-devops-sre-002"), "{out}");
    assert!(
        out.contains("probes: kubernetes (asked by the job, not on your CV)"),
        "{out}"
    );
    assert_eq!(out.matches("through Kafka without losing").count(), 1, "{out}");
    assert!(
        out.contains("probes: kafka (asked by the job, not on your CV)"),
        "{out}"
    );
    assert!(out.contains(&format!("from your CV: '{ACHIEVEMENT}'")), "{out}");
    assert!(!out.contains("trivia"), "{out}");
    assert!(out.contains("written by the AI model"), "{out}");
    // The CV's and job's text go in the user message, between tags; the instructions hold none.
    let req = &fake.requests()[0];
    assert!(
        !system_of(req).contains("Kubernetes, Rust"),
        "no job text in the instructions"
    );
    let user = req["messages"][1]["content"].as_str().unwrap();
    assert!(
        user.contains("<company>\nAcme\n</company>") && user.contains("<cv>") && user.contains("kubernetes"),
        "{user}"
    );

    // The same input again (words in another order, the name in another case): the same list,
    // no second call.
    let again = text(&say(en, "gus", "/questions backend acme").await);
    assert_eq!(fake.request_count(), 1, "cached");
    assert!(again.contains("earlier for the same request"), "{again}");
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("The AI model") && !l.starts_with("Likely questions"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&out), strip(&again));
    // Another count is another input.
    say(en, "gus", "/questions Acme backend 6").await;
    assert_eq!(fake.request_count(), 2);

    // The cache is the user's: /export has it and /forget removes it.
    let r = say(en, "gus", "/export").await;
    let v: Value = serde_json::from_slice(&file(&r).unwrap()).unwrap();
    assert_eq!(
        v["records"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| k.starts_with("qs/"))
            .count(),
        2
    );
    let r = say(en, "gus", "/forget").await;
    press(en, "gus", &button(&r, "Yes, delete everything").unwrap()).await;
    assert!(en.store().scan_raw(&keys::user_prefix(&uid("gus"))).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_model_reply_gives_the_offline_list() {
    let fake = FakeOpenAi::start(prep_model).await;
    let e = llm_env(&fake);
    let en = &e.engine;
    seed(en, "hal").await;
    fake.set_mode(Mode::BadContent(
        json!({"questions": [{"text": "too short"}]}).to_string(),
    ));
    let out = text(&say(en, "hal", "/questions").await);
    assert!(fake.request_count() >= 1);
    assert!(out.contains("The offline coach picked these"), "{out}");
    assert!(
        out.contains("probes: kubernetes (asked by the job, not on your CV)"),
        "{out}"
    );
    assert_eq!(numbered(&out), 5);
    // Nothing was cached: a good reply later is used.
    fake.set_mode(Mode::Malformed);
    let out = text(&say(en, "hal", "/questions").await);
    assert!(out.contains("The offline coach picked these"), "{out}");
    fake.set_mode(Mode::Good);
    let out = text(&say(en, "hal", "/questions").await);
    assert!(out.contains("The AI model wrote these"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_models_company_brief_is_marked_unverified_and_falls_back_offline() {
    let fake = FakeOpenAi::start(prep_model).await;
    let e = llm_env(&fake);
    let en = &e.engine;
    let out = text(&say(en, "ivy", "/company Acme fintech backend").await);
    assert!(out.contains("Unverified: check before you rely on it."), "{out}");
    assert!(
        out.contains("MODEL: Is it true that Acme recently launched a business account?"),
        "{out}"
    );
    assert!(out.contains("MODEL: How would you design a ledger?"), "{out}");
    assert!(out.contains("Industry notes: Fintech."), "{out}");
    let req = &fake.requests()[0];
    assert!(
        system_of(req).contains("Fintech. Research:"),
        "the industry notes are context"
    );
    assert!(!system_of(req).contains("Acme"), "the name is data in the user message");
    fake.set_mode(Mode::BadContent(json!({"research": []}).to_string()));
    let out = text(&say(en, "ivy", "/company Acme fintech").await);
    assert!(out.contains("The offline coach does not know Acme"), "{out}");
    assert!(!out.contains("Unverified"), "{out}");
}

/// A model interviewer that always swaps the next question for the last one it is offered.
fn swapping_grader(req: &Value) -> String {
    let system = system_of(req);
    let report = json!({"summary": "LLM SUMMARY.", "strengths": ["s"], "improvements": ["i"],
                        "skill_gaps": ["g"], "next_steps": ["n"]});
    if system.contains("final report of a mock interview") {
        return report.to_string();
    }
    let offered = system
        .lines()
        .rev()
        .filter_map(|l| l.strip_prefix("- ")?.split_once(": "))
        .map(|(id, _)| id)
        .find(|id| {
            !id.contains(' ')
                && ["beh-", "tech-", "sd-", "case-", "sit-", "mot-"]
                    .iter()
                    .any(|p| id.starts_with(p))
        })
        .unwrap_or("");
    let rubric: Vec<Value> = rubric_of(req)
        .into_iter()
        .map(|(key, max)| json!({"key": key, "score": (max * 0.8).round(), "evidence": "", "note": "fake"}))
        .collect();
    json!({
        "report": system.contains("This is the last question of the interview").then_some(report),
        "rubric": rubric,
        "dimensions": {"structure": 80, "relevance": 80, "specificity": 80, "communication": 80, "impact": 80},
        "key_points_covered": [], "key_points_missed": [], "strengths": ["s"],
        "improvement": "i", "summary": "s", "follow_up": "", "next_question": offered
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_model_interviewer_keeps_a_mock_from_the_job_to_its_questions() {
    let fake = FakeOpenAi::start(swapping_grader).await;
    let e = llm_env(&fake);
    let en = &e.engine;
    // In an ordinary mock this interviewer swaps the next question (so the check below can fail).
    say(en, "jo", "/mock behavioral 3 neutral").await;
    let before = sessions(en, "jo")[0].plan.clone();
    say(en, "jo", GOOD_ANSWER).await;
    assert_ne!(sessions(en, "jo")[0].plan, before, "the model swapped a question");
    say(en, "jo", "/end").await;
    // A mock from the job description: the questions picked for the job stay.
    seed(en, "kim").await;
    let out = text(&say(en, "kim", "/mock from-jd").await);
    assert!(out.contains("Question 1/5"), "{out}");
    let planned = sessions(en, "kim")[0].plan.clone();
    assert!(sessions(en, "kim")[0].fixed_plan);
    let mut all = String::new();
    for _ in 0..12 {
        let r = say(en, "kim", GOOD_ANSWER).await;
        all.push_str(&text(&r));
        if r.iter().any(|r| r.kind == ReplyKind::Report) {
            break;
        }
    }
    assert!(all.contains("Interview report"), "{all}");
    let s = &sessions(en, "kim")[0];
    assert_eq!(s.plan, planned);
    let asked: Vec<&str> = s.outcomes.iter().map(|o| o.question_id.as_str()).collect();
    let wanted: Vec<&str> = planned.iter().map(|p| p.question_id.as_str()).collect();
    assert_eq!(asked, wanted);
}

#[test]
fn the_binary_prints_questions_and_a_company_brief() {
    let data = tempfile::tempdir().unwrap();
    let out = chat_piped(
        "pat",
        data.path(),
        "/questions backend senior 5\n/company Acme fintech\n",
    );
    assert!(out.contains("Likely questions · 5 questions"), "{out}");
    for n in 1..=5 {
        assert!(out.contains(&format!("{n}. ")), "question {n}: {out}");
    }
    assert_eq!(numbered(&out), 5, "{out}");
    assert!(out.contains("For a senior backend engineer role"), "{out}");
    assert!(out.contains("Mock from these"), "the button: {out}");
    assert!(out.contains("Preparing for Acme"), "{out}");
    assert!(out.contains("The offline coach does not know Acme"), "{out}");
    assert!(out.contains("What to research"), "{out}");
    assert!(
        out.contains("Which licences or regulators does Acme work under"),
        "{out}"
    );
    assert!(out.contains("Questions to ask the interviewer"), "{out}");
    assert!(out.contains("Red flags to probe"), "{out}");
}
