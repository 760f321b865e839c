//! The bank's misconceptions and key-point forms as the offline scorer uses them (issue #16):
//! every misconception is found in a short wrong answer made from its claim and never in its own
//! question's sample answer; a found misconception caps a technical, system-design or case answer
//! below 40 and is named with its correction; key points are covered by their forms, and not by
//! negated ones; and the bank's sample answers score high.
//!
//!     cargo test --test misconceptions -- --nocapture   # prints the figures

use interview_coach::bank::{Bank, Category};
use interview_coach::scoring::OfflineScorer;

fn scorer() -> (Bank, OfflineScorer) {
    let bank = Bank::embedded().expect("bank");
    let scorer = OfflineScorer::new(&bank);
    (bank, scorer)
}

#[test]
fn every_misconception_is_found_in_an_answer_made_from_its_claim() {
    let (bank, s) = scorer();
    let mut missed = Vec::new();
    let mut total = 0;
    for q in bank.all() {
        let t = s.target(&q.id).expect("target");
        for m in &q.misconceptions {
            total += 1;
            let answer = format!(
                "{} That is how it works, in my experience.",
                m.claim.trim_end_matches('.')
            );
            let r = s.score(t, &answer);
            if !r.evidence.misconceptions.iter().any(|h| h.claim == m.claim) {
                missed.push(format!("{}: {}", q.id, m.claim));
            }
        }
    }
    println!(
        "misconceptions found from their claim: {} of {total}",
        total - missed.len()
    );
    assert!(total >= 300, "the bank has {total} misconceptions");
    assert!(missed.is_empty(), "{} not found:\n{}", missed.len(), missed.join("\n"));
}

#[test]
fn no_misconception_fires_on_its_own_sample_answer() {
    let (bank, s) = scorer();
    let mut fired = Vec::new();
    for q in bank.all() {
        let Some(sample) = &q.sample_answer else { continue };
        let t = s.target(&q.id).expect("target");
        for h in s.score(t, sample).evidence.misconceptions {
            fired.push(format!("{}: {:?} in {:?}", q.id, h.claim, h.quote));
        }
    }
    println!("misconceptions fired on their own sample answer: {}", fired.len());
    assert!(fired.is_empty(), "{}", fired.join("\n"));
}

/// The first key points with forms, of the first questions of a category, that no detector can
/// cover on its own (so coverage comes from the words), with one form of two words or more.
fn form_cases(bank: &Bank, s: &OfflineScorer, c: Category) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for q in bank.all().iter().filter(|q| q.category == c) {
        let t = s.target(&q.id).expect("target");
        for kp in t.key_points.iter().filter(|k| k.detector.is_none() && !k.generic) {
            if let Some(form) = q
                .forms
                .get(&kp.text)
                .and_then(|f| f.iter().find(|f| f.split_whitespace().count() >= 2))
            {
                out.push((q.id.clone(), kp.text.clone(), form.clone()));
                break;
            }
        }
        if out.len() == 8 {
            break;
        }
    }
    out
}

fn covered(s: &OfflineScorer, id: &str, point: &str, answer: &str) -> Option<String> {
    let t = s.target(id).expect("target");
    s.score(t, answer)
        .evidence
        .key_points_covered
        .into_iter()
        .find(|k| k.point == point)
        .map(|k| k.quote)
}

#[test]
fn a_form_covers_its_key_point_and_a_negated_form_does_not_in_every_category() {
    let (bank, s) = scorer();
    for c in [
        Category::Behavioral,
        Category::Situational,
        Category::Motivation,
        Category::Technical,
        Category::SystemDesign,
        Category::Case,
    ] {
        let cases = form_cases(&bank, &s, c);
        assert!(cases.len() >= 5, "{c:?}: only {} cases", cases.len());
        for (id, point, form) in cases {
            let said = format!("Looking back, {form}.");
            let quote = covered(&s, &id, &point, &format!("It was a long week. {said}"));
            assert_eq!(
                quote.as_deref(),
                Some(said.as_str()),
                "{id}: {form:?} should cover {point:?}"
            );
            for denied in [
                format!("It is not true that {form}."),
                format!("People often think {form}, but that is wrong."),
            ] {
                assert_eq!(
                    covered(&s, &id, &point, &denied),
                    None,
                    "{id}: {denied:?} covers {point:?}"
                );
            }
        }
    }
}

