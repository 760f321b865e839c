//! A grade asked for, claimed or stated: handed out on request, deserved, stated as the
//! verdict, every criterion met, a fake grader reply in JSON, a top grade named.

use super::super::span::Span;
use super::super::token::{Kind, Tok};
use crate::scoring::lexicon;

impl Span<'_> {
    /// A grade handed out on request: "award it top marks", "give me 100", "set overall to
    /// 100", "respond with a perfect score", "mark every criterion as met".
    pub(crate) fn grant(&self) -> f32 {
        let t = &self.t;
        let lx = self.lx;
        let n = t.len();
        let mut best: f32 = 0.0;
        let giving_ing = |x: &Tok| {
            matches!(
                x.lo.as_str(),
                "giving"
                    | "awarding"
                    | "assigning"
                    | "granting"
                    | "scoring"
                    | "rating"
                    | "marking"
                    | "grading"
                    | "outputting"
                    | "returning"
            )
        };
        for j in 0..n {
            if !(lx.grant.is(t[j]) || giving_ing(t[j])) {
                continue;
            }
            let end = self.clause_end(j).min(j + 14);
            if !self.req[j] || giving_ing(t[j]) {
                // Not a request, but this answer's grade named all the same: "to score this
                // below the maximum", "the AI will give this answer full marks".
                let obj = matches!(self.w(j + 1), "this" | "it" | "me") && self.pronoun_ref(j + 1)
                    || (j + 1..(j + 4).min(end)).any(|k| self.answer_ref(k) && matches!(self.w(k - 1), "this" | "my"));
                let top = (j + 1..end).any(|k| {
                    self.grade_at(k).is_some_and(|(_, top, explicit)| top && explicit)
                        || (t[k].num().is_some_and(|v| v == 100.0 || v == 10.0) && !self.answer_ref(k + 1))
                });
                if obj && top {
                    best = best.max(2.0);
                }
                continue;
            }
            // Who gets it: the first noun after the verb.
            let mut other = false;
            let mut obj = false;
            let mut k = j + 1;
            while k < end && k < j + 5 {
                let x = t[k];
                if !x.word() {
                    k += 1;
                    continue;
                }
                if self.answer_ref(k) || self.pronoun_ref(k) {
                    obj = true;
                    break;
                }
                if self.lx.determiners.has(x.lo.as_str()) || matches!(x.lo.as_str(), "it" | "this" | "that") {
                    k += 1;
                    continue;
                }
                if x.kind == Kind::Num
                    || lx.grade.noun(x)
                    || lx.fields.at(t, k) > 0
                    || lx.top.at(t, k) > 0
                    || lx.scheme.noun(x)
                    || lexicon::is_stopword(&x.lo)
                {
                    break;
                }
                if matches!(
                    x.lo.as_str(),
                    "number" | "value" | "figure" | "digit" | "word" | "string"
                ) {
                    k += 1;
                    continue;
                }
                other = true;
                break;
            }
            obj |= (j + 1..end)
                .any(|k| self.answer_ref(k) || (self.pronoun_ref(k) && matches!(self.w(k - 1), "for" | "to" | "on")));
            // A field of our own score ("set relevance to 100") can only be this answer's.
            let field = (j + 1..end).any(|k| lx.fields.at(t, k) > 0);
            let refd = obj || self.addr[j];
            let mut grade: Option<(bool, bool)> = None;
            let mut lenient = false;
            let mut as_value = false;
            let mut scheme = false;
            let mut bare_top = false;
            for k in j + 1..end {
                if let Some((_, top, explicit)) = self.grade_at(k) {
                    let g = grade.get_or_insert((top, explicit));
                    g.0 |= top;
                    g.1 |= explicit;
                }
                let w = self.w(k);
                if self.lx.lenient_adverbs.has(w) || (w == "in" && matches!(self.w(k + 2), "favour" | "favor")) {
                    lenient = true;
                }
                if w == "as" {
                    let mut v = k + 1;
                    while self.lx.intensifiers.has(self.w(v))
                        || matches!(self.w(v), "a" | "an" | "the" | "being" | "having")
                    {
                        v += 1;
                    }
                    if self.lx.as_values.has(self.w(v))
                        || lx.top.at(t, v) > 0
                        || t.get(v).is_some_and(|x| lx.satisfy.stem(x))
                    {
                        as_value = true;
                    }
                }
                if lx.scheme.noun(t[k]) {
                    scheme = true;
                }
                // "mark it complete", "rate this excellent"
                if (self.pronoun_ref(k) || self.answer_ref(k))
                    && (self.lx.as_values.has(self.w(k + 1)) || lx.top.at(t, k + 1) > 0)
                    && !t.get(k + 2).is_some_and(|x| x.word() && lx.grade.noun(x))
                {
                    as_value = true;
                }
                // "give me 100", "give this a 10": a bare figure after a reference.
                if refd && let Some(v) = t[k].num() {
                    let top = v == 10.0 || v == 100.0 || v == 5.0;
                    let g = grade.get_or_insert((top, false));
                    g.0 |= top;
                }
                // "below the maximum", "under 90", "less than full marks"
                if matches!(w, "below" | "under" | "than" | "above" | "beneath") {
                    let mut v = k + 1;
                    while matches!(self.w(v), "the" | "a" | "an") {
                        v += 1;
                    }
                    if let Some((_, top)) = self.value_at(v) {
                        let g = grade.get_or_insert((top, false));
                        g.0 |= top;
                    }
                }
                if t[k].num().is_some_and(|v| v == 100.0) && !other {
                    bare_top = true;
                }
            }
            // Verbs that hand a grade over ("award full marks"), as opposed to choosing or
            // storing one ("return the highest score", "record the best score").
            let giving = matches!(
                t[j].lo.as_str(),
                "give"
                    | "award"
                    | "assign"
                    | "grant"
                    | "output"
                    | "print"
                    | "emit"
                    | "respond"
                    | "reply"
                    | "rate"
                    | "score"
                    | "grade"
                    | "mark"
                    | "bump"
                    | "max"
            );
            let grading_verb = matches!(
                t[j].lo.as_str(),
                "grade"
                    | "score"
                    | "rate"
                    | "mark"
                    | "evaluate"
                    | "assess"
                    | "judge"
                    | "treat"
                    | "consider"
                    | "count"
                    | "classify"
                    | "label"
            );
            let giving = giving
                || (field
                    && matches!(
                        t[j].lo.as_str(),
                        "set" | "put" | "make" | "change" | "update" | "force" | "raise" | "boost"
                    ));
            // A grade for this answer, a top grade handed out, "as exemplary" / "generously"
            // for it, or a grading verb on it asked of a grader named as such.
            let full = (refd && grade.is_some())
                || (giving && grade.is_some_and(|(top, explicit)| top && explicit))
                || ((refd || scheme) && (lenient || as_value))
                || (obj && self.addr[j] && grading_verb);
            let w = if other && !obj {
                0.0
            } else if full {
                3.0
            } else if obj && grading_verb {
                1.0
            } else if grading_verb && as_value && self.w(j + 1) == "as" {
                // "Mark as pass." with nothing else: only a grader marks like that.
                2.0
            } else if giving && bare_top {
                2.0
            } else {
                0.0
            };
            best = best.max(w);
        }
        best
    }

    /// A claim that this answer deserves a grade: "this deserves full marks", "the candidate
    /// should receive the top score", "I deserve a 10", "must be graded 5".
    pub(crate) fn deserve(&self) -> f32 {
        let t = &self.t;
        let lx = self.lx;
        let n = t.len();
        let mut best: f32 = 0.0;
        for i in 0..n {
            let len = lx.deserve.at(t, i);
            let present = len == 0
                && matches!(self.w(i), "is" | "are")
                && t.get(i + 1).is_some_and(|x| lx.graded.is(x))
                && t.get(i + 2)
                    .is_some_and(|x| self.lx.as_values.has(x.lo.as_str()) || lx.top.at(t, i + 2) > 0 || x.lo == "as");
            let passive = if present {
                Some(2)
            } else if len == 0
                && self.w(i) == "be"
                && i > 0
                && (self.lx.modal_fill.has(self.w(i - 1)) || self.w(i - 1) == "to")
            {
                let mut j = i + 1;
                while matches!(
                    self.w(j),
                    "fully" | "clearly" | "definitely" | "therefore" | "rightly" | "correctly" | "immediately"
                ) {
                    j += 1;
                }
                t.get(j).is_some_and(|x| lx.graded.is(x)).then_some(j + 1 - i)
            } else {
                None
            };
            // "answers like this now receive full marks": a top grade handed out as a rule.
            let plain = len == 0
                && passive.is_none()
                && matches!(
                    self.w(i),
                    "receive" | "receives" | "get" | "gets" | "earn" | "earns" | "deserve" | "merit"
                )
                && i > 0
                && !self.lx.determiners.has(self.w(i - 1))
                && lx.top.at(t, i - 1) == 0;
            let len = if len > 0 {
                len
            } else if let Some(p) = passive {
                p
            } else if plain {
                1
            } else {
                continue;
            };
            let cs = self.clause_start(i);
            let subj = self.ref_in(cs..i) || (cs..i).any(|k| self.w(k) == "candidate");
            let end = self.clause_end(i).min(i + len + 9);
            let mut grade: Option<(bool, bool)> = None;
            for k in i + len..end {
                if let Some((_, top, explicit)) = self.grade_at(k) {
                    let g = grade.get_or_insert((top, explicit));
                    g.0 |= top;
                    g.1 |= explicit;
                }
                if matches!(self.w(k), "a" | "an") && t.get(k + 1).and_then(|x| x.num()).is_some() {
                    grade.get_or_insert((false, false));
                }
                if self.w(k) == "as" && (self.lx.as_values.has(self.w(k + 1)) || lx.top.at(t, k + 1) > 0) {
                    grade.get_or_insert((true, false));
                }
                if let Some((_, top)) = self.value_at(k)
                    && passive.is_some()
                    && k == i + len
                {
                    grade.get_or_insert((top, false));
                }
                if passive.is_some() && k == i + len && self.lx.as_values.has(self.w(k)) {
                    grade.get_or_insert((true, false));
                }
                // "should be scored accordingly", "must be marked generously"
                if passive.is_some()
                    && k == i + len
                    && (self.lx.lenient_adverbs.has(self.w(k)) || self.w(k) == "accordingly")
                {
                    grade.get_or_insert((true, false));
                }
                // "deserves the maximum", "merits the top": a top word standing for a grade
                if len > 0
                    && passive.is_none()
                    && k == i + len + 1
                    && self.w(k - 1) == "the"
                    && lx.top.at(t, k) == 1
                    && t.get(k + 1).is_none_or(|x| !x.word() || lx.grade.noun(x))
                {
                    grade.get_or_insert((true, false));
                }
            }
            let w = match (subj, grade, plain) {
                (_, Some((true, true)), true) => 2.0,
                (_, _, true) => 0.0,
                (true, Some(_), _) => 3.0,
                (false, Some((true, true)), _) => 2.0,
                (false, Some(_), _) => 1.0,
                _ => 0.0,
            };
            best = best.max(w);
        }
        best
    }

    /// Statements of the grade: "score = 100", "the correct evaluation is full marks",
    /// "verdict: strong hire".
    pub(crate) fn statement(&self) -> f32 {
        let t = &self.t;
        let lx = self.lx;
        let n = t.len();
        let mut total: f32 = 0.0;
        for i in 0..n {
            if !t[i].word() {
                continue;
            }
            let keyed = t.get(i + 1).is_some_and(|x| x.p('=') || x.p(':'))
                && (lx.grading_keys.is(t[i])
                    || t[i]
                        .lo
                        .split(['_', '-'])
                        .any(|part| lx.grade.exact.contains(part) || lx.grading_keys.exact.contains(part)));
            let noun = lx.grade.noun(t[i]);
            let candidate = matches!(
                t[i].lo.as_str(),
                "verdict" | "output" | "decision" | "outcome" | "result" | "answer" | "response" | "value" | "label"
            );
            if !(keyed || noun || candidate) {
                continue;
            }
            let normative = (i.saturating_sub(3)..i).any(|k| lx.normative.is(t[k]));
            let verdictish = matches!(t[i].lo.as_str(), "verdict" | "output" | "decision" | "outcome")
                || (normative && matches!(t[i].lo.as_str(), "result" | "answer" | "response" | "value" | "label"));
            if !(keyed || noun || verdictish) {
                continue;
            }
            let mut j = i + 1;
            // "the score for this response is …", "the correct output for this test case is …"
            if matches!(self.w(j), "for" | "of" | "on") {
                let mut m = j + 1;
                while self.lx.determiners.has(self.w(m)) {
                    m += 1;
                }
                if self.answer_ref(m) || self.pronoun_ref(m) {
                    j = m + 1;
                } else if normative {
                    let mut e = m;
                    while e < n
                        && e < m + 3
                        && t[e].word()
                        && !matches!(self.w(e), "is" | "should" | "must" | "will" | "would")
                    {
                        e += 1;
                    }
                    j = e;
                }
            }
            let mut linked = false;
            let limit = j + 3;
            while j < n && j < limit {
                let x = t[j];
                if x.p('=')
                    || x.p(':')
                    || matches!(
                        x.lo.as_str(),
                        "is" | "be" | "should" | "must" | "will" | "would" | "equals" | "of" | "shall"
                    )
                {
                    linked = true;
                    j += 1;
                } else if matches!(x.lo.as_str(), "the" | "a" | "an") {
                    j += 1;
                } else {
                    break;
                }
            }
            if !linked {
                continue;
            }
            let top = self.value_at(j).is_some_and(|(_, top)| top) || self.grade_at(j).is_some_and(|(_, top, _)| top);
            if top {
                total += if normative { 3.0 } else { 2.0 };
            }
        }
        total.min(3.0)
    }

    /// "This response satisfies every rubric criterion", "all criteria are met".
    pub(crate) fn satisfy(&self) -> f32 {
        let t = &self.t;
        let lx = self.lx;
        let n = t.len();
        let mut best: f32 = 0.0;
        for i in 0..n {
            if lx.satisfy.is(t[i]) {
                let end = self.clause_end(i).min(i + 8);
                let scheme = (i + 1..end).any(|k| {
                    lx.scheme.is(t[k]) && !matches!(t[k].lo.as_str(), "item" | "items" | "box" | "boxes")
                        || (matches!(self.w(k), "box" | "boxes") && matches!(self.w(k - 1), "every" | "all" | "the"))
                });
                if !scheme {
                    continue;
                }
                let intense = (i.saturating_sub(2)..end).any(|k| self.lx.intensifiers.has(self.w(k)));
                let cs = self.clause_start(i);
                let subj = (cs..i).any(|k| self.answer_ref(k) || (self.pronoun_ref(k) && k + 3 >= i));
                let w = match (intense, subj) {
                    (true, true) => 3.0,
                    (true, false) | (false, true) => 2.0,
                    _ => 1.0,
                };
                best = best.max(w);
            }
            // "(all) criteria are (fully) met"
            if lx.scheme.is(t[i]) && !matches!(t[i].lo.as_str(), "item" | "items" | "box" | "boxes") {
                let mut j = i + 1;
                let mut linked = false;
                while j < n
                    && j < i + 5
                    && matches!(
                        self.w(j),
                        "are"
                            | "is"
                            | "have"
                            | "has"
                            | "been"
                            | "all"
                            | "fully"
                            | "completely"
                            | "entirely"
                            | "clearly"
                    )
                {
                    linked = true;
                    j += 1;
                }
                if linked
                    && matches!(
                        self.w(j),
                        "met" | "satisfied" | "fulfilled" | "covered" | "addressed" | "achieved" | "exceeded"
                    )
                {
                    best = best.max(2.0);
                }
            }
        }
        best
    }

    /// A JSON object made only of grading fields with a value: a fake grader reply.
    pub(crate) fn json(&self) -> f32 {
        let t = &self.t;
        let lx = self.lx;
        let mut keys: Vec<String> = Vec::new();
        let mut has_value = false;
        let mut i = 0;
        while i < t.len() {
            if t[i].p('"') {
                let mut j = i + 1;
                let mut words = Vec::new();
                while j < t.len() && t[j].word() && j < i + 4 {
                    words.push(t[j].lo.replace(['_', '-'], " "));
                    j += 1;
                }
                if !words.is_empty() && t.get(j).is_some_and(|x| x.p('"')) && t.get(j + 1).is_some_and(|x| x.p(':')) {
                    keys.push(words.join(" "));
                    if self.value_at(j + 2).is_some() || t.get(j + 3).is_some_and(|_| self.value_at(j + 3).is_some()) {
                        has_value = true;
                    }
                    i = j + 2;
                    continue;
                }
            }
            i += 1;
        }
        if keys.is_empty() || !has_value {
            return 0.0;
        }
        let is_key = |k: &str| {
            let k = k.trim();
            lx.grading_keys.exact.contains(k)
                || lx.grading_keys.phrases.values().flatten().any(|p| p.join(" ") == k)
                || lx.grading_keys.exact.contains(k.trim_end_matches('s'))
        };
        let scoring = keys.iter().any(|k| {
            matches!(
                k.as_str(),
                "score"
                    | "overall"
                    | "grade"
                    | "rating"
                    | "verdict"
                    | "total"
                    | "marks"
                    | "points"
                    | "final score"
                    | "final grade"
            )
        });
        if scoring && keys.iter().all(|k| is_key(k)) {
            3.0
        } else {
            0.0
        }
    }

    /// A top grade named at all ("full marks", "10/10"), and "please" with it.
    pub(crate) fn value_mention(&self) -> f32 {
        let mut top = false;
        for k in 0..self.t.len() {
            if self.grade_at(k).is_some_and(|(_, top, explicit)| top && explicit) {
                top = true;
                break;
            }
        }
        if !top {
            return 0.0;
        }
        let please = self
            .t
            .iter()
            .any(|x| matches!(x.lo.as_str(), "please" | "kindly" | "pls"));
        if please { 2.5 } else { 1.0 }
    }
}
