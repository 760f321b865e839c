//! Questions and answers: the question card, feedback and its details, hints, follow-up probes,
//! skips, timers, and the end-of-interview report.

use super::format::fmt_secs;
use crate::bank::{Persona, Question};
use crate::engine::buttons::{Action, button};
use crate::engine::event::UserId;
use crate::engine::reply::{Doc, Line, Reply, ReplyKind};
use crate::interview::{OutcomeKind, Phase, Position, Report, Session};
use crate::scoring::ledger::PartKind;
use crate::scoring::text::plural;
use crate::scoring::{Flag, ScoreResult, clip};

pub struct QuestionView<'a> {
    pub session: &'a Session,
    pub question: &'a Question,
    pub phase: Phase,
    /// Question k of n (only the questions of the asked kind are numbered), or the intro or
    /// wrap-up.
    pub position: Position,
    pub seconds: i64,
    pub follow_up: Option<(&'a str, &'a str)>,
    pub repeated: bool,
    pub transition: Option<&'a str>,
}

pub fn question(user: &UserId, v: &QuestionView) -> Reply {
    let mut doc = Doc::new();
    if let Some(t) = v.transition {
        doc = doc.para(Line::new().i(t.to_string()));
    }
    let diff = v.question.difficulty.slug();
    match v.follow_up {
        Some((prefix, text)) => {
            let of = match v.position {
                Position::Numbered { n, of } => format!("question {n}/{of}"),
                Position::Intro => "intro".into(),
                Position::WrapUp => "wrap-up".into(),
            };
            doc = doc
                .para(Line::new().b(format!("Follow-up · {of}")))
                .para(format!("{prefix} {text}"));
        }
        None => {
            // The intro and wrap-up are named; the questions of the asked kind are numbered,
            // with their kind (the middle phases hold several: situational, system design, case).
            let place = match v.position {
                Position::Numbered { n, of } => format!("Question {n}/{of} · {}", v.question.category.label()),
                _ => v.phase.label().to_string(),
            };
            let head = format!(
                "{}{place} · {} · {}",
                if v.repeated { "Again — " } else { "" },
                v.question.competency.replace('_', " "),
                diff
            );
            doc = doc.para(Line::new().b(head)).para(v.question.text.clone());
        }
    }
    doc = doc.para(Line::new().i(format!("⏱ {} to answer", fmt_secs(v.seconds))));
    let sid = v.session.id.clone();
    Reply::text(doc).kind(ReplyKind::Question).row(vec![
        button(user, "Hint", Action::Hint { session: sid.clone() }),
        button(user, "Skip", Action::Skip { session: sid.clone() }),
        button(user, "Repeat", Action::Repeat { session: sid.clone() }),
        button(user, "End", Action::End { session: sid }),
    ])
}

fn rubric_line(s: &ScoreResult) -> String {
    s.rubric
        .items
        .iter()
        .map(|i| format!("{} {}/{}", i.label, i.score, i.max))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn feedback(
    user: &UserId,
    session: &str,
    seq: u32,
    s: &ScoreResult,
    interim: bool,
    overtime: Option<i64>,
) -> Reply {
    let head = if interim {
        format!("Score so far: {}/100", s.overall)
    } else {
        format!("Score: {}/100", s.overall)
    };
    let mut doc = Doc::new().para(Line::new().b(head).t(format!("  ({} brain)", brain(s))));
    // The score as a sum and the steps after it, so every number shown adds up.
    let sum = super::score::score_sum(s);
    doc = doc.para(Line::new().i(if sum.is_empty() { rubric_line(s) } else { sum }));
    if let Some(c) = super::score::coverage(s) {
        doc = doc.para(c);
    }
    if !s.strengths.is_empty() {
        doc = doc.para(
            Line::new()
                .b("Good: ")
                .t(s.strengths.iter().take(2).cloned().collect::<Vec<_>>().join("; ")),
        );
    }
    doc = doc.para(Line::new().b("Improve: ").t(s.improvement.clone()));
    let mut notes: Vec<Line> = Vec::new();
    if s.has(Flag::InstructionIgnored) {
        notes.push(Line::new().t("Instructions to the grader were ignored — only your answer counts."));
    }
    if s.has(Flag::Truncated) {
        notes.push(Line::new().t("Your answer was cut to the first part before scoring (it was very long)."));
    }
    if s.hint_penalty > 0 && s.ledger.parts.is_empty() {
        notes.push(Line::new().t(format!("Hints used: −{} points.", s.hint_penalty)));
    }
    if let Some(over) = overtime.filter(|o| *o > 0) {
        notes.push(Line::new().t(format!("Answered {} after the time limit.", fmt_secs(over))));
    }
    if let Some(n) = s.style.notes.first() {
        notes.push(Line::new().t(n.clone()));
    }
    doc = doc.bullets(notes);
    Reply::text(doc).kind(ReplyKind::Feedback).row(vec![button(
        user,
        "Details",
        Action::Details {
            session: session.into(),
            seq,
        },
    )])
}

fn brain(s: &ScoreResult) -> &'static str {
    match s.brain {
        crate::scoring::BrainKind::Offline => "offline",
        crate::scoring::BrainKind::Llm => "LLM",
    }
}

