//! The answer drafter and the saved-answer library (issue #18), the pure part: the records (the
//! draft being written, `u/<user>/draft`, and each saved answer, `u/<user>/l/<id>`), the CV
//! lines that fit a question best (shared content stems), the offline skeleton (the user's own
//! points and CV lines placed in the category's parts, the gaps marked), the figures check a
//! model's draft must pass (no number the user did not give), and the question similarity that
//! offers a saved answer when its question, or one like it, comes up in a mock.

pub use super::figures::{figures, invented_figures};
use crate::bank::Category;
use crate::scoring::lexicon::{self as lx, List};
use crate::scoring::text::Analysis;
use crate::store::Record;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The answer being drafted (one per user; `/draft` replaces it, `/draft edit` revises it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The bank question, when it is one.
    pub question_id: Option<String>,
    pub question: String,
    pub category: Category,
    /// What the user said happened (their own facts).
    pub points: String,
    /// The CV lines the draft was built from.
    pub cv_lines: Vec<String>,
    pub text: String,
    /// The offline scorer's score of the text as it stands.
    pub score: u8,
    /// Written by the model (from the user's facts only), or built offline.
    pub by_model: bool,
    pub started: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    pub revisions: u32,
}

impl Record for Draft {}

/// An answer in the user's library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// The key's last part (`u/<user>/l/<id>`): the save time in milliseconds, so keys list
    /// oldest first.
    pub id: String,
    pub question_id: Option<String>,
    pub question: String,
    pub category: Category,
    pub text: String,
    pub score: u8,
    pub saved: DateTime<Utc>,
    pub updated: DateTime<Utc>,
}

impl Record for Saved {}

/// Words that frame a question rather than say what it is about ("tell me about a time…").
const FRAME_WORDS: &[&str] = &[
    "tell",
    "describe",
    "time",
    "example",
    "give",
    "walk",
    "talk",
    "explain",
    "share",
    "would",
    "could",
    "can",
    "you",
    "your",
    "yourself",
    "about",
    "through",
    "situation",
    "when",
    "how",
    "what",
    "why",
    "which",
    "did",
    "do",
    "does",
    "have",
    "had",
    "ever",
    "something",
    "someone",
    "thing",
    "way",
    "recent",
    "last",
    "one",
];

/// The content concepts of a text (stems, with synonyms folded), sorted and distinct.
pub fn content_stems(text: &str) -> Vec<String> {
    let mut v: Vec<String> = Analysis::new(text)
        .words()
        .filter(|w| !w.stop && !w.number && w.lower.len() > 2 && !FRAME_WORDS.contains(&w.lower.as_str()))
        .map(|w| w.concept.to_string())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// How alike two questions are: the Dice coefficient of their content concepts (0–1).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (content_stems(a), content_stems(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let shared = x.iter().filter(|w| y.binary_search(w).is_ok()).count();
    2.0 * shared as f64 / (x.len() + y.len()) as f64
}

/// Two questions this alike are "the same question" for offering a saved answer (no two
/// questions of the bank are: a test in this file checks it).
pub const SIMILAR: f64 = 0.6;

/// Is a saved answer (its bank id, its question) one for this question?
pub fn same_question(saved_id: Option<&str>, saved_question: &str, id: Option<&str>, question: &str) -> bool {
    match (saved_id, id) {
        (Some(a), Some(b)) if a == b => true,
        // Two different bank questions are different questions.
        (Some(_), Some(_)) => false,
        _ => {
            saved_question.trim().eq_ignore_ascii_case(question.trim())
                || similarity(saved_question, question) >= SIMILAR
        }
    }
}

