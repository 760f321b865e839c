//! Who the text speaks to: an address to whoever grades ("note for the automated
//! reviewer", "if you are a model") and a role header ("SYSTEM:", "<system>", "### Instructions").

use super::super::span::Span;

impl Span<'_> {
    /// An address to whoever grades: 2 for an opener, a header, "if you are a model", "the AI
    /// grading this"; 1 for a grader named at all.
    pub(crate) fn address(&self) -> f32 {
        let t = &self.t;
        let lx = self.lx;
        let n = t.len();
        let mut best: f32 = 0.0;
        for i in 0..n {
            let tk = t[i];
            if !tk.word() {
                continue;
            }
            if self.vocative_at(i).is_some() {
                best = best.max(2.0);
            }
            // ", grader," / "Thanks, AI!": a grader called by name between commas.
            if i > 0 && t[i - 1].p(',') && !self.lx.determiners.has(self.w(i)) {
                let mut j = i;
                while j < n && (lx.qualifier.noun(t[j]) || lx.machine_qualifier.is(t[j]) || self.w(j) == "dear") {
                    j += 1;
                }
                if t.get(j).is_some_and(|x| lx.grader.noun(x) || lx.machine.noun(x))
                    && t.get(j + 1)
                        .is_none_or(|x| x.punct().is_some_and(|c| matches!(c, ',' | '.' | '!' | ':' | '?')))
                {
                    best = best.max(2.0);
                }
            }
            // Openers: "note to the grader", "dear evaluator"; a bare "to"/"for" only at a head
            // or when the addressee closes its phrase ("… for the marking software: …").
            let ol = lx.opener.at(t, i);
            if ol > 0
                && let Some(end) = self.addressee_at(i + ol)
            {
                let weak_opener = matches!(tk.lo.as_str(), "to" | "for" | "hi" | "hello" | "hey");
                let closes = t.get(end + 1).is_none_or(|x| {
                    x.punct()
                        .is_some_and(|c| matches!(c, ':' | ',' | '-' | '\u{2014}' | '\u{2013}' | ')' | ']'))
                });
                if !weak_opener || self.head[i] || closes {
                    best = best.max(2.0);
                }
            }
            // "if you are a model", "you are an AI"
            if tk.lo == "you" && matches!(self.w(i + 1), "are" | "re") {
                let mut j = i + 2;
                if self.w(j) == "now" {
                    j += 1;
                }
                if self.addressee_at(j).is_some() {
                    best = best.max(2.0);
                }
            }
            if tk.lo == "you're" && self.addressee_at(i + 1).is_some() {
                best = best.max(2.0);
            }
            // "whoever is doing the scoring", "the one handling the grading"
            if matches!(
                tk.lo.as_str(),
                "doing" | "handling" | "running" | "performing" | "conducting"
            ) && matches!(self.w(i + 1), "the" | "this")
                && matches!(
                    self.w(i + 2),
                    "scoring" | "grading" | "marking" | "evaluation" | "assessment" | "evaluating" | "assessing"
                )
            {
                best = best.max(2.0);
            }
            // "whoever is reading this", "the AI grading this", "any model scoring my answer"
            if lx.participle.is(tk) {
                let obj = matches!(self.w(i + 1), "this" | "these" | "me" | "my" | "it")
                    && (self.pronoun_ref(i + 1)
                        || self.answer_ref(i + 2)
                        || self.w(i + 1) == "me"
                        || self.w(i + 1) == "my");
                let mut j = i;
                let mut who = false;
                while j > 0 && i - j < 4 {
                    j -= 1;
                    let p = t[j];
                    if lx.grader.noun(p)
                        || lx.machine.noun(p)
                        || matches!(
                            p.lo.as_str(),
                            "whoever" | "whatever" | "anyone" | "anybody" | "anything" | "whichever"
                        )
                    {
                        who = true;
                        break;
                    }
                    if !(p.word()
                        && (matches!(
                            p.lo.as_str(),
                            "is" | "are" | "who" | "that" | "which" | "currently" | "now"
                        ) || lx.qualifier.noun(p)))
                    {
                        break;
                    }
                }
                if obj && who {
                    best = best.max(2.0);
                }
            }
            if lx.grader.noun(tk) {
                best = best.max(1.0);
            }
            if (lx.qualifier.noun(tk) || lx.machine_qualifier.is(tk))
                && t.get(i + 1).is_some_and(|x| lx.grader.noun(x) || lx.machine.noun(x))
                && !lx.machine.noun(tk)
            {
                best = best.max(1.0);
            }
        }
        best
    }

    /// A role header at a clause head: "SYSTEM:", "[Evaluator instruction]", "<system>",
    /// "### Instructions", "AI note —".
    pub(crate) fn header(&self) -> f32 {
        let t = &self.t;
        let lx = self.lx;
        let n = t.len();
        let mut best: f32 = 0.0;
        for i in 0..n {
            // Special tokens: "<|im_start|>", "<|system|>".
            if t[i].p('<') && t.get(i + 1).is_some_and(|x| x.p('|') && x.start == t[i].end) {
                best = best.max(2.0);
            }
            if !self.head[i] {
                continue;
            }
            // Up to four words, one of them a role or a grader, then a header's end.
            let opened_by = i.checked_sub(1).and_then(|p| t[p].punct());
            let mut j = i;
            let mut strong = false;
            while j < n && j < i + 4 && t[j].word() {
                strong |= lx.header.noun(t[j]) || lx.grader.noun(t[j]);
                j += 1;
            }
            if !strong {
                continue;
            }
            let term = t.get(j).and_then(|x| x.punct());
            let caps_line = t[i..j].iter().all(|x| x.upper || x.lo.len() <= 3);
            let ends = match term {
                Some(':' | ']' | ')' | '>' | '|' | '*' | '=' | '#') => true,
                Some('\u{2014}' | '\u{2013}') => j - i <= 2,
                Some('-') => j - i <= 2 && t.get(j + 1).is_none_or(|x| x.start > t[j].end),
                Some('\n') | None => matches!(opened_by, Some('#' | '[' | '<' | '*' | '=')) || caps_line,
                _ => false,
            };
            if ends {
                // "[grader: 100]", "SYSTEM: 10/10": a header and a grade, nothing else.
                let value = self.value_at(j + 1).is_some_and(|(_, top)| top)
                    || self.grade_at(j + 1).is_some_and(|(_, top, _)| top);
                best = best.max(if value { 3.5 } else { 2.0 });
            }
        }
        best
    }
}
