//! Words, not meaning (#16): adding a rubric word to an answer — "result", "mistake",
//! "trade-off", "stakeholders"… — adds no substance, so it may not raise the score by more than
//! 10 points (today a bound on how often it still does: see `KNOWN`). A property over every sample answer of the bank, each word inserted at two places:
//! as a label in front of the last sentence, and tacked onto the end of the first.

use interview_coach::bank::Bank;
use interview_coach::scoring::OfflineScorer;

/// The words and phrases a grader of keywords would reward: the scorer's own list of rubric
/// words, and the cue words of each rubric part.
fn words() -> Vec<String> {
    let listed = include_str!("../data/lexicon/rubric_words.txt");
    let mut out: Vec<String> = listed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    for w in [
        "mistake",
        "lesson",
        "lesson learned",
        "I learned",
        "trade-off",
        "downside",
        "outcome",
        "as a result",
        "my role",
        "measurable",
        "root cause",
        "because",
        "recommendation",
        "assumption",
        "requirements",
    ] {
        out.push(w.to_string());
    }
    out
}

/// The sentences of a sample answer (at full stops followed by a space).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        cur.push(*c);
        if matches!(c, '.' | '!' | '?') && chars.get(i + 1).is_none_or(|n| n.is_whitespace()) {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// Insertions that still raise a sample answer by more than 10 (see the test).
const KNOWN: usize = 54;

#[test]
fn a_rubric_word_added_to_a_sample_answer_raises_it_by_at_most_10() {
    let bank = Bank::embedded().expect("bank");
    let scorer = OfflineScorer::new(&bank);
    let words = words();
    let mut tried = 0;
    let mut worst: Vec<(i32, String, String, &'static str)> = Vec::new();
    for q in bank.all() {
        let Some(sample) = q.sample_answer.as_deref() else {
            continue;
        };
        let target = scorer.target(&q.id).expect("bank target");
        let base = scorer.score(target, sample).overall as i32;
        let parts = sentences(sample.trim());
        if parts.len() < 2 {
            continue;
        }
        for w in &words {
            let mut labelled = parts.clone();
            let last = labelled.len() - 1;
            labelled[last] = format!("{}: {}", capitalised(w), labelled[last]);
            let mut tacked = parts.clone();
            let first = tacked[0].trim_end_matches(['.', '!', '?']).to_string();
            tacked[0] = format!("{first}, {w}.");
            for (how, text) in [("label", labelled.join(" ")), ("tacked", tacked.join(" "))] {
                tried += 1;
                let after = scorer.score(target, &text).overall as i32;
                if after - base > 10 {
                    worst.push((after - base, q.id.clone(), w.clone(), how));
                }
            }
        }
    }
    assert!(tried > 10_000, "only {tried} insertions tried");
    worst.sort_by_key(|w| std::cmp::Reverse(w.0));
    // The target is none. Measured when this test was written: 143 of 54,112; 54 once tags
    // (", stakeholders.") were read as layout and results, recommendations and real cases told
    // without a cue word were recognised. What is left is a heading on the last sentence
    // ("Outcome: …", "Requirements: …") naming a part the sample told without a cue word.
    // The bound keeps it from growing; lower it as the scorer improves.
    println!(
        "{} of {tried} insertions raised a sample answer by more than 10",
        worst.len()
    );
    assert!(
        worst.len() <= KNOWN,
        "{} of {tried} insertions raised a sample answer by more than 10 (at most {KNOWN} known), e.g. {:?}",
        worst.len(),
        &worst[..worst.len().min(12)]
    );
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
