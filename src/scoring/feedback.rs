//! Feedback from a scored answer: strengths, the one improvement that matters most, and a
//! stronger-answer skeleton built from the candidate's own sentences.

use super::cues::Cue;
use super::offline::features::Features;
use super::result::{Flag, ScoreResult};
use super::target::Target;
use super::text::Analysis;
use crate::bank::Category;

/// Shorten to at most `max` characters on a word boundary.
pub fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max).collect();
    if let Some(i) = out.rfind(' ') {
        out.truncate(i);
    }
    out.push('…');
    out
}

pub(super) fn fill(r: &mut ScoreResult, t: &Target, a: &Analysis, f: &Features) {
    r.strengths = strengths(r, f);
    r.improvement = improvement(r, t, f);
    r.skeleton = skeleton(r.category, a, f);
    r.summary = summary(r);
    let mut notes = Vec::new();
    if !r.style.fillers.is_empty() {
        let list: Vec<String> = r.style.fillers.iter().map(|(w, n)| format!("\"{w}\" ×{n}")).collect();
        notes.push(format!(
            "Filler words: {} — pause instead; they cost little when the content is strong.",
            list.join(", ")
        ));
    }
    if r.style.hedges.len() >= 2 {
        notes.push(format!(
            "Hedging ({}) makes you sound unsure of your own work.",
            r.style.hedges.join(", ")
        ));
    }
    if f.max_sentence_words > 45 {
        notes.push(format!(
            "One sentence runs {} words: split long sentences.",
            f.max_sentence_words
        ));
    }
    if r.style.buzzwords >= 2 {
        notes.push("Buzzwords replace evidence: swap them for what you actually did.".into());
    }
    r.style.notes = notes;
}

fn strengths(r: &ScoreResult, f: &Features) -> Vec<String> {
    let mut s = Vec::new();
    if r.hopeless() {
        return s;
    }
    for i in &r.rubric.items {
        if i.max > 0 && i.score as u32 * 10 >= i.max as u32 * 8 {
            s.push(format!("{}: {}", i.label, i.note));
        }
    }
    if f.numbers.len() >= 2 {
        s.push(format!(
            "Specific figures ({})",
            f.numbers.iter().take(4).cloned().collect::<Vec<_>>().join(", ")
        ));
    }
    if r.evidence.key_points_covered.len() >= 2 {
        s.push(format!(
            "Covered {} of the key points",
            r.evidence.key_points_covered.len()
        ));
    }
    s.truncate(4);
    s
}

fn improvement(r: &ScoreResult, t: &Target, f: &Features) -> String {
    if r.has(Flag::Empty) || r.has(Flag::Trivial) {
        return "Give it a real try: even a short answer with one specific example beats \"I don't know\". Use /hint for a nudge.".into();
    }
    if r.has(Flag::KeywordStuffing) {
        return "Listing rubric words earns nothing: tell one real story or explanation in full sentences — what happened, what you did, what changed.".into();
    }
    if r.has(Flag::OffTopic) {
        return format!(
            "Answer the question that was asked: \"{}\". Start your first sentence with its subject.",
            clip(t.question.trim_end_matches(['.', '?', '!']), 140)
        );
    }
    if r.has(Flag::NoSubstance) {
        return if r.has(Flag::InstructionIgnored) {
            "Text addressed to the grader earns nothing and counts against you. Answer the question itself: one real example — what happened, what you did, what changed, with a number.".into()
        } else {
            "Name the real event: where and when it happened, who was involved, the concrete things you did (the tool, the document, the conversation) and the numbers before and after. Labels like Situation/Task/Action/Result and words like \"alignment\" or \"ownership\" earn nothing without them.".into()
        };
    }
    if let Some(m) = r.evidence.misconceptions.first() {
        return format!("Fix the core claim: {}", m.correction);
    }
    if r.has(Flag::TooShort) {
        return match r.category {
            Category::Behavioral | Category::Situational => "Too short to judge: give one concrete example with what you did and the result (aim for 120–250 words).".into(),
            _ => "Too short to judge: explain how it works, give an example, and name one trade-off.".into(),
        };
    }
    if r.has(Flag::WeNotI) {
        return "Say what *you* did: replace \"we decided/built\" with \"I proposed/built…\" for your part, and credit the team for theirs.".into();
    }
    // A well-built answer that misses the question: say so before polishing its structure.
    if r.breakdown.relevance < 40 && r.rubric.total() * 10 >= r.rubric.max() * 7 {
        return format!(
            "Make it answer this question: \"{}\". Your story is well built, but say explicitly how it shows what was asked.",
            clip(t.question.trim_end_matches(['.', '?', '!']), 140)
        );
    }
    // The rubric item furthest below its maximum, weighted by its size.
    let weakest = r
        .rubric
        .items
        .iter()
        .filter(|i| i.max > 0)
        .max_by_key(|i| (i.max - i.score) as u32 * 100 / i.max as u32 * i.max as u32);
    let missed = r.evidence.key_points_missed.first();
    let key = weakest.map(|i| i.key.as_str());
    // A missed key point says more than general advice on communication.
    let advice = key.filter(|k| *k != "communication").and_then(part_advice);
    match (key, advice, missed) {
        (Some("accuracy"), _, Some(m)) => format!("You did not cover: {m}."),
        (_, Some(a), _) => a.into(),
        (_, None, Some(m)) => format!("Cover this too: {m}."),
        (_, None, None) if f.numbers.is_empty() => "Add one specific figure or name to make it concrete.".into(),
        (_, None, None) => "Tighten it: lead with the point, then the evidence.".into(),
    }
}