/// What the "Details" button shows beside the breakdown: the bank's sample strong answer once
/// the question is closed, or why not yet.
pub enum Sample<'a> {
    Shown(&'a str),
    /// The question is still open (a follow-up may come): shown once it is closed.
    Later,
    None,
}

pub fn details(question: &str, follow_up: Option<&str>, s: &ScoreResult, sample: Sample<'_>) -> Reply {
    let mut doc = Doc::new()
        .heading(format!("Answer breakdown · {}/100", s.overall))
        .para(Line::new().i(clip(question, 160)));
    if let Some(f) = follow_up {
        doc = doc.para(Line::new().i(format!("Follow-up: {}", clip(f, 160))));
    }
    doc = doc.para(s.summary.clone());
    doc = how_it_adds_up(doc, s).para(Line::new().b(format!(
        "{} rubric · {}/{}",
        s.rubric.name,
        s.rubric.total(),
        s.rubric.max()
    )));
    let items: Vec<Line> = s
        .rubric
        .items
        .iter()
        .map(|i| {
            let mut l = Line::new()
                .b(format!("{} {}/{}", i.label, i.score, i.max))
                .t(format!(" — {}", i.note));
            if let Some(e) = &i.evidence {
                l = l.t(": ").i(format!("\"{}\"", clip(e, 140)));
            }
            l
        })
        .collect();
    doc = doc.bullets(items);
    if !s.evidence.specifics.is_empty() {
        doc = doc.para(
            Line::new()
                .b("Specifics that counted: ")
                .t(s.evidence.specifics.join(", ")),
        );
    }
    if !s.evidence.key_points_covered.is_empty() {
        doc = doc
            .para(Line::new().b("Key points covered"))
            .bullets(s.evidence.key_points_covered.iter().map(|k| {
                Line::new()
                    .t(k.point.clone())
                    .t(" — ")
                    .i(format!("\"{}\"", clip(&k.quote, 100)))
            }));
    }
    for m in &s.evidence.misconceptions {
        doc = doc.para(
            Line::new()
                .b("Common misconception: ")
                .i(format!("\"{}\"", clip(&m.quote, 100)))
                .t(format!(
                    " — {}. In fact: {}",
                    m.claim.trim_end_matches('.'),
                    m.correction
                )),
        );
    }
    if !s.evidence.key_points_missed.is_empty() {
        doc = doc
            .para(Line::new().b("Key points missed"))
            .bullets(s.evidence.key_points_missed.iter().map(|k| Line::from(k.as_str())));
    }
    if !s.style.notes.is_empty() {
        doc = doc
            .para(Line::new().b("Style"))
            .bullets(s.style.notes.iter().map(|n| Line::from(n.as_str())));
    }
    doc = doc.para(Line::new().b("One improvement: ").t(s.improvement.clone()));
    if !s.skeleton.is_empty() {
        doc = doc
            .para(Line::new().b("A stronger answer, from your own words:"))
            .code(s.skeleton.clone());
    }
    match sample {
        Sample::Shown(text) => {
            doc = doc
                .para(Line::new().b("A sample strong answer, to compare with yours:"))
                .quote(text.trim().to_string());
        }
        Sample::Later => {
            doc = doc.para(Line::new().i("The sample answer is shown here once this question is closed."));
        }
        Sample::None => {}
    }
    Reply::text(doc).kind(ReplyKind::Feedback).private()
}

