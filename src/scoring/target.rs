//! What an answer is scored against: the question's distinctive terms (weighted by how rare they
//! are across the bank), its rubric key points and keywords. Built from a bank question, or
//! derived from free question text plus the category's generic key points.

use super::phrase::Phrase;
use super::text::{self, Analysis};
use crate::bank::{Bank, Category, Question};
use std::collections::{BTreeMap, HashMap};

/// A detector that can satisfy a key point structurally (not by its words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detector {
    Result,
    QuantifiedResult,
    Learning,
    Tradeoff,
    Clarify,
    Recommend,
    OwnActions,
    Example,
    Stakeholders,
    Measure,
    Question,
}

#[derive(Debug, Clone)]
pub struct KeyPoint {
    pub text: String,
    /// Distinct concepts of the key point's content words.
    pub concepts: Vec<String>,
    pub detector: Option<Detector>,
    /// Generic key points (derived from the category) do not count as topical evidence.
    pub generic: bool,
    /// The point's own text and the bank's forms of it, as phrases: a sentence with one of them
    /// (not negated) covers the point. Empty for points without forms.
    pub forms: Vec<Phrase>,
}

/// A common wrong claim on the question's topic (see `Question::misconceptions`).
#[derive(Debug, Clone)]
pub struct Claim {
    pub claim: String,
    pub correction: String,
    /// The index of the key point it denies, if one.
    pub contradicts: Option<usize>,
    /// The claim and its forms, as phrases.
    pub phrases: Vec<Phrase>,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub category: Category,
    pub question: String,
    pub question_id: Option<String>,
    /// Distinctive concepts of the question with their weights.
    pub terms: Vec<(String, f64)>,
    pub key_points: Vec<KeyPoint>,
    /// The bank's misconceptions of the question.
    pub misconceptions: Vec<Claim>,
    /// Lower-case keyword stems (prefix match).
    pub keywords: Vec<String>,
    pub competency: Option<String>,
    /// The question asks about a weakness / failure (answers should own a real flaw).
    pub asks_weakness: bool,
    /// The question is an opener ("tell me about yourself"): almost any self-description is on topic.
    pub opener: bool,
    /// The question asks why this role or company, or where the candidate is heading: an
    /// answer that never speaks of the role, the company or what the candidate wants is
    /// answering another question.
    pub asks_motive: bool,
}

/// Words that say what kind of answer is wanted, not what it is about.
const GENERIC_QUESTION_WORDS: &[&str] = &[
    "tell",
    "time",
    "describe",
    "example",
    "give",
    "would",
    "walk",
    "talk",
    "share",
    "explain",
    "think",
    "approach",
    "handle",
    "handled",
    "situation",
    "experience",
    "specific",
    "happen",
    "happened",
    "recent",
    "recently",
    "time",
    "did",
    "do",
    "you",
    "how",
    "what",
    "why",
    "when",
    "which",
    "someone",
    "something",
    "anything",
    "ever",
    "tell",
    "us",
    "me",
    "your",
    "about",
    "go",
    "went",
    "deal",
    "dealt",
    "can",
    "could",
    "please",
    "briefly",
    "quick",
    "moment",
    "case",
    "last",
    "particular",
    "instance",
    "question",
    "answer",
    "interview",
    "approach",
    "way",
    "know",
    "want",
    "like",
    "make",
    "get",
    "take",
    "use",
    "used",
    "using",
    "work",
    "worked",
    "working",
    "job",
];

pub struct Idf {
    df: HashMap<String, u32>,
    docs: u32,
}

impl Idf {
    pub fn from_bank(bank: &Bank) -> Idf {
        let mut df: HashMap<String, u32> = HashMap::new();
        let mut docs = 0;
        for q in bank.all() {
            docs += 1;
            let mut doc = q.text.clone();
            for k in &q.key_points {
                doc.push(' ');
                doc.push_str(k);
            }
            let a = Analysis::new(&doc);
            let mut seen: Vec<&str> = a.words().map(|w| &*w.concept).collect();
            seen.sort();
            seen.dedup();
            for c in seen {
                *df.entry(c.to_string()).or_default() += 1;
            }
        }
        Idf { df, docs }
    }

    /// Inverse document frequency, clipped to [0.5, 5].
    pub fn weight(&self, concept: &str) -> f64 {
        let df = *self.df.get(concept).unwrap_or(&0) as f64;
        (((self.docs as f64 + 1.0) / (df + 1.0)).ln() + 0.5).clamp(0.5, 5.0)
    }
}

