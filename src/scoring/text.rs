//! Text analysis for the offline scorer: normalisation, sentences, words, stems, concepts.

use super::lexicon;
pub use super::stem::{count_phrase, stem};
use std::rc::Rc;
use unicode_normalization::UnicodeNormalization;

/// What the scorer knows of a lower-case word, whatever the answer: looked up once per word.
#[derive(Debug, Clone)]
struct Lexeme {
    stem: Rc<str>,
    concept: Rc<str>,
    stop: bool,
    tech: bool,
    rubric: bool,
    action: bool,
    number_word: bool,
}

type LexCache = rustc_hash::FxHashMap<String, Lexeme>;

thread_local! {
    /// lower-case word → its stem, concept and word-list memberships. Stemming is the scorer's
    /// hottest step; answers reuse a small vocabulary, so a per-thread cache removes nearly all
    /// of it (and the word-list lookups with it).
    static LEXEMES: std::cell::RefCell<LexCache> = std::cell::RefCell::new(LexCache::default());
    /// The one concept of every number, shared.
    static NUMBER: Rc<str> = Rc::from("#num");
}

const LEX_CACHE_LIMIT: usize = 50_000;

fn lexeme(lower: &str) -> Lexeme {
    LEXEMES.with(|c| {
        if let Some(v) = c.borrow().get(lower) {
            return v.clone();
        }
        let stem: Rc<str> = Rc::from(stem(lower));
        let concept: Rc<str> = match lexicon::concept_of(&stem) {
            Some(c) => Rc::from(c),
            None => stem.clone(),
        };
        let lex = Lexeme {
            action: lexicon::is_action_stem(&stem),
            stem,
            concept,
            stop: lexicon::is_stopword(lower),
            tech: lexicon::is_tech_term(lower),
            rubric: lexicon::is_rubric_word(lower),
            number_word: lexicon::NUMBER_WORDS.contains(&lower),
        };
        let mut map = c.borrow_mut();
        if map.len() >= LEX_CACHE_LIMIT {
            map.clear();
        }
        map.insert(lower.to_string(), lex.clone());
        lex
    })
}

/// NFKC, typographic quotes and dashes to ASCII, zero-width and control characters removed,
/// runs of spaces folded. Newlines are kept (they separate sentences and list items).
pub fn normalize(input: &str) -> String {
    // Most answers are plain printable ASCII with single spaces: nothing to change but the ends.
    let plain = input
        .as_bytes()
        .iter()
        .all(|&c| (c == b'\n' || (b' '..=b'~').contains(&c)) && c != b'`')
        && !input.contains("  ");
    if plain {
        return input.trim().to_string();
    }
    if input.is_ascii() {
        // ASCII is already NFKC: only controls and spacing need work.
        return fold(input.chars());
    }
    fold(input.nfkc())
}

fn fold(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::with_capacity(chars.size_hint().0.max(64));
    let mut last_space = false;
    for c in chars {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{2022}' | '\u{25CF}' | '\u{25AA}' => '-',
            '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => continue,
            '\r' => continue,
            '\t' => ' ',
            c if c.is_control() && c != '\n' => continue,
            c => c,
        };
        if c == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(c);
    }
    out.trim().to_string()
}

#[derive(Debug, Clone)]
pub struct Word {
    /// The token as written, when it differs from `lower` (see [`Word::surface`]).
    written: Option<String>,
    /// Lower-case surface form.
    pub lower: String,
    pub stem: Rc<str>,
    /// Concept id when the stem belongs to a synonym group, else the stem.
    pub concept: Rc<str>,
    pub stop: bool,
    /// A known technology term.
    pub tech: bool,
    /// A word of the rubric's own vocabulary ("situation", "impact"…), as stuffing uses them.
    pub rubric: bool,
    /// Its stem is an action verb's ("led", "built", "negotiated").
    pub action: bool,
    /// Digits, percentages, money, "3x", number words used as quantities.
    pub number: bool,
    /// Capitalised mid-sentence (a name, a product, a technology) or a known technology term.
    pub named: bool,
}

impl Word {
    /// The token as written.
    pub fn surface(&self) -> &str {
        self.written.as_deref().unwrap_or(&self.lower)
    }
}

#[derive(Debug, Clone)]
pub struct Sentence {
    /// The sentence as written (trimmed), for evidence quotes.
    pub text: String,
    pub words: Vec<Word>,
}

impl Sentence {
    pub fn lower(&self) -> String {
        let mut s = String::from(" ");
        for w in &self.words {
            s.push_str(&w.lower);
            s.push(' ');
        }
        s
    }
    pub fn has_number(&self) -> bool {
        self.words.iter().any(|w| w.number)
    }
}

