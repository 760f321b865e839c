//! The embedded question bank, personas and guides: validated at load, and big enough.

use interview_coach::bank::{Bank, Category, PersonaSet, catalog};
use interview_coach::copilot::Guides;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn the_bank_loads_and_has_what_the_product_promises() {
    let bank = Bank::embedded().expect("bank validates");
    assert!(bank.len() >= 300, "only {} questions", bank.len());
    for c in Category::ALL {
        assert!(bank.count(c) >= 20, "{c:?} has only {}", bank.count(c));
    }
    // Behavioural: at least 12 competencies, each with several questions.
    let mut comps: BTreeMap<&str, usize> = BTreeMap::new();
    for q in bank.all().iter().filter(|q| q.category == Category::Behavioral) {
        *comps.entry(q.competency.as_str()).or_default() += 1;
    }
    assert!(comps.len() >= 12, "{comps:?}");
    assert!(comps.values().all(|n| *n >= 4), "{comps:?}");
    // Technical: at least 8 roles with at least 8 questions each.
    let mut roles: BTreeMap<&str, usize> = BTreeMap::new();
    for q in bank.all().iter().filter(|q| q.category == Category::Technical) {
        for r in &q.roles {
            *roles.entry(r.as_str()).or_default() += 1;
        }
    }
    for r in interview_coach::bank::catalog::CORE_ROLES {
        assert!(roles.get(r).copied().unwrap_or(0) >= 8, "{r}: {roles:?}");
    }
    // Sample answers on at least 40 %.
    let with = bank.all().iter().filter(|q| q.sample_answer.is_some()).count();
    assert!(
        with * 100 >= bank.len() * 40,
        "{with} of {} have a sample answer",
        bank.len()
    );
    // Every difficulty is present; intro and closing questions exist for interview phases.
    let diffs: BTreeSet<_> = bank.all().iter().map(|q| q.difficulty).collect();
    assert_eq!(diffs.len(), 4);
    for c in ["introduction", "closing"] {
        assert!(bank.all().iter().filter(|q| q.competency == c).count() >= 4, "{c}");
    }
    // Ids are unique (validated at load) and stable in shape.
    for q in bank.all() {
        assert!(q.id.starts_with(q.category.id_prefix()));
    }
    assert!(catalog::ROLES.len() >= 8);
}

#[test]
fn validation_rejects_broken_files() {
    let ok = r#"
category = "behavioral"
[[questions]]
id = "beh-leadership-900"
text = "Tell me about a time you led a team."
competency = "leadership"
roles = ["any"]
difficulty = "medium"
time_limit_secs = 180
hints = ["h"]
follow_ups = ["f"]
key_points = ["a", "b"]
keywords = ["lead"]
"#;
    assert!(Bank::from_files(&[("b.toml".into(), ok.into())]).is_ok());
    // Key-point forms and misconceptions, as the bank files write them.
    let full = format!(
        "{ok}[questions.forms]\n\"a\" = [\"ay\", \"the letter a\"]\n[[questions.misconceptions]]\nclaim = \"b is never needed\"\nforms = [\"you can skip b\"]\ncorrection = \"b is always needed\"\ncontradicts = \"b\"\n"
    );
    let bank = Bank::from_files(&[("b.toml".into(), full)]).expect("forms and misconceptions load");
    let q = bank.get("beh-leadership-900").expect("question");
    assert_eq!(q.forms["a"], vec!["ay".to_string(), "the letter a".to_string()]);
    assert_eq!(q.misconceptions[0].contradicts.as_deref(), Some("b"));
    let cases = [
        (ok.replace("beh-leadership-900", "BAD ID"), "id"),
        (ok.replace("\"medium\"", "\"impossible\""), "difficulty"),
        (ok.replace("180", "5"), "time_limit_secs"),
        (ok.replace("\"leadership\"", "\"juggling\""), "competency"),
        (ok.replace("[\"any\"]", "[\"astronaut\"]"), "role"),
        (
            ok.replace("key_points = [\"a\", \"b\"]", "key_points = []"),
            "key points",
        ),
        (
            format!("{ok}\n{}", &ok[ok.find("[[questions]]").unwrap()..]),
            "duplicate",
        ),
        (
            format!("{ok}[questions.forms]\n\"c\" = [\"see\"]\n"),
            "forms of no key point",
        ),
        (format!("{ok}[questions.forms]\n\"a\" = []\n"), "empty forms"),
        (
            format!("{ok}[[questions.misconceptions]]\nclaim = \"x\"\ncorrection = \"\"\n"),
            "misconception without correction",
        ),
        (
            format!("{ok}[[questions.misconceptions]]\nclaim = \"x\"\ncorrection = \"y\"\ncontradicts = \"z\"\n"),
            "misconception contradicting no key point",
        ),
    ];
    for (text, what) in cases {
        let e = Bank::from_files(&[("b.toml".into(), text)])
            .err()
            .unwrap_or_else(|| panic!("{what} accepted"));
        assert!(e.to_string().contains("b.toml"), "{e}");
    }
}

