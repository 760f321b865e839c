//! Numbers that add up (#16): over every score the evaluation sets produce, offline, with hints
//! and with a model's judgement blended in, the parts of the ledger sum to its base, every step
//! follows from the value before it, the last value is the score shown, and every cap the guards
//! raised holds (a cap that changes the score is always listed, by `Ledger::push`).

use interview_coach::bank::Bank;
use interview_coach::scoring::eval::{self, Case};
use interview_coach::scoring::ledger::{Op, Why};
use interview_coach::scoring::llm::merge;
use interview_coach::scoring::{Flag, OfflineScorer, ScoreResult};
use serde_json::json;
use std::path::Path;

const SETS: [&str; 6] = [
    "eval",
    "eval/held-out",
    "eval/unseen",
    "eval/bank-tuning",
    "eval/blind-16",
    "eval/final-16",
];

fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    for dir in SETS {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        all.extend(eval::load_dir(&p).expect("eval set"));
    }
    all
}

fn check(id: &str, r: &ScoreResult) {
    let l = &r.ledger;
    assert!(!l.parts.is_empty(), "{id}: no ledger");
    assert!(l.adds_up(), "{id}: the ledger does not add up: {l:?}");
    assert_eq!(
        l.value(),
        r.overall,
        "{id}: the score shown is not the ledger's last value: {l:?}"
    );
    let max: u32 = l.parts.iter().map(|p| p.max as u32).sum();
    assert_eq!(max, 100, "{id}: the parts' maxima sum to {max}");
    // A capping flag without a listed cap would be a number nobody can explain.
    // (Text to the grader with nothing around it is trivial, capped as "nothing to judge".)
    for (flag, whys) in [
        (Flag::OffTopic, &[Why::OffTopic][..]),
        (Flag::KeywordStuffing, &[Why::KeywordStuffing]),
        (Flag::NoSubstance, &[Why::NoSubstance]),
        (Flag::Trivial, &[Why::Trivial, Why::NoSubstance]),
    ] {
        if r.has(flag) {
            let found = l.caps.iter().find(|(_, w)| whys.contains(w));
            let (cap, why) = (found.map(|(at, _)| *at), found.map(|(_, w)| *w));
            let at = cap.unwrap_or_else(|| panic!("{id}: flag {flag:?} raised, no cap recorded: {l:?}"));
            assert!(l.value() <= at, "{id}: the {why:?} cap of {at} does not hold: {l:?}");
        }
    }
}

#[test]
fn every_eval_score_adds_up_offline_with_hints_and_with_a_model() {
    let bank = Bank::embedded().expect("bank");
    let scorer = OfflineScorer::new(&bank);
    let cases = cases();
    assert!(cases.len() >= 500, "only {} cases found", cases.len());
    let (mut capped, mut stepped) = (0, 0);
    let mut blended = 0;
    for (n, c) in cases.iter().enumerate() {
        let target = c.target(&scorer).expect("target");
        let r = scorer.score(&target, &c.answer);
        check(&c.id, &r);
        capped += r.ledger.steps.iter().any(|s| matches!(s.op, Op::Cap { .. })) as usize;
        stepped += !r.ledger.steps.is_empty() as usize;

        let mut hinted = r.clone();
        hinted.apply_hints(1 + (n % 3) as u32);
        check(&format!("{} with hints", c.id), &hinted);

        // A model that thinks every answer is worth 90 (or 10): the blend and the offline
        // guards after it are listed too.
        let d = if n % 2 == 0 { 90 } else { 10 };
        let model = json!({"dimensions": {"structure": d, "relevance": d, "specificity": d,
            "communication": d, "impact": d}, "rubric": []});
        let (m, _) = merge(&r, &model, &c.answer, 0.7);
        check(&format!("{} with a model", c.id), &m);
        blended += m.ledger.steps.iter().any(|s| matches!(s.op, Op::Blend { .. })) as usize;
        if r.hopeless() {
            assert!(m.overall <= r.overall, "{}: a model raised a hopeless answer", c.id);
        }
    }
    assert!(
        capped >= 20,
        "only {capped} scores were capped: the check would prove little"
    );
    assert!(stepped >= 200, "only {stepped} scores had a step after the base");
    assert!(blended >= 300, "only {blended} scores blended a model");
}

/// The misconception cap stands with a model too: a model that loves a confidently wrong answer
/// cannot lift it over the cap, and the cap is listed with its reason.
#[test]
fn a_model_cannot_lift_an_answer_over_the_misconception_cap() {
    let bank = Bank::embedded().expect("bank");
    let scorer = OfflineScorer::new(&bank);
    let target = scorer.target("tech-backend-001").expect("bank question");
    let answer = "An index is a sorted copy of the table kept in memory. Indexes also speed up every write, \
        because the database already knows where each new row belongs, so inserts and updates get faster too. \
        In my last job I indexed every column of the orders table and both reads and writes improved, \
        so the only cost is a little extra storage. I use B-trees and look at EXPLAIN output to confirm it.";
    let off = scorer.score(target, answer);
    assert!(
        !off.evidence.misconceptions.is_empty(),
        "no misconception found: {off:?}"
    );
    let model = json!({"dimensions": {"structure": 100, "relevance": 100, "specificity": 100,
        "communication": 100, "impact": 100}, "rubric": []});
    let (m, _) = merge(&off, &model, answer, 0.9);
    assert!(
        m.overall <= 35,
        "the model lifted a misconception to {}: {:?}",
        m.overall,
        m.ledger
    );
    assert!(
        m.ledger
            .steps
            .iter()
            .any(|s| s.why == Why::Misconception && matches!(s.op, Op::Cap { at: 35 })),
        "{:?}",
        m.ledger
    );
    check("misconception with a model", &m);
}
