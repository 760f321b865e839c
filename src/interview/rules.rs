//! The interview's rules as pure functions: how long a question may take, when its time warning
//! comes, the alarm's next moment, what is due when the alarm fires, whether an answer gets a
//! follow-up and which one, and how a closed question counts. The engine
//! (`engine::interview_turns`) applies them to the session in a turn; the answers to "when does
//! a question time out?" and "where is the follow-up decided?" are here.

use super::{Alarm, Current, OutcomeKind};
use crate::scoring::RubricItem;
use chrono::{DateTime, Duration, Utc};

/// Seconds a question may take: the bank's limit (a follow-up gets half of it, 60–180 s),
/// scaled by the configured time factor, never under 20 s.
pub fn time_limit(question_secs: u32, follow_up: bool, time_factor: f64) -> i64 {
    let base = if follow_up {
        (question_secs / 2).clamp(60, 180)
    } else {
        question_secs
    } as f64;
    (base * time_factor).round().max(20.0) as i64
}

/// How long before the deadline the time warning comes.
pub fn warn_before(limit: i64) -> i64 {
    if limit >= 180 {
        60
    } else if limit >= 90 {
        30
    } else {
        (limit / 3).max(5)
    }
}

/// When the time warning of a turn is due (none when its limit is too short for one).
pub fn warn_at(c: &Current) -> Option<DateTime<Utc>> {
    let limit = (c.deadline - c.asked_at).num_seconds();
    let w = c.deadline - Duration::seconds(warn_before(limit));
    (w > c.asked_at).then_some(w)
}

/// The next moment something is due in an interview in progress: the end of a late answer's
/// grace when one runs; else the current question's warning (until given) or time-out, or the
/// overall cap, whichever comes first.
pub fn next_due(current: Option<&Current>, cap_at: DateTime<Utc>) -> DateTime<Utc> {
    if let Some(until) = current.and_then(|c| c.late_until) {
        return until;
    }
    let question = current.map(|c| match warn_at(c) {
        Some(w) if !c.warned => w,
        _ => c.deadline,
    });
    question.map_or(cap_at, |q| q.min(cap_at))
}

/// Whether the interview's alarm must be set (again) to fire at `due`: there is none, it is
/// later than `due`, or it is long overdue (lost: a job that fails removes itself). An answer
/// only moves moments later, so an alarm in place stays and, firing early, finds nothing due.
pub fn alarm_needs_setting(alarm: Option<&Alarm>, due: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    alarm.is_none_or(|a| a.due > due || a.due + Duration::seconds(60) < now)
}

/// What is due when the alarm fires. While a late answer's grace runs, only its end; otherwise,
/// after downtime several moments can be overdue at once: the overall cap wins, then the
/// time-out, then the warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The grace for a late answer is over, and none came.
    GraceOver,
    /// The interview's overall time is up.
    Cap,
    /// The current question's time is up.
    TimeOut,
    /// The warning, with the seconds left.
    Warning { left: i64 },
    /// Nothing yet (the alarm fired early: an answer moved the moments later).
    Nothing,
}

pub fn due(current: Option<&Current>, cap_at: DateTime<Utc>, now: DateTime<Utc>) -> Due {
    if let Some(until) = current.and_then(|c| c.late_until) {
        return if now >= until { Due::GraceOver } else { Due::Nothing };
    }
    if now >= cap_at {
        return Due::Cap;
    }
    let Some(c) = current else { return Due::Nothing };
    if now >= c.deadline {
        Due::TimeOut
    } else if !c.warned && warn_at(c).is_some_and(|w| now >= w) {
        Due::Warning {
            left: (c.deadline - now).num_seconds().max(1),
        }
    } else {
        Due::Nothing
    }
}

/// How a closed question counts: something answered before a follow-up was skipped or timed
/// out stands as answered with its score; otherwise the kind stands, scoring 0 unanswered.
pub fn closed(kind: OutcomeKind, score_so_far: Option<u8>) -> (OutcomeKind, u8) {
    match (kind, score_so_far) {
        (OutcomeKind::Skipped | OutcomeKind::TimedOut, Some(sc)) => (OutcomeKind::Answered, sc),
        (OutcomeKind::Answered, sc) => (OutcomeKind::Answered, sc.unwrap_or(0)),
        (k, None) => (k, 0),
    }
}