/// The parts of the score, each with what it measured, then every step to the score.
fn how_it_adds_up(doc: Doc, s: &ScoreResult) -> Doc {
    let l = &s.ledger;
    if l.parts.is_empty() {
        return doc;
    }
    let b = s.breakdown;
    let mut lines: Vec<Line> = l
        .parts
        .iter()
        .map(|p| {
            let measured = match p.what {
                PartKind::Rubric => format!("{} of {} rubric points", s.rubric.total(), s.rubric.max()),
                PartKind::Relevance => format!("{} %", b.relevance),
                PartKind::Specificity => format!("{} %", b.specificity),
                PartKind::Communication => format!("{} %", b.communication),
                PartKind::Impact => format!("{} %", b.impact),
                PartKind::Structure => format!("{} %", b.structure),
            };
            Line::new()
                .b(format!(
                    "{} {}/{}",
                    super::score::part_label(p, &s.rubric.name),
                    p.points,
                    p.max
                ))
                .t(format!(" ({measured})"))
        })
        .collect();
    lines.push(Line::new().b(format!("Sum: {}", l.base())));
    for st in &l.steps {
        lines.push(Line::new().t(super::score::step_text(st.op, st.why, st.after)));
    }
    doc.para(Line::new().b(format!("How {}/100 adds up", s.overall)))
        .bullets(lines)
}

pub fn details_missing() -> Reply {
    Reply::text(Doc::new().para("I can't find that answer any more (it may have been deleted with /forget)."))
        .kind(ReplyKind::Notice)
}

pub fn empty_answer() -> Reply {
    Reply::text(
        Doc::new().para("That message was empty, so I didn't count it. Type your answer, or use /hint, /skip or /end."),
    )
    .kind(ReplyKind::Notice)
}

/// What hints cost, said under each one (the penalty is `ScoreResult::apply_hints`).
const HINT_COST: &str = "Hints cost 5 points each on this answer (15 at most).";

/// Hint `n` of the `total` this question has (its last one is a key point: [`last_hint`]).
pub fn hint(text: &str, n: usize, total: usize) -> Reply {
    Reply::text(
        Doc::new()
            .para(Line::new().b(format!("Hint {n}/{total}: ")).t(text.to_string()))
            .para(Line::new().i(HINT_COST)),
    )
}

/// A hint for a follow-up: a key point the answer so far missed, or a general nudge.
pub fn follow_up_hint(missed: Option<&str>, n: usize, total: usize) -> Reply {
    let line = Line::new().b(format!("Hint {n}/{total} for the follow-up: "));
    let line = match missed {
        Some(k) => line.t("your answer so far did not cover — ").i(k.to_string()),
        None => line.t("answer just this follow-up, with one concrete detail: what you did, a name or a number."),
    };
    Reply::text(Doc::new().para(line).para(Line::new().i(HINT_COST)))
}

/// The last hint of a question (`n` = `total`): a key point of a strong answer.
pub fn last_hint(key_point: &str, n: usize, total: usize) -> Reply {
    Reply::text(
        Doc::new()
            .para(
                Line::new()
                    .b(format!("Hint {n}/{total}, the last: "))
                    .t("a strong answer includes — ")
                    .i(key_point.to_string()),
            )
            .para(Line::new().i(HINT_COST)),
    )
}

/// Every hint was given (or the question has none): this one costs nothing.
pub fn no_more_hints(given: usize) -> Reply {
    let had = match given {
        0 => String::new(),
        1 => " You've had its one hint; this /hint costs nothing.".into(),
        n => format!(" You've had all {n}; this /hint costs nothing."),
    };
    Reply::text(Doc::new().para(format!(
        "No more hints for this one.{had} Give it your best shot, or /skip."
    )))
    .kind(ReplyKind::Notice)
}

/// Targeted follow-up probes: each asks for what the answer's weakest rubric item lacked
/// (`interview::rules::choose_follow_up` picks one).
pub const PROBE_MORE_DETAIL: &str = "Can you walk me through it in more detail, with a specific example?";
pub const PROBE_RESULT: &str = "What was the result — what changed, and can you put a number on it?";
pub const PROBE_ACTION: &str = "What did you personally do, step by step?";
pub const PROBE_TRADEOFFS: &str = "What are the trade-offs? When would you not do it this way?";
pub const PROBE_REQUIREMENTS: &str = "Before going further: what scale and requirements are you designing for?";
pub const PROBE_RECOMMENDATION: &str = "So what would you recommend, and what's the main risk?";
pub const PROBE_QUANTITATIVE: &str = "Can you put numbers on that? Walk me through a rough estimate.";

/// A challenge of a claim the answer made (one of the question's common wrong claims), quoting
/// it: neutral, so the correction is not given away.
pub fn probe_claim(quote: &str) -> String {
    let said = clip(quote, 120);
    let said = said.trim_end_matches(['.', '!']);
    format!("You said \"{said}\". Walk me through why that holds.")
}

