//! Scorer quality against the hand-graded evaluation set.
//!
//!     cargo run --release --example eval            # ρ overall, per category, dev/held-out
//!     cargo run --release --example eval -- --cases # every case: grade, score, flags
//!
//! Optional first non-flag argument: another directory of case files.

use interview_coach::bank::Bank;
use interview_coach::scoring::OfflineScorer;
use interview_coach::scoring::eval::{self, Scored};
use std::collections::BTreeMap;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_cases = args.iter().any(|a| a == "--cases");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "eval".into());
    let bank = Bank::embedded().expect("bank");
    let scorer = OfflineScorer::new(&bank);
    let cases = eval::load_dir(std::path::Path::new(&dir)).expect("eval set");
    let scored = eval::score_all(&scorer, &cases).expect("scoring");
    // Speed: score the whole set repeatedly (targets built once, like the engine does).
    let rounds = 20;
    let started = std::time::Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(eval::score_all(&scorer, &cases).expect("scoring"));
    }
    let per_answer_us = started.elapsed().as_secs_f64() * 1e6 / (rounds * cases.len()) as f64;
    // Scoring alone, as in an interview (bank targets exist before the answer): the best of 7
    // timed passes of 100 rounds over the set.
    let targets: Vec<_> = cases.iter().map(|c| c.target(&scorer).expect("target")).collect();
    let mut scoring_us = f64::MAX;
    for _ in 0..7 {
        let started = std::time::Instant::now();
        for _ in 0..100 {
            for (c, t) in cases.iter().zip(&targets) {
                std::hint::black_box(scorer.score(t, &c.answer));
            }
        }
        scoring_us = scoring_us.min(started.elapsed().as_secs_f64() * 1e6 / (100 * cases.len()) as f64);
    }
    let all: Vec<&Scored> = scored.iter().collect();
    let dev: Vec<&Scored> = scored.iter().filter(|s| !eval::is_holdout(&s.case.id)).collect();
    let hold: Vec<&Scored> = scored.iter().filter(|s| eval::is_holdout(&s.case.id)).collect();

    if show_cases {
        for s in &all {
            println!(
                "{:<7} {:<13} grade {} score {:>3}  {:<28} {}",
                s.case.id,
                s.case.category,
                s.case.grade,
                s.result.overall,
                s.case.tags.join(","),
                s.result.flags.iter().map(|f| f.slug()).collect::<Vec<_>>().join(",")
            );
        }
        println!();
    }
    println!("Offline scorer vs hand grades (Spearman's rho), eval set in {dir}/");
    println!("speed: {per_answer_us:.0} us per answer on average (incl. target building for free-text questions)");
    println!("speed: {scoring_us:.1} us per answer scoring alone (targets built once; best of 7 passes)");
    for (name, set) in [("all", &all), ("dev", &dev), ("held-out", &hold)] {
        let s = eval::summarize(set);
        let cats: Vec<String> = s
            .per_category
            .iter()
            .map(|(k, (r, n))| format!("{k} {r:.3} (n={n})"))
            .collect();
        println!("{name:<9} rho {:.3} (n={})  | {}", s.overall, s.n, cats.join(" | "));
    }
    // Mean score per grade, and per hard-case tag.
    let mut by_grade: BTreeMap<u8, Vec<f64>> = BTreeMap::new();
    for s in &all {
        by_grade.entry(s.case.grade).or_default().push(s.result.overall as f64);
    }
    println!("\nmean score by grade:");
    for (g, v) in &by_grade {
        println!(
            "  grade {g}: {:>5.1}  (n={})",
            v.iter().sum::<f64>() / v.len() as f64,
            v.len()
        );
    }
    let mut by_tag: BTreeMap<String, Vec<(u8, u8)>> = BTreeMap::new();
    for s in &all {
        for t in &s.case.tags {
            by_tag
                .entry(t.clone())
                .or_default()
                .push((s.case.grade, s.result.overall));
        }
    }
    println!("\nhard cases (mean grade → mean score, max score):");
    for (t, v) in &by_tag {
        let mg = v.iter().map(|x| x.0 as f64).sum::<f64>() / v.len() as f64;
        let ms = v.iter().map(|x| x.1 as f64).sum::<f64>() / v.len() as f64;
        let mx = v.iter().map(|x| x.1).max().unwrap_or(0);
        println!(
            "  {t:<20} grade {mg:.1} → score {ms:>5.1}  max {mx:>3}  (n={})",
            v.len()
        );
    }
}
