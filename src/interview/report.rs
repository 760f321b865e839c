//! The final report of a mock interview, built from its outcomes and scored answers.

use super::{AnswerRecord, OutcomeKind, Pace, Phase, Session, Settings};
use crate::bank::{Bank, Category, Difficulty};
use crate::scoring::Flag;
use crate::scoring::text::plural;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillGap {
    pub area: String,
    pub score: u8,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionLine {
    pub question_id: String,
    pub question: String,
    pub category: Category,
    pub kind: OutcomeKind,
    pub score: u8,
    pub seconds: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub overall: u8,
    pub communication: u8,
    pub content: u8,
    /// How sure the answers sounded (0–100), from their language: see [`Confidence`].
    pub confidence: u8,
    /// What `confidence` was measured from; `None` in reports stored before it was.
    #[serde(default)]
    pub confidence_basis: Option<Confidence>,
    pub answered: u32,
    pub skipped: u32,
    pub timed_out: u32,
    pub planned: u32,
    pub minutes: u32,
    pub summary: String,
    pub strengths: Vec<String>,
    pub improvements: Vec<String>,
    pub skill_gaps: Vec<SkillGap>,
    pub next_steps: Vec<String>,
    pub questions: Vec<QuestionLine>,
    /// Which brain wrote the report.
    pub brain: crate::scoring::BrainKind,
}

/// How sure the answers sounded, from their language alone: the share of sentences stated
/// without a hedge, less 5 points per filler per 100 words (at most 30). Answers judged no
/// answer at all (off-topic, trivial…) are left out: how sure a holiday story sounds says
/// nothing about the interview. Not a judgement of correctness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confidence {
    pub answers: u32,
    pub sentences: u32,
    pub hedged: u32,
    pub fillers: u32,
    pub words: u32,
}

