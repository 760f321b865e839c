//! Fitting the weights of the parts (`data/weights.toml`) to hand grades: per category, a
//! deterministic hill climb over whole-point weight vectors (moving points between two parts)
//! that maximises Spearman's ρ between the scores the weights give and the grades; and k-fold
//! cross-validation, whose out-of-fold ρ is the figure to report (`examples/fit.rs`).

use crate::scoring::offline::Explained;
use crate::scoring::spearman::spearman;
use crate::scoring::weights::Vector;

/// One graded answer, measured up to the weights.
pub struct Sample {
    pub id: String,
    pub explained: Explained,
    pub grade: u8,
}

/// The score these weights give each sample.
pub fn scores(samples: &[&Sample], w: &Vector) -> Vec<u8> {
    samples.iter().map(|s| s.explained.ledger(w).value()).collect()
}

/// ρ between the scores these weights give and the grades.
pub fn rho(samples: &[&Sample], w: &Vector) -> f64 {
    let s: Vec<f64> = scores(samples, w).into_iter().map(f64::from).collect();
    let g: Vec<f64> = samples.iter().map(|s| s.grade as f64).collect();
    let r = spearman(&s, &g);
    if r.is_nan() { -1.0 } else { r }
}

/// The smallest share each part keeps (in the order of `weights::PARTS`): no part is fitted away
/// on a few dozen answers, and relevance keeps its hand-set 15 — the tuning sets hold few
/// off-topic answers, and a fit that trades them away would let a polished answer to another
/// question climb.
const FLOOR: [u8; 6] = [5, 15, 5, 5, 5, 5];
/// Improvements smaller than this are noise (and would let the climb wander on plateaus).
const MIN_GAIN: f64 = 5e-3;

/// From `start`, move `step` points from one part to another while that raises ρ (the best move
/// each round, for steps of 10, 5 and 2 points). Deterministic; stops when no move helps.
pub fn climb(samples: &[&Sample], start: Vector) -> Vector {
    let mut w = start;
    let mut best = rho(samples, &w);
    for step in [10u8, 5, 2] {
        loop {
            let mut found: Option<(Vector, f64)> = None;
            for from in 0..w.len() {
                for to in 0..w.len() {
                    if from == to || w[from] < FLOOR[from] + step {
                        continue;
                    }
                    let mut v = w;
                    v[from] -= step;
                    v[to] += step;
                    let r = rho(samples, &v);
                    if r > best + MIN_GAIN && found.as_ref().is_none_or(|(_, fr)| r > *fr) {
                        found = Some((v, r));
                    }
                }
            }
            match found {
                Some((v, r)) => {
                    w = v;
                    best = r;
                }
                None => break,
            }
        }
    }
    w
}

/// The fold of a sample, by a hash of its id: the same split every run, unrelated to file order.
pub fn fold_of(id: &str, k: usize) -> usize {
    let h = id
        .bytes()
        .fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    (h % k as u64) as usize
}

/// Out-of-fold scores: each sample scored with the weights climbed on the other k−1 folds.
pub fn out_of_fold(samples: &[&Sample], start: Vector, k: usize) -> Vec<u8> {
    let mut out = vec![0u8; samples.len()];
    for fold in 0..k {
        let train: Vec<&Sample> = samples.iter().copied().filter(|s| fold_of(&s.id, k) != fold).collect();
        let w = climb(&train, start);
        for (i, s) in samples.iter().enumerate() {
            if fold_of(&s.id, k) == fold {
                out[i] = s.explained.ledger(&w).value();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Category;

    /// Samples whose grade follows the second part only: the climb must move weight to it.
    fn planted() -> Vec<Sample> {
        (0..40)
            .map(|i| {
                let signal = (i % 5) as f64 / 4.0;
                let noise = ((i * 7919) % 13) as f64 / 12.0;
                Sample {
                    id: format!("s{i}"),
                    explained: Explained {
                        category: Category::Technical,
                        parts: [noise, signal, 1.0 - noise, noise, 0.5, 0.5],
                        steps: Vec::new(),
                    },
                    grade: 1 + (i % 5) as u8,
                }
            })
            .collect()
    }

    #[test]
    fn the_climb_moves_weight_to_the_part_that_predicts_the_grade() {
        let samples = planted();
        let refs: Vec<&Sample> = samples.iter().collect();
        let start: Vector = [50, 20, 13, 7, 3, 7];
        let before = rho(&refs, &start);
        let w = climb(&refs, start);
        assert_eq!(w.iter().map(|x| *x as u32).sum::<u32>(), 100);
        assert!(w.iter().zip(FLOOR).all(|(x, f)| *x >= f), "{w:?}");
        assert!(w[1] > start[1], "no weight moved to the predictive part: {w:?}");
        assert!(rho(&refs, &w) > 0.95, "{w:?}: {}", rho(&refs, &w));
        assert!(rho(&refs, &w) > before + 0.2, "{before} → {}", rho(&refs, &w));
        let oof = out_of_fold(&refs, start, 5);
        let g: Vec<f64> = refs.iter().map(|s| s.grade as f64).collect();
        let o: Vec<f64> = oof.iter().map(|x| *x as f64).collect();
        assert!(spearman(&o, &g) > 0.9, "out of fold: {}", spearman(&o, &g));
    }

    #[test]
    fn folds_are_stable_and_all_used() {
        let ids: Vec<String> = (0..100).map(|i| format!("case-{i}")).collect();
        let mut seen = [0; 5];
        for id in &ids {
            assert_eq!(fold_of(id, 5), fold_of(id, 5));
            seen[fold_of(id, 5)] += 1;
        }
        assert!(seen.iter().all(|n| *n >= 10), "{seen:?}");
    }
}
