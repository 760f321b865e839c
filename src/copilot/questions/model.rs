//! The model's list: the reply's schema, its validation, the merge with the bank and the
//! offline list, the cache key of an input, and the CV and job summaries the prompt gets.

use super::{
    Context, MAX_COUNT, MIN_COUNT, NEAR_DUPLICATE, Probe, Request, Source, Tailored, Target, mentions, norm_text,
    resolve, similarity, stems,
};
use crate::bank::{Bank, Category, Difficulty, Question, catalog};
use crate::scoring::clip;
use serde_json::Value;
use std::collections::BTreeSet;

/// The JSON schema of the model's reply.
pub fn schema() -> Value {
    let s = serde_json::json!({"type": "string"});
    serde_json::json!({
        "type": "object",
        "properties": {"questions": {"type": "array", "items": {
            "type": "object",
            "properties": {"text": s, "category": {"type": "string", "enum": Category::SLUGS},
                           "competency": s, "difficulty": {"type": "string", "enum": Difficulty::SLUGS},
                           "hint": s, "probes": s},
            "required": ["text", "category", "competency", "difficulty", "hint", "probes"]
        }}},
        "required": ["questions"]
    })
}

/// Why the model's questions cannot be used (shown to the model on its one retry).
#[derive(Debug, thiserror::Error)]
pub enum GeneratedError {
    #[error("the reply has no \"questions\" array")]
    NoArray,
    #[error(
        "only {valid} of the questions are usable (need {needed}): each needs \"text\" (15-400 characters), \"category\" (one of {cats}), \"competency\", \"difficulty\" (easy, medium, hard or expert), \"hint\" and \"probes\"",
        cats = Category::SLUGS.join(", ")
    )]
    TooFew { valid: usize, needed: usize },
}

/// One item of the model's reply, if usable.
fn item(v: &Value) -> Option<Tailored> {
    let s = |k: &str| v[k].as_str().map(str::trim).filter(|x| !x.is_empty());
    let text = s("text")?;
    if !(15..=400).contains(&text.chars().count()) {
        return None;
    }
    let category = Category::parse(s("category")?)?;
    let difficulty = Difficulty::parse(s("difficulty")?)?;
    let competency = catalog::norm(s("competency")?);
    if competency.is_empty() || competency.len() > 40 {
        return None;
    }
    Some(Tailored {
        text: text.to_string(),
        category,
        competency,
        difficulty,
        hint: clip(s("hint")?, 240),
        probe: Probe::Stated(clip(s("probes")?, 160)),
        source: Source::Model,
    })
}

/// The model's questions, each checked; at least `needed` must be usable.
pub fn validate_generated(v: &Value, needed: usize) -> Result<Vec<Tailored>, GeneratedError> {
    let items = v["questions"].as_array().ok_or(GeneratedError::NoArray)?;
    let valid: Vec<Tailored> = items.iter().filter_map(item).collect();
    if valid.len() < needed {
        return Err(GeneratedError::TooFew {
            valid: valid.len(),
            needed,
        });
    }
    Ok(valid)
}

/// A stated probe matched to the user's documents where it names one of their skills or lines.
fn link_probe(stated: &str, target: &Target, ctx: &Context<'_>) -> Probe {
    let padded = format!(" {} ", norm_text(stated));
    if let Some(s) = target.gap.iter().find(|s| mentions(&padded, s)) {
        return Probe::Gap(s.clone());
    }
    if let Some(s) = target.shown.iter().find(|s| mentions(&padded, s)) {
        return Probe::JobSkill(s.clone());
    }
    let st = stems(stated);
    if let Some(cv) = ctx.cv
        && let Some(line) = cv.achievements.iter().find(|l| {
            // Most of what the model named is in the line.
            let common = stems(l).intersection(&st).count();
            common >= 2 && common * 5 >= st.len() * 3
        })
    {
        return Probe::Achievement(clip(line.trim(), 160));
    }
    Probe::Stated(stated.to_string())
}

