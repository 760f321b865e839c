//! Scorer quality must not regress: Spearman's ρ between the offline scorer and the hand grades
//! of eval/ (see docs/scoring.md) stays at or above what it reached when this floor was set.

use interview_coach::bank::Bank;
use interview_coach::scoring::OfflineScorer;
use interview_coach::scoring::eval::{self, Scored, Summary};

/// Reached when the floors were last raised (`cargo run --release --example eval`), minus a small
/// margin for legitimate rubric changes.
const FLOOR_OVERALL: f64 = 0.77;
const FLOOR_CATEGORY: f64 = 0.60;

/// The answers of eval/unseen/ were written and graded blind (no scorer run while writing) and
/// are not tuned on. Their first run gave ρ 0.702 (n=60); two guards motivated by its misses
/// (motivation answers about something else, design answers without any design) gave 0.736.
/// The floor keeps that from eroding; the figure itself is reported, not tuned.
const FLOOR_UNSEEN: f64 = 0.71;

/// Every case of a directory under eval/ scored, and the ρ summary; at least `min_cases` cases.
fn score_dir(sub: &str, min_cases: usize) -> (Vec<Scored>, Summary) {
    let bank = Bank::embedded().unwrap();
    let scorer = OfflineScorer::new(&bank);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(sub);
    let cases = eval::load_dir(&dir).expect("eval set loads");
    assert!(cases.len() >= min_cases, "{sub} has only {} cases", cases.len());
    let scored = eval::score_all(&scorer, &cases).unwrap();
    let s = eval::summarize(&scored.iter().collect::<Vec<_>>());
    (scored, s)
}

/// Hard cases the product promises to keep below 20.
fn below_20(scored: &[Scored], tags: &[&str]) {
    for x in scored {
        if x.case.tags.iter().any(|t| tags.contains(&t.as_str())) {
            assert!(
                x.result.overall < 20,
                "{}: {} scored {}",
                x.case.id,
                x.case.tags.join(","),
                x.result.overall
            );
        }
    }
}

#[test]
fn spearman_rho_stays_above_the_floor() {
    let (scored, s) = score_dir("eval", 100);
    assert!(
        s.overall >= FLOOR_OVERALL,
        "overall rho {:.3} < {FLOOR_OVERALL}",
        s.overall
    );
    for (cat, (rho, n)) in &s.per_category {
        assert!(*rho >= FLOOR_CATEGORY, "{cat}: rho {rho:.3} (n={n}) < {FLOOR_CATEGORY}");
    }
    below_20(&scored, &["trivial", "keyword_stuffing"]);
    // The set's four off-topic answers come from their question's own world (a thesis project
    // for an ownership question, …): only the relevance penalty holds them, at 20, 27, 35 and
    // 35, as README says. They may not climb.
    at_most(&scored, "off_topic", 35);
}

/// Cases tagged `tag` score at most `max` (a measured ceiling that README quotes).
fn at_most(scored: &[Scored], tag: &str, max: u8) {
    for x in scored.iter().filter(|x| x.case.tags.iter().any(|t| t == tag)) {
        assert!(
            x.result.overall <= max,
            "{}: {tag} scored {} > {max}",
            x.case.id,
            x.result.overall
        );
    }
}

/// A blind set of 60+ answers keeps its ρ floor, and the tagged hard cases stay below 20.
fn blind_set_holds(sub: &str, floor: f64, below_20_tags: &[&str]) -> Vec<Scored> {
    let (scored, s) = score_dir(sub, 60);
    assert!(s.overall >= floor, "{sub}: rho {:.3} < {floor}", s.overall);
    below_20(&scored, below_20_tags);
    scored
}

#[test]
fn unseen_set_rho_stays_above_its_floor() {
    blind_set_holds(
        "eval/unseen",
        FLOOR_UNSEEN,
        &["trivial", "keyword_stuffing", "off_topic"],
    );
}

/// eval/held-out/ was written and graded blind on 2026-12-01, after the guards the unseen set
/// motivated, and nothing has been tuned on it: its first run gave ρ 0.676 (n=60). Two of its
/// off-topic answers score over 20 (61 and 63: a well-told story from the same world as the
/// question — mentoring for a client-trust question, image loading for a hydration mismatch),
/// which word overlap cannot tell from a paraphrase; they are reported in docs/scoring.md, not
/// tuned away (README quotes them). The floor keeps the figure from eroding, and the two may
/// not climb.
const FLOOR_HELD_OUT: f64 = 0.65;

#[test]
fn held_out_set_rho_stays_above_its_floor() {
    let scored = blind_set_holds("eval/held-out", FLOOR_HELD_OUT, &["trivial", "keyword_stuffing"]);
    at_most(&scored, "off_topic", 63);
}
