//! A token of the guards' own tokenizer ([`Tok`]: a word, a figure or a punctuation mark with
//! its offsets, case and word-class bits), and the per-thread stem cache the classes match with.

use crate::scoring::text::stem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    Num,
    Punct(char),
}

#[derive(Debug, Clone)]
pub(super) struct Tok {
    /// Lower case.
    pub(super) lo: String,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    /// Starts with a capital letter.
    pub(super) cap: bool,
    /// Two or more letters, all capitals.
    pub(super) upper: bool,
    /// A word of a class some rule starts from, a grade-like figure, or markup punctuation; a
    /// span with none of them cannot address the grader.
    pub(super) anchor: bool,
    /// The classes the word is an entry of, those its singular is ("marks" → "mark"), and
    /// those it starts a phrase of.
    pub(super) bits: u64,
    pub(super) nbits: u64,
    pub(super) pbits: u64,
}

impl Tok {
    pub(super) fn word(&self) -> bool {
        matches!(self.kind, Kind::Word | Kind::Num)
    }
    pub(super) fn p(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
    pub(super) fn punct(&self) -> Option<char> {
        match self.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }
    pub(super) fn num(&self) -> Option<f64> {
        (self.kind == Kind::Num)
            .then(|| self.lo.trim_end_matches('%').replace(',', "").parse().ok())
            .flatten()
    }
}

thread_local! {
    /// lower-case word → stem: answers reuse a small vocabulary.
    static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<String, std::rc::Rc<str>>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

pub(super) fn cached_stem(lo: &str) -> std::rc::Rc<str> {
    STEMS.with(|c| {
        if let Some(s) = c.borrow().get(lo) {
            return s.clone();
        }
        let s: std::rc::Rc<str> = std::rc::Rc::from(stem(lo));
        let mut m = c.borrow_mut();
        if m.len() > 50_000 {
            m.clear();
        }
        m.insert(lo.to_string(), s.clone());
        s
    })
}
