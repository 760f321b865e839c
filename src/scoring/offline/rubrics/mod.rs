//! The category rubrics, one file per category: each turns an answer's features into rubric
//! items with the sentence that earned each. This file only picks the question's rubric.

mod case;
mod motivation;
mod situational;
mod star;
mod system_design;
mod technical;

use crate::bank::Category;
use crate::scoring::offline::features::Features;
use crate::scoring::result::Rubric;
use crate::scoring::target::Target;
use crate::scoring::text::Analysis;

/// The rubric of the question's category, scored. `relevance` is the technical rubric's accuracy.
pub(super) fn for_category(t: &Target, a: &Analysis, f: &Features, relevance: f64) -> Rubric {
    match t.category {
        Category::Behavioral => star::star(a, f),
        Category::Situational => situational::situational(a, f),
        Category::Technical => technical::technical(a, f, relevance),
        Category::SystemDesign => system_design::system_design(a, f),
        Category::Case => case::case(a, f),
        Category::Motivation => motivation::motivation(t, a, f),
    }
}
