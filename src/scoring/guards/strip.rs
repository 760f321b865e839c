//! An answer with the text addressed to the grader set aside: the rest for the offline scorer,
//! and the answer with [`REMOVED_MARKER`] in its place for an LLM grader.

use super::find::find;
use crate::scoring::text::normalize;

/// What replaces text addressed to the grader in the answer an LLM grader is shown
/// (`prompts/score_answer.md` tells the model what it means).
pub const REMOVED_MARKER: &str = "[removed: text addressed to the grader]";

/// An answer with the text addressed to the grader set aside.
pub struct Stripped {
    /// The rest of the answer (normalised), for the offline scorer.
    pub rest: String,
    /// The answer (normalised) with each set-aside span replaced by [`REMOVED_MARKER`], for an
    /// LLM grader; the answer unchanged when nothing was set aside.
    pub shown: String,
    pub found: bool,
}

pub fn strip(answer: &str) -> Stripped {
    let text = normalize(answer);
    let spans = find(&text);
    if spans.is_empty() {
        return Stripped {
            rest: text,
            shown: answer.to_string(),
            found: false,
        };
    }
    let mut rest = String::with_capacity(text.len());
    let mut shown = String::with_capacity(text.len());
    let mut at = 0;
    for r in &spans {
        if r.start < at {
            continue;
        }
        rest.push_str(&text[at..r.start]);
        rest.push('\n');
        shown.push_str(&text[at..r.start]);
        shown.push_str(REMOVED_MARKER);
        at = r.end;
    }
    rest.push_str(&text[at..]);
    shown.push_str(&text[at..]);
    Stripped {
        rest: rest.trim().to_string(),
        shown: shown.trim().to_string(),
        found: true,
    }
}
