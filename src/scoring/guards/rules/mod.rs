//! The rules that weigh a span for text addressed to the grader, one `impl Span` per group of
//! rules: `address.rs`, `instructions.rs`, `grades.rs`, `grade_talk.rs`. This file adds them up.

mod address;
mod grade_talk;
mod grades;
mod instructions;

use super::span::Span;

impl Span<'_> {
    /// The span's weight: the sum of the rules' weights (of address and header, and of grant and
    /// deserve, only the stronger).
    pub(crate) fn weight(&self) -> f32 {
        if self.t.iter().all(|t| !t.word()) {
            return 0.0;
        }
        self.address().max(self.header())
            + self.praise()
            + self.framing()
            + self.self_ref()
            + self.wish()
            + self.pressure()
            + self.override_()
            + self.grant().max(self.deserve())
            + self.statement()
            + self.satisfy()
            + self.role()
            + self.leniency()
            + self.authority()
            + self.json()
            + self.value_mention()
    }
}