/// The interim card's advice while the follow-up challenges a claim of the answer: the
/// correction would answer the challenge for the candidate.
pub const IMPROVE_WHILE_CHALLENGED: &str = "Check the claim the follow-up quotes: does it hold in every case?";

/// A probe towards a key point the answer missed: it names the point's topic (see
/// [`missed_topic`]) and asks the candidate to take it up.
pub fn probe_missed(key_point: &str) -> String {
    format!(
        "One thing you haven't touched on yet: {}. What would you say about it?",
        missed_topic(key_point)
    )
}

/// The topic of a key point, said to the candidate: the label of a labelled point ("Cost:
/// slower writes…" is "cost"), else the point up to its first example or aside; spoken to
/// "you" ("their part" is "your part").
pub fn missed_topic(key_point: &str) -> String {
    let point = key_point.trim().trim_end_matches('.');
    let head = match point.split_once(':') {
        Some((label, _)) if !label.trim().is_empty() && label.split_whitespace().count() <= 3 => label.trim(),
        _ => {
            let mut head = point;
            for aside in [
                ":",
                " (",
                ", ",
                " such as ",
                " e.g.",
                " for example",
                " instead of ",
                " rather than ",
                " — ",
                " - ",
            ] {
                // A bracket right after one word is part of its name: "L1 (lasso) drives…".
                let least = if aside == " (" { 2 } else { 1 };
                if let Some(i) = head.find(aside)
                    && head[..i].split_whitespace().count() >= least
                {
                    head = &head[..i];
                }
            }
            head
        }
    };
    let words: Vec<String> = head
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let you = match w {
                "their" | "his" | "her" => "your",
                "they" | "them" => "you",
                "theirs" => "yours",
                "themselves" | "themself" | "himself" | "herself" => "yourself",
                _ => w,
            };
            // A capital only because the point starts there ("Cost", not "CAP", "L1", "SQL").
            let plain = you.chars().skip(1).all(|c| !c.is_uppercase() && !c.is_ascii_digit());
            if i == 0 && plain {
                let mut c = you.chars();
                c.next()
                    .map(|f| f.to_lowercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                you.to_string()
            }
        })
        .collect();
    words.join(" ")
}

pub fn follow_up_passed(score: u8) -> Reply {
    Reply::text(Doc::new().para(Line::new().i(format!("Nothing to add — fine. Your answer stands at {score}/100."))))
}

pub fn skipped() -> Reply {
    Reply::text(Doc::new().para(Line::new().i("Skipped — it counts as 0 in the report.")))
}

pub fn time_warning(p: &Persona, secs: i64) -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .b("⏱ ")
                .t(p.time_warning
                    .replace("{seconds} seconds", &plural(secs.max(0) as usize, "second", "seconds"))
                    .replace("{seconds}", &secs.to_string())),
        ),
    )
}

pub fn timed_out(p: &Persona, had_partial: bool) -> Reply {
    let extra = if had_partial {
        " Your earlier answer to this question stands."
    } else {
        " It counts as unanswered."
    };
    Reply::text(Doc::new().para(Line::new().b("⏱ ").t(p.timeout.clone()).t(extra)))
}

/// Time ran out (for the question, or with `interview`, for the whole interview), but an answer
/// sent within the grace still counts.
pub fn late_grace(seconds: i64, interview: bool) -> Reply {
    let (what, or) = if interview {
        ("your last answer", "/end for your report now")
    } else {
        ("this question", "/skip to move on now")
    };
    Reply::text(
        Doc::new().para(
            Line::new()
                .b("⏱ ")
                .t("Time's up. Still typing? Send your answer within ")
                .b(fmt_secs(seconds))
                .t(format!(" and it still counts for {what}, marked late — or {or}.")),
        ),
    )
}

pub fn cap_reached(minutes: u32) -> Reply {
    Reply::text(
        Doc::new().para(
            Line::new()
                .b("⏱ ")
                .t(format!("That's the {minutes}-minute mark — time to wrap up.")),
        ),
    )
}

pub fn abandoned() -> Reply {
    Reply::text(
        Doc::new().para(
            "Interview ended. No answers were given, so there's nothing to score. Start again any time with /mock.",
        ),
    )
}

