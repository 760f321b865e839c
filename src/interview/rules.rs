//! The interview's rules as pure functions: how long a question may take, when its time warning
//! comes, the alarm's next moment, what is due when the alarm fires, whether an answer gets a
//! follow-up and which one, and how a closed question counts. The engine
//! (`engine::interview_turns`) applies them to the session in a turn; the answers to "when does
//! a question time out?" and "where is the follow-up decided?" are here.

use super::openings::Openings;
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
    /// What it leaves open to ask about: claims it made, key points it missed, the question's
    /// own follow-ups it does not cover yet.
    pub open: &'a Openings,
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

impl Probe {
    /// The probe that asks for a rubric item, if the item has one.
    fn for_item(key: &str) -> Option<Probe> {
        match key {
            "result" => Some(Probe::Result),
            "action" => Some(Probe::Action),
            "tradeoffs" => Some(Probe::Tradeoffs),
            "requirements" => Some(Probe::Requirements),
            "recommendation" => Some(Probe::Recommendation),
            "quantitative" => Some(Probe::Quantitative),
            _ => None,
        }
    }
}

/// Which follow-up to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    Probe(Probe),
    /// The question's own follow-up at this index.
    Bank(usize),
    /// One the model wrote, the n-th of this question.
    Model(u8),
    /// A challenge of a claim the answer made: the question's misconception at this index.
    Claim(usize),
    /// A probe towards a key point the answer missed: the question's key point at this index.
    Missed(usize),
}

/// Index spaces in `Current::used_follow_ups`: bank follow-ups use their own index, targeted
/// probes 100+, follow-ups written by the model 200+, challenged claims 300+, probes towards a
/// missed key point 400+.
const TARGETED: usize = 100;
const MODEL: usize = 200;
const CLAIM: usize = 300;
const MISSED: usize = 400;

impl FollowUp {
    pub fn index(self) -> usize {
        match self {
            FollowUp::Probe(p) => TARGETED + p as usize,
            FollowUp::Bank(i) => i,
            FollowUp::Model(n) => MODEL + n as usize,
            FollowUp::Claim(i) => CLAIM + i,
            FollowUp::Missed(i) => MISSED + i,
        }
    }
}

/// The follow-up that probes what the answer left open, never a part it covered (none when
/// nothing is left: the interview moves on). In order, the first not used yet:
/// 1. a challenge of a claim the answer made (the question's misconception it asserts);
/// 2. more detail, for a short answer;
/// 3. the probe of the weakest rubric item (result, own actions, trade-offs, requirements,
///    recommendation, numbers) when that item is weak: under half its points;
/// 4. a key point the answer missed, in the bank's order, unless already probed: the question's
///    own follow-up on it when the answer leaves one open, else a probe towards it;
/// 5. the probe of any other weak item, weakest first;
/// 6. the question's own follow-ups the answer does not cover, in order.
pub fn choose_follow_up(a: &Answered<'_>, used: &[usize]) -> Option<FollowUp> {
    let fresh = |f: FollowUp| !used.contains(&f.index());
    let o = a.open;
    if let Some(f) = o.claims.iter().map(|&i| FollowUp::Claim(i)).find(|&f| fresh(f)) {
        return Some(f);
    }
    if a.too_short && fresh(FollowUp::Probe(Probe::MoreDetail)) {
        return Some(FollowUp::Probe(Probe::MoreDetail));
    }
    // Rubric items from the weakest (a stable sort: ties keep the rubric's order).
    let mut items: Vec<&RubricItem> = a.rubric.iter().filter(|i| i.max > 0).collect();
    items.sort_by_key(|i| i.score as u32 * 100 / i.max as u32);
    let weak_probe = |i: &RubricItem| {
        Probe::for_item(&i.key)
            .filter(|_| (i.score as u32) * 2 < i.max as u32)
            .map(FollowUp::Probe)
            .filter(|&f| fresh(f))
    };
    if let Some(f) = items.first().and_then(|i| weak_probe(i)) {
        return Some(f);
    }
    for &k in &o.missed {
        let on_it: Vec<usize> = (0..o.bank.len()).filter(|&j| o.bank[j].point == Some(k)).collect();
        if !fresh(FollowUp::Missed(k)) || on_it.iter().any(|&j| !fresh(FollowUp::Bank(j))) {
            continue;
        }
        return Some(match on_it.into_iter().find(|&j| !o.bank[j].covered) {
            Some(j) => FollowUp::Bank(j),
            None => FollowUp::Missed(k),
        });
    }
    if let Some(f) = items.iter().skip(1).find_map(|i| weak_probe(i)) {
        return Some(f);
    }
    (0..o.bank.len())
        .find(|&j| !o.bank[j].covered && fresh(FollowUp::Bank(j)))
        .map(FollowUp::Bank)
}

