//! Word stems and phrase counts: the word-level steps under both the word lists (`lexicon.rs`)
//! and text analysis (`text.rs`). A leaf, so that those two import each other one way only
//! (`text.rs` re-exports both functions, the paths the rest of the crate uses).

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

/// Occurrences of `phrase` (trimmed) as whole words in `joined`, text padded and joined with
/// single spaces (see `Analysis::joined`).
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
