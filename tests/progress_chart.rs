//! /progress's chart and /report's Markdown file through the engine over a real sled store: the
//! chart is a valid PNG of the chart's size whose pixels follow the scores (decoded with `png`,
//! two histories compared), the same history draws the same bytes, one day draws dots without a
//! trend line, days are the user's local days, no history sends no chart; the report lists the sessions, the weak areas with
//! the questions behind them (the ones /progress names) and a plan.

mod common;

use common::*;
use interview_coach::bank::Category;
use interview_coach::charts;
use interview_coach::engine::Engine;
use interview_coach::engine::reply::{Content, Reply};
use std::time::Duration;

/// A two-question behavioural interview answered with `answer` (follow-ups passed), to its report.
async fn interview(en: &Engine, user: &str, answer: &str) {
    let mut r = say(en, user, "/mock behavioral 2 neutral").await;
    for _ in 0..8 {
        if text(&r).contains("Interview report") {
            return;
        }
        let line = if text(&r).contains("Follow-up") { "pass" } else { answer };
        r = say(en, user, line).await;
    }
    panic!("no report: {}", text(&r));
}

fn image(replies: &[Reply]) -> Option<(Vec<u8>, String)> {
    replies.iter().find_map(|r| match &r.content {
        Content::Image { png, caption } => Some((png.clone(), caption.to_plain())),
        _ => None,
    })
}

/// The decoded picture: (width, height, RGB bytes). Fails the test unless it is an 8-bit RGB PNG.
fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

/// The mean row of the plot's pixels in exactly this colour (the category's dots and trend
/// line; the legend column is left out), and how many there are.
fn rows_of(rgb: &[u8], width: u32, color: (u8, u8, u8)) -> (f64, usize) {
    let (mut sum, mut n) = (0.0, 0usize);
    for (i, px) in rgb.chunks_exact(3).enumerate() {
        let (x, y) = (i as u32 % width, i as u32 / width);
        if x < charts::progress::PLOT_WIDTH && (px[0], px[1], px[2]) == color {
            sum += y as f64;
            n += 1;
        }
    }
    (sum / n.max(1) as f64, n)
}

#[tokio::test]
async fn the_chart_is_a_valid_png_of_the_chart_size_whose_pixels_follow_the_scores() {
    let e = env();
    let en = &e.engine;
    interview(en, "strong", GOOD_ANSWER).await;
    interview(en, "weak", "I don't know, I haven't done that.").await;
    let strong = say(en, "strong", "/progress").await;
    let weak = say(en, "weak", "/progress").await;

    // The text first, then the picture, both private.
    assert!(text(&strong).starts_with("Progress"), "{}", text(&strong));
    assert!(
        strong.len() == 2
            && strong
                .iter()
                .all(|r| r.visibility == interview_coach::engine::reply::Visibility::Private)
    );
    let (strong_png, caption) = image(&strong).expect("a chart beside the text");
    let (weak_png, _) = image(&weak).expect("a chart beside the text");
    assert!(caption.contains("last 90 days"), "{caption}");
    // One day of scores: dots, no trend line yet.
    assert!(caption.contains("A trend line appears once"), "{caption}");

    let (w, h, strong_px) = decode(&strong_png);
    assert_eq!((w, h), (charts::WIDTH, charts::HEIGHT));
    assert_eq!((w, h), (1000, 560));
    let (_, _, weak_px) = decode(&weak_png);
    assert_eq!(strong_px.len(), weak_px.len());
    let differing = strong_px
        .chunks_exact(3)
        .zip(weak_px.chunks_exact(3))
        .filter(|(a, b)| a != b)
        .count();
    assert!(differing > 50, "only {differing} pixels differ between two histories");

    // The dots sit where the scores put them: the weak user's lower in the picture.
    let category = sessions(en, "strong")[0].outcomes[0].category;
    assert_eq!(category, Category::Behavioral);
    let color = charts::progress::category_rgb(category);
    let (strong_row, strong_n) = rows_of(&strong_px, w, color);
    let (weak_row, weak_n) = rows_of(&weak_px, w, color);
    assert!(strong_n > 20 && weak_n > 20, "dots drawn: {strong_n}, {weak_n}");
    let (strong_avg, weak_avg) = (
        sessions(en, "strong")[0].average().unwrap(),
        sessions(en, "weak")[0].average().unwrap(),
    );
    assert!(strong_avg > weak_avg + 30, "{strong_avg} vs {weak_avg}");
    assert!(
        weak_row > strong_row + 100.0,
        "a score of {weak_avg} is drawn at row {weak_row:.0}, one of {strong_avg} at row {strong_row:.0}"
    );

    // Drawn again from the same history: the same bytes.
    let again = say(en, "strong", "/progress").await;
    assert_eq!(image(&again).expect("a chart").0, strong_png);
}

#[tokio::test(start_paused = true)]
async fn a_second_day_adds_a_trend_line_and_changes_the_picture() {
    let e = env();
    let en = &e.engine;
    interview(en, "dana", "I don't know, I haven't done that.").await;
    let first = image(&say(en, "dana", "/progress").await).expect("a chart");
    tokio::time::advance(Duration::from_secs(3 * 86_400)).await;
    interview(en, "dana", GOOD_ANSWER).await;
    let r = say(en, "dana", "/progress").await;
    let (second, caption) = image(&r).expect("a chart");
    assert!(
        caption.contains("The line through a category's dots is its trend"),
        "{caption}"
    );
    let (_, _, a) = decode(&first.0);
    let (w, _, b) = decode(&second);
    assert_ne!(a, b);
    // Two days' dots and the line between them: more of the category's colour than one dot.
    let color = charts::progress::category_rgb(Category::Behavioral);
    let (_, dots) = rows_of(&a, w, color);
    let (_, dots_and_line) = rows_of(&b, w, color);
    assert!(dots_and_line > 2 * dots, "{dots} → {dots_and_line}");
}

