//! The model's part in interview prep (issue #18): /questions' tailored list and /company's
//! research brief. One validated JSON call each through `brain::available` (configured, not
//! paused, under the daily cap), tokens counted on the user's day; `None` on any fault, and the
//! caller answers offline. The company's name and the CV and job summaries go in the user
//! message between tags, never into the instructions; nothing of them is logged.

use super::brain;
use super::turn::Turn;
use crate::copilot::company::{self, Industry, ModelBrief};
use crate::copilot::docs::Jd;
use crate::copilot::questions::{self, Context, MAX_COUNT, MIN_COUNT, Request, Tailored, Target};
use crate::llm::{JsonCall, Usage};
use crate::scoring::clip;

/// `<tag>text</tag>`, with any of our tags inside the text defused.
fn tagged(tag: &str, text: &str) -> String {
    let mut safe = text.to_string();
    for t in ["company", "cv", "job_description"] {
        safe = safe
            .replace(&format!("</{t}>"), &format!("</{t}-text>"))
            .replace(&format!("<{t}>"), &format!("<{t}-text>"));
    }
    format!("<{tag}>\n{safe}\n</{tag}>")
}

fn role_label(role: Option<&str>) -> &'static str {
    role.and_then(crate::bank::catalog::role)
        .map(|r| r.label)
        .unwrap_or("not specified")
}

/// The model's questions for this input, checked (`questions::validate_generated`): at least
/// half the count must be usable. `None` without a model or on any fault.
pub(crate) async fn generate_questions(
    t: &mut Turn<'_>,
    req: &Request,
    ctx: &Context<'_>,
    target: &Target,
) -> Option<Vec<Tailored>> {
    let llm = brain::available(t)?;
    let n = req.count.clamp(MIN_COUNT, MAX_COUNT);
    let (cv, jd) = questions::summaries(ctx, target);
    let count = n.to_string();
    let system = format!(
        "{}\n\n{}",
        t.e.prompts.system.render(&[]),
        t.e.prompts.tailored_questions.render(&[
            ("role", role_label(target.role)),
            ("level", target.level.slug()),
            (
                "difficulty",
                req.difficulty.map(|d| d.slug()).unwrap_or("fitting the level")
            ),
            ("category", req.category.map(|c| c.slug()).unwrap_or("any")),
            ("count", &count),
        ])
    );
    let company = req.company.as_deref().unwrap_or("(not named)");
    let user = format!(
        "{}\n{}\n{}",
        tagged("company", company),
        tagged("cv", &cv),
        tagged("job_description", &jd)
    );
    let schema = questions::schema();
    let call = JsonCall {
        system: &system,
        user: &user,
        schema_name: "tailored_questions",
        schema: &schema,
        temperature: 0.2,
        max_tokens: 1800,
    };
    let needed = n.div_ceil(2);
    let mut usage = Usage::default();
    let res = llm
        .json(&call, &mut usage, |v| {
            questions::validate_generated(&v, needed).map(|_| v)
        })
        .await;
    t.add_usage(usage, None);
    match res {
        Ok(v) => {
            let list = questions::validate_generated(&v, needed).ok();
            tracing::info!(
                questions = list.as_ref().map(Vec::len),
                "tailored questions from the model"
            );
            list
        }
        Err(e) => {
            brain::after_failure(t, llm, &e);
            None
        }
    }
}

/// The model's research brief on a company, checked (`company::validate_brief`). `None`
/// without a model or on any fault.
pub(crate) async fn company_brief(
    t: &mut Turn<'_>,
    name: &str,
    role: Option<&str>,
    industry: Option<&Industry>,
    jd: Option<&Jd>,
) -> Option<ModelBrief> {
    let llm = brain::available(t)?;
    let notes = industry
        .map(company::notes_plain)
        .unwrap_or_else(|| "none (industry unknown)".into());
    let system = format!(
        "{}\n\n{}",
        t.e.prompts.system.render(&[]),
        t.e.prompts
            .company_brief
            .render(&[("role", role_label(role)), ("industry", &clip(&notes, 1500))])
    );
    let mut user = tagged("company", name);
    if let Some(jd) = jd {
        let summary = format!(
            "Title: {}\nSkills: {}\nResponsibilities: {}",
            jd.title.as_deref().unwrap_or("-"),
            clip(&jd.skills.join(", "), 300),
            clip(&jd.responsibilities.join("; "), 600)
        );
        user.push('\n');
        user.push_str(&tagged("job_description", &summary));
    }
    let schema = company::schema();
    let call = JsonCall {
        system: &system,
        user: &user,
        schema_name: "company_brief",
        schema: &schema,
        temperature: 0.2,
        max_tokens: 900,
    };
    let mut usage = Usage::default();
    let res = llm.json(&call, &mut usage, company::validate_brief).await;
    t.add_usage(usage, None);
    match res {
        Ok(v) => Some(company::model_brief(&v)),
        Err(e) => {
            brain::after_failure(t, llm, &e);
            None
        }
    }
}
