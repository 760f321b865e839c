//! /plan — the day-by-day study plan (`practice::study`) from the user's cards, booked mock
//! interviews and interview date (/profile interview-date), computed from the data each time it
//! is asked (nothing stale is stored). /report's plan section uses the same [`build`]. The plan
//! is worded offline; a configured model does not reword it yet.

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
    t.reply(m::study_plan(&plan, tz, !plan.weakest.is_empty()));
    Ok(())
}
