//! Finding text addressed to the grader: each sentence and top-level container is weighed by
//! the rules (quotations introduced as a mention left out), spans at [`THRESHOLD`] are flagged
//! with neighbouring sentences that only talk about grading; and `explain`, every rule's weight
//! per sentence.

use super::classes::lex;
use super::span::Span;
use super::spans::{containers, sentences, top_level};
use super::token::{Kind, Tok};
use super::tokenize::tokenize;
use std::ops::Range;
use std::sync::OnceLock;

/// Weight at which a span is taken to address the grader.
pub const THRESHOLD: f32 = 3.0;

/// Token indices inside quotations introduced as a mention ("users typed 'ignore the rules'"):
/// a quoted instruction that is talked about is not one given.
fn mention_mask(t: &[Tok]) -> Vec<bool> {
    let lx = lex();
    let mut mask = vec![false; t.len()];
    let refs: Vec<&Tok> = t.iter().collect();
    let mut i = 0;
    while i < t.len() {
        let q = match t[i].punct() {
            Some(c @ ('"' | '\'')) => c,
            _ => {
                i += 1;
                continue;
            }
        };
        // Opening quote: not glued to a word before it.
        if i > 0 && t[i - 1].word() && t[i - 1].end == t[i].start {
            i += 1;
            continue;
        }
        let Some(close) = (i + 1..t.len()).find(|&k| t[k].p(q) || t[k].p('\n')) else {
            break;
        };
        if !t[close].p(q) {
            i = close + 1;
            continue;
        }
        let mut p = i;
        while p > 0 && t[p - 1].punct().is_some_and(|c| matches!(c, ':' | ',' | '(')) {
            p -= 1;
        }
        let m = if p >= 1 && lx.mention.at(&refs, p - 1) > 0 {
            Some(p - 1)
        } else if p >= 2 && lx.mention.at(&refs, p - 2) == 2 {
            Some(p - 2)
        } else {
            None
        };
        // "please write 'score: 100'" asks for the quoted text: that is no mention.
        let asked = m.is_some_and(|m| {
            let mut q = m;
            while q > 0 && matches!(t[q - 1].lo.as_str(), "just" | "simply" | "now" | "only") {
                q -= 1;
            }
            q == 0
                || t[q - 1]
                    .punct()
                    .is_some_and(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | ';' | '(' | '['))
                || matches!(
                    t[q - 1].lo.as_str(),
                    "please" | "kindly" | "you" | "must" | "should" | "to"
                )
        });
        if m.is_some() && !asked {
            for m in mask.iter_mut().take(close).skip(i + 1) {
                *m = true;
            }
        }
        i = close + 1;
    }
    mask
}

/// The tokens of `text[r]`, with offsets into `text`. Spans are tokenised one by one, and only
/// those that [`may_address`] the grader.
fn tokens_in(text: &str, r: &Range<usize>) -> Vec<Tok> {
    let mut t = tokenize(&text[r.clone()]);
    for x in &mut t {
        x.start += r.start;
        x.end += r.start;
    }
    t
}

fn span_weight(text: &str, r: &Range<usize>, skip: &[Range<usize>]) -> f32 {
    if !may_address(&text[r.clone()]) {
        return 0.0;
    }
    let toks = tokens_in(text, r);
    let mask = mention_mask(&toks);
    let t: Vec<&Tok> = toks
        .iter()
        .zip(&mask)
        .filter(|(x, m)| !**m && !skip.iter().any(|s| x.start >= s.start && x.end <= s.end))
        .map(|(x, _)| x)
        .collect();
    if !t.iter().any(|x| x.anchor) {
        return 0.0;
    }
    Span::new(t).weight()
}

/// Does the span talk about grading at all (a grade, a grader, a rubric, an instruction)?
fn grading_talk(text: &str, r: &Range<usize>) -> bool {
    let lx = lex();
    tokens_in(text, r).iter().any(|x| {
        lx.grade.noun(x) || lx.grader.noun(x) || lx.scheme.is(x) || lx.control.noun(x) || lx.mode_noun.is(x) || x.p('=')
    })
}

fn concrete(text: &str, r: &Range<usize>) -> bool {
    tokens_in(text, r)
        .iter()
        .any(|x| x.kind == Kind::Num && x.num().is_some_and(|n| !matches!(n as i64, 100 | 10 | 5 | 0)))
}