/// The `n` CV lines that share the most content with the question and the user's points (each
/// shared concept counts, a line's length divides it a little), best first; none that share
/// nothing.
pub fn rank_cv_lines(lines: &[String], question: &str, points: &str, n: usize) -> Vec<String> {
    let wanted = content_stems(&format!("{question}\n{points}"));
    let mut scored: Vec<(f64, usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let mine = content_stems(l);
            let shared = mine.iter().filter(|w| wanted.binary_search(w).is_ok()).count();
            (shared > 0).then(|| (shared as f64 / (mine.len() as f64).sqrt().max(1.0), i))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out: Vec<String> = Vec::new();
    for (_, i) in scored {
        let l = lines[i].trim().to_string();
        if !l.is_empty() && !out.contains(&l) {
            out.push(l);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

/// A question given as text: the category its wording suggests (behavioural when unsure).
pub fn guess_category(question: &str) -> Category {
    let q = format!(" {} ", question.to_lowercase());
    let has = |ws: &[&str]| ws.iter().any(|w| q.contains(w));
    if has(&[" design a ", " design an ", " architect", "system design", " scale a "]) {
        Category::SystemDesign
    } else if has(&[
        " how many ",
        " estimate ",
        " market size",
        " should we ",
        " should the company",
        " profit",
    ]) {
        Category::Case
    } else if has(&[
        " why do you want",
        " why this ",
        " why us",
        " where do you see",
        " why are you leaving",
        " motivat",
    ]) {
        Category::Motivation
    } else if has(&[
        " what would you do",
        " how would you handle",
        " imagine ",
        " suppose ",
        " if you ",
    ]) {
        Category::Situational
    } else if has(&[
        " tell me about a time",
        " describe a time",
        " give me an example",
        " a time when",
        " a time you",
    ]) {
        Category::Behavioral
    } else if has(&[
        " explain ",
        " what is ",
        " what are ",
        " difference between ",
        " how does ",
        " how do ",
    ]) {
        Category::Technical
    } else {
        Category::Behavioral
    }
}

/// One part of an answer: its label and what goes there when the user's facts leave it empty.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    pub label: &'static str,
    pub gap: &'static str,
    fits: Fits,
}

/// What makes a sentence belong in a part.
#[derive(Debug, Clone, Copy)]
enum Fits {
    Cues(&'static List),
    /// An own action: said with "I", or an action verb among its first words.
    Action,
    /// A result cue, or a percentage.
    Outcome,
    /// Any figure (or an example cue).
    Figure,
    /// Only what nothing else takes.
    Rest,
}

const fn part(label: &'static str, gap: &'static str, fits: Fits) -> Part {
    Part { label, gap, fits }
}

static STAR: [Part; 5] = [
    part(
        "Situation",
        "where and when, and what was at stake",
        Fits::Cues(&lx::SITUATION_CUES),
    ),
    part(
        "Task",
        "what you were responsible for, the goal",
        Fits::Cues(&lx::TASK_CUES),
    ),
    part("Action", "2–3 things YOU did, each starting \"I …\"", Fits::Action),
    part("Result", "what changed, with a number", Fits::Outcome),
    part(
        "Learned",
        "what you learned or would do differently",
        Fits::Cues(&lx::LEARNING_CUES),
    ),
];
static TECHNICAL: [Part; 4] = [
    part("Answer", "the answer in one sentence", Fits::Rest),
    part(
        "How/why",
        "how it works under the hood, and why",
        Fits::Cues(&lx::EXPLAIN_CUES),
    ),
    part("Example", "a concrete case you have seen or built", Fits::Figure),
    part(
        "Trade-off",
        "when you would not do this, and what it costs",
        Fits::Cues(&lx::TRADEOFF_CUES),
    ),
];
static DESIGN: [Part; 5] = [
    part(
        "Requirements",
        "users, requests per second, data size, latency targets",
        Fits::Cues(&lx::REQUIREMENT_CUES),
    ),
    part(
        "High-level design",
        "client → API → services → storage",
        Fits::Cues(&lx::COMPONENT_CUES),
    ),
    part(
        "Deep dive",
        "the hardest part: data model, hot path, consistency",
        Fits::Rest,
    ),
    part(
        "Scaling",
        "sharding, replication, caching, where the bottleneck moves",
        Fits::Cues(&lx::SCALE_CUES),
    ),
    part(
        "Trade-offs",
        "what you chose and what you gave up",
        Fits::Cues(&lx::TRADEOFF_CUES),
    ),
];
static CASE: [Part; 5] = [
    part(
        "Clarify",
        "one or two questions, and your assumptions",
        Fits::Cues(&lx::CLARIFY_CUES),
    ),
    part(
        "Structure",
        "how you break the problem down",
        Fits::Cues(&lx::FRAMEWORK_CUES),
    ),
    part("Numbers", "the estimate with its arithmetic", Fits::Figure),
    part("Insight", "the main driver, and why", Fits::Rest),
    part(
        "Recommendation",
        "your call and its main risk",
        Fits::Cues(&lx::RECOMMEND_CUES),
    ),
];
static MOTIVATION: [Part; 3] = [
    part("Point", "your answer in one sentence", Fits::Rest),
    part("Evidence", "one concrete example, with a figure", Fits::Figure),
    part(
        "Connection",
        "why it matters for this role and company",
        Fits::Cues(&lx::MOTIVE_WORDS),
    ),
];

/// The parts of an answer to a question of this category (STAR for behavioural and
/// situational questions, with what was learned).
pub fn parts(c: Category) -> &'static [Part] {
    match c {
        Category::Behavioral | Category::Situational => &STAR,
        Category::Technical => &TECHNICAL,
        Category::SystemDesign => &DESIGN,
        Category::Case => &CASE,
        Category::Motivation => &MOTIVATION,
    }
}

/// The parts' labels as one line ("Situation, Task, Action, Result, Learned").
pub fn part_names(c: Category) -> String {
    parts(c).iter().map(|p| p.label).collect::<Vec<_>>().join(", ")
}

/// The user's points as separate facts: lines, sentences, and clauses between commas or
/// semicolons.
pub fn split_points(points: &str) -> Vec<String> {
    points
        .split(['\n', ';', '|'])
        .flat_map(|l| l.split(". "))
        .flat_map(|l| l.split(", "))
        .map(|s| {
            s.trim()
                .trim_start_matches(['-', '*', '•'])
                .trim()
                .trim_end_matches(['.', ','])
                .trim()
        })
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .map(str::to_string)
        .collect()
}

fn fits(p: &Part, a: &Analysis, raw: &str) -> bool {
    match p.fits {
        Fits::Cues(list) => list.iter().any(|c| a.has_phrase(c)),
        Fits::Action => {
            a.words().next().is_some_and(|w| w.lower == "i") || a.words().take(3).any(|w| w.action && !w.stop)
        }
        Fits::Outcome => raw.contains('%') || lx::RESULT_CUES.iter().any(|c| a.has_phrase(c)),
        Fits::Figure => a.words().any(|w| w.number) || a.has_phrase("for example") || a.has_phrase("for instance"),
        Fits::Rest => false,
    }
}

/// Where a fact goes: the first part whose cue it has (cue lists first, the later part's
/// first; then a result or figure; then an action); else the first empty "rest" part, else the
/// first empty part, else the main part.
fn place(ps: &[Part], filled: &[Vec<String>], fact: &str) -> usize {
    let a = Analysis::new(fact);
    // Cue lists before the broad tests (an outcome is any figure, an action any verb); of two
    // cue lists the later part's wins ("my role was…" over "the team", "but…" over "so…").
    let mut order: Vec<usize> = (0..ps.len())
        .rev()
        .filter(|&i| matches!(ps[i].fits, Fits::Cues(_)))
        .collect();
    order.extend((0..ps.len()).filter(|&i| matches!(ps[i].fits, Fits::Outcome | Fits::Figure)));
    order.extend((0..ps.len()).filter(|&i| matches!(ps[i].fits, Fits::Action)));
    if let Some(i) = order.into_iter().find(|&i| fits(&ps[i], &a, fact)) {
        return i;
    }
    if let Some(i) = (0..ps.len()).find(|&i| matches!(ps[i].fits, Fits::Rest) && filled[i].is_empty()) {
        return i;
    }
    if let Some(i) = (0..ps.len()).find(|&i| filled[i].is_empty()) {
        return i;
    }
    main_part(ps)
}

/// The part that holds most of an answer (the actions, the deep dive, the insight).
fn main_part(ps: &[Part]) -> usize {
    ps.iter()
        .position(|p| matches!(p.fits, Fits::Action))
        .or_else(|| ps.iter().position(|p| matches!(p.fits, Fits::Rest)))
        .unwrap_or(0)
}

/// A fact as a sentence in the user's voice: capitalised, ended, and "I" put before a bare
/// action verb ("led the migration" → "I led the migration.").
fn as_sentence(fact: &str) -> String {
    let f = fact.trim();
    let first = f.split_whitespace().next().unwrap_or("").to_lowercase();
    let bare_action = Analysis::new(&first)
        .words()
        .next()
        .is_some_and(|w| w.action && !w.stop)
        && (first.ends_with("ed") || IRREGULAR_PAST.contains(&first.as_str()));
    let mut s = if bare_action { format!("I {f}") } else { f.to_string() };
    if let Some(c) = s.chars().next() {
        s = c.to_uppercase().chain(s.chars().skip(1)).collect();
    }
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

const IRREGULAR_PAST: &[&str] = &[
    "led", "built", "ran", "wrote", "cut", "set", "made", "drove", "took", "brought", "found", "got", "gave", "held",
    "kept", "met", "put", "sent", "spent", "taught", "told", "won", "rebuilt", "rewrote", "broke", "chose", "grew",
    "sold", "shipped", "split",
];

/// The offline draft: every fact of the user's and each CV line placed in the part it fits,
/// one line per part ("Result: I cut errors 40%."), and each empty part marked as a gap
/// ("[Task: what you were responsible for, the goal]"). Returns the text and the gaps' labels.
pub fn skeleton(c: Category, points: &str, cv_lines: &[String]) -> (String, Vec<&'static str>) {
    let ps = parts(c);
    let mut filled: Vec<Vec<String>> = vec![Vec::new(); ps.len()];
    for fact in split_points(points).iter().chain(cv_lines.iter()) {
        let i = place(ps, &filled, fact);
        let s = as_sentence(fact);
        if !filled[i].contains(&s) {
            filled[i].push(s);
        }
    }
    let mut lines = Vec::new();
    let mut gaps = Vec::new();
    for (p, facts) in ps.iter().zip(&filled) {
        if facts.is_empty() {
            lines.push(format!("[{}: {}]", p.label, p.gap));
            gaps.push(p.label);
        } else {
            let mut line = format!("{}: {}", p.label, facts.join(" "));
            if matches!(p.fits, Fits::Outcome) && !facts.iter().any(|f| Analysis::new(f).words().any(|w| w.number)) {
                line.push_str(" [add the number: by how much, how fast]");
            }
            lines.push(line);
        }
    }
    (lines.join("\n"), gaps)
}

/// The text as it would be said: the gap markers dropped and a part's label taken off the
/// start of its line (labels are not content; the scorer reads a STAR shell as empty).
pub fn speakable(text: &str) -> String {
    let labels: Vec<&str> = [&STAR[..], &TECHNICAL, &DESIGN, &CASE, &MOTIVATION]
        .iter()
        .flat_map(|ps| ps.iter().map(|p| p.label))
        .collect();
    let mut out = Vec::new();
    for line in text.lines() {
        let mut kept = String::new();
        let mut depth = 0usize;
        for ch in line.chars() {
            match ch {
                '[' => depth += 1,
                ']' if depth > 0 => depth -= 1,
                _ if depth == 0 => kept.push(ch),
                _ => {}
            }
        }
        let mut l = kept.trim();
        if let Some((head, rest)) = l.split_once(':')
            && labels.iter().any(|x| x.eq_ignore_ascii_case(head.trim()))
        {
            l = rest.trim();
        }
        if !l.is_empty() {
            out.push(l.to_string());
        }
    }
    out.join("\n")
}

/// The gaps still marked in a text: each `[...]` segment's words ("Task: what you were
/// responsible for, the goal").
pub fn gaps_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        let after = &rest[i + 1..];
        let Some(j) = after.find(']') else { break };
        let inner = after[..j].trim();
        if !inner.is_empty() && !out.iter().any(|g: &String| g == inner) {
            out.push(inner.to_string());
        }
        rest = &after[j + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const POINTS: &str = "led the migration, 3 weeks late, cut errors 40%";

    #[test]
    fn the_skeleton_places_the_users_facts_and_marks_the_gaps() {
        let (text, gaps) = skeleton(
            Category::Behavioral,
            "led the migration, 3 weeks late, cut errors 40%",
            &[],
        );
        assert!(text.contains("Action: I led the migration."), "{text}");
        assert!(text.contains("Result: I cut errors 40%."), "{text}");
        assert!(
            text.contains("[Task: what you were responsible for, the goal]"),
            "{text}"
        );
        assert!(gaps.contains(&"Learned") && !gaps.contains(&"Action"), "{gaps:?}");
        let (text, _) = skeleton(
            Category::Technical,
            "an index is a b-tree on the column, lookups read a few pages, but every insert also updates the index",
            &[],
        );
        assert!(
            text.contains("Trade-off: But every insert also updates the index."),
            "{text}"
        );
        let (text, _) = skeleton(Category::Behavioral, POINTS, &[]);
        let said = speakable(&text);
        assert!(!said.contains('[') && !said.contains("Action:"), "{said}");
        assert!(said.contains("I cut errors 40%."), "{said}");
    }

    #[test]
    fn cv_lines_are_ranked_by_what_they_share_with_the_question_and_points() {
        let lines = vec![
            "Organised the office party".to_string(),
            "Led the migration of billing to Stripe, cutting payment errors 40%".to_string(),
            "Wrote the onboarding guide for new engineers".to_string(),
        ];
        let top = rank_cv_lines(&lines, "Tell me about a migration you led", "payment errors", 2);
        assert_eq!(top[0], lines[1]);
        assert!(!top.contains(&lines[0]), "{top:?}");
    }

    #[test]
    fn no_two_bank_questions_count_as_the_same_question() {
        let bank = crate::bank::Bank::embedded().unwrap();
        let qs = bank.all();
        let mut alike = Vec::new();
        let mut pairs = 0;
        for (i, a) in qs.iter().enumerate() {
            for b in &qs[i + 1..] {
                pairs += 1;
                if similarity(&a.text, &b.text) >= SIMILAR {
                    alike.push(format!("{} ~ {}", a.id, b.id));
                }
            }
        }
        // Bank questions are told apart by id; text similarity matters for a saved answer to a
        // question typed in. Still, nearly every pair of bank questions must read as different.
        assert!(
            alike.len() * 2000 < pairs,
            "{} of {pairs} pairs: {alike:?}",
            alike.len()
        );
        // A rewording of a bank question is the same question.
        let q = bank.get("beh-leadership-001").unwrap();
        assert!(same_question(
            None,
            "Tell me about a time you took the lead on something without being asked",
            Some(&q.id),
            &q.text
        ));
    }
}
