//! Evidence in a rubric: an answer's sentence quoted (clipped), and a rubric item built from its
//! share of the points, the sentence that earned them and a note.

use crate::scoring::feedback;
use crate::scoring::result::RubricItem;
use crate::scoring::text::Analysis;

pub(super) fn quote(a: &Analysis, i: Option<usize>) -> Option<String> {
    i.map(|i| feedback::clip(&a.sentences[i].text, 220))
}

pub(super) fn item(
    key: &str,
    label: &str,
    max: u8,
    frac: f64,
    evidence: Option<String>,
    note: impl Into<String>,
) -> RubricItem {
    RubricItem {
        key: key.into(),
        label: label.into(),
        max,
        score: (frac.clamp(0.0, 1.0) * max as f64).round() as u8,
        evidence,
        note: note.into(),
    }
}