impl Target {
    pub fn from_question(q: &Question, idf: &Idf) -> Target {
        let mut key_points: Vec<KeyPoint> = q
            .key_points
            .iter()
            .map(|k| {
                let mut kp = key_point(k, false);
                if let Some(forms) = q.forms.get(k) {
                    kp.forms = std::iter::once(k.as_str())
                        .chain(forms.iter().map(String::as_str))
                        .map(Phrase::new)
                        .filter(|p| !p.is_empty())
                        .collect();
                }
                kp
            })
            .collect();
        let misconceptions = q
            .misconceptions
            .iter()
            .map(|m| Claim {
                claim: m.claim.clone(),
                correction: m.correction.clone(),
                contradicts: m
                    .contradicts
                    .as_ref()
                    .and_then(|k| q.key_points.iter().position(|x| x == k)),
                // A claim of two parts ("Logs are enough; tracing is only for huge systems") is
                // matched by its first, which makes the wrong assertion: sentences end at ';'.
                phrases: std::iter::once(m.claim.split(';').next().unwrap_or(&m.claim))
                    .chain(m.forms.iter().map(String::as_str))
                    .map(Phrase::new)
                    .filter(|p| !p.is_empty())
                    .collect(),
            })
            .collect();
        // A bank key point list rarely spells out the category basics; add them as generic points
        // only when the category's rubric depends on them and none of the bank's points cover it.
        if matches!(q.category, Category::Behavioral)
            && !key_points
                .iter()
                .any(|k| matches!(k.detector, Some(Detector::Result | Detector::QuantifiedResult)))
        {
            key_points.push(key_point("Measurable result of your actions", true));
        }
        let lower = q.text.to_lowercase();
        Target {
            category: q.category,
            question: q.text.clone(),
            question_id: Some(q.id.clone()),
            terms: question_terms(&q.text, idf),
            key_points,
            misconceptions,
            keywords: q
                .keywords
                .iter()
                .map(|k| k.trim().to_lowercase())
                .filter(|k| !k.is_empty())
                .collect(),
            competency: Some(q.competency.clone()),
            asks_weakness: asks_weakness(&lower),
            opener: q.competency == "introduction" || is_opener(&lower),
            asks_motive: q.category == Category::Motivation
                && (matches!(q.competency.as_str(), "motivation" | "career_goals") || asks_motive(&lower)),
        }
    }

    /// A target for a question given as free text: its own distinctive terms plus the
    /// category's generic key points.
    pub fn from_text(question: &str, category: Category, idf: &Idf) -> Target {
        let lower = question.to_lowercase();
        let mut key_points: Vec<KeyPoint> = generic_key_points(category, &lower)
            .iter()
            .map(|k| key_point(k, true))
            .collect();
        let terms = question_terms(question, idf);
        if !terms.is_empty() {
            let topic: Vec<String> = terms.iter().take(4).map(|(c, _)| c.clone()).collect();
            key_points.insert(
                0,
                KeyPoint {
                    text: format!("Answers the question asked ({})", topic.join(", ")),
                    concepts: topic,
                    detector: None,
                    generic: false,
                    forms: Vec::new(),
                },
            );
        }
        Target {
            category,
            question: question.to_string(),
            question_id: None,
            terms,
            key_points,
            misconceptions: Vec::new(),
            keywords: Vec::new(),
            competency: None,
            asks_weakness: asks_weakness(&lower),
            opener: is_opener(&lower),
            asks_motive: category == Category::Motivation && asks_motive(&lower),
        }
    }
}

