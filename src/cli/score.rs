//! `coach score`: one answer read from stdin, scored (by the model too, when one is
//! configured) and printed as JSON.

use crate::app;
use crate::bank::Category;
use anyhow::Context;
use std::io::Read;

pub fn run(
    data_dir: Option<std::path::PathBuf>,
    question_id: Option<String>,
    question: Option<String>,
    category: Option<String>,
    pretty: bool,
) -> anyhow::Result<()> {
    let config = app::config(data_dir)?;
    let bank = app::bank(&config)?;
    let scorer = crate::scoring::OfflineScorer::new(&bank);
    let mut raw = Vec::new();
    std::io::stdin()
        .read_to_end(&mut raw)
        .context("reading the answer from stdin")?;
    let answer = String::from_utf8_lossy(&raw).into_owned();
    let (target, qid, qtext) = match (question_id, question) {
        (Some(id), _) => {
            let t = scorer
                .target(&id)
                .ok_or_else(|| anyhow::anyhow!("no question with id {id:?} in the bank (see /bank in the chat)"))?;
            (t.clone(), Some(id), t.question.clone())
        }
        (None, Some(text)) => {
            let cat = category.as_deref().unwrap_or("");
            let c = Category::parse(cat).ok_or_else(|| {
                anyhow::anyhow!("unknown category {cat:?}: use behavioral, technical, system_design, case, situational or motivation")
            })?;
            (scorer.target_from_text(&text, c), None, text)
        }
        (None, None) => anyhow::bail!("give --question-id ID, or --question TEXT with --category CAT"),
    };
    let offline = scorer.score(&target, &answer);
    // With a model configured, the LLM grader (capped by the offline guards); any fault falls
    // back to the offline result, and `brain` says which one this is.
    let mut fallback: Option<String> = None;
    let mut model_part = None;
    let result = match &config.llm {
        None => offline,
        Some(settings) => {
            let store = app::existing_store(&config);
            let llm = app::build_llm(settings, store.as_ref())?;
            let prompts = app::prompts(&config)?;
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            let ctx = crate::scoring::llm::GradeContext::standalone(&qtext, "general");
            let mut usage = crate::llm::Usage::default();
            let weight = app::score_weight(&config, store.as_ref());
            let grader = crate::scoring::llm::Grader {
                llm: &llm,
                prompts: &prompts,
                weight: weight.weight,
            };
            let graded = runtime.block_on(crate::scoring::llm::grade(
                &grader, &ctx, &target, &answer, offline, &mut usage,
            ));
            match graded {
                Ok((r, d)) => {
                    model_part = Some((d.model_overall, weight));
                    r
                }
                Err((r, e)) => {
                    fallback = Some(e.to_string());
                    r
                }
            }
        }
    };
    let mut v = serde_json::to_value(&result)?;
    if let (Some(o), Some((model, weight))) = (v.as_object_mut(), model_part) {
        // How the number was made: the model's own overall and its share in the blend.
        o.insert("model_overall".into(), serde_json::json!(model));
        o.insert("model_weight".into(), serde_json::json!(weight.weight));
        o.insert("model_weight_source".into(), serde_json::json!(weight.describe()));
    }
    if let (Some(o), Some(why)) = (v.as_object_mut(), fallback) {
        o.insert("fallback_reason".into(), serde_json::Value::String(why));
    }
    if let Some(o) = v.as_object_mut() {
        o.insert("question".into(), serde_json::Value::String(qtext));
        if let Some(id) = qid {
            o.insert("question_id".into(), serde_json::Value::String(id));
        }
    }
    let s = if pretty {
        serde_json::to_string_pretty(&v)?
    } else {
        serde_json::to_string(&v)?
    };
    println!("{s}");
    Ok(())
}
