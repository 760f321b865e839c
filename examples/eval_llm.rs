//! The evaluation set through the LLM grader (the production path: prompts, client, merge and
//! guards) beside the offline scorer, with the configured model.
//!
//!     OPENAI_BASE_URL=http://127.0.0.1:8080/v1 COACH_MODEL=<model> \
//!         cargo run --release --example eval_llm [-- --every K] [--skip S] [--limit N] [--out results.json]
//!
//! Prints Spearman's ρ against the hand grades for the offline scorer, the LLM alone (weight
//! 1, still capped by the offline guards), and blends of the two, overall and per category;
//! how many calls fell back; and the time per answer.

use interview_coach::bank::{Bank, Category};
use interview_coach::config::Config;
use interview_coach::llm::{Llm, Prompts, Usage};
use interview_coach::scoring::OfflineScorer;
use interview_coach::scoring::llm::{GradeContext, Grader, grade};
use interview_coach::scoring::spearman::spearman;
use std::collections::BTreeMap;

/// (category, grade, offline score, LLM score or None when it fell back)
type Row = (String, u8, u8, Option<u8>);

fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let limit: usize = flag("--limit").and_then(|v| v.parse().ok()).unwrap_or(usize::MAX);
    // Every k-th case only: a subset spread over all categories, for slow local models.
    let every: usize = flag("--every").and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
    // Start at this case (with --every, a second run with another offset covers other cases).
    let skip: usize = flag("--skip").and_then(|v| v.parse().ok()).unwrap_or(0);
    let out = flag("--out");
    let config = Config::from_env().map_err(anyhow::Error::msg)?;
    let settings = config
        .llm
        .clone()
        .ok_or_else(|| anyhow::anyhow!("set OPENAI_BASE_URL (and COACH_MODEL) to the model to evaluate"))?;
    let llm = Llm::new(settings).map_err(anyhow::Error::msg)?;
    let prompts = Prompts::load(config.prompts_dir.as_deref()).map_err(anyhow::Error::msg)?;
    let bank = Bank::embedded()?;
    let scorer = OfflineScorer::new(&bank);
    let cases: Vec<_> = interview_coach::scoring::eval::load_dir(std::path::Path::new("eval"))
        .map_err(anyhow::Error::msg)?
        .into_iter()
        .skip(skip)
        .step_by(every)
        .collect();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let g = Grader {
        llm: &llm,
        prompts: &prompts,
        weight: 1.0,
    };
    // (category, grade, offline, llm-alone or None on fallback)
    let mut rows: Vec<Row> = Vec::new();
    let mut usage = Usage::default();
    let started = std::time::Instant::now();
    for (i, c) in cases.iter().take(limit).enumerate() {
        let cat = Category::parse(&c.category).ok_or_else(|| anyhow::anyhow!("{}: bad category", c.id))?;
        let target = match c.question_id.as_deref().and_then(|id| scorer.target(id)) {
            Some(t) => t.clone(),
            None => scorer.target_from_text(&c.question, cat),
        };
        let offline = scorer.score(&target, &c.answer);
        let off = offline.overall;
        let ctx = GradeContext {
            role: c.role.as_deref().unwrap_or("general"),
            level: "mid",
            persona: "a fair, neutral interviewer",
            question: &c.question,
            follow_up: None,
            options: &[],
            addendum: None,
        };
        let r = rt.block_on(grade(&g, &ctx, &target, &c.answer, offline, &mut usage));
        let llm_score = match &r {
            Ok((s, _)) => Some(s.overall),
            Err((_, e)) => {
                eprintln!("{}: fell back ({e})", c.id);
                None
            }
        };
        eprintln!(
            "[{}/{}] {} grade {} offline {off} llm {}",
            i + 1,
            cases.len().min(limit),
            c.id,
            c.grade,
            llm_score.map(|s| s.to_string()).unwrap_or("-".into())
        );
        rows.push((cat.slug().to_string(), c.grade, off, llm_score));
    }
    let secs = started.elapsed().as_secs_f64();
    if let Some(path) = out {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .zip(cases.iter())
            .map(|((cat, g, off, l), c)| serde_json::json!({"id": c.id, "category": cat, "grade": g, "offline": off, "llm": l}))
            .collect();
        std::fs::write(&path, serde_json::to_string_pretty(&v)?)?;
    }
    let fallbacks = rows.iter().filter(|r| r.3.is_none()).count();
    println!(
        "model: {} ({} structured output)",
        llm.describe(),
        llm.json_mode().label()
    );
    println!(
        "{} answers, {} fell back to offline, {:.1} s per answer, {} tokens ({} prompt, {} completion)",
        rows.len(),
        fallbacks,
        secs / rows.len().max(1) as f64,
        usage.total(),
        usage.prompt,
        usage.completion
    );
    let rho = |rows: &[&Row], w: f64| {
        let s: Vec<f64> = rows
            .iter()
            .map(|r| {
                let l = r.3.unwrap_or(r.2) as f64;
                (w * l + (1.0 - w) * r.2 as f64).round()
            })
            .collect();
        let g: Vec<f64> = rows.iter().map(|r| r.1 as f64).collect();
        spearman(&s, &g)
    };
    let all: Vec<&Row> = rows.iter().collect();
    let mut by: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in &rows {
        by.entry(r.0.as_str()).or_default().push(r);
    }
    println!("\nSpearman's rho against the hand grades (weight = the LLM's share of the score):");
    println!(
        "{:<14} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "set", "n", "offline", "w=0.25", "w=0.5", "w=0.75", "LLM"
    );
    let line = |name: &str, set: &[&Row]| {
        println!(
            "{:<14} {:>5} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
            name,
            set.len(),
            rho(set, 0.0),
            rho(set, 0.25),
            rho(set, 0.5),
            rho(set, 0.75),
            rho(set, 1.0)
        );
    };
    line("all", &all);
    for (k, v) in &by {
        line(k, v);
    }
    Ok(())
}
