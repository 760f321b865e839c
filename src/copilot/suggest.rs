//! /suggest's ranking (issue #18): the top improvements computed from the user's real answers.
//! Every scored answer says where its points went — the parts of its base score (each category
//! rubric item, relevance, specifics, communication, impact, structure) and each step the
//! guards took after it (a cap for a short answer, a discount for a long vague one, hints) —
//! in its ledger (`scoring::ledger`). A question skipped or timed out lost what a solid answer
//! would have earned ([`UNANSWERED_LOSS`]). The points lost are added up per issue across the
//! answers; the issues that cost most come first, each with the answers that cost most as its
//! evidence and the competency where it cost most as the drill. Pure: the engine reads the
//! answers (`engine/commands/suggest.rs`) and words the result (`engine/messages/suggest.rs`).

use crate::bank::Category;
use crate::interview::OutcomeKind;
use crate::practice::grade::GOOD_FROM;
use crate::scoring::ScoreResult;
use crate::scoring::ledger::{PartKind, Why};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// What a question skipped or timed out counts as lost: the score of a solid answer.
pub const UNANSWERED_LOSS: u32 = GOOD_FROM as u32;
/// An issue must have cost at least this many points in all to be suggested.
pub const MIN_LOSS: u32 = 8;
/// Answers cited per improvement.
pub const EVIDENCE: usize = 3;
/// The most recent answers considered.
pub const RECENT: usize = 40;

/// One question the user was asked, as the ranking reads it.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    pub session: &'a str,
    /// When the session started (what the user knows it by).
    pub session_at: DateTime<Utc>,
    pub at: DateTime<Utc>,
    pub question_id: &'a str,
    pub question: &'a str,
    pub competency: &'a str,
    pub category: Category,
    pub kind: OutcomeKind,
    /// The answer's score (none when skipped or timed out without an answer).
    pub result: Option<&'a ScoreResult>,
}

impl Answer<'_> {
    pub fn score(&self) -> u8 {
        self.result.map_or(0, |r| r.overall)
    }
}

/// Where points were lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// A step the guards took: a cap or a discount (short, only "we", long and vague, off the
    /// question, a misconception, hints…).
    Guard(Why),
    /// An item of a category rubric (STAR's result, technical trade-offs…).
    Rubric { rubric: String, key: String, label: String },
    /// A part of the base score other than the rubric.
    Part(PartKind),
    /// Questions skipped or timed out.
    Unanswered,
}

impl Issue {
    /// A stable key (ties are broken by it, so the order never depends on reading order).
    fn key(&self) -> String {
        match self {
            Issue::Guard(w) => format!("g:{w:?}"),
            Issue::Rubric { rubric, key, .. } => format!("r:{rubric}:{key}"),
            Issue::Part(p) => format!("p:{p:?}"),
            Issue::Unanswered => "u".into(),
        }
    }
}

/// An answer an improvement rests on, and what the issue cost it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub session: String,
    pub session_at: DateTime<Utc>,
    pub question_id: String,
    pub question: String,
    pub score: u8,
    pub lost: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Improvement {
    pub issue: Issue,
    /// Points lost to it over all answers considered.
    pub lost: u32,
    /// How many answers lost points to it.
    pub answers: usize,
    /// The answers it cost most, most first (at most [`EVIDENCE`]).
    pub evidence: Vec<Cited>,
    /// The competency where it cost most: the drill (`/practice <competency>`).
    pub competency: String,
}

