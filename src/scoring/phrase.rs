//! Phrase matching by stems, for key points' forms and misconceptions: a [`Phrase`] is found in a
//! sentence when its words appear in order (stemmed, synonyms by concept as `text.rs` groups
//! them), with small gaps allowed between them; a match in a negated or refuting context
//! (`negation.rs`) is found but marked denied.
//!
//! The words an answer puts inside a phrase (at most two in a row, three in all) must stay in the
//! phrase's clause: "probability, assuming the null is true" is not "probability the null is
//! true".
//!
//! Articles and possessives ("the", "a", "my"…) are left out on both sides, so "lock the row
//! before" meets "lock a row before"; every other word of the phrase, stop words included, must
//! be there, so "for update" is not "update".

use super::negation;
use super::text::{Analysis, Word, concept_match, words};

/// Most words the answer may put between two words of the phrase.
const MAX_GAP: usize = 2;
/// Most words the answer may add inside a phrase in all.
const MAX_TOTAL_GAP: usize = 3;

/// Words left out of phrases and answers alike.
fn skipped(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "an"
            | "the"
            | "this"
            | "that"
            | "these"
            | "those"
            | "my"
            | "our"
            | "your"
            | "their"
            | "its"
            | "his"
            | "her"
            | "some"
    )
}

#[derive(Debug, Clone)]
struct Tok {
    concept: String,
    stem: String,
}

/// A phrase compiled for matching.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub text: String,
    toks: Vec<Tok>,
    /// Words of the phrase that are neither stop words nor numbers.
    pub content_words: usize,
}

impl Phrase {
    pub fn new(text: &str) -> Phrase {
        let ws = words(&super::text::normalize(text));
        let toks: Vec<Tok> = ws
            .iter()
            .filter(|w| !skipped(&w.lower))
            .map(|w| Tok {
                concept: w.concept.to_string(),
                stem: w.stem.to_string(),
            })
            .collect();
        let content_words = ws.iter().filter(|w| !w.stop && !w.number).count();
        Phrase {
            text: text.to_string(),
            toks,
            content_words,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }
}

/// One sentence of an answer as phrase matching sees it.
#[derive(Debug, Clone)]
struct Stream {
    /// Words kept (articles left out), with the clause each starts at.
    words: Vec<Word>,
    lower: Vec<String>,
    clause_start: Vec<usize>,
}

/// An answer's sentences ready for phrase matching (built once per answer).
#[derive(Debug, Clone)]
pub struct Sentences {
    streams: Vec<Stream>,
}

/// Where a phrase was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The sentence (index into the answer's `Analysis::sentences`).
    pub sentence: usize,
    /// In a negated or refuting context.
    pub denied: bool,
}

impl Sentences {
    pub fn new(a: &Analysis) -> Sentences {
        Sentences {
            streams: a.sentences.iter().map(|s| stream(&s.text)).collect(),
        }
    }

    /// The first sentence where the phrase is asserted; else the first where it is denied.
    pub fn find(&self, p: &Phrase) -> Option<Found> {
        let mut denied = None;
        for (i, s) in self.streams.iter().enumerate() {
            match find_in(s, p) {
                Some(false) => {
                    return Some(Found {
                        sentence: i,
                        denied: false,
                    });
                }
                Some(true) if denied.is_none() => {
                    denied = Some(Found {
                        sentence: i,
                        denied: true,
                    })
                }
                _ => {}
            }
        }
        denied
    }

    /// Sentences where the phrase is asserted (not denied).
    pub fn asserted(&self, p: &Phrase) -> impl Iterator<Item = usize> + '_ {
        let p = p.clone();
        self.streams
            .iter()
            .enumerate()
            .filter(move |(_, s)| find_in(s, &p) == Some(false))
            .map(|(i, _)| i)
    }
}

/// A sentence split into clauses (at commas, colons, dashes, brackets and joining words), its
/// words in order with the start of each one's clause.
fn stream(text: &str) -> Stream {
    let mut out = Stream {
        words: Vec::new(),
        lower: Vec::new(),
        clause_start: Vec::new(),
    };
    for clause in text
        .split(" - ")
        .flat_map(|part| part.split([',', ':', ';', '(', ')', '\u{2014}', '\u{2013}']))
    {
        let mut start = out.words.len();
        for w in words(clause) {
            if skipped(&w.lower) {
                continue;
            }
            if negation::clause_break(&w.lower) {
                start = out.words.len();
            }
            out.lower.push(w.lower.clone());
            out.words.push(w);
            out.clause_start.push(start);
        }
    }
    out
}