impl Confidence {
    /// `None` when no answer counts.
    pub fn measure<'a>(scores: impl Iterator<Item = &'a crate::scoring::ScoreResult>) -> Option<Confidence> {
        let mut c = Confidence {
            answers: 0,
            sentences: 0,
            hedged: 0,
            fillers: 0,
            words: 0,
        };
        for s in scores.filter(|s| !s.hopeless() && s.style.sentences > 0) {
            c.answers += 1;
            c.sentences += s.style.sentences;
            c.hedged += s.style.hedged_sentences.min(s.style.sentences);
            c.fillers += s.style.filler_count;
            c.words += s.style.words;
        }
        (c.answers > 0).then_some(c)
    }

    pub fn score(self) -> u8 {
        let stated = (self.sentences - self.hedged) as f64 / self.sentences.max(1) as f64;
        let per_100 = self.fillers as f64 * 100.0 / self.words.max(1) as f64;
        round(100.0 * stated - (5.0 * per_100).min(30.0))
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = xs.collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn round(x: f64) -> u8 {
    x.round().clamp(0.0, 100.0) as u8
}

/// `answers` are all stored answers of the session; for each question the last one carries the
/// final (combined) score.
pub fn build(session: &Session, answers: &[AnswerRecord], bank: &Bank) -> Report {
    let mut last_by_q: BTreeMap<&str, &AnswerRecord> = BTreeMap::new();
    for a in answers {
        last_by_q.insert(a.question_id.as_str(), a);
    }
    let scored: Vec<&AnswerRecord> = session
        .outcomes
        .iter()
        .filter(|o| o.kind == OutcomeKind::Answered)
        .filter_map(|o| last_by_q.get(o.question_id.as_str()).copied())
        .collect();

    let overall = session.average().unwrap_or(0);
    let communication = mean(scored.iter().map(|a| a.score.breakdown.communication as f64)).unwrap_or(0.0);
    let content = mean(scored.iter().map(|a| {
        let b = a.score.breakdown;
        0.4 * b.relevance as f64 + 0.3 * b.specificity as f64 + 0.3 * b.impact as f64
    }))
    .unwrap_or(0.0);
    let confidence = Confidence::measure(scored.iter().map(|a| &a.score));

    let answered = session.answered() as u32;
    let skipped = session
        .outcomes
        .iter()
        .filter(|o| o.kind == OutcomeKind::Skipped)
        .count() as u32;
    let timed_out = session
        .outcomes
        .iter()
        .filter(|o| o.kind == OutcomeKind::TimedOut)
        .count() as u32;
    // What the text counts: the questions of the asked kind, as they were numbered (the intro
    // and wrap-up that came in addition are named, not counted).
    let numbered = |kind: OutcomeKind| {
        session
            .outcomes
            .iter()
            .filter(|o| o.kind == kind && !o.phase.is_bookend())
            .count()
    };
    let (numbered_skipped, numbered_timed_out) = (numbered(OutcomeKind::Skipped), numbered(OutcomeKind::TimedOut));
    let minutes = session
        .ended_at
        .map(|e| ((e - session.created_at).num_seconds().max(0) as u32).div_ceil(60))
        .unwrap_or(0);

    // Rubric items: how often strong, how often weak.
    let mut strong: BTreeMap<String, u32> = BTreeMap::new();
    let mut weak: BTreeMap<String, (u32, String)> = BTreeMap::new();
    for a in &scored {
        for item in &a.score.rubric.items {
            let frac = item.score as f64 / item.max.max(1) as f64;
            // A part done well in an answer to another question (or in a list of rubric
            // words) is no strength.
            if frac >= 0.8 && !a.score.hopeless() {
                *strong
                    .entry(format!("{} ({})", item.label, a.score.rubric.name))
                    .or_default() += 1;
            } else if frac < 0.5 {
                // The advice for this part, not the answer's own improvement (which is about
                // whatever that answer lacked most, perhaps another part).
                let tip = crate::scoring::part_advice(&item.key)
                    .map(str::to_string)
                    .unwrap_or_else(|| a.score.improvement.clone());
                let e = weak.entry(item.label.clone()).or_insert((0, tip));
                e.0 += 1;
            }
        }
    }
    let mut strengths: Vec<(String, u32)> = strong.into_iter().collect();
    strengths.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut strengths: Vec<String> = strengths
        .into_iter()
        .take(3)
        .map(|(label, n)| format!("{label}: strong in {}", n_answers(n as usize)))
        .collect();
    // A best answer is a strength only when it is at least developing (40+): calling a
    // 5/100 answer a strength would be flattery, not feedback.
    if let Some(best) = scored.iter().max_by_key(|a| a.score.overall)
        && best.score.overall >= 40
    {
        strengths.push(format!(
            "Best answer ({}/100): \"{}\"",
            best.score.overall,
            clip(&best.question, 80)
        ));
    }

    let mut weak: Vec<(String, (u32, String))> = weak.into_iter().collect();
    weak.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    // Parts weak as often and with the same advice read as one line, not one line each.
    let mut groups: Vec<(Vec<&str>, u32, &str)> = Vec::new();
    for (label, (n, tip)) in &weak {
        match groups.iter_mut().find(|g| g.1 == *n && g.2 == tip.as_str()) {
            Some(g) => g.0.push(label),
            None => groups.push((vec![label.as_str()], *n, tip.as_str())),
        }
    }
    let mut improvements: Vec<String> = Vec::new();
    for (labels, n, tip) in groups.iter().take(3) {
        let verb = if labels.len() == 1 { "was" } else { "were" };
        improvements.push(format!(
            "{} {verb} weak in {}. {tip}",
            join_and(labels),
            n_answers(*n as usize)
        ));
    }
    let flag_count = |f: Flag| scored.iter().filter(|a| a.score.has(f)).count();
    // What sank whole answers comes before what weakened parts of them.
    let mut first: Vec<String> = Vec::new();
    let off_topic = flag_count(Flag::OffTopic);
    if off_topic > 0 {
        first.push(format!(
            "{} did not answer the question asked: name its subject in your first sentence and keep the story on it.",
            n_answers(off_topic)
        ));
    }
    let trivial = scored
        .iter()
        .filter(|a| a.score.has(Flag::Trivial) || a.score.has(Flag::Empty))
        .count();
    if trivial > 0 {
        first.push(format!(
            "{} said too little to score: even an unfinished example beats a one-line answer.",
            n_answers(trivial)
        ));
    }
    let stuffed = flag_count(Flag::KeywordStuffing);
    if stuffed > 0 {
        first.push(format!(
            "{} listed rubric words instead of telling what happened: words like \"impact\" earn nothing on their own.",
            n_answers(stuffed)
        ));
    }
    improvements.splice(0..0, first);
    if flag_count(Flag::WeNotI) > 0 {
        improvements.push("Too much \"we\": interviewers hire you, so say what you did.".into());
    }
    if flag_count(Flag::Fillers) > 0 || flag_count(Flag::Hedging) > 0 {
        improvements.push("Fewer fillers and hedges (\"um\", \"I think\", \"maybe\"): pause, then state it.".into());
    }
    if numbered_skipped + numbered_timed_out > 0 {
        improvements.push(format!(
            "{} went unanswered: when stuck, say how you would approach it — partial answers score.",
            plural(numbered_skipped + numbered_timed_out, "question", "questions")
        ));
    }
    improvements.truncate(6);

    // Skill gaps: competencies and categories below 60.
    let mut by_area: BTreeMap<String, Vec<(u8, &str)>> = BTreeMap::new();
    for o in &session.outcomes {
        let area = area_label(o.category, &o.competency);
        let text = bank.get(&o.question_id).map(|q| q.text.as_str()).unwrap_or("");
        by_area.entry(area).or_default().push((o.score, text));
    }
    let mut gaps: Vec<SkillGap> = by_area
        .into_iter()
        .filter_map(|(area, v)| {
            let avg = v.iter().map(|x| x.0 as f64).sum::<f64>() / v.len() as f64;
            (avg < 60.0).then(|| {
                let worst = v.iter().min_by_key(|x| x.0).map(|x| x.1).unwrap_or("");
                SkillGap {
                    area,
                    score: round(avg),
                    evidence: format!("\"{}\"", clip(worst, 90)),
                }
            })
        })
        .collect();
    gaps.sort_by(|a, b| a.score.cmp(&b.score).then(a.area.cmp(&b.area)));
    gaps.truncate(4);
    // Key points most often missed.
    let mut missed: BTreeMap<String, u32> = BTreeMap::new();
    for a in &scored {
        for m in &a.score.evidence.key_points_missed {
            *missed.entry(m.clone()).or_default() += 1;
        }
    }

    let mut next_steps: Vec<String> = Vec::new();
    let role = session.settings.role.as_deref().unwrap_or("");
    if let Some(g) = gaps.first() {
        let cat = session
            .outcomes
            .iter()
            .find(|o| area_label(o.category, &o.competency) == g.area)
            .map(|o| (o.category, o.competency.clone()));
        if let Some((cat, comp)) = cat {
            next_steps.push(format!(
                "Browse {} questions with /bank {comp} and read their sample answers.",
                g.area
            ));
            if let Some(t) = mock_type_for(cat) {
                next_steps.push(format!("Practise again: /mock {t} {role} 4").replace("  ", " "));
            }
        }
    }
    if let Some((point, _)) = missed.iter().max_by_key(|(_, n)| **n) {
        next_steps.push(format!("Prepare a story or explanation that covers: {point}."));
    }
    if overall >= 75 {
        next_steps.push(raise_the_bar(&session.settings).into());
    }
    next_steps.push("Check your trend with /progress after your next session.".into());
    next_steps.truncate(4);

    let band = match overall {
        0..=39 => "needs work",
        40..=59 => "developing",
        60..=74 => "solid",
        75..=89 => "strong",
        _ => "excellent",
    };
    let answered_numbered = numbered(OutcomeKind::Answered);
    let answered_bookend = |phase| {
        session
            .outcomes
            .iter()
            .any(|o| o.kind == OutcomeKind::Answered && o.phase == phase)
    };
    let also = match (answered_bookend(Phase::Intro), answered_bookend(Phase::WrapUp)) {
        (true, true) => " (plus the intro and wrap-up)",
        (true, false) => " (plus the intro)",
        (false, true) => " (plus the wrap-up)",
        (false, false) => "",
    };
    let mut summary = format!(
        "You answered {answered_numbered} of {}{also} in {minutes} min. Overall {overall}/100 — {band}.",
        plural(session.numbered_total(), "question", "questions")
    );
    if numbered_skipped + numbered_timed_out > 0 {
        summary.push_str(&format!(" Skipped {numbered_skipped}, timed out {numbered_timed_out}."));
    }
    if session.ended_early {
        summary.push_str(" Ended early.");
    }

    let questions = session
        .outcomes
        .iter()
        .map(|o| QuestionLine {
            question_id: o.question_id.clone(),
            question: bank.get(&o.question_id).map(|q| q.text.clone()).unwrap_or_default(),
            category: o.category,
            kind: o.kind,
            score: o.score,
            seconds: o.seconds,
        })
        .collect();

    Report {
        overall,
        communication: round(communication),
        content: round(content),
        confidence: confidence.map_or(0, Confidence::score),
        confidence_basis: confidence,
        answered,
        skipped,
        timed_out,
        planned: session.plan.len() as u32,
        minutes,
        summary,
        strengths,
        improvements,
        skill_gaps: gaps,
        next_steps,
        questions,
        brain: crate::scoring::BrainKind::Offline,
    }
}

/// "1 answer", "3 answers".
fn n_answers(n: usize) -> String {
    plural(n, "answer", "answers")
}

pub fn area_label(category: Category, competency: &str) -> String {
    match category {
        Category::Behavioral | Category::Motivation | Category::Situational => competency.replace('_', " "),
        _ => format!("{} ({})", category.label().to_lowercase(), competency.replace('_', " ")),
    }
}

pub(crate) fn mock_type_for(c: Category) -> Option<&'static str> {
    Some(match c {
        Category::Behavioral | Category::Motivation => "behavioral",
        Category::Technical => "technical",
        Category::SystemDesign => "system_design",
        Category::Case => "case",
        Category::Situational => "situational",
    })
}

