//! Text analysis for the offline scorer: normalisation, sentences, words, stems, concepts.

use super::lexicon;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::{Arc, OnceLock};
use unicode_normalization::UnicodeNormalization;

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

type StemCache = rustc_hash::FxHashMap<String, (Arc<str>, Arc<str>)>;

thread_local! {
    /// lower-case word → (stem, concept). Stemming is the scorer's hottest step; answers reuse a
    /// small vocabulary, so a per-thread cache removes nearly all of it.
    static STEMS: std::cell::RefCell<StemCache> = std::cell::RefCell::new(StemCache::default());
}

const STEM_CACHE_LIMIT: usize = 50_000;

/// Stem and concept of a lower-case word, cached.
pub fn stem_concept(lower: &str) -> (Arc<str>, Arc<str>) {
    STEMS.with(|c| {
        if let Some(v) = c.borrow().get(lower) {
            return v.clone();
        }
        let stem: Arc<str> = Arc::from(stem(lower));
        let concept: Arc<str> = match lexicon::concept_of(&stem) {
            Some(c) => Arc::from(c),
            None => stem.clone(),
        };
        let mut map = c.borrow_mut();
        if map.len() >= STEM_CACHE_LIMIT {
            map.clear();
        }
        map.insert(lower.to_string(), (stem.clone(), concept.clone()));
        (stem, concept)
    })
}

/// NFKC, typographic quotes and dashes to ASCII, zero-width and control characters removed,
/// runs of spaces folded. Newlines are kept (they separate sentences and list items).
pub fn normalize(input: &str) -> String {
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
    /// The token as written.
    pub surface: String,
    /// Lower-case surface form.
    pub lower: String,
    pub stem: Arc<str>,
    /// Concept id when the stem belongs to a synonym group, else the stem.
    pub concept: Arc<str>,
    pub stop: bool,
    /// Digits, percentages, money, "3x", number words used as quantities.
    pub number: bool,
    /// Capitalised mid-sentence (a name, a product, a technology) or a known technology term.
    pub named: bool,
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
    /// The answer's distinct concepts, sorted (see [`Analysis::has_concept`]).
    concepts: Vec<Arc<str>>,
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
        let mut concepts: Vec<Arc<str>> = sentences
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.concept.clone()))
            .collect();
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
        let find = |c: &str| self.concepts.binary_search_by(|w| (**w).cmp(c)).is_ok();
        if find(target) {
            return true;
        }
        if target.len() < 5 {
            return false;
        }
        // A word that starts with the target sorts right at or after it.
        let i = self.concepts.partition_point(|w| **w < *target);
        if self.concepts.get(i).is_some_and(|w| w.starts_with(target)) {
            return true;
        }
        // A word of 5+ bytes that the target starts with is one of the target's prefixes.
        target
            .char_indices()
            .map(|(i, _)| i)
            .filter(|&i| i >= 5)
            .any(|i| find(&target[..i]))
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

/// Two concepts match when equal, or when one (5+ bytes) is a prefix of the other (5+ bytes).
pub fn concept_match(word: &str, target: &str) -> bool {
    word == target || (target.len() >= 5 && word.len() >= 5 && (word.starts_with(target) || target.starts_with(word)))
}

pub fn count_phrase(joined: &str, phrase: &str) -> usize {
    let needle = format!(" {} ", phrase.trim());
    let mut n = 0;
    let mut start = 0;
    while let Some(i) = joined[start..].find(&needle) {
        n += 1;
        start += i + needle.len() - 1;
    }
    n
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
    let mut out = Vec::new();
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
        let number = is_number(&lower);
        let capitalised = token.chars().next().is_some_and(|c| c.is_uppercase())
            && token.chars().skip(1).any(|c| c.is_lowercase() || c.is_ascii_digit())
            || (token.len() >= 2
                && token.len() <= 6
                && token.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
                && token.chars().any(|c| c.is_ascii_uppercase()));
        let stop = lexicon::is_stopword(&lower);
        let named = (!first && capitalised && !stop && lower != "i") || lexicon::is_tech_term(&lower);
        let (stem, concept) = if number {
            let n: Arc<str> = Arc::from("#num");
            (n.clone(), n)
        } else {
            stem_concept(&lower)
        };
        out.push(Word {
            surface: token.to_string(),
            lower,
            stem,
            concept,
            stop,
            number,
            named,
        });
        first = false;
    }
    out
}

fn is_number(w: &str) -> bool {
    let digits = w.chars().filter(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        // "2023", "40%", "$3m", "3x", "10k", "1.5", "q3", "p99", "24/7"
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        return letters <= 3 || w.ends_with("ms") || w.ends_with("gb") || w.ends_with("tb");
    }
    lexicon::NUMBER_WORDS.contains(&w)
}
