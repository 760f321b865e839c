//! The engine's use of the language model: which brain answers this turn, the one grading and
//! interviewing call per answer, the report, and the cost accounting. Every path falls back to
//! the offline engine; a fallback is visible in the result (`brain`) and, when the model is
//! paused by the circuit breaker, the user is told once per pause.

use super::conversation::{self, Context};
use super::history;
use super::messages as m;
use super::reply::Reply;
use super::turn::Turn;
use crate::bank::{Persona, Question};
use crate::interview::{AnswerRecord, Session, plan, report::Report};
use crate::llm::{JsonCall, Llm, LlmError, Usage};
use crate::scoring::llm::{self as grader, Decision, GradeContext};
use crate::scoring::{BrainKind, ScoreResult, Target, clip};
use serde_json::{Value, json};

/// The model this turn may use: configured, not paused, and the user under the daily cap.
pub(crate) fn available<'a>(t: &mut Turn<'a>) -> Option<&'a Llm> {
    let llm = t.e.llm.as_deref()?;
    if let Some(n) = llm.paused() {
        tell_paused(t, n);
        return None;
    }
    if let Some(cap) = t.e.config.max_tokens_per_user_day {
        let day = t.usage_day();
        if day.usage.total() >= cap {
            if !t.cap_noted() {
                t.reply(m::llm_cap_reached(cap));
            }
            return None;
        }
    }
    Some(llm)
}

/// Say once per breaker opening that the offline engine answers for now.
fn tell_paused(t: &mut Turn<'_>, opening: u64) {
    let told = t.e.told.get(&t.user).map(|v| *v).unwrap_or(0);
    if told < opening {
        t.e.told.insert(t.user.clone(), opening);
        t.reply(m::llm_paused());
    }
}

/// After a failed call: if that failure paused the model, say so now.
pub(crate) fn after_failure(t: &mut Turn<'_>, llm: &Llm, e: &LlmError) {
    tracing::warn!(error = %e, "LLM call failed; the offline engine answers");
    if let Some(n) = llm.paused() {
        tell_paused(t, n);
    }
}

fn persona_line(p: &Persona) -> String {
    format!("{} — {} Tone: {}", p.name, p.description, p.tone)
}

/// Grade an answer (and decide the interviewer's next move) with the model; the offline
/// result is the floor and the fallback.
pub(crate) async fn grade(
    t: &mut Turn<'_>,
    s: &mut Session,
    q: &Question,
    target: &Target,
    follow_up: Option<&str>,
    answer: &str,
    offline: ScoreResult,
) -> (ScoreResult, Decision) {
    let Some(llm) = available(t) else {
        return (offline, Decision::default());
    };
    let p = t.e.personas.get(&s.settings.persona);
    let index = s.current.as_ref().map(|c| c.index).unwrap_or(0);
    // The next planned question and up to two alternatives the model may choose instead (a
    // drill's questions were chosen by what is due: none; a mock from the job description
    // keeps the questions picked for the job: no alternatives).
    let mut options: Vec<(String, String)> = Vec::new();
    if !s.drill
        && let Some(next) = s.plan.get(index + 1).and_then(|n| t.e.bank.get(&n.question_id))
    {
        options.push((next.id.clone(), next.text.clone()));
        let recent = history::recent_questions(t).unwrap_or_default();
        let n = if s.fixed_plan { 0 } else { 2 };
        for alt in plan::alternatives(&t.e.bank, &s.settings, &s.plan, index + 1, &recent, n) {
            options.push((alt.id.clone(), alt.text.clone()));
        }
    }
    let role = s
        .settings
        .role
        .as_deref()
        .and_then(crate::bank::catalog::role)
        .map(|r| r.label)
        .unwrap_or("general");
    let persona = persona_line(p);
    // On the last question the same call writes the report (one call per user turn); a drill
    // ends with its own summary, no report.
    let addendum = (!s.drill && index + 1 >= s.plan.len()).then(|| {
        let earlier = t.answers(s).unwrap_or_default();
        t.e.prompts.report_in_grading.render(&[
            ("role", role),
            ("level", s.settings.level.slug()),
            ("kind", s.settings.kind.slug()),
            ("turns", &interview_record(&earlier)),
        ])
    });
    let ctx = GradeContext {
        role,
        level: s.settings.level.slug(),
        persona: &persona,
        question: &q.text,
        follow_up,
        options: &options,
        addendum,
    };
    let mut usage = Usage::default();
    let e = t.e;
    let g = grader::Grader {
        llm,
        prompts: &e.prompts,
        weight: e.score_weight.weight,
    };
    let r = grader::grade(&g, &ctx, target, answer, offline, &mut usage).await;
    t.add_usage(usage, Some(s));
    match r {
        Ok(done) => done,
        Err((offline, err)) => {
            after_failure(t, llm, &err);
            (offline, Decision::default())
        }
    }
}

