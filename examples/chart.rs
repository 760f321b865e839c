//! Progress chart benchmark (issue #17): how long `charts::progress` takes to draw and encode
//! the chart, and how large the PNG is, for a full 90-day window (six categories, a point on
//! every day, every week averaged: the most a chart ever draws), a month of a few interviews, and
//! a single point.
//!
//!     cargo run --release --example chart
//!     cargo run --release --example chart -- --out /tmp/charts   # also writes the three PNGs there
//!
//! The data is synthetic and fixed (a pinned seed), so every run draws the same pictures.

use chrono::{Duration, NaiveDate};
use interview_coach::bank::Category;
use interview_coach::charts;
use interview_coach::interview::timeline::{CategorySeries, DayScore, Timeline, WeekAverage};
use std::time::Instant;

fn timeline(days: i64, categories: usize, every: i64) -> Timeline {
    let mut rng = fastrand::Rng::with_seed(17);
    let to: NaiveDate = "2026-11-02".parse().unwrap();
    let from = to - Duration::days(days.max(7) - 1);
    let series = Category::ALL
        .iter()
        .take(categories)
        .enumerate()
        .map(|(i, &category)| CategorySeries {
            category,
            points: (0..days)
                .step_by(every as usize)
                .map(|d| DayScore {
                    day: to - Duration::days(days - 1 - d),
                    score: (30 + i as i64 * 5 + d / 3 + rng.i64(-12..=12)).clamp(0, 100) as u8,
                    questions: 1,
                })
                .collect(),
        })
        .collect();
    let weeks = (0..days / 7)
        .map(|w| WeekAverage {
            week_of: from + Duration::days(w * 7),
            average: (40 + w * 2).min(100) as u8,
            interviews: 3,
        })
        .collect();
    Timeline {
        from,
        to,
        series,
        weeks,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = args.iter().position(|a| a == "--out").and_then(|i| args.get(i + 1));
    let labels = |t: &Timeline| charts::Labels {
        title: format!("Scores by category · {} to {}", t.from, t.to),
        weekly: "Weekly average".into(),
        day: |d| d.format("%-d %b").to_string(),
    };
    println!("chart {}×{} px", charts::WIDTH, charts::HEIGHT);
    for (i, (name, t)) in [
        ("90 days, 6 categories, a point a day", timeline(90, 6, 1)),
        ("30 days, 2 categories, every 3rd day", timeline(30, 2, 3)),
        ("1 point", timeline(1, 1, 1)),
    ]
    .into_iter()
    .enumerate()
    {
        let l = labels(&t);
        let first = charts::progress(&t, &l).expect("chart");
        let runs = 20;
        let start = Instant::now();
        for _ in 0..runs {
            let png = charts::progress(&t, &l).expect("chart");
            assert_eq!(png, first, "deterministic");
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / runs as f64;
        println!(
            "{name:<40} {:>4} points  {ms:>6.1} ms per chart (mean of {runs})  {:>6.1} KB",
            t.points(),
            first.len() as f64 / 1024.0
        );
        if let Some(dir) = out {
            let path = std::path::Path::new(dir).join(format!("chart-{}.png", i + 1));
            std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(&path, &first))
                .expect("write");
            println!("  written to {}", path.display());
        }
    }
}