/// (issue, points lost) of one answer.
fn losses(a: &Answer<'_>) -> Vec<(Issue, u32)> {
    let Some(r) = a.result else {
        return if a.kind == OutcomeKind::Answered {
            Vec::new()
        } else {
            vec![(Issue::Unanswered, UNANSWERED_LOSS)]
        };
    };
    let mut out = Vec::new();
    let l = &r.ledger;
    let base = l.base() as u32;
    // The steps after the base: each one's points, except the model's blend (not a fault).
    let mut before = base;
    for s in &l.steps {
        let after = s.after as u32;
        if s.why != Why::Model && before > after {
            out.push((Issue::Guard(s.why), before - after));
        }
        before = after;
    }
    // The parts: what each missed, scaled by what the steps left of the base (a capped answer
    // loses less to its parts than to the cap).
    let value = l.value() as u32;
    let scale = |missing: u32| -> u32 { (missing * value + base / 2).checked_div(base).unwrap_or(0) };
    let items: Vec<_> = r.rubric.items.iter().filter(|i| i.max > 0 && i.score < i.max).collect();
    let items_missing: u32 = items.iter().map(|i| (i.max - i.score) as u32).sum();
    for p in &l.parts {
        let missing = p.max.saturating_sub(p.points) as u32;
        if missing == 0 {
            continue;
        }
        match p.what {
            PartKind::Rubric if items_missing > 0 => {
                for i in &items {
                    let share = (missing * (i.max - i.score) as u32 + items_missing / 2) / items_missing;
                    out.push((
                        Issue::Rubric {
                            rubric: r.rubric.name.clone(),
                            key: i.key.clone(),
                            label: i.label.clone(),
                        },
                        scale(share),
                    ));
                }
            }
            PartKind::Rubric => {}
            kind => out.push((Issue::Part(kind), scale(missing))),
        }
    }
    // A result without a ledger (stored before scores had one): its rubric items, at the
    // rubric's usual share of the score (two fifths).
    if l.parts.is_empty() {
        let max: u32 = r.rubric.items.iter().map(|i| i.max as u32).sum();
        for i in items {
            let lost = ((i.max - i.score) as u32 * 40).checked_div(max).unwrap_or(0);
            out.push((
                Issue::Rubric {
                    rubric: r.rubric.name.clone(),
                    key: i.key.clone(),
                    label: i.label.clone(),
                },
                lost,
            ));
        }
    }
    out.retain(|(_, lost)| *lost > 0);
    out.into_iter().map(|(i, lost)| (family(i), lost)).collect()
}

/// Issues that are one fault to fix: an answer held down for being off the question and one
/// that lost relevance points both need to answer the question asked; the no-answer guards are
/// one; a misconception is one whether one or several were stated.
fn family(i: Issue) -> Issue {
    match i {
        Issue::Guard(Why::PartlyOffQuestion | Why::OffTopic) => Issue::Part(PartKind::Relevance),
        Issue::Guard(Why::Empty | Why::Trivial | Why::KeywordStuffing | Why::NoSubstance | Why::Hopeless) => {
            Issue::Guard(Why::NoSubstance)
        }
        Issue::Guard(Why::Misconceptions) => Issue::Guard(Why::Misconception),
        other => other,
    }
}

