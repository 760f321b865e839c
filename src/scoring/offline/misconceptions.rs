//! Misconceptions: the bank's common wrong claims on a question's topic found asserted in an
//! answer (a sentence with the claim or one of its forms, not negated or refuted — "people
//! think X, but…" refutes X). A found claim cannot cover the key point it contradicts, caps a
//! technical, system-design or case answer (`caps.rs`) and is named in the result with its
//! correction.

use crate::scoring::feedback;
use crate::scoring::phrase::Sentences;
use crate::scoring::result::MisconceptionHit;
use crate::scoring::target::Target;

/// A misconception the answer asserts.
pub(super) struct Asserted {
    pub hit: MisconceptionHit,
    /// The sentence that asserts it.
    pub sentence: usize,
    /// The key point (index) it contradicts, if one.
    pub contradicts: Option<usize>,
}

/// Every misconception of the target asserted in the answer, in the bank's order, each once
/// (with the first sentence that asserts it).
pub(super) fn find(t: &Target, s: &Sentences, texts: &[&str]) -> Vec<Asserted> {
    let mut out = Vec::new();
    for m in &t.misconceptions {
        let first = m.phrases.iter().filter_map(|p| s.asserted(p).next()).min();
        if let Some(i) = first {
            out.push(Asserted {
                hit: MisconceptionHit {
                    claim: m.claim.clone(),
                    correction: m.correction.clone(),
                    quote: feedback::clip(texts[i], 200),
                },
                sentence: i,
                contradicts: m.contradicts,
            });
        }
    }
    out
}
