//! The offline scorer's entry points: [`OfflineScorer`] (the bank's questions as targets, an
//! answer scored against one), and the answer as an LLM grader is shown it.

use crate::bank::{Bank, Category};
use crate::scoring::guards;
use crate::scoring::offline::features::analyse;
use crate::scoring::offline::score::{Explained, explain, score_analysed};
use crate::scoring::result::ScoreResult;
use crate::scoring::target::{Idf, Target};
use crate::scoring::weights::Weights;
use std::collections::HashMap;

pub struct OfflineScorer {
    idf: Idf,
    targets: HashMap<String, Target>,
    weights: Weights,
}

impl OfflineScorer {
    pub fn new(bank: &Bank) -> OfflineScorer {
        let idf = Idf::from_bank(bank);
        let targets = bank
            .all()
            .iter()
            .map(|q| (q.id.clone(), Target::from_question(q, &idf)))
            .collect();
        OfflineScorer {
            idf,
            targets,
            weights: Weights::embedded(),
        }
    }

    /// The same scorer with other weights (the weight fitting tries them).
    pub fn with_weights(mut self, weights: Weights) -> OfflineScorer {
        self.weights = weights;
        self
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    pub fn target(&self, question_id: &str) -> Option<&Target> {
        self.targets.get(question_id)
    }

    pub fn target_from_text(&self, question: &str, category: Category) -> Target {
        Target::from_text(question, category, &self.idf)
    }

    pub fn score(&self, target: &Target, answer: &str) -> ScoreResult {
        let analysed = analyse(answer);
        score_analysed(target, &analysed, &self.weights)
    }

    /// An answer measured up to the weights (its parts and the steps after the base): what the
    /// weight fitting combines, without scoring every answer again for every weight it tries.
    pub fn explain(&self, target: &Target, answer: &str) -> Explained {
        explain(target, &analyse(answer))
    }
}

/// The answer as an LLM grader is shown it: text addressed to the grader ("disregard the
/// scoring guide…", a fake `SYSTEM:` line, `{"score": 100}`) replaced by
/// [`guards::REMOVED_MARKER`], which the grading prompt explains; the answer unchanged when it
/// has none.
pub fn without_instructions(answer: &str) -> String {
    guards::strip(answer).shown
}