/// What an answer tells the follow-up rule.
#[derive(Debug, Clone, Copy)]
pub struct Answered<'a> {
    pub overall: u8,
    /// Judged no answer at all (`ScoreResult::hopeless`): never probed.
    pub hopeless: bool,
    /// Flagged too short.
    pub too_short: bool,
    pub rubric: &'a [RubricItem],
}

/// The persona's follow-up habit.
#[derive(Debug, Clone, Copy)]
pub struct Habit {
    /// An answer scoring below this gets a follow-up.
    pub threshold: u8,
    pub max_follow_ups: u8,
}

/// No follow-up when less than this is left before the overall cap.
pub const FOLLOW_UP_MIN_LEFT_SECS: i64 = 120;

/// Whether an answer gets a follow-up: a real answer below the persona's threshold, follow-ups
/// left for this question, and time left before the cap.
pub fn wants_follow_up(a: &Answered<'_>, habit: Habit, asked: u8, cap_left_secs: i64) -> bool {
    !a.hopeless
        && a.overall < habit.threshold
        && asked < habit.max_follow_ups
        && cap_left_secs > FOLLOW_UP_MIN_LEFT_SECS
}

/// Whether the interviewer thanks the candidate for an answer before the next question ("Great,
/// I appreciate the detail."), or just moves on: thanks only for a real answer at or above the
/// persona's follow-up threshold, so "I don't know, sorry." is never met with "Nice".
pub fn thanks_for(overall: u8, hopeless: bool, threshold: u8) -> bool {
    !hopeless && overall >= threshold
}

/// A targeted probe: it asks for what the answer's weakest rubric item lacked. Its number (see
/// [`FollowUp::index`]) is stored in `Current::used_follow_ups`: keep the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    Result,
    Action,
    Tradeoffs,
    Requirements,
    Recommendation,
    Quantitative,
    MoreDetail,
}

/// Which follow-up to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    Probe(Probe),
    /// The question's own follow-up at this index.
    Bank(usize),
    /// One the model wrote, the n-th of this question.
    Model(u8),
}

/// Index spaces in `Current::used_follow_ups`: bank follow-ups use their own index, targeted
/// probes 100+, follow-ups written by the model 200+.
const TARGETED: usize = 100;
const MODEL: usize = 200;

impl FollowUp {
    pub fn index(self) -> usize {
        match self {
            FollowUp::Probe(p) => TARGETED + p as usize,
            FollowUp::Bank(i) => i,
            FollowUp::Model(n) => MODEL + n as usize,
        }
    }
}

