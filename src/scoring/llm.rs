//! The LLM grader: the same rubric, weights and [`ScoreResult`] as the offline scorer. The
//! model's JSON is validated field by field; what is missing or out of range is taken from the
//! offline result; evidence quotes that do not occur in the answer are dropped; the overall is
//! computed by our formula (never taken from the model), blended with the offline score, and
//! capped by the offline guards (empty, trivial, off-topic, keyword stuffing, too short).

use super::feedback::clip;
use super::ledger::{Op, Why};
use super::result::{BrainKind, Dimensions, KeyPointHit, ScoreResult};
use serde_json::{Value, json};

/// What the interviewer side of the same call decided.
#[derive(Debug, Clone, Default)]
pub struct Decision {
    pub follow_up: Option<String>,
    pub next_question: Option<String>,
    /// The final report, when the call asked for it (the last question).
    pub report: Option<Value>,
    /// The model's own overall (0–100) before the blend and the offline guards.
    pub model_overall: Option<u8>,
}

/// The JSON schema the grader must fill.
pub fn schema() -> Value {
    let s = json!({"type": "string"});
    let i = json!({"type": "integer"});
    json!({
        "type": "object",
        "properties": {
            "rubric": {"type": "array", "items": {"type": "object", "properties": {
                "key": s, "score": i, "evidence": s, "note": s
            }, "required": ["key", "score", "evidence", "note"]}},
            "dimensions": {"type": "object", "properties": {
                "structure": i, "relevance": i, "specificity": i, "communication": i, "impact": i
            }, "required": ["structure", "relevance", "specificity", "communication", "impact"]},
            "key_points_covered": {"type": "array", "items": {"type": "object", "properties": {
                "point": s, "quote": s}, "required": ["point", "quote"]}},
            "key_points_missed": {"type": "array", "items": s},
            "strengths": {"type": "array", "items": s},
            "improvement": s,
            "summary": s,
            "follow_up": s,
            "next_question": s
        },
        "required": ["rubric", "dimensions", "improvement", "summary", "follow_up"]
    })
}

/// The candidate's answer as delimited data. A closing tag inside the answer is defused so
/// the answer cannot end its own block early.
pub fn answer_message(answer: &str) -> String {
    let safe = answer
        .replace("</candidate_answer>", "</candidate-answer>")
        .replace("<candidate_answer>", "<candidate-answer>");
    format!("<candidate_answer>\n{safe}\n</candidate_answer>")
}

/// Why a model's grading reply cannot be used (the model is shown the message in its one retry).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradeReplyError {
    #[error("\"rubric\" (array of {{key, score, evidence, note}}) and \"dimensions\" are missing or not numbers")]
    NoScores,
}

/// The check handed to the client: enough of the shape to be worth merging. Anything less
/// triggers one corrective retry, then the offline fallback.
pub fn validate(v: Value) -> Result<Value, GradeReplyError> {
    let has_rubric = v["rubric"]
        .as_array()
        .is_some_and(|a| a.iter().any(|i| number(&i["score"]).is_some()));
    let has_dims = v["dimensions"].is_object()
        && ["structure", "relevance", "specificity", "communication", "impact"]
            .iter()
            .filter(|k| number(&v["dimensions"][**k]).is_some())
            .count()
            >= 3;
    if !has_rubric && !has_dims {
        return Err(GradeReplyError::NoScores);
    }
    Ok(v)
}

/// A number the model wrote as a number, a numeric string, or a float.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

fn text(v: &Value, max: usize) -> Option<String> {
    v.as_str()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .map(|s| clip(s, max))
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c == '"' || c == '…')
        .to_string()
}

/// Does the quote occur in the answer (ignoring case, spacing and outer punctuation)?
pub fn quote_in(answer_norm: &str, quote: &str) -> bool {
    let q = norm(quote);
    q.chars().count() >= 8 && answer_norm.contains(&q)
}

/// The most any model may give an answer the offline scorer judged as it did: hopeless
/// answers (empty, trivial, off-topic, stuffed) keep their offline score; otherwise the lowest
/// cap the offline guards set (a misconception, a short answer…).
pub fn guard_cap(off: &ScoreResult) -> u8 {
    guard(off).0
}

/// [`guard_cap`] and why.
fn guard(off: &ScoreResult) -> (u8, Why) {
    if off.hopeless() {
        return (off.overall, Why::Hopeless);
    }
    let by_length = match off.style.words {
        0 => 0,
        1..=7 => 12,
        8..=19 => 35,
        20..=34 => 62,
        _ => 100,
    };
    match off.ledger.ceiling() {
        (at, Some(why)) if at <= by_length => (at, why),
        _ => (by_length, Why::Short),
    }
}

