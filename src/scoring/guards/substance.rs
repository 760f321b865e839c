//! How concrete an answer is ([`Substance`]): names and technologies, content words outside
//! the vocabulary that says nothing on its own, and the STAR parts signalled by labels.

use super::classes::lex;
use super::token::{Kind, Tok};
use super::tokenize::tokenize;
use crate::scoring::lexicon;
use crate::scoring::text::Analysis;

/// How concrete an answer is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Substance {
    /// Distinct names (capitalised mid-clause, not jargon) and technologies.
    pub named: usize,
    /// Content words (not stop words, not figures).
    pub content: usize,
    /// Content words outside the vocabulary that says nothing on its own.
    pub concrete: usize,
    /// STAR parts signalled by a label ("Situation:", "Context —", "R:") or a subject ("the
    /// challenge was…"): bit 0 situation, 1 task, 2 action, 3 result.
    pub shell: u8,
}

impl Substance {
    pub fn share(&self) -> f64 {
        if self.content == 0 {
            0.0
        } else {
            self.concrete as f64 / self.content as f64
        }
    }
}

pub fn substance(a: &Analysis) -> Substance {
    let lx = lex();
    let mut s = Substance::default();
    let mut named: Vec<String> = Vec::new();
    for sent in &a.sentences {
        let toks = tokenize(&sent.text);
        let refs: Vec<&Tok> = toks.iter().collect();
        let shouting = toks.iter().filter(|t| t.kind == Kind::Word).count() >= 3
            && toks
                .iter()
                .filter(|t| t.kind == Kind::Word)
                .all(|t| t.upper || t.lo.len() <= 2);
        let mut head = true;
        for (i, t) in toks.iter().enumerate() {
            match t.kind {
                Kind::Punct(c) => {
                    if matches!(
                        c,
                        ':' | '-'
                            | '('
                            | '['
                            | '"'
                            | '*'
                            | '\n'
                            | '#'
                            | '>'
                            | '.'
                            | '!'
                            | '?'
                            | ';'
                            | '\u{2014}'
                            | '\u{2013}'
                            | '/'
                            | '|'
                    ) {
                        head = true;
                    }
                    continue;
                }
                Kind::Num => {
                    head = false;
                    continue;
                }
                Kind::Word => {}
            }
            // STAR labels: a part's word at a head, followed by ':' '-' ')' or the line's end.
            if head {
                for (part, class) in lx.star.iter().enumerate() {
                    let len = class.at(&refs, i);
                    let single = t.lo.len() == 1
                        && "star"
                            .as_bytes()
                            .get(part)
                            .is_some_and(|b| *b as char == t.lo.chars().next().unwrap_or(' '));
                    let len = if len > 0 {
                        len
                    } else if single {
                        1
                    } else {
                        0
                    };
                    if len > 0 {
                        let after = toks.get(i + len).and_then(|x| x.punct());
                        if matches!(after, Some(':' | '-' | ')' | '\u{2014}' | '\u{2013}' | '*' | '.'))
                            || i + len == toks.len()
                        {
                            s.shell |= 1 << part;
                        }
                    }
                }
            }
            // "I was tasked with"
            if t.lo == "tasked" {
                s.shell |= 2;
            }
            // "the challenge was", "my task involved", "as a result,"
            if matches!(
                t.lo.as_str(),
                "the"
                    | "my"
                    | "our"
                    | "this"
                    | "that"
                    | "their"
                    | "his"
                    | "her"
                    | "main"
                    | "key"
                    | "biggest"
                    | "overall"
                    | "end"
                    | "a"
            ) {
                for j in i + 1..(i + 4).min(toks.len()) {
                    if let Some(part) = lx.star.iter().position(|c| c.is(&toks[j])) {
                        let linked = (j + 1..(j + 4).min(toks.len()))
                            .any(|k| lx.prose_verbs.has(toks[k].lo.as_str()) || toks[k].p(':') || toks[k].p(','))
                            || (toks[i].lo == "a" && i > 0 && toks[i - 1].lo == "as");
                        if linked {
                            s.shell |= 1 << part;
                        }
                        break;
                    }
                }
            }
            let name = !shouting
                && ((t.cap && !head) || (t.upper && t.lo.len() <= 6))
                && t.lo != "i"
                && !lexicon::is_stopword(&t.lo)
                && t.lo.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && !(lx.abstract_.stem(t) || lx.star.iter().any(|c| c.stem(t)));
            if name && !named.contains(&t.lo) {
                named.push(t.lo.clone());
            }
            head = false;
        }
    }
    let mut tech: Vec<&str> = Vec::new();
    for w in a.words() {
        if w.number || w.stop || !w.lower.chars().any(|c| c.is_alphabetic()) || w.lower.len() < 2 {
            continue;
        }
        if w.tech && !tech.contains(&w.lower.as_str()) {
            tech.push(&w.lower);
        }
        s.content += 1;
        let jargon = lx.abstract_.exact.contains(&w.lower)
            || lx.abstract_.stems.contains(&*w.stem)
            || lx
                .star
                .iter()
                .any(|c| c.exact.contains(&w.lower) || c.stems.contains(&*w.stem));
        if !jargon {
            s.concrete += 1;
        }
    }
    s.named = named.len() + tech.iter().filter(|t| !named.iter().any(|n| n == *t)).count();
    s
}