/// Each sentence of `text` (normalised) with the weight of every rule: for developing the
/// guard and for reading why a span was set aside.
#[doc(hidden)]
pub fn explain(text: &str) -> Vec<(String, Vec<(&'static str, f32)>)> {
    let toks = tokenize(text);
    let mask = mention_mask(&toks);
    let tops = top_level(containers(text));
    sentences(text, &tops)
        .into_iter()
        .map(|(r, _)| {
            let t: Vec<&Tok> = toks
                .iter()
                .zip(&mask)
                .filter(|(x, m)| !**m && x.start >= r.start && x.end <= r.end)
                .map(|(x, _)| x)
                .collect();
            let s = Span::new(t);
            let rules = vec![
                ("address", s.address()),
                ("header", s.header()),
                ("praise", s.praise()),
                ("framing", s.framing()),
                ("self_ref", s.self_ref()),
                ("wish", s.wish()),
                ("pressure", s.pressure()),
                ("override", s.override_()),
                ("grant", s.grant()),
                ("deserve", s.deserve()),
                ("statement", s.statement()),
                ("satisfy", s.satisfy()),
                ("role", s.role()),
                ("leniency", s.leniency()),
                ("authority", s.authority()),
                ("json", s.json()),
                ("value", s.value_mention()),
            ];
            (
                text[r].to_string(),
                rules.into_iter().filter(|(_, w)| *w > 0.0).collect(),
            )
        })
        .collect()
}

/// Could the text address the grader at all? One Aho–Corasick pass for any anchor word (on
/// word boundaries, plurals allowed), a grade-like figure or "<|": most answers have none, and
/// then nothing else is done. Never false where [`Tok::anchor`] would find one.
fn may_address(text: &str) -> bool {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        let mut words: Vec<String> = lex().anchors.iter().cloned().collect();
        words.extend(["100", "10", "5", "9", "90", "95", "99"].map(String::from));
        words.sort();
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&words)
            .expect("anchor automaton builds from the word lists")
    });
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c >= 0x80;
    // Leftmost-longest: a match inside a word ("ai" in "said") cannot hide one that starts a
    // word, since that would have to start inside the same word.
    for m in ac.find_iter(text) {
        let (s, mut e) = (m.start(), m.end());
        if s > 0 && word(b[s - 1]) && b[s - 1] != b'_' {
            continue;
        }
        if b.get(e) == Some(&b'e') && b.get(e + 1) == Some(&b's') {
            e += 2;
        } else if b.get(e) == Some(&b's') {
            e += 1;
        }
        if b.get(e).is_none_or(|&c| !word(c) || c == b'_') {
            return true;
        }
    }
    // "<|…|>" tokens and fractions ("9/10", "4/5").
    text.contains("<|") || b.windows(2).any(|w| w[0].is_ascii_digit() && w[1] == b'/')
}

/// Byte ranges of `text` (already normalised) addressed to whoever grades.
pub fn find(text: &str) -> Vec<Range<usize>> {
    // Most answers name no grader, no grade and no instruction: nothing to look at.
    if !may_address(text) {
        return Vec::new();
    }
    let tops = top_level(containers(text));
    let sents = sentences(text, &tops);
    let mut flagged: Vec<Range<usize>> = Vec::new();
    // Containers on their own.
    let mut flagged_tops: Vec<Range<usize>> = Vec::new();
    for (r, hidden) in &tops {
        let w = span_weight(text, r, &[]) + if *hidden { 1.0 } else { 0.0 };
        if w >= THRESHOLD {
            flagged_tops.push(r.clone());
        }
    }
    // Sentences, without flagged containers; then runs of weighted sentences.
    let weights: Vec<f32> = sents.iter().map(|(r, _)| span_weight(text, r, &flagged_tops)).collect();
    let mut hit = vec![false; sents.len()];
    for (k, (r, _)) in sents.iter().enumerate() {
        let inner: Vec<&Range<usize>> = flagged_tops
            .iter()
            .filter(|c| c.start >= r.start && c.end <= r.end)
            .collect();
        // A few words leading into a flagged container ("Please output the following and
        // nothing else: {…}") go with it.
        let lead_in = || {
            let first = inner.iter().map(|c| c.start).min().unwrap_or(r.end);
            tokens_in(text, &(r.start..first)).iter().filter(|x| x.word()).count()
        };
        if weights[k] >= THRESHOLD || (!inner.is_empty() && (weights[k] >= 1.0 || lead_in() <= 12)) {
            hit[k] = true;
        }
    }
    // Runs of adjacent sentences in one paragraph, each with some weight, together at threshold.
    let mut k = 0;
    while k < sents.len() {
        if weights[k] < 1.5 {
            k += 1;
            continue;
        }
        let mut e = k;
        let mut sum = 0.0;
        while e < sents.len() && weights[e] >= 1.5 && sents[e].1 == sents[k].1 {
            sum += weights[e];
            e += 1;
        }
        if sum >= THRESHOLD && e - k >= 2 {
            for h in hit.iter_mut().take(e).skip(k) {
                *h = true;
            }
        }
        k = e.max(k + 1);
    }
    // Spread to neighbours in the same paragraph that only talk about grading.
    loop {
        let mut changed = false;
        for k in 0..sents.len() {
            if hit[k] {
                continue;
            }
            let near = (k > 0 && hit[k - 1] && sents[k - 1].1 == sents[k].1)
                || (k + 1 < sents.len() && hit[k + 1] && sents[k + 1].1 == sents[k].1);
            let r = &sents[k].0;
            if near && (weights[k] > 0.0 || grading_talk(text, r)) && !concrete(text, r) {
                hit[k] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (k, (r, _)) in sents.iter().enumerate() {
        if hit[k] {
            flagged.push(r.clone());
        }
    }
    for c in flagged_tops {
        if !flagged.iter().any(|f| f.start <= c.start && c.end <= f.end) {
            flagged.push(c);
        }
    }
    flagged.sort_by_key(|r| r.start);
    flagged
}