/// Merge the model's JSON into a result. `weight` is the LLM's share of the blended overall.
pub fn merge(off: &ScoreResult, v: &Value, answer: &str, weight: f64) -> (ScoreResult, Decision) {
    let answer_norm = norm(answer);
    let mut r = off.clone();
    r.brain = BrainKind::Llm;
    // Rubric items: ours are the keys; the model's scores are clamped; quotes are checked.
    let items = v["rubric"].as_array().cloned().unwrap_or_default();
    for item in r.rubric.items.iter_mut() {
        let Some(m) = items
            .iter()
            .find(|m| m["key"].as_str().is_some_and(|k| k.eq_ignore_ascii_case(&item.key)))
        else {
            continue;
        };
        let Some(score) = number(&m["score"]).filter(|s| *s >= 0.0 && *s <= item.max as f64) else {
            continue;
        };
        item.score = score.round() as u8;
        item.evidence = m["evidence"]
            .as_str()
            .filter(|q| quote_in(&answer_norm, q))
            .map(|q| clip(q, 300));
        if let Some(n) = text(&m["note"], 160) {
            item.note = n;
        }
    }
    let d = &v["dimensions"];
    let pick = |k: &str, old: u8| {
        number(&d[k])
            .filter(|x| (0.0..=100.0).contains(x))
            .map_or(old, |x| x.round() as u8)
    };
    r.breakdown = Dimensions {
        structure: pick("structure", off.breakdown.structure),
        relevance: pick("relevance", off.breakdown.relevance),
        specificity: pick("specificity", off.breakdown.specificity),
        communication: pick("communication", off.breakdown.communication),
        impact: pick("impact", off.breakdown.impact),
    };
    // Key points: keep the model's only where its quote is really in the answer.
    if let Some(kp) = v["key_points_covered"].as_array() {
        let hits: Vec<KeyPointHit> = kp
            .iter()
            .filter_map(|h| {
                let point = text(&h["point"], 160)?;
                let quote = h["quote"].as_str().filter(|q| quote_in(&answer_norm, q))?;
                Some(KeyPointHit {
                    point,
                    quote: clip(quote, 300),
                })
            })
            .take(8)
            .collect();
        if !hits.is_empty() {
            let covered: Vec<String> = hits.iter().map(|h| norm(&h.point)).collect();
            r.evidence.key_points_missed.retain(|m| !covered.contains(&norm(m)));
            r.evidence.key_points_covered = hits;
        }
    }
    if let Some(s) = v["strengths"].as_array() {
        let s: Vec<String> = s.iter().filter_map(|x| text(x, 120)).take(3).collect();
        if !s.is_empty() {
            r.strengths = s;
        }
    }
    if let Some(t) = text(&v["improvement"], 400) {
        r.improvement = t;
    }
    if let Some(t) = text(&v["summary"], 300) {
        r.summary = t;
    }
    let rubric_frac = if r.rubric.max() > 0 {
        r.rubric.total() as f64 / r.rubric.max() as f64
    } else {
        r.breakdown.weighted() / 100.0
    };
    let llm = (0.5 * r.breakdown.weighted() + 0.5 * rubric_frac * 100.0)
        .round()
        .clamp(0.0, 100.0) as u8;
    // The ledger goes on from the offline score: the model's blend, then the offline guards.
    let (cap, why) = guard(off);
    r.overall = blend(off.overall, llm, cap, weight);
    r.ledger.push(
        Op::Blend {
            model: llm,
            model_pct: pct(weight),
        },
        Why::Model,
    );
    r.ledger.push(
        Op::Cap {
            at: cap.max(off.overall),
        },
        why,
    );
    debug_assert_eq!(r.ledger.value(), r.overall);
    let decision = Decision {
        follow_up: text(&v["follow_up"], 300).filter(|f| f.contains('?') || f.split_whitespace().count() >= 4),
        next_question: text(&v["next_question"], 80),
        report: v.get("report").filter(|r| r.is_object()).cloned(),
        model_overall: Some(llm),
    };
    (r, decision)
}

/// The blended overall: the model's share `weight` (0–1), the offline scorer's the rest, never
/// above the offline guard `cap`. Weight 0 is the offline score exactly.
pub fn blend(offline: u8, model: u8, cap: u8, weight: f64) -> u8 {
    let blended = Op::Blend {
        model,
        model_pct: pct(weight),
    }
    .apply(offline);
    blended.min(cap.max(offline))
}

/// A weight (0–1) in whole percent.
fn pct(weight: f64) -> u8 {
    (weight.clamp(0.0, 1.0) * 100.0).round() as u8
}