/// An analysed text.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub sentences: Vec<Sentence>,
    /// The answer's distinct concepts, sorted, each beside its [`sort_key`] (see
    /// [`Analysis::has_concept`]).
    concepts: Vec<(u64, Rc<str>)>,
    /// All words, lower-case joined with single spaces and padded with spaces (phrase matching).
    pub joined: String,
    pub word_count: usize,
    pub paragraphs: usize,
}

impl Analysis {
    pub fn new(text: &str) -> Analysis {
        let normalized = normalize(text);
        let paragraphs = normalized.split("\n\n").filter(|p| !p.trim().is_empty()).count();
        let sentences: Vec<Sentence> = split_sentences(&normalized)
            .into_iter()
            .filter_map(|s| {
                let words = words(&s);
                (!words.is_empty()).then_some(Sentence { text: s, words })
            })
            .collect();
        let mut joined = String::from(" ");
        let mut word_count = 0;
        for s in &sentences {
            for w in &s.words {
                joined.push_str(&w.lower);
                joined.push(' ');
                word_count += 1;
            }
        }
        let mut concepts: Vec<Rc<str>> = sentences
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.concept.clone()))
            .collect();
        // Words of one concept share one cached Rc: drop those copies by address first, so the
        // string sort sees each concept about once.
        concepts.sort_unstable_by_key(|c| Rc::as_ptr(c) as *const u8 as usize);
        concepts.dedup_by(|a, b| Rc::ptr_eq(a, b));
        let mut concepts: Vec<(u64, Rc<str>)> = concepts.into_iter().map(|c| (sort_key(&c), c)).collect();
        concepts.sort_unstable();
        concepts.dedup();
        Analysis {
            sentences,
            concepts,
            joined,
            word_count,
            paragraphs,
        }
    }

    /// Whether any word of the answer matches `target` by [`concept_match`] — by lookups in
    /// the sorted concepts instead of a scan over every word.
    pub fn has_concept(&self, target: &str) -> bool {
        let key = (sort_key(target), target);
        let i = self.concepts.partition_point(|(k, w)| (*k, &**w) < key);
        if self.concepts.get(i).is_some_and(|(_, w)| **w == *target) {
            return true;
        }
        if target.len() < 5 {
            return false;
        }
        // A word that starts with the target sorts right at or after it.
        if self.concepts.get(i).is_some_and(|(_, w)| w.starts_with(target)) {
            return true;
        }
        // A word of 5+ bytes that the target starts with sorts before it, and every word between
        // the two shares that prefix: walk back while five or more leading bytes are shared.
        for (_, w) in self.concepts[..i].iter().rev() {
            if common_prefix(w, target) < 5 {
                return false;
            }
            if w.len() >= 5 && target.starts_with(&**w) {
                return true;
            }
        }
        false
    }

    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.sentences.iter().flat_map(|s| s.words.iter())
    }

    /// Occurrences of a phrase (given with single spaces, lower-case) on word boundaries.
    pub fn count_phrase(&self, phrase: &str) -> usize {
        count_phrase(&self.joined, phrase)
    }

    pub fn has_phrase(&self, phrase: &str) -> bool {
        self.count_phrase(phrase) > 0
    }
}

