//! Unit tests of the tailored questions (offline pick, templates, the model's list).

use super::*;
use crate::bank::Bank;
use serde_json::json;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn cv() -> Cv {
    Cv {
        text: "Backend engineer. Rust, PostgreSQL. Cut onboarding time by 40% with a self-serve setup.".into(),
        source: "pasted".into(),
        added: at("2026-12-01T10:00:00Z"),
        roles: vec!["Backend Engineer, Acme (2021-2024)".into()],
        skills: vec!["rust".into(), "postgresql".into()],
        achievements: vec![
            "- Cut onboarding time by 40% with a self-serve setup.".into(),
            "Led a team of 4 engineers to ship the billing API in 3 months".into(),
        ],
        lines: vec![],
    }
}

fn jd() -> Jd {
    Jd {
        text: "Senior Backend Engineer. Kubernetes, Rust, PostgreSQL, Kafka.".into(),
        source: "pasted".into(),
        added: at("2026-12-02T10:00:00Z"),
        title: Some("Senior Backend Engineer".into()),
        company: None,
        skills: vec!["rust".into(), "kubernetes".into(), "postgresql".into(), "kafka".into()],
        responsibilities: vec!["Design and operate services that handle millions of requests".into()],
        seniority: vec!["senior".into()],
    }
}

fn req(count: usize) -> Request {
    Request {
        count,
        ..Default::default()
    }
}

#[test]
fn the_templates_parse_and_each_source_has_a_default() {
    let t = Templates::parse(EMBEDDED_TEMPLATES).expect("question_templates.toml parses");
    assert!(t.list.len() >= 6);
    let broken = EMBEDDED_TEMPLATES.replacen("{line}: walk me through how you did it.\"", "walk me through it.\"", 1);
    assert_ne!(broken, EMBEDDED_TEMPLATES);
    assert!(matches!(Templates::parse(&broken), Err(TemplateError::Invalid { .. })));
}

#[test]
fn an_achievement_line_reads_as_a_clause() {
    assert_eq!(clause("- Cut onboarding time by 40%."), "cut onboarding time by 40%");
    assert_eq!(clause("2. I led the AWS migration"), "led the AWS migration");
    assert_eq!(clause("AWS bill halved"), "AWS bill halved");
}

#[test]
fn the_job_title_names_the_role_and_level() {
    assert_eq!(role_from_title("Senior Backend Engineer"), Some("backend"));
    assert_eq!(role_from_title("Data Engineer (Platform)"), Some("data_engineer"));
    assert_eq!(role_from_title("Product Manager, Payments"), Some("product_manager"));
    assert_eq!(level_from_jd(&jd()), Some(Level::Senior));
}

#[test]
fn without_documents_the_bank_is_picked_by_role_and_difficulty() {
    let bank = Bank::embedded().unwrap();
    let r = Request {
        role: Some("backend".into()),
        difficulty: Some(Difficulty::Hard),
        count: 6,
        ..Default::default()
    };
    let list = offline(&bank, Templates::embedded(), &r, &Context::default());
    assert_eq!(list.len(), 6);
    assert!(list.iter().all(|q| q.bank_id().is_some()), "no documents, no templates");
    let tech: Vec<_> = list.iter().filter(|q| technical(q.category)).collect();
    assert_eq!(tech.len(), 3, "half technical for a backend role");
    for q in &tech {
        let b = bank.get(q.bank_id().unwrap()).unwrap();
        assert!(b.roles.iter().any(|r| r == "backend" || r == "any"), "{}", b.id);
    }
    assert!(
        list.iter().filter(|q| q.difficulty == Difficulty::Hard).count() >= 4,
        "{list:?}"
    );
    // Deterministic.
    assert_eq!(list, offline(&bank, Templates::embedded(), &r, &Context::default()));
}

#[test]
fn with_a_cv_and_job_the_gap_comes_first_and_a_cv_line_is_quoted() {
    let bank = Bank::embedded().unwrap();
    let (cv, jd) = (cv(), jd());
    let ctx = Context {
        cv: Some(&cv),
        jd: Some(&jd),
        ..Default::default()
    };
    for n in [5, 10] {
        let list = offline(&bank, Templates::embedded(), &req(n), &ctx);
        assert_eq!(list.len(), n);
        assert!(
            matches!(&list[0].probe, Probe::Gap(s) if s == "kubernetes" || s == "kafka"),
            "{:?}",
            list[0]
        );
        assert!(list.iter().any(|q| q.probe == Probe::Gap("kubernetes".into())));
        let own = list
            .iter()
            .find(|q| matches!(q.source, Source::Template(_)) && matches!(q.probe, Probe::Achievement(_)))
            .expect("a question from a CV line");
        assert!(
            own.text.starts_with("You wrote that you cut onboarding time by 40%"),
            "{}",
            own.text
        );
        assert_eq!(
            own.probe,
            Probe::Achievement("- Cut onboarding time by 40% with a self-serve setup.".into())
        );
        let ids: Vec<_> = list.iter().filter_map(|q| q.bank_id()).collect();
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(ids.len(), unique.len());
    }
    // The ten include both achievements, each with its own template.
    let ten = offline(&bank, Templates::embedded(), &req(10), &ctx);
    assert!(
        ten.iter()
            .any(|q| q.text.contains("led a team of 4 engineers") && q.competency == "leadership")
    );
}

