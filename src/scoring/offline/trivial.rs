//! Answers that say nothing whatever the question ("idk", "fine", "no"): the list, and the test
//! the scorer's `Trivial` flag and the engine's replies share.

use crate::scoring::text::Analysis;

/// Answers that say nothing, whatever the question.
const TRIVIAL: &[&str] = &[
    "fine",
    "ok",
    "okay",
    "idk",
    "i dont know",
    "i don't know",
    "dont know",
    "don't know",
    "no idea",
    "pass",
    "skip",
    "n/a",
    "na",
    "nothing",
    "yes",
    "no",
    "it depends",
    "depends",
    "google it",
    "whatever",
    "not sure",
    "i'm not sure",
    "im not sure",
    "good",
    "great",
    "sure",
    "maybe",
    "nope",
    "yep",
    "next",
    "no comment",
    "dunno",
    "i dunno",
    "?",
    "...",
    "test",
    "asdf",
    "lol",
    "hmm",
    "um",
    "i have no idea",
    "no clue",
    "i forgot",
    "can't remember",
    "cant remember",
    "i can't remember",
    "none",
    "nah",
    "k",
    "thanks",
    "thank you",
    "hello",
    "hi",
];

/// A reply that says nothing on its own ("no", "idk", "1"): what the scorer flags trivial.
pub fn says_nothing(text: &str) -> bool {
    let a = Analysis::new(text);
    a.word_count <= 6 && is_trivial(&a.joined)
}

pub(super) fn is_trivial(joined: &str) -> bool {
    let s = joined.trim().trim_end_matches(['.', '!']).trim();
    TRIVIAL.contains(&s) || s.chars().filter(|c| c.is_alphabetic()).count() <= 2
}