#[cfg(test)]
mod tests {
    use super::super::openings::BankAsk;
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
        let open = Openings::default();
        let a = Answered {
            overall: 50,
            hopeless: false,
            too_short: false,
            rubric: &rubric,
            open: &open,
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

    /// Openings with `n` bank follow-ups, none covered and none on a key point.
    fn bank_open(n: usize) -> Openings {
        Openings {
            bank: vec![BankAsk::default(); n],
            ..Openings::default()
        }
    }

    fn answered<'a>(rubric: &'a [RubricItem], open: &'a Openings) -> Answered<'a> {
        Answered {
            overall: 40,
            hopeless: false,
            too_short: false,
            rubric,
            open,
        }
    }

    #[test]
    fn the_follow_up_probes_the_weakest_item_then_falls_back_to_the_bank() {
        let rubric = [item("situation", 8, 10), item("action", 5, 10), item("result", 2, 10)];
        let open = bank_open(2);
        let a = answered(&rubric, &open);
        let first = choose_follow_up(&a, &[]);
        assert_eq!(first, Some(FollowUp::Probe(Probe::Result)));
        assert_eq!(first.map(FollowUp::index), Some(100), "stored numbers must not change");
        // The probe used, the bank's follow-ups follow in order (action at half is not weak).
        assert_eq!(choose_follow_up(&a, &[100]), Some(FollowUp::Bank(0)));
        assert_eq!(choose_follow_up(&a, &[100, 0]), Some(FollowUp::Bank(1)));
        assert_eq!(choose_follow_up(&a, &[100, 0, 1]), None);
        // A short answer is asked for more detail first, whatever its weakest item.
        let none = Openings::default();
        let short = Answered {
            too_short: true,
            ..answered(&rubric, &none)
        };
        assert_eq!(choose_follow_up(&short, &[]), Some(FollowUp::Probe(Probe::MoreDetail)));
        assert_eq!(FollowUp::Probe(Probe::MoreDetail).index(), 106);
        // An item without a probe leaves the bank's.
        let other = [item("clarity", 1, 10)];
        let one = bank_open(1);
        assert_eq!(choose_follow_up(&answered(&other, &one), &[]), Some(FollowUp::Bank(0)));
        assert_eq!(FollowUp::Model(1).index(), 201);
    }

    #[test]
    fn a_rubric_probe_is_asked_only_for_an_item_under_half_its_points() {
        // Trade-offs is the weakest item but scored 11 of 20: the answer gave trade-offs.
        let rubric = [
            item("accuracy", 30, 40),
            item("depth", 19, 25),
            item("tradeoffs", 11, 20),
            item("communication", 15, 15),
        ];
        let open = bank_open(1);
        assert_eq!(
            choose_follow_up(&answered(&rubric, &open), &[]),
            Some(FollowUp::Bank(0))
        );
        let none = Openings::default();
        assert_eq!(
            choose_follow_up(&answered(&rubric, &none), &[]),
            None,
            "nothing left: move on"
        );
        // Under half, it is asked.
        let weak = [item("accuracy", 30, 40), item("tradeoffs", 9, 20)];
        assert_eq!(
            choose_follow_up(&answered(&weak, &open), &[]),
            Some(FollowUp::Probe(Probe::Tradeoffs))
        );
        // A weak item that is not the weakest comes after the missed key points, before the
        // bank's follow-ups.
        let behind = [item("accuracy", 5, 40), item("tradeoffs", 9, 20)];
        let missed = Openings {
            missed: vec![2],
            ..bank_open(1)
        };
        let a = answered(&behind, &missed);
        assert_eq!(choose_follow_up(&a, &[]), Some(FollowUp::Missed(2)));
        assert_eq!(choose_follow_up(&a, &[402]), Some(FollowUp::Probe(Probe::Tradeoffs)));
        assert_eq!(choose_follow_up(&a, &[402, 102]), Some(FollowUp::Bank(0)));
    }

    #[test]
    fn a_claim_the_answer_made_is_challenged_first() {
        let rubric = [item("accuracy", 5, 40), item("tradeoffs", 0, 20)];
        let open = Openings {
            claims: vec![1, 2],
            missed: vec![0],
            bank: vec![BankAsk::default()],
        };
        let a = Answered {
            too_short: true,
            ..answered(&rubric, &open)
        };
        assert_eq!(choose_follow_up(&a, &[]), Some(FollowUp::Claim(1)));
        assert_eq!(FollowUp::Claim(1).index(), 301);
        assert_eq!(choose_follow_up(&a, &[301]), Some(FollowUp::Claim(2)));
        assert_eq!(
            choose_follow_up(&a, &[301, 302]),
            Some(FollowUp::Probe(Probe::MoreDetail))
        );
    }

    #[test]
    fn a_missed_key_point_is_probed_by_the_banks_own_follow_up_on_it_else_by_a_probe() {
        // The weakest item is the key-point one (accuracy): no rubric probe for it.
        let rubric = [item("accuracy", 8, 40), item("tradeoffs", 15, 20)];
        let open = Openings {
            claims: Vec::new(),
            missed: vec![1, 3],
            bank: vec![
                BankAsk {
                    point: Some(3),
                    covered: false,
                },
                BankAsk::default(),
            ],
        };
        let a = answered(&rubric, &open);
        assert_eq!(choose_follow_up(&a, &[]), Some(FollowUp::Missed(1)));
        assert_eq!(FollowUp::Missed(1).index(), 401);
        // Point 3 has the bank's own follow-up: asked in its words.
        assert_eq!(choose_follow_up(&a, &[401]), Some(FollowUp::Bank(0)));
        // Point 3 already probed (by the bank's follow-up): the rest of the bank.
        assert_eq!(choose_follow_up(&a, &[401, 0]), Some(FollowUp::Bank(1)));
        assert_eq!(choose_follow_up(&a, &[401, 0, 1]), None);
        // The bank's follow-up on a point counts as covered: the point gets a probe of ours.
        let covered_ask = Openings {
            bank: vec![
                BankAsk {
                    point: Some(3),
                    covered: true,
                },
                BankAsk::default(),
            ],
            ..open.clone()
        };
        let a = answered(&rubric, &covered_ask);
        assert_eq!(choose_follow_up(&a, &[401]), Some(FollowUp::Missed(3)));
    }

    #[test]
    fn a_bank_follow_up_the_answer_covers_is_never_asked() {
        let rubric = [item("clarity", 1, 10)];
        let open = Openings {
            bank: vec![
                BankAsk {
                    point: None,
                    covered: true,
                },
                BankAsk::default(),
            ],
            ..Openings::default()
        };
        let a = answered(&rubric, &open);
        assert_eq!(choose_follow_up(&a, &[]), Some(FollowUp::Bank(1)));
        assert_eq!(
            choose_follow_up(&a, &[1]),
            None,
            "only the covered one is left: move on"
        );
    }
}