fn tok_matches(w: &Word, t: &Tok) -> bool {
    *w.stem == *t.stem || concept_match(&w.concept, &t.concept)
}

/// Whether the phrase is in the sentence: `Some(false)` asserted, `Some(true)` only denied.
fn find_in(s: &Stream, p: &Phrase) -> Option<bool> {
    if p.toks.is_empty() {
        return None;
    }
    let lower: Vec<&str> = s.lower.iter().map(String::as_str).collect();
    let mut denied = false;
    for start in 0..s.words.len() {
        if !tok_matches(&s.words[start], &p.toks[0]) {
            continue;
        }
        let Some((end, gaps)) = extend(s, p, start) else {
            continue;
        };
        if negation::denied(&lower, s.clause_start[start], start, end, &gaps) {
            denied = true;
        } else {
            return Some(false);
        }
    }
    denied.then_some(true)
}

/// The rest of the phrase from a first word at `start`: the end (exclusive) and the gap
/// positions, earliest match of each next word within the gap limits.
fn extend(s: &Stream, p: &Phrase, start: usize) -> Option<(usize, Vec<usize>)> {
    let mut at = start;
    let mut gaps = Vec::new();
    for t in &p.toks[1..] {
        let mut hit = None;
        for j in at + 1..(at + 2 + MAX_GAP).min(s.words.len()) {
            // Words put inside a phrase stay in its clause: no gap across a comma or a "but".
            if j > at + 1 && s.clause_start[j - 1] != s.clause_start[at] {
                break;
            }
            if tok_matches(&s.words[j], t) {
                hit = Some(j);
                break;
            }
        }
        let j = hit?;
        gaps.extend(at + 1..j);
        if gaps.len() > MAX_TOTAL_GAP {
            return None;
        }
        at = j;
    }
    Some((at + 1, gaps))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(answer: &str, phrase: &str) -> Option<bool> {
        let a = Analysis::new(answer);
        Sentences::new(&a).find(&Phrase::new(phrase)).map(|f| f.denied)
    }

    #[test]
    fn stems_articles_and_small_gaps() {
        assert_eq!(
            found("I locked a row before reading it.", "lock the row before"),
            Some(false)
        );
        assert_eq!(found("We check the version numbers.", "check the version"), Some(false));
        assert_eq!(found("I told my boss right away.", "told my manager"), Some(false));
        // A gap of two words between two words of the phrase.
        assert_eq!(
            found("Compare the row version and swap.", "compare and swap"),
            Some(false)
        );
        // Order matters, and too large a gap is no match.
        assert_eq!(found("Swap and then compare.", "compare and swap"), None);
        assert_eq!(
            found(
                "Compare it with what the other one thinks and swap.",
                "compare and swap"
            ),
            None
        );
        // Stop words of the phrase are required.
        assert_eq!(found("We update the row.", "for update"), None);
        assert_eq!(found("SELECT ... FOR UPDATE the row.", "for update"), Some(false));
    }

    #[test]
    fn negated_matches_are_found_denied() {
        assert_eq!(
            found("The scheduler ignores resource requests.", "resource requests"),
            Some(true)
        );
        assert_eq!(
            found(
                "The scheduler does not filter nodes by requests.",
                "scheduler filters nodes"
            ),
            Some(true)
        );
        assert_eq!(
            found(
                "No, the scheduler filters nodes by requests.",
                "scheduler filters nodes"
            ),
            Some(false)
        );
        // Asserted in one sentence, denied in another: asserted wins.
        assert_eq!(
            found(
                "It never skips the check. The scheduler filters nodes.",
                "scheduler filters nodes"
            ),
            Some(false)
        );
    }

    #[test]
    fn no_gap_across_a_clause() {
        assert_eq!(
            found(
                "A p-value is the probability, assuming the null is true, of data this extreme.",
                "the p-value is the probability the null is true"
            ),
            None
        );
        assert_eq!(
            found("So net it's still positive - about 3% more.", "net positive 3%"),
            None
        );
        // Adjacent words of the phrase may sit on both sides of a comma.
        assert_eq!(found("It is positive, 3% more.", "positive 3%"), Some(false));
    }

    #[test]
    fn a_negation_inside_the_phrase_is_part_of_it() {
        assert_eq!(
            found("Row locks can't deadlock.", "row locks can't deadlock"),
            Some(false)
        );
        assert_eq!(
            found(
                "It's not true that row locks can't deadlock.",
                "row locks can't deadlock"
            ),
            Some(true)
        );
    }
}
