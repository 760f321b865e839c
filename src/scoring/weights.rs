//! The offline scorer's weights: how many of the 100 base points each part of an answer is worth,
//! per category (`data/weights.toml`, fitted by `cargo run --release --example fit`). A leaf.

use crate::bank::Category;
use crate::scoring::ledger::PartKind;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The parts in the order of a weight vector.
pub const PARTS: [PartKind; 6] = [
    PartKind::Rubric,
    PartKind::Relevance,
    PartKind::Specificity,
    PartKind::Communication,
    PartKind::Impact,
    PartKind::Structure,
];

/// Points per part, in the order of [`PARTS`]; they sum to 100.
pub type Vector = [u8; 6];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weights {
    per: BTreeMap<Category, Vector>,
}

#[derive(Debug, thiserror::Error)]
pub enum WeightsError {
    #[error("weights: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("weights: {0} is missing")]
    Missing(&'static str),
    #[error("weights: {category} sums to {sum}, not 100")]
    Sum { category: &'static str, sum: u32 },
}

#[derive(Deserialize)]
struct Row {
    rubric: u8,
    relevance: u8,
    specificity: u8,
    communication: u8,
    impact: u8,
    structure: u8,
}

impl Weights {
    /// The weights shipped in the binary.
    pub fn embedded() -> Weights {
        Weights::parse(include_str!("../../data/weights.toml")).expect("data/weights.toml is checked by a test")
    }

    pub fn parse(text: &str) -> Result<Weights, WeightsError> {
        let rows: BTreeMap<String, Row> = toml::from_str(text)?;
        let mut per = BTreeMap::new();
        for c in Category::ALL {
            let r = rows.get(c.slug()).ok_or(WeightsError::Missing(c.slug()))?;
            let v = [
                r.rubric,
                r.relevance,
                r.specificity,
                r.communication,
                r.impact,
                r.structure,
            ];
            let sum: u32 = v.iter().map(|x| *x as u32).sum();
            if sum != 100 {
                return Err(WeightsError::Sum {
                    category: c.slug(),
                    sum,
                });
            }
            per.insert(c, v);
        }
        Ok(Weights { per })
    }

    pub fn of(&self, c: Category) -> Vector {
        self.per[&c]
    }

    pub fn set(&mut self, c: Category, v: Vector) {
        self.per.insert(c, v);
    }

    /// The file `data/weights.toml` holds, with a header saying how they were made.
    pub fn to_toml(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
        }
        for c in Category::ALL {
            let v = self.of(c);
            out.push_str(&format!(
                "\n[{}]\nrubric = {}\nrelevance = {}\nspecificity = {}\ncommunication = {}\nimpact = {}\nstructure = {}\n",
                c.slug(),
                v[0],
                v[1],
                v[2],
                v[3],
                v[4],
                v[5]
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_weights_load_and_every_category_sums_to_100() {
        let w = Weights::parse(include_str!("../../data/weights.toml")).expect("weights");
        for c in Category::ALL {
            assert_eq!(w.of(c).iter().map(|x| *x as u32).sum::<u32>(), 100, "{c:?}");
        }
        let again = Weights::parse(&w.to_toml("header")).expect("written weights parse");
        assert_eq!(again, w);
    }

    #[test]
    fn weights_that_do_not_sum_to_100_are_refused() {
        let bad = include_str!("../../data/weights.toml").replacen("rubric = ", "rubric = 1", 1);
        assert!(matches!(Weights::parse(&bad), Err(WeightsError::Sum { .. })));
    }
}