#[test]
fn personas_and_guides_load() {
    let p = PersonaSet::embedded().expect("personas");
    for id in ["friendly", "neutral", "challenging"] {
        assert_eq!(p.get(id).id, id);
    }
    assert!(p.get("challenging").follow_up_threshold > p.get("friendly").follow_up_threshold);
    let g = Guides::embedded().expect("guides");
    assert!(g.all().len() >= 20);
    assert!(g.find("how do I answer tell me about yourself").is_some());
    assert!(g.find("what is the STAR method").is_some());
}

#[test]
fn every_practice_question_a_guide_names_is_in_the_bank() {
    let bank = Bank::embedded().expect("bank");
    let g = Guides::embedded().expect("guides");
    let mut named = 0;
    for guide in g.all() {
        for id in &guide.practice {
            assert!(
                bank.get(id).is_some(),
                "guide {} names {id}, which the bank lacks",
                guide.id
            );
            named += 1;
        }
    }
    assert!(named >= 30, "{named}");
    // The practice questions of a guide are that guide's, not a search of the user's words.
    let star = g.find("what is the STAR method").expect("star guide");
    let qs = interview_coach::copilot::practice_questions(&bank, star.guide, 2);
    assert!(!qs.is_empty());
    assert!(
        qs.iter().all(|q| q.category == Category::Behavioral),
        "{:?}",
        qs.iter().map(|q| &q.id).collect::<Vec<_>>()
    );
    let tmay = g.find("how do I answer tell me about yourself").expect("intro guide");
    let qs = interview_coach::copilot::practice_questions(&bank, tmay.guide, 2);
    assert_eq!(qs.first().map(|q| q.id.as_str()), Some("mot-introduction-001"));
}

/// Every question carries what the scorer and the feedback need (#16): a sample strong answer,
/// the ways people say each key point, and, where the answer can be wrong (technical, system
/// design, case), the common misconceptions with their corrections.
#[test]
fn every_question_has_a_sample_answer_key_point_forms_and_where_technical_misconceptions() {
    use interview_coach::bank::Category;
    let bank = Bank::embedded().unwrap();
    assert_eq!(bank.all().len(), 304);
    let mut problems = Vec::new();
    for q in bank.all() {
        if q.sample_answer.is_none() {
            problems.push(format!("{}: no sample answer", q.id));
        }
        for k in &q.key_points {
            if q.forms.get(k).is_none_or(|f| f.len() < 3) {
                problems.push(format!("{}: fewer than 3 forms for {k:?}", q.id));
            }
        }
        let wrong_possible = matches!(
            q.category,
            Category::Technical | Category::SystemDesign | Category::Case
        );
        if wrong_possible && q.misconceptions.len() < 2 {
            problems.push(format!("{}: fewer than 2 misconceptions", q.id));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
