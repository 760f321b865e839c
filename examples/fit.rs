//! Fit the offline scorer's weights (`data/weights.toml`) to every hand-graded answer in the
//! tuning sets, per category, and report what the fit is worth *out of fold* (5-fold
//! cross-validation), beside the weights the binary ships and the fitted weights in-sample.
//!
//!     cargo run --release --example fit              # report only
//!     cargo run --release --example fit -- --write   # and write data/weights.toml
//!
//! The final blind set (eval/final-16) is never read here.

use interview_coach::bank::{Bank, Category};
use interview_coach::scoring::OfflineScorer;
use interview_coach::scoring::eval;
use interview_coach::scoring::fit::{self, Sample};
use interview_coach::scoring::spearman::spearman;
use std::path::Path;

const TUNING: [&str; 5] = [
    "eval",
    "eval/held-out",
    "eval/unseen",
    "eval/bank-tuning",
    "eval/blind-16",
];
const K: usize = 5;

fn main() {
    let write = std::env::args().any(|a| a == "--write");
    let bank = Bank::embedded().expect("bank");
    let scorer = OfflineScorer::new(&bank);
    let shipped = scorer.weights().clone();
    let mut samples: Vec<Sample> = Vec::new();
    for dir in TUNING {
        for c in eval::load_dir(Path::new(dir)).expect("eval set") {
            let target = c.target(&scorer).expect("target");
            samples.push(Sample {
                id: c.id.clone(),
                explained: scorer.explain(&target, &c.answer),
                grade: c.grade,
            });
        }
    }
    println!(
        "Fitting the weights on {} graded answers from {}",
        samples.len(),
        TUNING.join(", ")
    );
    println!("ρ per category: shipped weights | fitted, out of fold ({K}-fold) | fitted, in sample");
    let mut fitted = shipped.clone();
    let (mut all_shipped, mut all_oof, mut all_grades) = (Vec::new(), Vec::new(), Vec::new());
    for c in Category::ALL {
        let set: Vec<&Sample> = samples.iter().filter(|s| s.explained.category == c).collect();
        let start = shipped.of(c);
        let oof = fit::out_of_fold(&set, start, K);
        let grades: Vec<f64> = set.iter().map(|s| s.grade as f64).collect();
        let oof_rho = spearman(&oof.iter().map(|x| *x as f64).collect::<Vec<_>>(), &grades);
        let w = fit::climb(&set, start);
        fitted.set(c, w);
        println!(
            "  {:<14} n={:<3} {:.3} | {:.3} | {:.3}   weights {:?} → {:?}",
            c.slug(),
            set.len(),
            fit::rho(&set, &start),
            oof_rho,
            fit::rho(&set, &w),
            start,
            w
        );
        all_shipped.extend(fit::scores(&set, &start).into_iter().map(f64::from));
        all_oof.extend(oof.into_iter().map(f64::from));
        all_grades.extend(grades);
    }
    println!(
        "  {:<14} n={:<3} {:.3} | {:.3}",
        "all",
        all_grades.len(),
        spearman(&all_shipped, &all_grades),
        spearman(&all_oof, &all_grades)
    );
    if write {
        let header = format!(
            "The offline scorer's weights: how many of the 100 base points each part is worth, per category.\n\
             Parts: rubric (the share of the category rubric earned), relevance, specificity, communication,\n\
             impact, structure (see docs/scoring.md). Each category's weights sum to 100.\n\n\
             Written by `cargo run --release --example fit -- --write`: climbed to the best Spearman rho on\n\
             the {} graded answers of {}; report the out-of-fold figure it prints, not the in-sample one.",
            samples.len(),
            TUNING.join(", ")
        );
        std::fs::write("data/weights.toml", fitted.to_toml(&header)).expect("write data/weights.toml");
        println!("wrote data/weights.toml");
    }
}