/// The `n` issues that cost the most points over the most recent [`RECENT`] answers, most
/// first; none below [`MIN_LOSS`].
pub fn top(answers: &[Answer<'_>], n: usize) -> Vec<Improvement> {
    let mut recent: Vec<&Answer> = answers.iter().collect();
    recent.sort_by(|a, b| b.at.cmp(&a.at).then(a.question_id.cmp(b.question_id)));
    recent.truncate(RECENT);
    struct Acc {
        issue: Issue,
        lost: u32,
        cited: Vec<Cited>,
        by_competency: BTreeMap<String, u32>,
    }
    let mut acc: BTreeMap<String, Acc> = BTreeMap::new();
    for a in recent {
        for (issue, lost) in losses(a) {
            let e = acc.entry(issue.key()).or_insert_with(|| Acc {
                issue: issue.clone(),
                lost: 0,
                cited: Vec::new(),
                by_competency: BTreeMap::new(),
            });
            e.lost += lost;
            *e.by_competency.entry(a.competency.to_string()).or_default() += lost;
            // One answer is cited once per issue, with all it lost to it.
            match e.cited.last_mut() {
                Some(c) if c.session == a.session && c.question_id == a.question_id => c.lost += lost,
                _ => e.cited.push(Cited {
                    session: a.session.to_string(),
                    session_at: a.session_at,
                    question_id: a.question_id.to_string(),
                    question: a.question.to_string(),
                    score: a.score(),
                    lost,
                }),
            }
        }
    }
    let mut all: Vec<(String, Acc)> = acc.into_iter().filter(|(_, a)| a.lost >= MIN_LOSS).collect();
    all.sort_by(|(ka, a), (kb, b)| {
        b.lost
            .cmp(&a.lost)
            .then(b.cited.len().cmp(&a.cited.len()))
            .then(ka.cmp(kb))
    });
    all.into_iter()
        .take(n)
        .map(|(_, mut a)| {
            let answers = a.cited.len();
            a.cited.sort_by(|x, y| {
                y.lost
                    .cmp(&x.lost)
                    .then(x.score.cmp(&y.score))
                    .then(y.session_at.cmp(&x.session_at))
                    .then(x.question_id.cmp(&y.question_id))
            });
            a.cited.truncate(EVIDENCE);
            let competency = a
                .by_competency
                .iter()
                .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
                .map(|(c, _)| c.clone())
                .unwrap_or_default();
            Improvement {
                issue: a.issue,
                lost: a.lost,
                answers,
                evidence: a.cited,
                competency,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;
    use crate::scoring::OfflineScorer;
    use crate::scoring::RubricItem;
    use crate::scoring::ledger::{Ledger, Op, Part, Step};
    use chrono::Duration;

    fn at(i: i64) -> DateTime<Utc> {
        "2026-11-02T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::days(i)
    }

    /// A real offline result, its ledger and rubric replaced by crafted ones.
    fn result(parts: &[(PartKind, u8, u8)], steps: &[(Op, Why, u8)], items: &[(&str, u8, u8)]) -> ScoreResult {
        let bank = Bank::embedded().unwrap();
        let s = OfflineScorer::new(&bank);
        let mut r = s.score(
            s.target("beh-ownership-003").unwrap(),
            "I led the migration and cut costs by 20%.",
        );
        r.ledger = Ledger {
            parts: parts
                .iter()
                .map(|(what, points, max)| Part {
                    what: *what,
                    points: *points,
                    max: *max,
                })
                .collect(),
            steps: steps
                .iter()
                .map(|(op, why, after)| Step {
                    op: *op,
                    why: *why,
                    after: *after,
                })
                .collect(),
            caps: vec![],
        };
        r.rubric.name = "STAR".into();
        r.rubric.items = items
            .iter()
            .map(|(key, score, max)| RubricItem {
                key: key.to_string(),
                label: key.to_uppercase(),
                max: *max,
                score: *score,
                evidence: None,
                note: String::new(),
            })
            .collect();
        r.overall = r.ledger.value();
        r
    }

    fn answer<'a>(i: i64, qid: &'a str, comp: &'a str, r: Option<&'a ScoreResult>, kind: OutcomeKind) -> Answer<'a> {
        Answer {
            session: if i < 2 { "s1" } else { "s2" },
            session_at: at(if i < 2 { 0 } else { 2 }),
            at: at(i),
            question_id: qid,
            question: qid,
            competency: comp,
            category: Category::Behavioral,
            kind,
            result: r,
        }
    }

    const FULL: &[(PartKind, u8, u8)] = &[
        (PartKind::Rubric, 40, 40),
        (PartKind::Relevance, 20, 20),
        (PartKind::Specificity, 15, 15),
        (PartKind::Communication, 10, 10),
        (PartKind::Impact, 10, 10),
        (PartKind::Structure, 5, 5),
    ];

    #[test]
    fn the_costliest_issues_come_first_with_their_evidence() {
        // Two short answers capped hard (leadership), one answer missing the STAR result
        // (conflict), one strong answer, one question skipped (failure).
        let capped = result(FULL, &[(Op::Cap { at: 35 }, Why::Short, 35)], &[("result", 30, 30)]);
        let capped2 = result(FULL, &[(Op::Cap { at: 45 }, Why::Short, 45)], &[("result", 30, 30)]);
        let mut parts = FULL.to_vec();
        parts[0] = (PartKind::Rubric, 20, 40);
        let no_result = result(&parts, &[], &[("situation", 10, 10), ("result", 0, 30)]);
        let strong = result(FULL, &[], &[("result", 30, 30)]);
        let answers = vec![
            answer(0, "q-lead-1", "leadership", Some(&capped), OutcomeKind::Answered),
            answer(1, "q-conf-1", "conflict", Some(&no_result), OutcomeKind::Answered),
            answer(2, "q-lead-2", "leadership", Some(&capped2), OutcomeKind::Answered),
            answer(3, "q-own-1", "ownership", Some(&strong), OutcomeKind::Answered),
            answer(4, "q-fail-1", "failure", None, OutcomeKind::Skipped),
        ];
        let top = top(&answers, 3);
        assert_eq!(top.len(), 3, "{top:#?}");
        // Short: 65 + 55 = 120 points; unanswered: 60; the missing result: 20.
        assert_eq!(top[0].issue, Issue::Guard(Why::Short));
        assert_eq!(top[0].lost, 120);
        assert_eq!(top[0].answers, 2);
        assert_eq!(top[0].competency, "leadership");
        let cited: Vec<(&str, u8)> = top[0]
            .evidence
            .iter()
            .map(|c| (c.question_id.as_str(), c.score))
            .collect();
        assert_eq!(cited, vec![("q-lead-1", 35), ("q-lead-2", 45)]);
        assert_eq!(top[0].evidence[0].session_at, at(0));
        assert_eq!(top[1].issue, Issue::Unanswered);
        assert_eq!(top[1].competency, "failure");
        assert_eq!(top[1].evidence[0].score, 0);
        assert!(
            matches!(&top[2].issue, Issue::Rubric { key, .. } if key == "result"),
            "{:?}",
            top[2]
        );
        assert_eq!(top[2].lost, 20);
        assert_eq!(top[2].competency, "conflict");
    }

    #[test]
    fn a_cap_scales_down_what_the_parts_lost_and_the_model_blend_is_no_issue() {
        let mut parts = FULL.to_vec();
        parts[2] = (PartKind::Specificity, 5, 15);
        // Base 90, capped at 45: the 10 specifics missed count half.
        let r = result(
            &parts,
            &[
                (Op::Cap { at: 45 }, Why::WeNotI, 45),
                (
                    Op::Blend {
                        model: 20,
                        model_pct: 50,
                    },
                    Why::Model,
                    33,
                ),
            ],
            &[],
        );
        let a = answer(0, "q", "teamwork", Some(&r), OutcomeKind::Answered);
        let l = losses(&a);
        assert!(l.contains(&(Issue::Guard(Why::WeNotI), 45)), "{l:?}");
        assert!(!l.iter().any(|(i, _)| *i == Issue::Guard(Why::Model)), "{l:?}");
        // 10 × 33 / 90 ≈ 4.
        assert!(l.contains(&(Issue::Part(PartKind::Specificity), 4)), "{l:?}");
    }

    #[test]
    fn being_off_the_question_and_losing_relevance_are_one_issue() {
        let mut parts = FULL.to_vec();
        parts[1] = (PartKind::Relevance, 5, 20);
        let off = result(&parts, &[(Op::Times { pct: 50 }, Why::PartlyOffQuestion, 43)], &[]);
        let a = [answer(0, "q", "teamwork", Some(&off), OutcomeKind::Answered)];
        let top = top(&a, 3);
        assert_eq!(top.len(), 1, "{top:#?}");
        // 85 × 50 % = 43 (42 lost), plus 15 relevance points × 43 / 85 ≈ 8.
        assert_eq!(top[0].issue, Issue::Part(PartKind::Relevance));
        assert_eq!(top[0].lost, 42 + 8);
        assert_eq!(top[0].answers, 1, "one answer, cited once");
        assert_eq!(top[0].evidence[0].lost, 50);
    }

    #[test]
    fn no_history_or_nothing_lost_suggests_nothing() {
        assert!(top(&[], 3).is_empty());
        let strong = result(FULL, &[], &[("result", 30, 30)]);
        let answers: Vec<Answer> = (0..5)
            .map(|i| answer(i, "q", "ownership", Some(&strong), OutcomeKind::Answered))
            .collect();
        assert!(top(&answers, 3).is_empty());
        // Only the newest RECENT answers count: an old skip is forgotten.
        let mut many: Vec<Answer> = (1..=RECENT as i64)
            .map(|i| answer(i + 10, "q", "ownership", Some(&strong), OutcomeKind::Answered))
            .collect();
        many.push(answer(0, "old", "failure", None, OutcomeKind::Skipped));
        assert!(top(&many, 3).is_empty());
    }
}