/// The follow-up that probes the weakest part of an answer: a targeted probe (more detail for a
/// short answer; else the weakest rubric item's: result, own actions, trade-offs, requirements,
/// recommendation, numbers) unless already used; otherwise the question's next unused one.
pub fn choose_follow_up(a: &Answered<'_>, bank_follow_ups: usize, used: &[usize]) -> Option<FollowUp> {
    let weakest = a
        .rubric
        .iter()
        .filter(|i| i.max > 0)
        .min_by_key(|i| i.score as u32 * 100 / i.max as u32)
        .map(|i| i.key.as_str());
    let probe = if a.too_short {
        Some(Probe::MoreDetail)
    } else {
        match weakest {
            Some("result") => Some(Probe::Result),
            Some("action") => Some(Probe::Action),
            Some("tradeoffs") => Some(Probe::Tradeoffs),
            Some("requirements") => Some(Probe::Requirements),
            Some("recommendation") => Some(Probe::Recommendation),
            Some("quantitative") => Some(Probe::Quantitative),
            _ => None,
        }
    };
    if let Some(p) = probe.map(FollowUp::Probe)
        && !used.contains(&p.index())
    {
        return Some(p);
    }
    (0..bank_follow_ups).find(|i| !used.contains(i)).map(FollowUp::Bank)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0).single().expect("valid time")
    }

    fn current(asked: i64, deadline: i64, warned: bool) -> Current {
        Current {
            index: 0,
            seq: 1,
            follow_up: None,
            follow_ups_asked: 0,
            asked_at: at(asked),
            question_started: at(asked),
            deadline: at(deadline),
            hints_used: 0,
            answer_so_far: String::new(),
            score_so_far: None,
            warned,
            jobs: Vec::new(),
            used_follow_ups: Vec::new(),
            follow_up_hints: 0,
            late_until: None,
        }
    }

    fn item(key: &str, score: u8, max: u8) -> RubricItem {
        RubricItem {
            key: key.into(),
            label: key.into(),
            max,
            score,
            evidence: None,
            note: String::new(),
        }
    }

    #[test]
    fn a_follow_up_gets_half_the_time_within_one_to_three_minutes() {
        assert_eq!(time_limit(300, false, 1.0), 300);
        assert_eq!(time_limit(300, true, 1.0), 150);
        assert_eq!(time_limit(90, true, 1.0), 60);
        assert_eq!(time_limit(600, true, 1.0), 180);
        // The configured factor scales it, but never under 20 seconds.
        assert_eq!(time_limit(300, false, 0.5), 150);
        assert_eq!(time_limit(60, false, 0.01), 20);
    }

    #[test]
    fn the_warning_comes_a_minute_half_a_minute_or_a_third_before() {
        assert_eq!(warn_before(300), 60);
        assert_eq!(warn_before(180), 60);
        assert_eq!(warn_before(120), 30);
        assert_eq!(warn_before(60), 20);
        assert_eq!(warn_before(9), 5);
        assert_eq!(warn_at(&current(0, 120, false)), Some(at(90)));
        // Too short for a warning: it would come before the question was asked.
        assert_eq!(warn_at(&current(0, 4, false)), None);
    }

    #[test]
    fn the_alarm_is_due_at_the_warning_then_the_deadline_and_never_after_the_cap() {
        let c = current(0, 120, false);
        assert_eq!(next_due(Some(&c), at(1000)), at(90));
        let warned = current(0, 120, true);
        assert_eq!(next_due(Some(&warned), at(1000)), at(120));
        assert_eq!(next_due(Some(&c), at(50)), at(50));
        assert_eq!(next_due(None, at(1000)), at(1000));
    }

    #[test]
    fn an_alarm_is_set_again_only_when_missing_later_or_lost() {
        let alarm = Alarm {
            key: vec![1],
            due: at(100),
        };
        assert!(alarm_needs_setting(None, at(100), at(0)));
        assert!(
            !alarm_needs_setting(Some(&alarm), at(150), at(0)),
            "answers move moments later: the alarm stays"
        );
        assert!(
            alarm_needs_setting(Some(&alarm), at(80), at(0)),
            "an earlier moment moves it"
        );
        assert!(!alarm_needs_setting(Some(&alarm), at(150), at(160)));
        assert!(
            alarm_needs_setting(Some(&alarm), at(150), at(161)),
            "over a minute overdue: lost"
        );
    }

    #[test]
    fn at_the_alarm_the_cap_wins_then_the_time_out_then_the_warning() {
        let c = current(0, 120, false);
        assert_eq!(due(Some(&c), at(100), at(130)), Due::Cap);
        assert_eq!(due(Some(&c), at(1000), at(130)), Due::TimeOut);
        assert_eq!(due(Some(&c), at(1000), at(95)), Due::Warning { left: 25 });
        assert_eq!(due(Some(&current(0, 120, true)), at(1000), at(95)), Due::Nothing);
        assert_eq!(due(Some(&c), at(1000), at(10)), Due::Nothing);
        assert_eq!(due(None, at(1000), at(10)), Due::Nothing);
    }

    #[test]
    fn while_a_late_answer_may_come_only_the_end_of_its_grace_is_due() {
        let mut c = current(0, 120, true);
        c.late_until = Some(at(180));
        assert_eq!(next_due(Some(&c), at(150)), at(180), "the grace runs past the cap");
        assert_eq!(due(Some(&c), at(1000), at(150)), Due::Nothing, "no second time-out");
        assert_eq!(
            due(Some(&c), at(100), at(150)),
            Due::Nothing,
            "the cap waits for the grace"
        );
        assert_eq!(due(Some(&c), at(1000), at(180)), Due::GraceOver);
    }

    #[test]
    fn a_partial_answer_stands_when_its_follow_up_is_skipped_or_times_out() {
        assert_eq!(closed(OutcomeKind::Skipped, Some(55)), (OutcomeKind::Answered, 55));
        assert_eq!(closed(OutcomeKind::TimedOut, Some(40)), (OutcomeKind::Answered, 40));
        assert_eq!(closed(OutcomeKind::Skipped, None), (OutcomeKind::Skipped, 0));
        assert_eq!(closed(OutcomeKind::TimedOut, None), (OutcomeKind::TimedOut, 0));
        assert_eq!(closed(OutcomeKind::Answered, Some(70)), (OutcomeKind::Answered, 70));
    }

    #[test]
    fn a_follow_up_needs_a_real_answer_below_the_threshold_with_time_left() {
        let rubric = [item("result", 1, 10)];
        let a = Answered {
            overall: 50,
            hopeless: false,
            too_short: false,
            rubric: &rubric,
        };
        let habit = Habit {
            threshold: 60,
            max_follow_ups: 2,
        };
        assert!(wants_follow_up(&a, habit, 0, 600));
        assert!(wants_follow_up(&a, habit, 1, 600));
        assert!(
            !wants_follow_up(&a, habit, 2, 600),
            "no more than the persona's maximum"
        );
        assert!(!wants_follow_up(&a, habit, 0, 120), "not in the last two minutes");
        assert!(
            !wants_follow_up(&Answered { overall: 60, ..a }, habit, 0, 600),
            "at the threshold: none"
        );
        assert!(
            !wants_follow_up(&Answered { hopeless: true, ..a }, habit, 0, 600),
            "no answer at all: never probed"
        );
    }

    #[test]
    fn only_a_real_answer_at_the_threshold_is_thanked() {
        assert!(thanks_for(60, false, 55));
        assert!(thanks_for(55, false, 55));
        assert!(!thanks_for(54, false, 55));
        assert!(!thanks_for(90, true, 55), "no answer at all is never thanked");
    }

    #[test]
    fn the_follow_up_probes_the_weakest_item_then_falls_back_to_the_bank() {
        let rubric = [item("situation", 8, 10), item("action", 5, 10), item("result", 2, 10)];
        let a = Answered {
            overall: 40,
            hopeless: false,
            too_short: false,
            rubric: &rubric,
        };
        let first = choose_follow_up(&a, 2, &[]);
        assert_eq!(first, Some(FollowUp::Probe(Probe::Result)));
        assert_eq!(first.map(FollowUp::index), Some(100), "stored numbers must not change");
        // The probe used, the bank's follow-ups follow in order.
        assert_eq!(choose_follow_up(&a, 2, &[100]), Some(FollowUp::Bank(0)));
        assert_eq!(choose_follow_up(&a, 2, &[100, 0]), Some(FollowUp::Bank(1)));
        assert_eq!(choose_follow_up(&a, 2, &[100, 0, 1]), None);
        // A short answer is asked for more detail first, whatever its weakest item.
        let short = Answered { too_short: true, ..a };
        assert_eq!(
            choose_follow_up(&short, 0, &[]),
            Some(FollowUp::Probe(Probe::MoreDetail))
        );
        assert_eq!(FollowUp::Probe(Probe::MoreDetail).index(), 106);
        // An item without a probe leaves the bank's.
        let other = [item("clarity", 1, 10)];
        assert_eq!(
            choose_follow_up(&Answered { rubric: &other, ..a }, 1, &[]),
            Some(FollowUp::Bank(0))
        );
        assert_eq!(FollowUp::Model(1).index(), 201);
    }
}