/// Who is asking, about what: the context of one grading call.
pub struct GradeContext<'a> {
    pub role: &'a str,
    pub level: &'a str,
    pub persona: &'a str,
    pub question: &'a str,
    pub follow_up: Option<&'a str>,
    /// Next-question options offered to the interviewer (id, text); empty outside interviews.
    pub options: &'a [(String, String)],
    /// Extra instructions appended to the grading prompt (the report of the last question).
    pub addendum: Option<String>,
}

impl<'a> GradeContext<'a> {
    /// One answer graded on its own (`coach score`, calibration): a neutral interviewer, no
    /// interview around it.
    pub fn standalone(question: &'a str, role: &'a str) -> GradeContext<'a> {
        GradeContext {
            role,
            level: "mid",
            persona: "a fair, neutral interviewer",
            question,
            follow_up: None,
            options: &[],
            addendum: None,
        }
    }
}

/// The model, its prompts, and the model's share of the blended score.
pub struct Grader<'a> {
    pub llm: &'a crate::llm::Llm,
    pub prompts: &'a crate::llm::Prompts,
    pub weight: f64,
}

/// One grading call. The offline result is the floor: on any fault it comes back unchanged
/// (with `brain: offline`) together with the error. Tokens of every call go to `usage`.
pub async fn grade(
    g: &Grader<'_>,
    ctx: &GradeContext<'_>,
    target: &super::target::Target,
    answer: &str,
    offline: ScoreResult,
    usage: &mut crate::llm::Usage,
) -> Result<(ScoreResult, Decision), (ScoreResult, crate::llm::LlmError)> {
    let rubric: String = offline
        .rubric
        .items
        .iter()
        .map(|i| format!("- {} ({}): max {}", i.key, i.label, i.max))
        .collect::<Vec<_>>()
        .join("\n");
    let key_points: String = if target.key_points.is_empty() {
        "- (none listed: judge by the rubric)".into()
    } else {
        target
            .key_points
            .iter()
            .map(|k| format!("- {}", k.text))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let candidates = if ctx.options.is_empty() {
        "(none: keep \"next_question\" empty)".to_string()
    } else {
        ctx.options
            .iter()
            .map(|(id, text)| format!("- {id}: {}", clip(text, 200)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut system = format!(
        "{}\n\n{}",
        g.prompts.system.render(&[]),
        g.prompts.score_answer.render(&[
            ("role", ctx.role),
            ("level", ctx.level),
            ("persona", ctx.persona),
            ("category", offline.category.slug()),
            ("question", ctx.question),
            ("follow_up", ctx.follow_up.unwrap_or("none")),
            ("rubric", &rubric),
            ("key_points", &key_points),
            ("candidates", &candidates),
        ])
    );
    let mut schema = schema();
    if let Some(extra) = &ctx.addendum {
        system.push_str("\n\n");
        system.push_str(extra);
        let list = json!({"type": "array", "items": {"type": "string"}});
        schema["properties"]["report"] = json!({"type": "object", "properties": {
            "summary": {"type": "string"}, "strengths": list, "improvements": list,
            "skill_gaps": list, "next_steps": list}});
    }
    // The grader sees the answer without sentences that address it.
    let shown = super::offline::without_instructions(answer);
    let user = answer_message(&shown);
    let call = crate::llm::JsonCall {
        system: &system,
        user: &user,
        schema_name: "answer_grade",
        schema: &schema,
        temperature: 0.0,
        max_tokens: if ctx.addendum.is_some() { 1500 } else { 900 },
    };
    match g.llm.json(&call, usage, validate).await {
        Ok(v) => {
            let (score, mut d) = merge(&offline, &v, &shown, g.weight);
            // Only an offered option may replace the planned question.
            if d.next_question
                .as_ref()
                .is_some_and(|id| !ctx.options.iter().any(|(o, _)| o == id))
            {
                d.next_question = None;
            }
            Ok((score, d))
        }
        Err(e) => Err((offline, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model is shown this message in its one retry: it names the fields it lacks.
    #[test]
    fn a_reply_without_scores_is_refused_with_the_fields_named() {
        let e = validate(json!({"summary": "fine", "rubric": [{"key": "result"}]})).unwrap_err();
        assert_eq!(e, GradeReplyError::NoScores);
        assert_eq!(
            e.to_string(),
            "\"rubric\" (array of {key, score, evidence, note}) and \"dimensions\" are missing or not numbers"
        );
        assert!(validate(json!({"rubric": [{"key": "result", "score": "20"}]})).is_ok());
    }
}
