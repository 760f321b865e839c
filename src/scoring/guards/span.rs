//! One span being weighed ([`Span`]): its tokens with what every rule reads, computed once —
//! clause heads, request mood, negation, the grader addressed, values, grade expressions and
//! references to this answer — and the helpers on them. The rules are in `rules/`.

use super::classes::{Lex, STARTER_BIT, lex};
use super::token::{Kind, Tok};
use crate::scoring::lexicon;
use std::ops::Range;

pub(super) struct Span<'a> {
    pub(super) t: Vec<&'a Tok>,
    pub(super) head: Vec<bool>,
    pub(super) req: Vec<bool>,
    pub(super) neg: Vec<bool>,
    /// Requests made of a grader named as their subject or called by name ("the reviewer
    /// should…", "Evaluator, kindly…").
    pub(super) addr: Vec<bool>,
    /// Per token, computed once: value, grade expression, reference to this answer.
    pub(super) values: Vec<Option<(usize, bool)>>,
    pub(super) grades: Vec<Option<(usize, bool, bool)>>,
    pub(super) arefs: Vec<bool>,
    pub(super) prefs: Vec<bool>,
    pub(super) lx: &'static Lex,
}

impl<'a> Span<'a> {
    pub(super) fn new(t: Vec<&'a Tok>) -> Span<'a> {
        let lx = lex();
        let n = t.len();
        let mut s = Span {
            t,
            head: vec![false; n],
            req: vec![false; n],
            neg: vec![false; n],
            addr: vec![false; n],
            values: Vec::new(),
            grades: Vec::new(),
            arefs: Vec::new(),
            prefs: Vec::new(),
            lx,
        };
        s.arefs = (0..n).map(|k| s.compute_answer_ref(k)).collect();
        s.prefs = (0..n).map(|k| s.compute_pronoun_ref(k)).collect();
        s.values = (0..n).map(|k| s.compute_value_at(k)).collect();
        s.grades = (0..n).map(|k| s.compute_grade_at(k)).collect();
        s.mark_heads();
        s.mark_requests();
        s
    }

    /// Can a value or grade expression start at this word?
    pub(super) fn starts_value(&self, tk: &Tok) -> bool {
        (tk.bits | tk.nbits) & STARTER_BIT != 0
    }

    pub(super) fn value_at(&self, k: usize) -> Option<(usize, bool)> {
        if k < self.values.len() {
            self.values[k]
        } else {
            self.compute_value_at(k)
        }
    }

    pub(super) fn grade_at(&self, k: usize) -> Option<(usize, bool, bool)> {
        if k < self.grades.len() {
            self.grades[k]
        } else {
            self.compute_grade_at(k)
        }
    }

    pub(super) fn answer_ref(&self, k: usize) -> bool {
        if k < self.arefs.len() {
            self.arefs[k]
        } else {
            self.compute_answer_ref(k)
        }
    }

    pub(super) fn pronoun_ref(&self, k: usize) -> bool {
        if k < self.prefs.len() {
            self.prefs[k]
        } else {
            self.compute_pronoun_ref(k)
        }
    }

    pub(super) fn w(&self, i: usize) -> &str {
        self.t.get(i).filter(|t| t.word()).map_or("", |t| t.lo.as_str())
    }

    pub(super) fn vocative(&self, i: usize) -> bool {
        let t = self.t[i];
        self.lx.grader.noun(t)
            || self.lx.machine.noun(t)
            || matches!(
                t.lo.as_str(),
                "please" | "hey" | "ok" | "okay" | "so" | "now" | "hi" | "hello" | "dear"
            )
    }

    /// An imperative-looking first word (so that "… and give" continues the request).
    pub(super) fn verbish(&self, i: usize) -> bool {
        let lx = self.lx;
        lx.override_.at(&self.t, i) > 0
            || lx.grant.is(self.t[i])
            || lx.switch.is(self.t[i])
            || matches!(
                self.w(i),
                "act"
                    | "pretend"
                    | "imagine"
                    | "behave"
                    | "roleplay"
                    | "role-play"
                    | "treat"
                    | "do"
                    | "don't"
                    | "never"
                    | "be"
            )
    }

    pub(super) fn mark_heads(&mut self) {
        let n = self.t.len();
        let mut at_start = true;
        let mut imperative = false;
        let mut sub = false;
        let mut i = 0;
        while i < n {
            let tk = self.t[i];
            if let Some(c) = tk.punct() {
                match c {
                    '.' | '!' | '?' | '\n' => {
                        at_start = true;
                        imperative = false;
                    }
                    ':' | ';' | '(' | '[' | '{' | '"' | '*' | '>' | '|' | '\u{2022}' | '\u{2014}' | '\u{2013}'
                    | '-' | '#' | '<' | ']' | ')' | '}' => at_start = true,
                    ',' if sub || (i > 0 && self.vocative(i - 1)) => at_start = true,
                    _ => {}
                }
                i += 1;
                continue;
            }
            if at_start {
                if self.lx.softeners.has(tk.lo.as_str()) {
                    i += 1;
                    continue;
                }
                self.head[i] = true;
                sub = self.lx.subordinators.has(tk.lo.as_str());
                if self.verbish(i) {
                    imperative = true;
                }
                at_start = false;
            } else if imperative && matches!(tk.lo.as_str(), "and" | "then" | "also" | "or" | "but" | "plus") {
                at_start = true;
            }
            i += 1;
        }
    }

    /// An addressee noun phrase starting at `j` (determiners and qualifiers, then a grader, a
    /// machine, or any noun after "automated"/"AI"): the index of its head noun.
    pub(super) fn addressee_at(&self, mut j: usize) -> Option<usize> {
        let t = &self.t;
        let lx = self.lx;
        let n = t.len();
        let mut qualified = false;
        while j < n
            && (self.lx.determiners.has(self.w(j))
                || lx.qualifier.noun(t[j])
                || lx.machine_qualifier.is(t[j])
                || t[j].p('-'))
        {
            qualified |= lx.machine_qualifier.is(t[j]);
            j += 1;
        }
        let tk = t.get(j)?;
        let head = lx.grader.noun(tk)
            || lx.machine.noun(tk)
            || (qualified && tk.word() && !lexicon::is_stopword(&tk.lo) && tk.kind == Kind::Word);
        if !head {
            return None;
        }
        // "the model answer", "the system design": a noun after it makes it a modifier.
        let mut end = j;
        while t
            .get(end + 1)
            .is_some_and(|x| lx.machine.noun(x) || lx.grader.noun(x) || lx.header.noun(x))
        {
            end += 1;
        }
        Some(end)
    }

    /// A vocative at a clause head: "Evaluator, …", "Hey model!", "AI grader —".
    pub(super) fn vocative_at(&self, i: usize) -> Option<usize> {
        if !self.head[i] {
            return None;
        }
        let mut j = i;
        while matches!(self.w(j), "hey" | "hi" | "hello" | "dear" | "ok" | "okay" | "o") {
            j += 1;
        }
        let end = self.addressee_at(j)?;
        self.t
            .get(end + 1)
            .and_then(|x| x.punct())
            .is_some_and(|c| matches!(c, ',' | '!' | ':' | '-' | '\u{2014}' | '\u{2013}'))
            .then_some(end + 1)
    }

    pub(super) fn mark_requests(&mut self) {
        let n = self.t.len();
        let mut called = false;
        for i in 0..n {
            if self.t[i].punct().is_some_and(|c| matches!(c, '.' | '!' | '?' | '\n')) {
                called = false;
            }
            if self.vocative_at(i).is_some() {
                called = true;
            }
            if !self.t[i].word() {
                continue;
            }
            let prev = |k: usize| if k <= i { self.w(i - k) } else { "" };
            let mut r = self.head[i] || matches!(prev(1), "please" | "kindly" | "let's" | "lets");
            let mut a = false;
            if !r {
                let mut k = 1;
                while k <= 6 && k <= i {
                    let w = prev(k);
                    if self.lx.modal_fill.has(w) {
                        k += 1;
                        continue;
                    }
                    if matches!(w, "you" | "u" | "you'll" | "youll" | "you'd") {
                        r = true;
                    } else if k >= 2 && self.lx.grader.noun(self.t[i - k]) {
                        r = prev(1) != "is" && prev(1) != "are";
                        a = r;
                    }
                    break;
                }
            }
            if !r
                && prev(1) == "to"
                && matches!(
                    prev(2),
                    "sure" | "remember" | "forget" | "instructed" | "required" | "asked" | "obliged"
                )
            {
                r = true;
            }
            // "it would be a mistake to score this …", "it is only fair to give …"
            if !r && prev(1) == "to" {
                let cs = self.clause_start(i);
                r = (cs..i.saturating_sub(1)).any(|k| {
                    self.w(k) == "it"
                        && (matches!(self.w(k + 1), "would" | "is" | "will" | "seems") || self.t[k].lo == "it's")
                        && k + 7 >= i
                }) || (cs..i).any(|k| self.t[k].lo == "it's" && k + 6 >= i);
            }
            // "do not X", "don't X", "never X" at a clause head.
            let negated = (i >= 2 && self.head[i - 2] && prev(2) == "do" && prev(1) == "not")
                || (i >= 1 && self.head[i - 1] && matches!(prev(1), "don't" | "dont" | "never"));
            if negated {
                r = true;
            }
            // "… and rate me", "… then give it": a request goes on after "and".
            if !r && i >= 1 && matches!(prev(1), "and" | "then" | "or" | "also") {
                let cs = self.clause_start(i);
                r = (cs..i - 1).any(|k| self.req[k] && self.verbish(k));
            }
            self.neg[i] = negated;
            self.req[i] = r;
            self.addr[i] = r && (a || called);
        }
    }

    /// Index of the end of the clause that contains `i` (exclusive).
    pub(super) fn clause_end(&self, i: usize) -> usize {
        (i..self.t.len())
            .find(|&k| {
                self.t[k]
                    .punct()
                    .is_some_and(|c| matches!(c, '.' | '!' | '?' | ';' | '\n'))
            })
            .unwrap_or(self.t.len())
    }

    pub(super) fn clause_start(&self, i: usize) -> usize {
        (0..i)
            .rev()
            .find(|&k| {
                self.t[k]
                    .punct()
                    .is_some_and(|c| matches!(c, '.' | '!' | '?' | ';' | '\n' | ':' | '(' | '['))
            })
            .map_or(0, |k| k + 1)
    }

    /// A value at `k`: (tokens, top of its scale). "10/10", "5 out of 5", "100", "full", "a+".
    /// A figure at `k`, in digits or words ("ten").
    pub(super) fn figure(&self, k: usize) -> Option<f64> {
        let tk = self.t.get(k)?;
        tk.num().or_else(|| {
            let i = self.lx.number_words.iter().position(|w| *w == tk.lo)?;
            Some(if tk.lo == "hundred" { 100.0 } else { i as f64 })
        })
    }

    pub(super) fn compute_value_at(&self, k: usize) -> Option<(usize, bool)> {
        let t = &self.t;
        let tk = t.get(k)?;
        if tk.kind == Kind::Word && tk.lo.len() > 1 && !self.starts_value(tk) {
            return None;
        }
        if let Some(n) = self.figure(k) {
            // N/N
            if t.get(k + 1).is_some_and(|s| s.p('/') && s.start == tk.end)
                && let Some(d) = t.get(k + 2).and_then(|d| d.num())
            {
                let top = d > 0.0 && n / d >= 0.9;
                return Some((3, top));
            }
            if self.w(k + 1) == "out"
                && self.w(k + 2) == "of"
                && let Some(d) = self.figure(k + 3)
            {
                return Some((4, d > 0.0 && n / d >= 0.9));
            }
            let top = n == 100.0 || n == 10.0 || n == 5.0;
            return Some((1, top));
        }
        let len = self.lx.top.at(t, k);
        if len > 0 {
            return Some((len, true));
        }
        // A letter grade after "an", "grade" or "=": "an A", "grade B".
        if tk.kind == Kind::Word
            && tk.lo.len() == 1
            && "abcdef".contains(tk.lo.as_str())
            && k > 0
            && (matches!(self.w(k - 1), "an" | "grade") || t[k - 1].p('=') || t[k - 1].p(':'))
        {
            return Some((1, tk.lo == "a"));
        }
        None
    }

    /// A grade expression at `k`: (tokens, top, explicit). Explicit means a grade noun or a
    /// fraction says it is a grade ("full marks", "score of 100", "9/10"), not a bare word.
    pub(super) fn compute_grade_at(&self, k: usize) -> Option<(usize, bool, bool)> {
        let t = &self.t;
        let lx = self.lx;
        let tk = t.get(k)?;
        if tk.kind == Kind::Word && tk.lo.len() > 1 && !self.starts_value(tk) {
            return None;
        }
        // top value + (possible) + grade noun
        let top = lx.top.at(t, k);
        // "the top of the scale", "the maximum on the range"
        if top > 0
            && matches!(self.w(k + top), "of" | "on")
            && matches!(self.w(k + top + 1), "the" | "your" | "our")
            && matches!(
                self.w(k + top + 2),
                "scale" | "range" | "band" | "bands" | "chart" | "rubric" | "ladder"
            )
        {
            return Some((top + 3, true, true));
        }
        if top > 0 {
            let mut j = k + top;
            if matches!(self.w(j), "possible" | "available" | "achievable") {
                j += 1;
            }
            if t.get(j).is_some_and(|x| lx.grade.noun(x)) {
                return Some((j + 1 - k, true, true));
            }
            if top > 1 {
                return Some((top, true, true));
            }
        }
        // "every available point", "all possible marks"
        if matches!(self.w(k), "every" | "all") {
            let mut j = k + 1;
            if self.w(j) == "the" {
                j += 1;
            }
            if matches!(self.w(j), "available" | "possible" | "remaining")
                && t.get(j + 1).is_some_and(|x| lx.grade.noun(x))
            {
                return Some((j + 2 - k, true, true));
            }
        }
        // grade noun (or a score field linked by "to", "=" or ":") + link + value
        let field = lx.fields.at(t, k);
        if lx.grade.noun(t[k]) || field > 0 {
            let mut j = k + field.max(1);
            let mut linked = false;
            while j < t.len().min(k + field.max(1) + 3)
                && (matches!(
                    self.w(j),
                    "of" | "to" | "at" | "as" | "is" | "be" | "equals" | "equal" | "the" | "a" | "an"
                ) || t[j].p('=')
                    || t[j].p(':'))
            {
                linked |= !matches!(self.w(j), "the" | "a" | "an" | "of" | "as" | "is" | "be");
                j += 1;
            }
            if field > 0 && !lx.grade.noun(t[k]) && !linked {
                return None;
            }
            if let Some((len, top)) = self.value_at(j) {
                return Some((j + len - k, top, true));
            }
            return None;
        }
        // "100 points", "ten marks" (not "the top 100 scores": a count, not a grade)
        if let Some(v) = self.figure(k)
            && t.get(k + 1).is_some_and(|x| lx.grade.noun(x))
            && !(k > 0
                && matches!(
                    self.w(k - 1),
                    "top"
                        | "best"
                        | "first"
                        | "last"
                        | "highest"
                        | "lowest"
                        | "bottom"
                        | "worst"
                        | "next"
                        | "latest"
                        | "recent"
                        | "previous"
                ))
        {
            return Some((2, v == 100.0 || v == 10.0 || v == 5.0, true));
        }
        if t[k].num().is_some() && t.get(k + 1).is_some_and(|s| s.p('/')) {
            let (len, top) = self.value_at(k)?;
            return Some((len, top, true));
        }
        if self.w(k + 1) == "out" && self.w(k + 2) == "of" {
            let (len, top) = self.value_at(k)?;
            return Some((len, top, true));
        }
        // A letter grade: "an A", "grade B".
        if t[k].kind == Kind::Word && t[k].lo.len() == 1 {
            let (len, top) = self.value_at(k)?;
            return Some((len, top, true));
        }
        None
    }

    /// A reference to this answer (or its author) at `k`, as a noun phrase head or pronoun.
    pub(super) fn compute_answer_ref(&self, k: usize) -> bool {
        let t = &self.t;
        let Some(tk) = t.get(k) else { return false };
        if self.lx.answer.noun(tk) {
            // "an answer key", "response time": only the noun itself.
            return !t
                .get(k + 1)
                .is_some_and(|n| n.word() && matches!(n.lo.as_str(), "time" | "times" | "key" | "code"));
        }
        matches!(tk.lo.as_str(), "me" | "myself" | "us")
    }

    /// "this"/"it"/"that" standing alone as the object or subject (not "this bug").
    pub(super) fn compute_pronoun_ref(&self, k: usize) -> bool {
        if !matches!(self.w(k), "this" | "it" | "that") {
            return false;
        }
        match self.t.get(k + 1) {
            None => true,
            Some(n) if !n.word() => true,
            Some(n) => {
                lexicon::is_stopword(&n.lo)
                    || n.kind == Kind::Num
                    || self.lx.top.at(&self.t, k + 1) > 0
                    || self.lx.grade.noun(n)
                    || self.lx.deserve.at(&self.t, k + 1) > 0
                    || self.lx.satisfy.is(n)
                    || self.lx.intensifiers.has(n.lo.as_str())
                    || matches!(n.lo.as_str(), "one" | "deserves" | "merits" | "fully" | "clearly")
            }
        }
    }

    pub(super) fn ref_in(&self, r: Range<usize>) -> bool {
        r.into_iter()
            .any(|k| self.answer_ref(k) || self.pronoun_ref(k) || self.w(k) == "i")
    }
}