/// "A", "A and b", "A, b and c": labels after the first start lower-case mid-sentence.
fn join_and(labels: &[&str]) -> String {
    let lower_first = |l: &str| {
        let mut c = l.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    let mut out = String::new();
    for (i, l) in labels.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == labels.len() { " and " } else { ", " });
            out.push_str(&lower_first(l));
        } else {
            out.push_str(l);
        }
    }
    out
}

fn clip(s: &str, n: usize) -> String {
    crate::scoring::text::normalize(s).chars().take(n).collect::<String>()
        + if s.chars().count() > n { "…" } else { "" }
}

/// The next step after a strong interview: something harder than what was just done, never the
/// same thing again (after the challenging persona, not "try the challenging persona").
fn raise_the_bar(s: &Settings) -> &'static str {
    let challenging = s.persona == "challenging";
    let hardest = s.difficulty == Some(Difficulty::Expert);
    match (challenging, hardest, s.pace) {
        (false, false, _) => "Raise the bar: try /mock with the challenging persona or a harder difficulty.",
        (false, true, _) => "Raise the bar: try /mock with the challenging persona.",
        (true, false, _) => "Raise the bar: keep the challenging persona and try a harder difficulty.",
        (true, true, Pace::Strict) => "Raise the bar: try another interview type with the same settings.",
        (true, true, _) => "Raise the bar: try the same settings with less time (/mock … time=strict).",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Level;
    use crate::interview::InterviewType;

    fn settings(persona: &str, difficulty: Option<Difficulty>, pace: Pace) -> Settings {
        Settings {
            kind: InterviewType::Behavioral,
            role: None,
            level: Level::Mid,
            difficulty,
            count: 4,
            persona: persona.into(),
            pace,
        }
    }

    #[test]
    fn the_next_step_never_suggests_what_was_just_done() {
        let neutral = raise_the_bar(&settings("neutral", None, Pace::Standard));
        assert!(neutral.contains("challenging persona"), "{neutral}");
        let challenging = raise_the_bar(&settings("challenging", Some(Difficulty::Hard), Pace::Standard));
        assert!(!challenging.contains("try /mock with the challenging"), "{challenging}");
        assert!(challenging.contains("harder difficulty"), "{challenging}");
        let expert = raise_the_bar(&settings("neutral", Some(Difficulty::Expert), Pace::Standard));
        assert!(!expert.contains("harder difficulty"), "{expert}");
        let all = raise_the_bar(&settings("challenging", Some(Difficulty::Expert), Pace::Standard));
        assert!(all.contains("time=strict"), "{all}");
        let strict = raise_the_bar(&settings("challenging", Some(Difficulty::Expert), Pace::Strict));
        assert!(
            !strict.contains("time=strict") && strict.contains("another interview type"),
            "{strict}"
        );
    }
}
