//! /plan — the day-by-day study plan (`practice::study`) from the user's cards, booked mock
//! interviews and interview date (/profile interview-date), computed from the data each time it
//! is asked (nothing stale is stored). /report's plan section uses the same [`build`]. With a
//! model configured it may add an introduction and day notes (`brain::plan_wording`, checked
//! by `practice::wording`: no number or day the plan does not hold); its numbers stay the plan's.

use crate::engine::error::Result;
use crate::engine::history;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::practice::study::{self, StudyPlan};
use chrono_tz::Tz;

pub(super) fn build(t: &Turn<'_>) -> Result<StudyPlan> {
    let tz = super::schedule::user_tz(t)?;
    let profile = t.profile()?;
    let cards = history::cards(t)?;
    let booked: Vec<_> = super::schedule::upcoming(t)?.iter().map(|b| b.at).collect();
    Ok(study::build(
        &cards,
        &booked,
        t.now,
        tz.unwrap_or(Tz::UTC),
        profile.interview_date,
    ))
}

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let plan = build(t)?;
    let tz = super::schedule::user_tz(t)?;
    let shown = m::plan_for_model(&plan, tz);
    let days: Vec<_> = plan.days.iter().map(|d| d.date).collect();
    let weak: Vec<String> = plan.weakest.iter().take(3).map(|a| m::area_label(a)).collect();
    let weak = if weak.is_empty() {
        "none yet".to_string()
    } else {
        weak.join(", ")
    };
    let wording = crate::engine::brain::plan_wording(t, &shown, &days, &weak).await;
    t.reply(m::study_plan(&plan, tz, wording.as_ref()));
    Ok(())
}
