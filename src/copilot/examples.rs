//! "Examples from your CV": the CV lines that fit a question best, ranked with BM25 (the `bm25`
//! crate, English stemming and stop words). A question's words pull in related words from
//! `data/cv_words.toml`'s topics first — "a conflict with a colleague" also searches for
//! "disagreement", "pushback", "resolved" — since a CV rarely uses the question's own words.
//! Offline and deterministic: equal scores keep the CV's order.

use super::docs::Cv;
use super::parse::WORDS;
use bm25::{Language, SearchEngineBuilder};

/// The query for a question: its words, then the related words of each topic it names.
pub fn expand(question: &str) -> String {
    let mut q = question.to_string();
    for w in super::parse::words(question) {
        if let Some(more) = WORDS.topics.get(&w) {
            for m in more {
                q.push(' ');
                q.push_str(m);
            }
        }
    }
    q
}

/// The `k` lines of `cv` that fit `question` best (its text, and its competency if the caller
/// appends it), best first; lines sharing no word with the query are never returned.
pub fn examples_for(cv: &Cv, question: &str, k: usize) -> Vec<String> {
    if cv.lines.is_empty() || k == 0 {
        return Vec::new();
    }
    let engine = SearchEngineBuilder::<u32>::with_corpus(Language::English, cv.lines.iter().cloned()).build();
    let mut hits: Vec<(u32, f32)> = engine
        .search(&expand(question), None)
        .into_iter()
        .filter(|r| r.score > 0.0)
        .map(|r| (r.document.id, r.score))
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    hits.into_iter()
        .take(k)
        .filter_map(|(id, _)| cv.lines.get(id as usize).cloned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cv() -> Cv {
        Cv::read(
            "Senior Backend Engineer, Acme Payments (2021 – present)\n\
             - Led the migration of the ledger from MySQL to PostgreSQL with zero downtime for 2M customers.\n\
             - Cut p99 checkout latency by 45% by rewriting the pricing service in Rust.\n\
             - Scaled the event pipeline on Kafka to 40,000 requests per second during Black Friday traffic.\n\
             - Resolved a long-running disagreement with the product team over release scope by proposing a staged rollout.\n\
             - Mentored 4 junior engineers; two were promoted within a year.\n\
             - Wrote the on-call runbook after a four-hour outage and ran the postmortem.\n",
            "pasted",
            "2026-12-01T10:00:00Z".parse().unwrap(),
        )
    }

    #[test]
    fn the_line_that_fits_the_question_ranks_first() {
        let cv = cv();
        assert_eq!(cv.lines.len(), 6, "{:#?}", cv.lines);
        let first = |q: &str| examples_for(&cv, q, 3).into_iter().next().unwrap_or_default();
        assert!(
            first("Tell me about a time you had a conflict with a colleague.")
                .starts_with("Resolved a long-running disagreement"),
            "{}",
            first("Tell me about a time you had a conflict with a colleague.")
        );
        assert!(
            first("How would you scale a service to handle ten times the traffic?")
                .starts_with("Scaled the event pipeline")
        );
        assert!(first("Describe a failure and what you learned from it.").starts_with("Wrote the on-call runbook"));
        assert!(
            first("How do you grow the people on your team? (mentoring)").starts_with("Mentored 4 junior engineers")
        );
        assert!(first("Walk me through a database migration you ran.").starts_with("Led the migration"));
    }

    #[test]
    fn nothing_in_common_gives_nothing_and_k_is_respected() {
        let cv = cv();
        assert!(examples_for(&cv, "Quelle est votre couleur préférée ?", 3).is_empty());
        assert_eq!(examples_for(&cv, "conflict scaling failure migration", 2).len(), 2);
        assert!(examples_for(&cv, "conflict", 0).is_empty());
    }
}