/// What to do about one weak part of a rubric, by its key (the same advice an answer gets
/// when that part is its weakest; the final report uses it per part).
pub fn part_advice(key: &str) -> Option<&'static str> {
    Some(match key {
        "result" => {
            "End with the result: what changed because of you, with a number (e.g. \"cut the backlog from 120 to 30 tickets in 3 weeks\"), then one lesson."
        }
        "action" => {
            "Spend most of the answer on your actions: 2–3 sentences starting \"I …\" with the specific steps you took."
        }
        "situation" => "Open with the setting in one sentence: where you were, what was at stake, when.",
        "task" => "Say what your goal or responsibility was before describing the actions (\"My job was to…\").",
        "tradeoffs" => {
            "Add the trade-off: when would you *not* do this, and what does it cost (latency, complexity, money)?"
        }
        "depth" => "Go one level deeper: explain *how* it works and *why*, with a concrete example.",
        "accuracy" => "Anchor the answer in the core concept the question asks about before adding detail.",
        "requirements" => {
            "Start by pinning down requirements and scale (users, requests per second, data size) before drawing boxes."
        }
        "high_level" => {
            "Sketch the main components and how a request flows through them (client → API → service → storage)."
        }
        "deep_dive" => "Pick the hardest part (data model, hot path, consistency) and go deep on it.",
        "scalability" => {
            "Say how the design grows: what you shard or replicate, what you cache, where the bottleneck moves."
        }
        "clarify" => "Open by clarifying: ask one or two questions and state your assumptions out loud.",
        "framework" => {
            "Lay out your structure before diving in (e.g. \"I'll look at users, revenue per user, then costs\")."
        }
        "quantitative" => "Put numbers on it: estimate, show the arithmetic, and sanity-check the result.",
        "insight" => "Say what drives the outcome and why — the insight is what interviewers remember.",
        "recommendation" => "Finish with a clear recommendation and its main risk.",
        "plan" => "Lay out concrete steps in order: first…, then…, finally….",
        "people" => "Name who you would involve and which options you would weigh.",
        "follow_up" => "Close with how you would check it worked, and back it with a real past example.",
        "specifics" | "evidence" => "Back the claims with one concrete example and a figure.",
        "growth" => "Show what you are doing about it and the progress so far.",
        "fit" => "Tie it to this company and role: what about them, specifically, fits you?",
        "communication" => "Lead with the answer in one sentence, then explain it in short steps, in order.",
        _ => return None,
    })
}

fn sentence(a: &Analysis, i: usize) -> String {
    clip(&a.sentences[i].text, 180)
}