/// One line per answered question: the compact record the model gets instead of transcripts.
fn interview_record(answers: &[AnswerRecord]) -> String {
    if answers.is_empty() {
        return "(none)".into();
    }
    answers
        .iter()
        .map(|a| {
            let weakest = a
                .score
                .rubric
                .items
                .iter()
                .filter(|i| i.max > 0)
                .min_by_key(|i| i.score as u32 * 100 / i.max as u32)
                .map(|i| i.label.as_str())
                .unwrap_or("-");
            format!(
                "- [{}] {} → {}/100; {}; weakest: {}",
                a.score.category.slug(),
                clip(&a.question, 120),
                a.score.overall,
                clip(&a.score.summary, 160),
                weakest
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why the model's draft of an answer was not used (the offline coach drafts instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DraftRefused {
    /// No model answers this turn (none configured, paused, or over the day's allowance).
    Unavailable,
    /// Twice it wrote figures the user never gave (the last time's, as written).
    Invented(Vec<String>),
    /// The call failed (network, server, an unusable reply).
    Failed,
}

/// Why a drafted answer cannot be used; shown to the model on its one retry.
#[derive(Debug, thiserror::Error)]
enum DraftReplyError {
    #[error("\"draft\" (a string of 120 to 250 words of spoken prose) is missing or shorter than 40 words")]
    Short,
    #[error(
        "the draft uses figures the user did not give: {}. Use only the figures in <user_points>, <cv_lines> and <question>, or write the sentence without a figure",
        .0.join(", ")
    )]
    Invented(Vec<String>),
}

/// /draft with a model: one answer written in the user's voice from their points and CV lines
/// only. Every figure in it must be in what they gave (or the question): a draft with another
/// is sent back once with the figures named (`Llm::json`'s retry), then refused.
pub(crate) async fn draft_answer(
    t: &mut Turn<'_>,
    question: &str,
    category: crate::bank::Category,
    points: &str,
    cv_lines: &[String],
) -> Result<String, DraftRefused> {
    let Some(llm) = available(t) else {
        return Err(DraftRefused::Unavailable);
    };
    let parts = crate::copilot::draft::part_names(category);
    let system = format!(
        "{}\n\n{}",
        t.e.prompts.system.render(&[]),
        t.e.prompts
            .draft_answer
            .render(&[("category", category.label()), ("parts", &parts)])
    );
    let defuse = |s: &str| {
        let mut s = s.to_string();
        for tag in ["question", "user_points", "cv_lines"] {
            s = s
                .replace(&format!("</{tag}>"), &format!("</{tag}-text>"))
                .replace(&format!("<{tag}>"), &format!("<{tag}-text>"));
        }
        s
    };
    let cv = if cv_lines.is_empty() {
        "(none)".to_string()
    } else {
        cv_lines
            .iter()
            .map(|l| format!("- {}", defuse(l)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let points_text = if points.trim().is_empty() { "(none)" } else { points };
    let user = format!(
        "<question>\n{}\n</question>\n<user_points>\n{}\n</user_points>\n<cv_lines>\n{cv}\n</cv_lines>",
        defuse(question),
        defuse(points_text)
    );
    let schema = json!({
        "type": "object",
        "properties": {"draft": {"type": "string"}},
        "required": ["draft"]
    });
    let sources: Vec<&str> = [question, points]
        .into_iter()
        .chain(cv_lines.iter().map(String::as_str))
        .collect();
    // The figures of the last draft refused for them (a Mutex: the turn's future is Send).
    let invented = std::sync::Mutex::new(Vec::new());
    let validate = |v: Value| -> Result<Value, DraftReplyError> {
        let draft = v["draft"].as_str().unwrap_or("").trim();
        let short = draft.split_whitespace().count() < 40;
        let bad = crate::copilot::draft::invented_figures(draft, &sources);
        if let Ok(mut last) = invented.lock() {
            *last = if short { Vec::new() } else { bad.clone() };
        }
        if short {
            return Err(DraftReplyError::Short);
        }
        if !bad.is_empty() {
            return Err(DraftReplyError::Invented(bad));
        }
        Ok(v)
    };
    let call = JsonCall {
        system: &system,
        user: &user,
        schema_name: "draft_answer",
        schema: &schema,
        temperature: 0.4,
        max_tokens: 900,
    };
    let mut usage = Usage::default();
    let r = llm.json(&call, &mut usage, validate).await;
    t.add_usage(usage, None);
    match r {
        Ok(v) => Ok(clip(v["draft"].as_str().unwrap_or("").trim(), 3000)),
        Err(e) => {
            after_failure(t, llm, &e);
            let figures = invented.lock().map(|v| v.clone()).unwrap_or_default();
            match e {
                LlmError::BadOutput(_) if !figures.is_empty() => Err(DraftRefused::Invented(figures)),
                _ => Err(DraftRefused::Failed),
            }
        }
    }
}

/// Enrich the offline report with the model's wording; numbers stay ours. Uses the report the
/// last grading call already wrote (`draft`) when there is one; otherwise (an interview ended
/// early) makes one call. Without a model the offline report stands.
pub(crate) async fn report(
    t: &mut Turn<'_>,
    s: &mut Session,
    answers: &[AnswerRecord],
    r: Report,
    draft: Option<Value>,
) -> Report {
    if let Some(v) = draft
        && let Ok(v) = validate_report(v)
    {
        return apply_report(r, &v);
    }
    let Some(llm) = available(t) else {
        return r;
    };
    let offline_report = json!({
        "overall": r.overall, "communication": r.communication, "content": r.content,
        "confidence": r.confidence, "summary": r.summary, "strengths": r.strengths,
        "improvements": r.improvements,
        "skill_gaps": r.skill_gaps.iter().map(|g| format!("{} ({}/100): {}", g.area, g.score, g.evidence)).collect::<Vec<_>>(),
        "next_steps": r.next_steps,
    })
    .to_string();
    let role = s
        .settings
        .role
        .as_deref()
        .and_then(crate::bank::catalog::role)
        .map(|r| r.label)
        .unwrap_or("general");
    let system = format!(
        "{}\n\n{}",
        t.e.prompts.system.render(&[]),
        t.e.prompts.final_report.render(&[
            ("role", role),
            ("level", s.settings.level.slug()),
            ("kind", s.settings.kind.slug()),
            ("turns", &interview_record(answers)),
            ("offline_report", &offline_report),
        ])
    );
    let schema = report_schema();
    let request = t.e.prompts.final_report_request.render(&[]);
    let call = JsonCall {
        system: &system,
        user: request.trim(),
        schema_name: "interview_report",
        schema: &schema,
        temperature: 0.2,
        max_tokens: 900,
    };
    let mut usage = Usage::default();
    let res = llm.json(&call, &mut usage, validate_report).await;
    t.add_usage(usage, Some(s));
    match res {
        Ok(v) => apply_report(r, &v),
        Err(e) => {
            after_failure(t, llm, &e);
            r
        }
    }
}

/// The model's wording over our report: summary, strengths, improvements, next steps (and
/// skill gaps where the numbers found none). Scores are never taken from the model.
fn apply_report(mut r: Report, v: &Value) -> Report {
    let list = |k: &str| -> Vec<String> {
        v[k].as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str())
                    .map(|x| clip(x.trim(), 240))
                    .filter(|x| !x.is_empty())
                    .take(4)
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(sm) = v["summary"].as_str().map(str::trim).filter(|x| !x.is_empty()) {
        r.summary = clip(sm, 600);
    }
    for (field, key) in [
        (&mut r.strengths, "strengths"),
        (&mut r.improvements, "improvements"),
        (&mut r.next_steps, "next_steps"),
    ] {
        let l = list(key);
        if !l.is_empty() {
            *field = l;
        }
    }
    if r.skill_gaps.is_empty() {
        r.skill_gaps = list("skill_gaps")
            .into_iter()
            .map(|area| crate::interview::report::SkillGap {
                area,
                score: r.content,
                evidence: String::new(),
            })
            .collect();
    }
    r.brain = BrainKind::Llm;
    r
}

fn report_schema() -> Value {
    let list = json!({"type": "array", "items": {"type": "string"}});
    json!({
        "type": "object",
        "properties": {"summary": {"type": "string"}, "strengths": list, "improvements": list,
                        "skill_gaps": list, "next_steps": list},
        "required": ["summary", "strengths", "improvements", "skill_gaps", "next_steps"]
    })
}

/// The model's report lacks both the summary and every list.
#[derive(Debug, thiserror::Error)]
#[error("\"summary\" (string) and the lists strengths, improvements, next_steps are missing")]
struct EmptyReport;

fn validate_report(v: Value) -> Result<Value, EmptyReport> {
    let ok_summary = v["summary"].as_str().is_some_and(|s| !s.trim().is_empty());
    let lists = ["strengths", "improvements", "next_steps"]
        .iter()
        .filter(|k| v[**k].as_array().is_some_and(|a| a.iter().any(|x| x.is_string())))
        .count();
    if !ok_summary && lists == 0 {
        return Err(EmptyReport);
    }
    Ok(v)
}

/// Coach chat outside interviews, streamed: `Some(reply)` when the model answered. On a
/// fault the caller answers offline (with the same stream id, so a partly shown stream is
/// replaced by the offline answer). The model sees the bounded context `ctx`
/// (`conversation.rs`): the summary and recent turns in the user turn, tagged and defused.
pub(crate) async fn chat(
    t: &mut Turn<'_>,
    message: &str,
    guide: Option<&crate::copilot::Guide>,
    ctx: &Context,
) -> (u32, Option<(Reply, String)>) {
    let stream = t.new_stream();
    let Some(llm) = available(t) else {
        return (stream, None);
    };
    let guide_text = guide
        .map(|g| format!("{}: {}", g.title, clip(&g.body_plain(), 1500)))
        .unwrap_or_else(|| "none".into());
    let system = format!(
        "{}\n\n{}",
        t.e.prompts.system.render(&[]),
        t.e.prompts.coach_chat.render(&[
            ("profile", &ctx.profile),
            ("weak_areas", &ctx.weak_areas),
            ("guide", &guide_text),
        ])
    );
    let user = format!(
        "<cv_and_job>\n{}\n</cv_and_job>\n<conversation_summary>\n{}\n</conversation_summary>\n<recent_turns>\n{}\n</recent_turns>\n<user_message>\n{}\n</user_message>",
        ctx.cv_jd,
        ctx.summary,
        ctx.recent,
        conversation::defuse(message)
    );
    let mut usage = Usage::default();
    let r = {
        let tt: &Turn<'_> = t;
        llm.stream_text(&system, &user, 600, &mut usage, |so_far| tt.partial(stream, so_far))
            .await
    };
    t.add_usage(usage, None);
    match r {
        Ok(text) => {
            let mut reply = m::coach_chat_reply(&t.user, &text);
            reply.stream = Some(stream);
            (stream, Some((reply, text)))
        }
        Err((_, e)) => {
            after_failure(t, llm, &e);
            (stream, None)
        }
    }
}

/// The model's wording of a study plan (/plan): an introduction and day notes, checked by
/// `practice::wording` (no number or day the plan does not hold; one retry shown the error).
/// `None` offline, on any fault, or when the wording is refused twice: the plan's own text
/// stands.
pub(crate) async fn plan_wording(
    t: &mut Turn<'_>,
    plan_text: &str,
    days: &[chrono::NaiveDate],
    weak_areas: &str,
) -> Option<crate::practice::wording::Wording> {
    let llm = available(t)?;
    let system = format!(
        "{}\n\n{}",
        t.e.prompts.system.render(&[]),
        t.e.prompts
            .plan_wording
            .render(&[("plan", plan_text), ("weak_areas", weak_areas)])
    );
    let schema = json!({
        "type": "object",
        "properties": {
            "intro": {"type": "string"},
            "days": {"type": "array", "items": {"type": "object",
                "properties": {"date": {"type": "string"}, "note": {"type": "string"}},
                "required": ["date", "note"]}}
        },
        "required": ["intro", "days"]
    });
    let call = JsonCall {
        system: &system,
        user: "Word the plan.",
        schema_name: "plan_wording",
        schema: &schema,
        temperature: 0.3,
        max_tokens: 600,
    };
    let mut usage = Usage::default();
    let res = llm
        .json(&call, &mut usage, |v| {
            crate::practice::wording::check(&v, plan_text, days).map(|_| v)
        })
        .await;
    t.add_usage(usage, None);
    match res {
        Ok(v) => crate::practice::wording::check(&v, plan_text, days).ok(),
        Err(e) => {
            after_failure(t, llm, &e);
            None
        }
    }
}