#[test]
fn a_gap_skill_no_bank_question_covers_gets_a_question_of_its_own() {
    let bank = Bank::embedded().unwrap();
    let mut jd = jd();
    jd.skills = vec!["terraform-cdk-zz".into()];
    let ctx = Context {
        jd: Some(&jd),
        ..Default::default()
    };
    let list = offline(&bank, Templates::embedded(), &req(5), &ctx);
    let q = list
        .iter()
        .find(|q| q.probe == Probe::Gap("terraform-cdk-zz".into()))
        .expect("a gap question");
    assert!(q.text.contains("terraform-cdk-zz"), "{}", q.text);
}

#[test]
fn the_models_questions_are_checked_deduplicated_and_topped_up() {
    let bank = Bank::embedded().unwrap();
    let (cv, jd) = (cv(), jd());
    let ctx = Context {
        cv: Some(&cv),
        jd: Some(&jd),
        ..Default::default()
    };
    let k8s = bank.get("tech-devops-sre-002").unwrap().text.clone();
    let reply = json!({"questions": [
        {"text": k8s.replace("Explain how", "Explain how exactly"), "category": "technical", "competency": "kubernetes",
         "difficulty": "medium", "hint": "h", "probes": "Kubernetes experience"},
        {"text": "How would you design an event pipeline on Kafka for billing events?", "category": "system_design",
         "competency": "streaming", "difficulty": "hard", "hint": "Partitions, ordering.", "probes": "kafka"},
        {"text": "How would you design an event pipeline on Kafka for the billing events?", "category": "system_design",
         "competency": "streaming", "difficulty": "hard", "hint": "dup", "probes": "kafka"},
        {"text": "Tell me how you cut onboarding time so much.", "category": "behavioural",
         "competency": "Ownership", "difficulty": "medium", "hint": "STAR.", "probes": "cut onboarding time by 40%"},
        {"text": "Bad category question here, long enough?", "category": "trivia", "competency": "x",
         "difficulty": "easy", "hint": "h", "probes": "p"},
        {"text": "short", "category": "technical", "competency": "x", "difficulty": "easy", "hint": "h", "probes": "p"}
    ]});
    let valid = validate_generated(&reply, 3).unwrap();
    assert_eq!(valid.len(), 4, "the bad category and the short text are dropped");
    assert!(matches!(
        validate_generated(&reply, 5),
        Err(GeneratedError::TooFew { valid: 4, needed: 5 })
    ));
    assert!(matches!(
        validate_generated(&json!({"q": []}), 1),
        Err(GeneratedError::NoArray)
    ));
    let off = offline(&bank, Templates::embedded(), &req(5), &ctx);
    let list = merge(&bank, valid, &off, &req(5), &ctx);
    assert_eq!(list.len(), 5);
    assert_eq!(
        list[0].bank_id(),
        Some("tech-devops-sre-002"),
        "a near-duplicate becomes the bank's question"
    );
    assert_eq!(list[0].probe, Probe::Gap("kubernetes".into()));
    assert_eq!(list[1].probe, Probe::Gap("kafka".into()));
    assert_eq!(list[1].source, Source::Model);
    assert!(!list[2].text.contains("the billing events"), "the duplicate is dropped");
    assert_eq!(list[2].competency, "ownership");
    assert!(matches!(list[2].probe, Probe::Achievement(_)), "{:?}", list[2].probe);
    // Topped up from the offline list, without repeating the bank question.
    assert_eq!(
        list.iter()
            .filter(|q| q.bank_id() == Some("tech-devops-sre-002"))
            .count(),
        1
    );
}

#[test]
fn the_cache_key_follows_the_input_and_the_documents() {
    let (cv, jd) = (cv(), jd());
    let ctx = Context {
        cv: Some(&cv),
        jd: Some(&jd),
        ..Default::default()
    };
    let mut r = req(5);
    r.company = Some("Acme  Bank".into());
    let k = cache_key(&r, &ctx, "m");
    let mut same = r.clone();
    same.company = Some("acme bank".into());
    assert_eq!(k, cache_key(&same, &ctx, "m"));
    assert_ne!(k, cache_key(&req(6), &ctx, "m"));
    assert_ne!(k, cache_key(&r, &ctx, "other-model"));
    let mut newer = jd.clone();
    newer.added = at("2026-12-03T10:00:00Z");
    let ctx2 = Context {
        jd: Some(&newer),
        ..ctx
    };
    assert_ne!(k, cache_key(&r, &ctx2, "m"));
}
