//! The curves scores are read from: a saturating curve, fractions to percent, and each
//! category's ideal answer length.

use crate::bank::Category;

/// Saturating curve: 0 at 0, about 0.63 at `k`, approaching 1.
pub(super) fn sat(x: f64, k: f64) -> f64 {
    if x <= 0.0 { 0.0 } else { 1.0 - (-x / k).exp() }
}

pub(super) fn pct(x: f64) -> u8 {
    (x * 100.0).round().clamp(0.0, 100.0) as u8
}

/// Ideal length range in words per category.
pub(super) fn length_range(c: Category) -> (f64, f64) {
    match c {
        Category::Behavioral => (90.0, 380.0),
        Category::Situational => (70.0, 320.0),
        Category::Technical => (45.0, 320.0),
        Category::SystemDesign => (110.0, 600.0),
        Category::Case => (70.0, 450.0),
        Category::Motivation => (55.0, 280.0),
    }
}

pub(super) fn length_fit(c: Category, words: usize) -> f64 {
    let (lo, hi) = length_range(c);
    let w = words as f64;
    if w < lo {
        (w / lo).powf(0.9)
    } else if w > hi {
        (1.0 - (w - hi) / (hi * 2.0)).max(0.6)
    } else {
        1.0
    }
}