fn asks_motive(lower: &str) -> bool {
    [
        "why do you want",
        "why are you",
        "why this",
        "why us",
        "work here",
        "attract",
        "this role",
        "this company",
        "this position",
        "this job",
        "years from now",
        "see yourself",
        "long-term",
        "career plan",
        "career goal",
        "motivat",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

fn is_opener(lower: &str) -> bool {
    [
        "about yourself",
        "walk me through your",
        "introduce yourself",
        "your background",
        "your story",
        "your resume",
        "your cv",
        // Strengths are shown by any self-description with evidence, in whatever words.
        "your strengths",
        "your greatest strength",
        "your biggest strength",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

fn asks_weakness(lower: &str) -> bool {
    [
        "weakness",
        "failure",
        "failed",
        "mistake",
        "regret",
        "went wrong",
        "criticism",
        "negative feedback",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

fn question_terms(question: &str, idf: &Idf) -> Vec<(String, f64)> {
    let a = Analysis::new(question);
    let generic: Vec<String> = GENERIC_QUESTION_WORDS.iter().map(|w| text::stem(w)).collect();
    let mut terms: BTreeMap<String, f64> = BTreeMap::new();
    for w in a.words() {
        if w.stop || w.number || w.lower.len() < 3 || generic.iter().any(|g| g.as_str() == &*w.stem) {
            continue;
        }
        terms.insert(w.concept.to_string(), idf.weight(&w.concept));
    }
    let mut v: Vec<(String, f64)> = terms.into_iter().collect();
    v.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    });
    v
}

fn key_point(text_: &str, generic: bool) -> KeyPoint {
    let lower = text_.to_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|n| lower.contains(n));
    let detector = if has(&["measurable", "quantif", "metric", "numbers", "figures"])
        && has(&["result", "outcome", "impact", "improv", "success"])
    {
        Some(Detector::QuantifiedResult)
    } else if has(&[
        "lesson",
        "learned",
        "learning",
        "reflect",
        "differently",
        "takeaway",
        "improve",
        "what you'd change",
    ]) {
        Some(Detector::Learning)
    } else if has(&[
        "trade-off",
        "tradeoff",
        "trade off",
        "downside",
        "pros and cons",
        "drawback",
    ]) {
        Some(Detector::Tradeoff)
    } else if has(&["recommend"]) {
        Some(Detector::Recommend)
    } else if has(&["clarif", "assumption"]) {
        Some(Detector::Clarify)
    } else if has(&[
        "i not we",
        "\"i\"",
        "own actions",
        "personal actions",
        "personally",
        "your own role",
        "own role",
        "with i,",
    ]) {
        Some(Detector::OwnActions)
    } else if has(&["result", "outcome", "impact"]) {
        Some(Detector::Result)
    } else if has(&["stakeholder"]) {
        Some(Detector::Stakeholders)
    } else if has(&["follow up", "follow-up", "measure success", "how to measure", "track"]) {
        Some(Detector::Measure)
    } else if has(&["asks", "question"]) && has(&["thoughtful", "specific question", "asks about"]) {
        Some(Detector::Question)
    } else if has(&[
        "specific example",
        "concrete example",
        "real example",
        "specific situation",
        "concrete situation",
    ]) {
        Some(Detector::Example)
    } else {
        None
    };
    let a = Analysis::new(text_);
    let mut concepts: Vec<String> = a
        .words()
        .filter(|w| !w.stop && !w.number && w.lower.len() >= 3)
        .map(|w| w.concept.to_string())
        .filter(|c| !KEY_POINT_FILLER.contains(&c.as_str()))
        .collect();
    concepts.sort();
    concepts.dedup();
    KeyPoint {
        text: text_.to_string(),
        concepts,
        detector,
        generic,
        forms: Vec::new(),
    }
}

/// Stems that describe answers in general and say nothing about a topic.
const KEY_POINT_FILLER: &[&str] = &[
    "mention",
    "explain",
    "strong",
    "answer",
    "clear",
    "clearli",
    "specif",
    "concret",
    "exampl",
    "show",
    "state",
    "describ",
    "discuss",
    "identifi",
    "use",
    "includ",
    "good",
    "well",
    "way",
    "real",
    "actual",
    "give",
    "talk",
    "name",
    "note",
    "say",
    "candid",
    "demonstr",
    "point",
    "approach",
    "understand",
    "explicit",
    "explicitli",
    "briefli",
    "own",
    "person",
    "thing",
    "how",
    "what",
    "whi",
];

fn generic_key_points(category: Category, question_lower: &str) -> Vec<&'static str> {
    match category {
        Category::Behavioral => vec![
            "Specific situation with context",
            "Own actions stated with I, not only we",
            "Measurable result or outcome",
            "Lesson learned or reflection",
        ],
        Category::Situational => vec![
            "Clarifies the situation and gathers facts first",
            "Stakeholders involved and communication",
            "Weighs trade-offs between options",
            "Follow up and measure the outcome",
        ],
        Category::Technical => vec!["Trade-offs and when not to use it", "Concrete example from practice"],
        Category::SystemDesign => vec![
            "Clarifies requirements and scale assumptions",
            "Trade-offs of the chosen design",
        ],
        Category::Case => vec![
            "Clarifying questions and stated assumptions",
            "Clear recommendation with risks",
        ],
        Category::Motivation => {
            if asks_weakness(question_lower) {
                vec![
                    "Specific example of the weakness",
                    "Steps taken to improve, with evidence of progress",
                ]
            } else {
                vec!["Specific example as evidence"]
            }
        }
    }
}