fn skeleton(c: Category, a: &Analysis, f: &Features) -> String {
    if a.sentences.is_empty() {
        return String::new();
    }
    let find = |cue: Cue| f.per_sentence.iter().position(|h| h.has(cue));
    let or =
        |i: Option<usize>, placeholder: &str| i.map(|i| sentence(a, i)).unwrap_or_else(|| format!("[{placeholder}]"));
    match c {
        Category::Behavioral | Category::Situational => {
            let sit = find(Cue::Situation).or(Some(0));
            let task = find(Cue::Task);
            let mut actions: Vec<String> = f.i_action.iter().take(3).map(|&i| sentence(a, i)).collect();
            if actions.is_empty() {
                actions = f
                    .we_action
                    .iter()
                    .take(2)
                    .map(|&i| format!("{} [say what YOU did]", sentence(a, i)))
                    .collect();
            }
            if actions.is_empty() {
                actions.push("[2–3 sentences: \"I …\" — the specific steps you took]".into());
            }
            let result = f
                .per_sentence
                .iter()
                .enumerate()
                .filter(|(_, h)| h.has(Cue::Result))
                .max_by_key(|(i, _)| a.sentences[*i].has_number())
                .map(|(i, _)| i);
            let learn = find(Cue::Learning);
            let mut s = format!("Situation: {}\n", or(sit, "where, when, what was at stake"));
            s += &format!("Task: {}\n", or(task, "what you were responsible for"));
            for (n, act) in actions.iter().enumerate() {
                s += &format!("{} {act}\n", if n == 0 { "Action:" } else { "        " });
            }
            let res = match result {
                Some(i) if a.sentences[i].has_number() => sentence(a, i),
                Some(i) => format!("{} [add the number: by how much, how fast]", sentence(a, i)),
                None => "[the outcome, with a number: what changed because of you]".into(),
            };
            s += &format!("Result: {res}\n");
            s += &format!("Lesson: {}", or(learn, "what you learned or would do differently"));
            s
        }
        Category::Technical => {
            let expl = find(Cue::Explain).filter(|&i| i != 0);
            let ex = a.sentences.iter().position(|s| {
                s.text.to_lowercase().contains("for example") || s.text.to_lowercase().contains("for instance")
            });
            let trade = find(Cue::Tradeoff);
            format!(
                "Answer: {}\nHow/why: {}\nExample: {}\nTrade-off: {}",
                sentence(a, 0),
                or(expl, "how it works under the hood, and why"),
                or(ex, "a concrete case you have seen or built"),
                or(trade, "when you would not do this, and what it costs")
            )
        }
        Category::SystemDesign => format!(
            "Requirements: {}\nHigh-level design: {}\nDeep dive: {}\nScaling: {}\nTrade-offs: {}",
            or(
                find(Cue::Requirement),
                "users, QPS, data size, latency/availability targets"
            ),
            or(
                find(Cue::Component),
                "client → API → services → storage, and the request flow"
            ),
            or(
                find(Cue::Explain),
                "the hardest part in detail: data model, hot path, consistency"
            ),
            or(
                find(Cue::Scale),
                "sharding, replication, caching, where the bottleneck moves"
            ),
            or(find(Cue::Tradeoff), "what you chose, what you gave up"),
        ),
        Category::Case => format!(
            "Clarify: {}\nStructure: {}\nNumbers: {}\nInsight: {}\nRecommendation: {}",
            or(find(Cue::Clarify), "one or two questions, and your assumptions"),
            or(find(Cue::Framework), "how you break the problem down"),
            or(
                a.sentences.iter().position(|s| s.has_number()),
                "the estimate with its arithmetic"
            ),
            or(find(Cue::Explain), "the main driver and why"),
            or(find(Cue::Recommend), "your call and its main risk"),
        ),
        Category::Motivation => format!(
            "Point: {}\nEvidence: {}\nConnection: {}",
            sentence(a, 0),
            or(
                find(Cue::Result).or(a.sentences.iter().position(|s| s.has_number())),
                "one concrete example with a figure"
            ),
            or(
                find(Cue::Learning).or(find(Cue::Plan)),
                "why this matters for this role and company"
            ),
        ),
    }
}

fn summary(r: &ScoreResult) -> String {
    let band = match r.overall {
        0..=19 => "Not an answer yet",
        20..=39 => "Weak",
        40..=59 => "Developing",
        60..=74 => "Solid",
        75..=89 => "Strong",
        _ => "Excellent",
    };
    let mut s = format!("{band} ({}/100).", r.overall);
    if r.has(Flag::OffTopic) {
        s.push_str(" It does not address the question asked.");
    } else if r.has(Flag::KeywordStuffing) {
        s.push_str(" A list of keywords is not an answer.");
    } else if r.has(Flag::NoSubstance) && !r.has(Flag::InstructionIgnored) {
        s.push_str(" It has the shape of an answer but nothing concrete: no real event, figure or name.");
    } else if let Some(best) = r.strengths.first() {
        s.push_str(&format!(" Best part — {}.", best.to_lowercase()));
    }
    if r.has(Flag::InstructionIgnored) {
        s.push_str(if r.has(Flag::NoSubstance) {
            " Text addressed to the grader was set aside: it earns nothing and, with nothing real around it, counts against the answer."
        } else {
            " Instructions to the grader were ignored."
        });
    }
    s
}
