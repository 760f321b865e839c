//! Unit tests of the reminder rules: parsing, the next occurrence across both daylight-saving
//! changes of Europe/Berlin in 2026, quiet hours, snoozes, and when a reminder is held back.
//! Expected instants are written out in UTC by hand.

use super::*;

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn hm(s: &str) -> NaiveTime {
    parse_time(s).unwrap()
}

const BERLIN: Tz = chrono_tz::Europe::Berlin;

#[test]
fn times_and_quiet_hours_parse() {
    assert_eq!(parse_time("08:30"), NaiveTime::from_hms_opt(8, 30, 0));
    assert_eq!(parse_time("8:05"), NaiveTime::from_hms_opt(8, 5, 0));
    assert_eq!(parse_time("1900"), NaiveTime::from_hms_opt(19, 0, 0));
    assert_eq!(parse_time("7"), NaiveTime::from_hms_opt(7, 0, 0));
    for bad in ["24:00", "8:61", "", "ab:cd", "-1", "123:00", "08:30:00x"] {
        assert_eq!(parse_time(bad), None, "{bad}");
    }
    let q = parse_quiet("22:00-07:00").unwrap();
    assert!(q.contains(hm("23:15")) && q.contains(hm("06:59")) && q.contains(hm("22:00")));
    assert!(!q.contains(hm("07:00")) && !q.contains(hm("12:00")));
    let day = parse_quiet("13:00-14:00").unwrap();
    assert!(day.contains(hm("13:30")) && !day.contains(hm("14:30")));
    assert_eq!(parse_quiet("22:00-22:00"), None);
    assert_eq!(parse_quiet("22:00"), None);
}

#[test]
fn a_daily_rule_fires_at_local_time() {
    // 2026-11-02 is winter time in Berlin (UTC+1): 08:30 local is 07:30 UTC.
    let t = next_occurrence(Days::Daily, hm("08:30"), BERLIN, utc("2026-11-02T06:00:00Z"));
    assert_eq!(t, utc("2026-11-02T07:30:00Z"));
    // Exactly at the occurrence: the next one is the day after.
    let t2 = next_occurrence(Days::Daily, hm("08:30"), BERLIN, t);
    assert_eq!(t2, utc("2026-11-03T07:30:00Z"));
    // Summer time (UTC+2).
    let s = next_occurrence(Days::Daily, hm("08:30"), BERLIN, utc("2026-07-01T12:00:00Z"));
    assert_eq!(s, utc("2026-07-02T06:30:00Z"));
}

#[test]
fn weekdays_skip_the_weekend() {
    // Friday 2026-11-06 19:00 local = 18:00 UTC; after it, Monday 2026-11-09.
    let fri = next_occurrence(Days::Weekdays, hm("19:00"), BERLIN, utc("2026-11-06T12:00:00Z"));
    assert_eq!(fri, utc("2026-11-06T18:00:00Z"));
    let mon = next_occurrence(Days::Weekdays, hm("19:00"), BERLIN, fri);
    assert_eq!(mon, utc("2026-11-09T18:00:00Z"));
}

/// Fire a rule repeatedly from `from`, each time from the last firing, like the job re-arming.
fn firings(at: &str, from: &str, n: usize) -> Vec<DateTime<Utc>> {
    let mut v = Vec::new();
    let mut t = utc(from);
    for _ in 0..n {
        t = next_occurrence(Days::Daily, hm(at), BERLIN, t);
        v.push(t);
    }
    v
}

#[test]
fn a_0230_rule_fires_once_on_the_night_the_clock_skips_it() {
    // 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:30 does not exist. It fires once, at 03:30
    // CEST (01:30 UTC), between 02:30 CET the night before and 02:30 CEST the night after.
    let v = firings("02:30", "2026-03-27T12:00:00Z", 3);
    assert_eq!(
        v,
        vec![
            utc("2026-03-28T01:30:00Z"),
            utc("2026-03-29T01:30:00Z"),
            utc("2026-03-30T00:30:00Z"),
        ]
    );
}

#[test]
fn a_0230_rule_fires_once_on_the_night_the_clock_repeats_it() {
    // 2026-10-25: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice (00:30 and 01:30 UTC).
    // It fires at the first only.
    let v = firings("02:30", "2026-10-23T12:00:00Z", 3);
    assert_eq!(
        v,
        vec![
            utc("2026-10-24T00:30:00Z"),
            utc("2026-10-25T00:30:00Z"),
            utc("2026-10-26T01:30:00Z"),
        ]
    );
    // Re-armed right after the first 02:30, the second 02:30 of that night is not another firing.
    assert_eq!(
        next_occurrence(Days::Daily, hm("02:30"), BERLIN, utc("2026-10-25T00:30:01Z")),
        utc("2026-10-26T01:30:00Z")
    );
}

#[test]
fn quiet_hours_move_a_reminder_to_their_end() {
    let quiet = parse_quiet("22:00-07:00");
    let rule = Rule {
        id: "r1".into(),
        days: Days::Daily,
        at: hm("06:00"),
        job: None,
        next: None,
    };
    // 06:00 local is inside 22:00-07:00: it goes out at 07:00 local (06:00 UTC in winter).
    assert_eq!(
        next_fire(&rule, quiet, BERLIN, utc("2026-11-02T00:00:00Z")),
        utc("2026-11-02T06:00:00Z")
    );
    // Without quiet hours, at 06:00 local.
    assert_eq!(
        next_fire(&rule, None, BERLIN, utc("2026-11-02T00:00:00Z")),
        utc("2026-11-02T05:00:00Z")
    );
}

#[test]
fn snoozes_come_back_an_hour_later_or_tomorrow_outside_quiet_hours() {
    let now = utc("2026-11-02T07:30:00Z"); // 08:30 local
    assert_eq!(
        snoozed(Snooze::Hour, hm("08:30"), None, BERLIN, now),
        utc("2026-11-02T08:30:00Z")
    );
    assert_eq!(
        snoozed(Snooze::Tomorrow, hm("08:30"), None, BERLIN, now),
        utc("2026-11-03T07:30:00Z")
    );
    // An hour after 21:30 local is inside 22:00-07:00: 07:00 local the next morning.
    let late = utc("2026-11-02T20:30:00Z");
    assert_eq!(
        snoozed(Snooze::Hour, hm("21:30"), parse_quiet("22:00-07:00"), BERLIN, late),
        utc("2026-11-03T06:00:00Z")
    );
}

#[test]
fn reminders_are_held_back_in_quiet_hours_after_downtime_and_when_unanswered() {
    let due = utc("2026-11-02T07:30:00Z");
    let mut r = Reminders::default();
    assert!(should_send(&r, BERLIN, due, due));
    r.quiet = parse_quiet("08:00-09:00");
    assert!(!should_send(&r, BERLIN, due, due), "08:30 local is quiet");
    r.quiet = None;
    // Another reminder already went out after this one fell due (both missed in downtime).
    r.last_sent = Some(due + Duration::minutes(1));
    assert!(!should_send(&r, BERLIN, due, due + Duration::hours(3)));
    // Two unanswered: the second of a local day is held back, the next day's goes out.
    r.last_sent = Some(utc("2026-11-02T06:00:00Z"));
    r.unanswered = 2;
    assert!(!should_send(&r, BERLIN, due, due));
    assert!(should_send(
        &r,
        BERLIN,
        due + Duration::days(1),
        due + Duration::days(1)
    ));
    r.unanswered = 1;
    assert!(should_send(&r, BERLIN, due, due));
}
