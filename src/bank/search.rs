//! Browsing and searching the bank: filters by category, competency, role and difficulty, plus
//! free-text search over question text, competency, keywords and hints.

use super::{Bank, Category, Difficulty, Question};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BankQuery {
    pub category: Option<Category>,
    pub competency: Option<String>,
    pub role: Option<String>,
    pub difficulty: Option<Difficulty>,
    /// Lower-case search words.
    pub words: Vec<String>,
}

pub struct SearchHit<'a> {
    pub question: &'a Question,
    pub relevance: u32,
}

impl Bank {
    pub fn search(&self, q: &BankQuery) -> Vec<SearchHit<'_>> {
        let mut hits: Vec<SearchHit> = self
            .all()
            .iter()
            .filter(|x| q.category.is_none_or(|c| x.category == c))
            .filter(|x| q.competency.as_ref().is_none_or(|c| &x.competency == c))
            .filter(|x| q.role.as_ref().is_none_or(|r| x.roles.iter().any(|y| y == r)))
            .filter(|x| q.difficulty.is_none_or(|d| x.difficulty == d))
            .filter_map(|x| {
                let relevance = text_relevance(x, &q.words);
                (q.words.is_empty() || relevance > 0).then_some(SearchHit { question: x, relevance })
            })
            .collect();
        // Best match first; ties keep bank order (stable sort) so pages are stable.
        hits.sort_by_key(|h| std::cmp::Reverse(h.relevance));
        hits
    }

    /// Does a word name a competency of the bank?
    pub fn is_competency(&self, word: &str) -> bool {
        self.all().iter().any(|q| q.competency == word)
    }
}

fn text_relevance(q: &Question, words: &[String]) -> u32 {
    if words.is_empty() {
        return 0;
    }
    let text = q.text.to_lowercase();
    let mut score = 0;
    for w in words {
        if w.len() < 2 {
            continue;
        }
        if text.contains(w.as_str()) {
            score += 3;
        }
        if q.competency.contains(w.as_str()) {
            score += 2;
        }
        if q.keywords
            .iter()
            .any(|k| k.contains(w.as_str()) || w.starts_with(k.as_str()))
        {
            score += 2;
        }
        if q.key_points
            .iter()
            .chain(q.hints.iter())
            .any(|k| k.to_lowercase().contains(w.as_str()))
        {
            score += 1;
        }
        if q.id == *w {
            score += 10;
        }
    }
    score
}