/// The chart's days are the user's: interviews at 22:30 and 01:30 UTC are two days for a user
/// in UTC (a trend line between them) and one evening in New York (17:30 and 20:30: one day,
/// no line).
#[tokio::test(start_paused = true)]
async fn the_charts_days_are_the_users_local_days() {
    let e = env();
    let en = &e.engine;
    let t = text(&say(en, "ny", "/profile timezone America/New_York").await);
    assert!(t.contains("America/New_York"), "{t}");
    // The test clock starts at 2026-11-02 09:00 UTC.
    tokio::time::advance(Duration::from_secs(13 * 3600 + 1800)).await;
    interview(en, "utc", GOOD_ANSWER).await;
    interview(en, "ny", GOOD_ANSWER).await;
    tokio::time::advance(Duration::from_secs(3 * 3600)).await;
    interview(en, "utc", GOOD_ANSWER).await;
    interview(en, "ny", GOOD_ANSWER).await;
    let trend = "The line through a category's dots is its trend";
    let (_, utc) = image(&say(en, "utc", "/progress").await).expect("a chart");
    assert!(utc.contains(trend), "two UTC days: {utc}");
    let (_, ny) = image(&say(en, "ny", "/progress").await).expect("a chart");
    assert!(!ny.contains(trend), "one New York evening: {ny}");
}

#[tokio::test]
async fn no_history_no_chart_and_nothing_to_report() {
    let e = env();
    let en = &e.engine;
    let r = say(en, "new", "/progress").await;
    assert!(image(&r).is_none(), "no empty chart");
    assert_eq!(r.len(), 1);
    assert!(text(&r).contains("No interviews yet"), "{}", text(&r));
    let r = say(en, "new", "/report").await;
    assert!(file(&r).is_none());
    assert!(text(&r).contains("nothing to report"), "{}", text(&r));
    // An interview started but not finished: the text, a line about the chart, no picture.
    say(en, "new", "/mock behavioral 2 neutral").await;
    let r = say(en, "new", "/progress").await;
    assert!(image(&r).is_none());
    assert!(
        text(&r).contains("The chart of your scores comes with an interview finished"),
        "{}",
        text(&r)
    );
}

#[tokio::test]
async fn the_report_file_holds_sessions_scores_weak_areas_with_evidence_and_a_plan() {
    let e = env();
    let en = &e.engine;
    interview(en, "rita", GOOD_ANSWER).await;
    interview(en, "rita", "I don't know, I haven't done that.").await;
    let r = say(en, "rita", "/report").await;
    let (name, mime) = r
        .iter()
        .find_map(|r| match &r.content {
            Content::File { name, mime, .. } => Some((name.clone(), mime.clone())),
            _ => None,
        })
        .expect("a file");
    assert!(
        name.starts_with("interview-coach-report-") && name.ends_with(".md"),
        "{name}"
    );
    assert_eq!(mime, "text/markdown");
    let md = String::from_utf8(file(&r).unwrap()).expect("UTF-8 Markdown");
    for heading in [
        "# Interview Coach report",
        "## Summary",
        "## Scores by category",
        "## Sessions",
        "## Weak areas",
        "## Plan",
    ] {
        assert!(md.contains(&format!("{heading}\n")), "{heading} missing:\n{md}");
    }
    assert!(
        md.contains("- Interviews started: 2 · completed: 2 · abandoned: 0"),
        "{md}"
    );
    // One table row per interview, with its score.
    let history = sessions(en, "rita");
    for s in &history {
        let score = s.report.as_ref().unwrap().overall;
        let row = format!(
            "| {} | Behavioural | completed | ",
            s.created_at.format("%Y-%m-%d %H:%M")
        );
        assert!(
            md.lines()
                .any(|l| l.starts_with(&row) && l.ends_with(&format!("| {score}/100 |"))),
            "no row {row}… {score}/100:\n{md}"
        );
    }
    // The weak areas are /progress's "Focus next on", each with its questions and scores.
    let progress = text(&say(en, "rita", "/progress").await);
    let focus: Vec<&str> = progress
        .split("Focus next on\n")
        .nth(1)
        .expect("Focus next on")
        .lines()
        .skip_while(|l| l.is_empty())
        .take_while(|l| l.starts_with("- "))
        .map(|l| l.trim_start_matches("- ").split(" — ").next().unwrap())
        .collect();
    assert!(!focus.is_empty(), "{progress}");
    let weak_part = md.split("## Weak areas\n").nth(1).unwrap();
    let areas: Vec<&str> = weak_part
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(|l| l.split(" — ").next().unwrap())
        .collect();
    assert_eq!(areas, focus, "{md}");
    // Evidence: a question the user was asked, with the score it got.
    let asked = en.bank().get(&history[1].outcomes[0].question_id).unwrap().text.clone();
    let score = history[1].outcomes[0].score;
    assert!(
        weak_part
            .lines()
            .any(|l| l.contains(&asked[..40]) && l.contains(&format!("| {score}/100 |"))),
        "no evidence line for {asked:?} at {score}:\n{md}"
    );
    // The plan names each weak area and how to practise it.
    let plan = md.split("## Plan\n").nth(1).unwrap();
    for (i, area) in focus.iter().enumerate() {
        assert!(plan.contains(&format!("{}. **{area}**", i + 1)), "{area}:\n{plan}");
    }
    assert!(plan.contains("`/mock behavioral`"), "{plan}");
}