#[test]
fn paraphrases_cover_and_denials_do_not() {
    let (_, s) = scorer();
    let told = "Told the people affected quickly";
    let sched = "Scheduler filters nodes by resource requests, taints and affinity, then scores them";
    let cases = [
        (
            "beh-failure-001",
            told,
            "The same afternoon I told my lead what I had broken.",
            true,
        ),
        (
            "beh-failure-001",
            told,
            "I never told my lead what I had broken.",
            false,
        ),
        (
            "tech-devops-sre-002",
            sched,
            "The scheduler only picks nodes that fit the resource requests.",
            true,
        ),
        (
            "tech-devops-sre-002",
            sched,
            "The scheduler ignores the resource requests entirely.",
            false,
        ),
        (
            "tech-devops-sre-002",
            sched,
            "It does not use node affinity at all.",
            false,
        ),
        (
            "tech-devops-sre-002",
            sched,
            "No, it uses node affinity and taints.",
            true,
        ),
    ];
    for (id, point, answer, expect) in cases {
        assert_eq!(covered(&s, id, point, answer).is_some(), expect, "{answer}");
    }
}

#[test]
fn a_misconception_caps_the_answer_and_is_named_with_its_correction() {
    let (bank, s) = scorer();
    let q = bank.get("tech-backend-003").expect("question");
    let t = s.target(&q.id).expect("target");
    let sample = q.sample_answer.as_deref().expect("sample");
    let right = s.score(t, sample);
    // The sample answer with one wrong claim added, fluently.
    let wrong = s.score(
        t,
        &format!(
            "{sample}\n\nIn practice optimistic locking just lets the last write win, which is fine for most apps."
        ),
    );
    println!("sample {} → with a misconception {}", right.overall, wrong.overall);
    assert!(right.overall >= 60, "{}", right.overall);
    assert!(wrong.overall < 40, "{}", wrong.overall);
    let m = &wrong.evidence.misconceptions[0];
    assert_eq!(m.claim, "Optimistic locking just lets the last write win");
    assert!(m.quote.contains("last write win"), "{}", m.quote);
    assert!(wrong.improvement.contains(&m.correction), "{}", wrong.improvement);
    // Refuted, the same claim costs nothing.
    let refuted = s.score(
        t,
        &format!(
            "{sample}\n\nPeople think optimistic locking just lets the last write win, but it detects the conflict."
        ),
    );
    assert!(refuted.evidence.misconceptions.is_empty());
    assert!(refuted.overall >= 60, "{}", refuted.overall);
}

#[test]
fn sample_answers_score_high() {
    let (bank, s) = scorer();
    let mut scores: Vec<(u8, String)> = bank
        .all()
        .iter()
        .filter_map(|q| {
            let t = s.target(&q.id)?;
            Some((s.score(t, q.sample_answer.as_deref()?).overall, q.id.clone()))
        })
        .collect();
    scores.sort();
    let n = scores.len();
    let pct = |p: usize| scores[(n - 1) * p / 100].0;
    println!(
        "sample answers (n={n}): min {} ({}), p10 {}, median {}, p90 {}, max {}; below 60: {}",
        scores[0].0,
        scores[0].1,
        pct(10),
        pct(50),
        pct(90),
        scores[n - 1].0,
        scores.iter().filter(|x| x.0 < 60).count()
    );
    println!("lowest: {:?}", &scores[..n.min(8)]);
    assert_eq!(n, 304);
    assert!(
        pct(50) >= 70 && scores[0].0 >= 40,
        "median {} min {}",
        pct(50),
        scores[0].0
    );
}
