//! A model's wording of the study plan, checked before it is shown: the model may add an
//! introduction and a short note to some days, never a number the plan does not hold (minutes,
//! dates and counts stay the plan's) and never a day the plan does not have. Pure.

use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashSet;

/// The longest introduction and day note accepted.
pub const MAX_INTRO: usize = 400;
pub const MAX_NOTE: usize = 160;

/// The checked wording: an introduction, and notes by day (plan order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub intro: String,
    pub notes: Vec<(NaiveDate, String)>,
}

impl Wording {
    pub fn note(&self, day: NaiveDate) -> Option<&str> {
        self.notes.iter().find(|(d, _)| *d == day).map(|(_, n)| n.as_str())
    }
}

/// Why the model's wording is refused (shown to the model on its one retry).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WordingError {
    #[error("\"intro\" must be a non-empty string of at most {MAX_INTRO} characters")]
    Intro,
    #[error("the number {0} is not in the plan: use only the plan's numbers, change none")]
    Number(String),
    #[error("{0:?} is not a day of the plan (dates are YYYY-MM-DD, from the plan)")]
    Day(String),
    #[error("a day's note must be a non-empty string of at most {MAX_NOTE} characters")]
    Note,
}

/// The runs of digits in `s` ("25 min on Tue 8 Dec" → 25, 8).
fn numbers(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_ascii_digit()).filter(|w| !w.is_empty())
}

/// Check `{"intro": "...", "days": [{"date": "YYYY-MM-DD", "note": "..."}]}` against the plan
/// as the model was shown it (`plan_text`) and the plan's days.
pub fn check(v: &Value, plan_text: &str, days: &[NaiveDate]) -> Result<Wording, WordingError> {
    let allowed: HashSet<&str> = numbers(plan_text).collect();
    let foreign = |text: &str| -> Result<(), WordingError> {
        match numbers(text).find(|n| !allowed.contains(n)) {
            Some(n) => Err(WordingError::Number(n.to_string())),
            None => Ok(()),
        }
    };
    let intro = v["intro"].as_str().map(str::trim).unwrap_or("");
    if intro.is_empty() || intro.chars().count() > MAX_INTRO {
        return Err(WordingError::Intro);
    }
    foreign(intro)?;
    let mut notes = Vec::new();
    for d in v["days"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
        let date = d["date"].as_str().unwrap_or("").trim();
        let day = date
            .parse::<NaiveDate>()
            .ok()
            .filter(|day| days.contains(day))
            .ok_or_else(|| WordingError::Day(date.chars().take(20).collect()))?;
        let note = d["note"].as_str().map(str::trim).unwrap_or("");
        if note.is_empty() || note.chars().count() > MAX_NOTE {
            return Err(WordingError::Note);
        }
        foreign(note)?;
        if !notes.iter().any(|(d, _)| *d == day) {
            notes.push((day, note.to_string()));
        }
    }
    notes.sort_by_key(|(d, _)| *d);
    Ok(Wording {
        intro: intro.to_string(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PLAN: &str = "Study plan for the next 14 days\n- Today (Tue 8 Dec): review conflict (/practice) — 10 min\n- Wed 9 Dec: mock interview (/mock) — 30 min\nIn all 40 min.";

    fn days() -> Vec<NaiveDate> {
        vec!["2026-12-08".parse().unwrap(), "2026-12-09".parse().unwrap()]
    }

    #[test]
    fn wording_with_the_plans_numbers_is_kept() {
        let v = json!({"intro": "Two days, 40 min in all: conflict first.",
                       "days": [{"date": "2026-12-09", "note": "Treat the 30 min mock like the real thing."}]});
        let w = check(&v, PLAN, &days()).unwrap();
        assert_eq!(w.intro, "Two days, 40 min in all: conflict first.");
        assert_eq!(
            w.note("2026-12-09".parse().unwrap()),
            Some("Treat the 30 min mock like the real thing.")
        );
        assert_eq!(w.note("2026-12-08".parse().unwrap()), None);
    }

    #[test]
    fn a_number_the_plan_does_not_hold_is_refused() {
        let v = json!({"intro": "Spend 45 min a day on conflict.", "days": []});
        assert_eq!(check(&v, PLAN, &days()), Err(WordingError::Number("45".into())));
        let v = json!({"intro": "Conflict first.", "days": [{"date": "2026-12-08", "note": "Do 3 drills."}]});
        assert_eq!(check(&v, PLAN, &days()), Err(WordingError::Number("3".into())));
    }

    #[test]
    fn a_day_outside_the_plan_or_an_empty_intro_is_refused() {
        let v = json!({"intro": "Go.", "days": [{"date": "2026-12-25", "note": "Rest."}]});
        assert_eq!(check(&v, PLAN, &days()), Err(WordingError::Day("2026-12-25".into())));
        let v = json!({"intro": "  ", "days": []});
        assert_eq!(check(&v, PLAN, &days()), Err(WordingError::Intro));
        let v = json!({"intro": "Go.", "days": [{"date": "2026-12-08", "note": ""}]});
        assert_eq!(check(&v, PLAN, &days()), Err(WordingError::Note));
    }
}