/// The first eight bytes, zero-padded, as a big-endian number: ordering by (key, text) is
/// ordering by text, and most comparisons end at the key.
fn sort_key(s: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = s.len().min(8);
    b[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

/// Two concepts match when equal, or when one (5+ bytes) is a prefix of the other (5+ bytes).
pub fn concept_match(word: &str, target: &str) -> bool {
    word == target || (target.len() >= 5 && word.len() >= 5 && (word.starts_with(target) || target.starts_with(word)))
}

/// Split into sentences at . ! ? ; and newlines, keeping decimals ("3.5") and common
/// abbreviations ("e.g.") intact.
pub fn split_sentences(text: &str) -> Vec<String> {
    fn push(out: &mut Vec<String>, part: &str) {
        let t = part.trim().trim_start_matches(['-', '*', '>', ' ']).trim();
        if !t.is_empty() {
            out.push(t.to_string());
        }
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let next_ws = || chars.clone().next().is_none_or(|(_, n)| n.is_whitespace());
        let boundary = match c {
            '\n' => true,
            '!' | '?' | ';' => next_ws(),
            '.' => next_ws() && !ends_with_abbreviation(&text[start..end]),
            _ => false,
        };
        if boundary {
            push(&mut out, &text[start..end]);
            start = end;
        }
    }
    push(&mut out, &text[start..]);
    out
}

/// Whether the text so far (ending in '.') ends with an abbreviation or an initial ("e.g.",
/// "J."), whose dot does not end a sentence.
fn ends_with_abbreviation(so_far: &str) -> bool {
    let word = so_far
        .trim_end_matches('.')
        .rsplit(|ch: char| ch.is_whitespace())
        .next()
        .unwrap_or("");
    if word.len() > 24 {
        return false;
    }
    let word = word.to_lowercase();
    matches!(
        word.as_str(),
        "e.g" | "i.e" | "etc" | "vs" | "mr" | "ms" | "dr" | "approx" | "cf" | "inc" | "st"
    ) || (word.len() == 1 && word.chars().all(|c| c.is_alphabetic()))
}

/// Words of a sentence. Keeps numbers with their units ("40%", "$2m", "3x", "10k").
pub fn words(sentence: &str) -> Vec<Word> {
    let mut out = Vec::with_capacity(sentence.len() / 5 + 1);
    let mut first = true;
    for raw in sentence.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | '('
                    | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '"'
                    | ':'
                    | '!'
                    | '?'
                    | ';'
                    | '/'
                    | '='
                    | '+'
                    | '*'
                    | '<'
                    | '>'
                    | '|'
            )
    }) {
        let token = raw.trim_matches(|c: char| matches!(c, '.' | '\'' | '-' | '_' | '~' | '#' | '&'));
        if token.is_empty() {
            continue;
        }
        if !token.chars().any(|c| c.is_alphanumeric()) {
            continue;
        }
        let lower = if token.is_ascii() {
            token.to_ascii_lowercase()
        } else {
            token.to_lowercase()
        };
        // A word without digits is a number only as a number word ("three"), known to its lexeme.
        let lex = (!lower.bytes().any(|b| b.is_ascii_digit())).then(|| lexeme(&lower));
        let number = lex.as_ref().map_or_else(|| is_figure(&lower), |l| l.number_word);
        let capitalised = token.chars().next().is_some_and(|c| c.is_uppercase())
            && token.chars().skip(1).any(|c| c.is_lowercase() || c.is_ascii_digit())
            || (token.len() >= 2
                && token.len() <= 6
                && token.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && token.chars().any(|c| c.is_ascii_uppercase()));
        let lex = lex.filter(|_| !number);
        let stop = lex.as_ref().is_some_and(|l| l.stop);
        let tech = lex.as_ref().is_some_and(|l| l.tech);
        let named = (!first && capitalised && !stop && lower != "i") || tech;
        let (stem, concept, rubric, action) = match lex {
            Some(l) => (l.stem, l.concept, l.rubric, l.action),
            None => {
                let n = NUMBER.with(Rc::clone);
                (n.clone(), n, false, false)
            }
        };
        out.push(Word {
            written: (token != lower).then(|| token.to_string()),
            lower,
            stem,
            concept,
            stop,
            tech,
            rubric,
            action,
            number,
            named,
        });
        first = false;
    }
    out
}

/// A lower-case word with digits that reads as a figure: "2023", "40%", "$3m", "3x", "10k",
/// "1.5", "q3", "p99", "24/7".
fn is_figure(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 3 || w.ends_with("ms") || w.ends_with("gb") || w.ends_with("tb")
}

/// "1 question", "3 questions", "0 questions": a count with its noun in the right number.
/// Every user-facing count goes through this (the engine re-exports it as
/// `engine::messages::plural`); it lives here so the pure domain modules (report, scorer
/// notes) can use it too.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The sorted lookup answers exactly what a scan of every word with `concept_match`
        /// answers. Words come from a tiny alphabet so that prefixes, shared stems and
        /// near-misses are common.
        #[test]
        fn has_concept_agrees_with_a_scan(
            answer in proptest::collection::vec("[abé]{1,9}", 0..40),
            targets in proptest::collection::vec("[abé]{1,12}", 1..20),
        ) {
            let a = Analysis::new(&answer.join(" "));
            for t in &targets {
                let scan = a.words().any(|w| concept_match(&w.concept, t));
                prop_assert_eq!(a.has_concept(t), scan, "target {}", t);
            }
        }
    }

    proptest! {
        /// Plain ASCII takes a short cut through `normalize`; it must agree with the full fold.
        #[test]
        fn normalize_short_cut_agrees_with_the_fold(text in "[ -~\n\t\r`]{0,60}") {
            prop_assert_eq!(normalize(&text), fold(text.chars()));
        }
    }

    #[test]
    fn sort_key_orders_like_the_text() {
        let mut words = [
            "",
            "a",
            "ab",
            "ab\u{0}",
            "abcdefgh",
            "abcdefghi",
            "abcdefgi",
            "b",
            "é",
            "zz",
        ];
        words.reverse();
        let mut by_key: Vec<&str> = words.to_vec();
        by_key.sort_by_key(|w| (sort_key(w), *w));
        let mut by_text = words.to_vec();
        by_text.sort();
        assert_eq!(by_key, by_text);
    }
}
