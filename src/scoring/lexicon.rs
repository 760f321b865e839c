//! Word lists of the offline scorer, and the chat's small talk (greetings, thanks). The lists
//! live in `data/lexicon/<name>.txt` (one entry per line, `#` comment lines; `concepts.txt` holds
//! one synonym group per line, words separated by ", "), are embedded at build time and split
//! once at first use. Phrases are lower-case with single spaces (the test below checks every
//! file); stems are computed at first use with the same stemmer the scorer applies to answers.

use super::stem::stem;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::{LazyLock, OnceLock};

/// The entries of a list file: every line that is neither empty nor a `#` comment, as written.
fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A word list, split from its embedded file at first use; derefs to `Vec<&'static str>`.
pub type List = LazyLock<Vec<&'static str>>;

macro_rules! lists {
    ($($name:ident = $file:literal;)*) => {
        $(
            #[doc = concat!("The entries of `data/lexicon/", $file, ".txt`, in file order.")]
            pub static $name: List = LazyLock::new(|| entries(include_str!(concat!("../../data/lexicon/", $file, ".txt"))).collect());
        )*
        /// Every list file: (name, text), for the test that checks them.
        #[cfg(test)]
        const SOURCES: &[(&str, &str)] = &[
            $(($file, include_str!(concat!("../../data/lexicon/", $file, ".txt"))),)*
            ("concepts", CONCEPTS_TXT),
        ];
    };
}

lists! {
    STOPWORDS = "stopwords";
    MOTIVE_WORDS = "motive_words";
    NUMBER_WORDS = "number_words";
    FILLERS = "fillers";
    HEDGES = "hedges";
    VAGUE = "vague";
    BUZZWORDS = "buzzwords";
    RUBRIC_WORDS = "rubric_words";
    SITUATION_CUES = "situation_cues";
    TASK_CUES = "task_cues";
    ACTION_VERBS = "action_verbs";
    RESULT_CUES = "result_cues";
    LEARNING_CUES = "learning_cues";
    TRADEOFF_CUES = "tradeoff_cues";
    EXPLAIN_CUES = "explain_cues";
    SEQUENCE_CUES = "sequence_cues";
    PLAN_CUES = "plan_cues";
    CLARIFY_CUES = "clarify_cues";
    STAKEHOLDER_CUES = "stakeholder_cues";
    MEASURE_CUES = "measure_cues";
    RECOMMEND_CUES = "recommend_cues";
    FRAMEWORK_CUES = "framework_cues";
    REQUIREMENT_CUES = "requirement_cues";
    COMPONENT_CUES = "component_cues";
    SCALE_CUES = "scale_cues";
    TECH_TERMS = "tech_terms";
    WORK_DOMAIN = "work_domain";
    TECH_DOMAIN = "tech_domain";
    CASE_DOMAIN = "case_domain";
    // Small talk of the chat (engine/chat.rs), not of the scorer.
    GREETINGS = "greetings";
    THANKS = "thanks";
}

const CONCEPTS_TXT: &str = include_str!("../../data/lexicon/concepts.txt");

/// Synonym groups (`data/lexicon/concepts.txt`): every stem of a group maps to the group's first
/// word, so "boss" meets "manager" and "pushed back" meets "disagree".
pub static CONCEPTS: LazyLock<Vec<Vec<&'static str>>> =
    LazyLock::new(|| entries(CONCEPTS_TXT).map(|line| line.split(", ").collect()).collect());

pub fn is_stopword(w: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| STOPWORDS.iter().copied().collect()).contains(w)
}

pub fn is_tech_term(w: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| TECH_TERMS.iter().copied().collect()).contains(w)
}

/// The concept a stem belongs to, if any.
pub fn concept_of(stem_: &str) -> Option<&'static str> {
    static M: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = HashMap::default();
        for group in CONCEPTS.iter() {
            let id = group[0];
            for w in group.iter() {
                m.entry(stem(w)).or_insert(id);
            }
        }
        m
    })
    .get(stem_)
    .copied()
}

/// Stems of the action verbs.
pub fn is_action_stem(s: &str) -> bool {
    static S: OnceLock<HashSet<String>> = OnceLock::new();
    S.get_or_init(|| ACTION_VERBS.iter().map(|w| stem(w)).collect())
        .contains(s)
}

pub fn is_buzzword_stem_phrase(joined: &str) -> usize {
    BUZZWORDS.iter().map(|b| super::stem::count_phrase(joined, b)).sum()
}

fn set(list: &'static [&'static str]) -> HashSet<&'static str> {
    list.iter().copied().collect()
}

fn stems(list: &'static [&'static str]) -> HashSet<String> {
    list.iter().map(|w| stem(w)).collect()
}

pub fn is_rubric_word(w: &str) -> bool {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| set(&RUBRIC_WORDS)).contains(w)
}

/// Is a word (given by its stem) part of the category's domain vocabulary?
pub fn in_domain(c: crate::bank::Category, word_stem: &str) -> bool {
    use crate::bank::Category as C;
    static WORK: OnceLock<HashSet<String>> = OnceLock::new();
    static TECH: OnceLock<HashSet<String>> = OnceLock::new();
    static CASE: OnceLock<HashSet<String>> = OnceLock::new();
    match c {
        C::Behavioral | C::Situational | C::Motivation => WORK.get_or_init(|| stems(&WORK_DOMAIN)).contains(word_stem),
        C::Technical | C::SystemDesign => TECH.get_or_init(|| stems(&TECH_DOMAIN)).contains(word_stem),
        C::Case => CASE.get_or_init(|| stems(&CASE_DOMAIN)).contains(word_stem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list file: entries are lower case, trimmed, single-spaced and unique; a concept word
    /// belongs to one group only (the first group would win, silently).
    #[test]
    fn every_list_file_is_clean() {
        for (file, text) in SOURCES {
            let mut seen = HashSet::default();
            let mut n = 0;
            for line in entries(text) {
                let words: Vec<&str> = if *file == "concepts" {
                    line.split(", ").collect()
                } else {
                    vec![line]
                };
                for e in words {
                    n += 1;
                    assert!(
                        !e.is_empty() && e == e.trim(),
                        "{file}.txt: {e:?} is empty or not trimmed"
                    );
                    assert!(
                        !e.contains("  ") && !e.contains('\t'),
                        "{file}.txt: {e:?} is not single-spaced"
                    );
                    assert_eq!(e, e.to_lowercase(), "{file}.txt: {e:?} is not lower case");
                    assert!(
                        *file != "concepts" || !e.contains(','),
                        "concepts.txt: {e:?} has a stray comma"
                    );
                    assert!(seen.insert(e), "{file}.txt: {e:?} is listed twice");
                }
            }
            assert!(n > 0, "{file}.txt is empty");
        }
        assert_eq!(SOURCES.len(), 32, "a list file is missing from the test");
    }

    /// The parse keeps file order and skips only comments and blank lines.
    #[test]
    fn lists_are_parsed_in_file_order() {
        assert_eq!(&STOPWORDS[..3], ["a", "about", "above"]);
        assert_eq!(CONCEPTS[0][..3], ["manager", "boss", "supervisor"]);
        assert!(PLAN_CUES.contains(&"first, i"));
        assert_eq!(concept_of(&stem("boss")), Some("manager"));
        assert!(is_stopword("the") && !is_stopword("kubernetes"));
    }
}