/// How sure the answers sounded, with what it was measured from beside it.
fn confidence_line(r: &Report) -> String {
    match r.confidence_basis {
        Some(c) => format!(
            "Sounded sure: {}/100 — {} of {} stated without hedging, {} in {}",
            r.confidence,
            c.sentences - c.hedged,
            plural(c.sentences as usize, "sentence", "sentences"),
            plural(c.fillers as usize, "filler word", "filler words"),
            plural(c.words as usize, "word", "words"),
        ),
        None => "Sounded sure: not measured (no real answer to measure)".into(),
    }
}

pub fn report(user: &UserId, s: &Session, r: &Report, p: &Persona) -> Reply {
    let mut doc = Doc::new()
        .heading(format!("Interview report · {}/100", r.overall))
        .para(p.closing.clone())
        .para(r.summary.clone())
        .bullets([
            format!("Overall: {}/100", r.overall),
            format!("Content: {}/100", r.content),
            format!("Communication: {}/100", r.communication),
            confidence_line(r),
        ]);
    if !r.strengths.is_empty() {
        doc = doc
            .para(Line::new().b("Strengths"))
            .bullets(r.strengths.iter().map(|x| Line::from(x.as_str())));
    }
    if !r.improvements.is_empty() {
        doc = doc
            .para(Line::new().b("Improvements"))
            .bullets(r.improvements.iter().map(|x| Line::from(x.as_str())));
    }
    if !r.skill_gaps.is_empty() {
        doc = doc
            .para(Line::new().b("Skill gaps"))
            .bullets(r.skill_gaps.iter().map(|g| {
                Line::new()
                    .t(format!("{} — {}/100, e.g. ", g.area, g.score))
                    .i(g.evidence.clone())
            }));
    }
    let lines: Vec<Line> = r
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let what = match q.kind {
                OutcomeKind::Answered => format!("{}/100", q.score),
                OutcomeKind::Skipped => "skipped".into(),
                OutcomeKind::TimedOut => "timed out".into(),
            };
            // Numbered as they were asked: Q1…Qn are the questions of the asked kind.
            let label = match s.position_of(i) {
                Position::Intro => "Intro".to_string(),
                Position::Numbered { n, .. } => format!("Q{n}"),
                Position::WrapUp => "Wrap-up".to_string(),
            };
            Line::new()
                .t(format!("{label} "))
                .b(what)
                .t(format!(" · {}", clip(&q.question, 70)))
        })
        .collect();
    doc = doc.para(Line::new().b("Questions")).bullets(lines);
    if !r.next_steps.is_empty() {
        doc = doc
            .para(Line::new().b("Next steps"))
            .numbered(r.next_steps.iter().map(|x| Line::from(x.as_str())));
    }
    let again = format!(
        "mock {} {} {}",
        s.settings.kind.slug(),
        s.settings.role.as_deref().unwrap_or(""),
        s.settings.persona
    )
    .replace("  ", " ");
    Reply::text(doc).kind(ReplyKind::Report).row(vec![
        button(user, "Practise again", Action::Run { command: again }),
        button(
            user,
            "My progress",
            Action::Run {
                command: "progress".into(),
            },
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missed_point_is_named_by_its_topic_spoken_to_the_candidate() {
        assert_eq!(missed_topic("Cost: slower writes, extra storage and memory"), "cost");
        assert_eq!(missed_topic("Trade-offs: accuracy versus memory"), "trade-offs");
        assert_eq!(
            missed_topic("Layer 4 routes by IP and port (TCP/UDP)"),
            "layer 4 routes by IP and port"
        );
        assert_eq!(
            missed_topic("Guardrails such as spam, response time, off-platform leakage"),
            "guardrails"
        );
        assert_eq!(
            missed_topic("Owned their personal part without deflecting"),
            "owned your personal part without deflecting"
        );
        assert_eq!(missed_topic("CAP choice"), "CAP choice");
        assert_eq!(
            missed_topic("L1 (lasso) drives some weights to zero: feature selection"),
            "L1 (lasso) drives some weights to zero"
        );
        assert_eq!(
            probe_missed("Cost: slower writes, extra storage and memory"),
            "One thing you haven't touched on yet: cost. What would you say about it?"
        );
    }

    #[test]
    fn a_claim_is_quoted_short_without_its_correction() {
        let p = probe_claim("Indexes are free, so you should index every column.");
        assert_eq!(
            p,
            "You said \"Indexes are free, so you should index every column\". Walk me through why that holds."
        );
        let long = "word ".repeat(60);
        assert!(probe_claim(&long).chars().count() < 180, "quoted short");
    }
}