/// The model's questions made safe to show: a near-duplicate of a bank question becomes the
/// bank's question (it can then be practised and mocked), duplicates among them are dropped,
/// probes are matched to the user's documents, and the list is topped up from `offline` to
/// `count`.
pub fn merge(
    bank: &Bank,
    generated: Vec<Tailored>,
    offline: &[Tailored],
    req: &Request,
    ctx: &Context<'_>,
) -> Vec<Tailored> {
    let n = req.count.clamp(MIN_COUNT, MAX_COUNT);
    let target = resolve(req, ctx);
    let bank_stems: Vec<(BTreeSet<String>, &Question)> = bank.all().iter().map(|q| (stems(&q.text), q)).collect();
    let mut out: Vec<(BTreeSet<String>, Tailored)> = Vec::new();
    for mut g in generated {
        let st = stems(&g.text);
        let best = bank_stems
            .iter()
            .map(|(s, q)| (similarity(s, &st), *q))
            .max_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
        if let Probe::Stated(s) = &g.probe {
            g.probe = link_probe(s, &target, ctx);
        }
        let (st, g) = match best {
            Some((sim, q)) if sim >= NEAR_DUPLICATE => (
                stems(&q.text),
                Tailored {
                    text: q.text.clone(),
                    category: q.category,
                    competency: q.competency.clone(),
                    difficulty: q.difficulty,
                    hint: q.hints.first().cloned().unwrap_or(g.hint),
                    probe: g.probe,
                    source: Source::Bank(q.id.clone()),
                },
            ),
            _ => (st, g),
        };
        let dup = out.iter().any(|(s, o)| {
            similarity(s, &st) >= NEAR_DUPLICATE || (o.bank_id().is_some() && o.bank_id() == g.bank_id())
        });
        if !dup && out.len() < n {
            out.push((st, g));
        }
    }
    for o in offline {
        if out.len() >= n {
            break;
        }
        let st = stems(&o.text);
        let dup = out.iter().any(|(s, x)| {
            similarity(s, &st) >= NEAR_DUPLICATE || (x.bank_id().is_some() && x.bank_id() == o.bank_id())
        });
        if !dup {
            out.push((st, o.clone()));
        }
    }
    out.into_iter().map(|(_, t)| t).collect()
}

/// The cache key of an input: a hash of the normalised request, when the CV and job
/// description were added, and the model. A new CV or JD, or another model, asks again.
pub fn cache_key(req: &Request, ctx: &Context<'_>, model: &str) -> String {
    let target = resolve(req, ctx);
    let company = req
        .company
        .as_deref()
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
        .unwrap_or_default();
    let input = format!(
        "v1|{company}|{}|{}|{}|{}|{}|{}|{}|{model}",
        target.role.unwrap_or("-"),
        target.level.slug(),
        req.difficulty.map(|d| d.slug()).unwrap_or("-"),
        req.category.map(|c| c.slug()).unwrap_or("-"),
        req.count.clamp(MIN_COUNT, MAX_COUNT),
        ctx.cv.map(|c| c.added.timestamp_millis()).unwrap_or(0),
        ctx.jd.map(|j| j.added.timestamp_millis()).unwrap_or(0),
    );
    let h = input
        .bytes()
        .fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    format!("{h:016x}")
}

/// The CV and job description summarised for the prompt (skills, lines; no contact details).
pub fn summaries(ctx: &Context<'_>, target: &Target) -> (String, String) {
    let cv = match ctx.cv {
        None => "(no CV on file)".to_string(),
        Some(cv) => format!(
            "Roles: {}\nSkills: {}\nAchievements:\n{}",
            if cv.roles.is_empty() {
                "-".to_string()
            } else {
                clip(&cv.roles.join("; "), 300)
            },
            if cv.skills.is_empty() {
                "-".to_string()
            } else {
                clip(&cv.skills.join(", "), 300)
            },
            cv.achievements
                .iter()
                .take(6)
                .map(|a| format!("- {}", clip(a.trim(), 200)))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let jd = match ctx.jd {
        None => "(no job description on file)".to_string(),
        Some(jd) => format!(
            "Title: {}\nSkills: {}\nSkills the CV does not show: {}\nSeniority: {}\nResponsibilities:\n{}",
            jd.title.as_deref().map(|t| clip(t, 100)).unwrap_or_else(|| "-".into()),
            clip(&jd.skills.join(", "), 300),
            if target.gap.is_empty() {
                "-".to_string()
            } else {
                clip(&target.gap.join(", "), 200)
            },
            clip(&jd.seniority.join(", "), 100),
            jd.responsibilities
                .iter()
                .take(6)
                .map(|r| format!("- {}", clip(r.trim(), 200)))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    (cv, jd)
}
