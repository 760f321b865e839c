//! Negated and refuting contexts for phrase matches (`phrase.rs`): a claim found after "not",
//! "never", "doesn't", "without", "ignores"…, or inside "it's a myth that…", "people think…",
//! "contrary to…", or followed by "…is a myth", is not asserted by the answer.
//!
//! Three kinds, all scoped to the clause of the match (a comma, a colon or a joining word such as
//! "but", "and", "so", "because", "which" starts a new clause):
//! - a *negator* word in the match's gaps or before it in its clause ("without", "ignores",
//!   "lacks" only before their object, the next two words);
//! - a *refuting frame* anywhere before it in its clause (a myth, others' belief, "contrary
//!   to", "rather than", "instead of");
//! - a *refuting predicate* right after it ("… is a myth", "… is wrong", "… isn't true").

/// Words that start a new clause: a negation before them does not reach past them.
pub(crate) fn clause_break(lower: &str) -> bool {
    matches!(
        lower,
        "but"
            | "and"
            | "so"
            | "because"
            | "since"
            | "which"
            | "whereas"
            | "while"
            | "though"
            | "although"
            | "however"
            | "then"
            | "instead"
            | "otherwise"
            | "or"
    )
}

/// A word that negates what follows it in its clause.
pub(crate) fn negator(lower: &str) -> bool {
    let l = lower.replace('\u{2019}', "'");
    if l.ends_with("n't") || l.ends_with("nt") && NT_WORDS.contains(&l.as_str()) {
        return true;
    }
    matches!(
        l.as_str(),
        "not"
            | "no"
            | "never"
            | "cannot"
            | "without"
            | "neither"
            | "nor"
            | "none"
            | "nothing"
            | "nobody"
            | "ignore"
            | "ignores"
            | "ignored"
            | "ignoring"
            | "disregard"
            | "disregards"
            | "lacks"
            | "lack"
            | "lacking"
    )
}

/// Negators that deny only their object.
fn takes_object(lower: &str) -> bool {
    matches!(
        lower,
        "without"
            | "ignore"
            | "ignores"
            | "ignored"
            | "ignoring"
            | "disregard"
            | "disregards"
            | "lack"
            | "lacks"
            | "lacking"
    )
}

/// Contractions written without the apostrophe.
const NT_WORDS: &[&str] = &[
    "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "wont", "wouldnt", "shouldnt", "couldnt",
    "hasnt", "havent", "hadnt", "mustnt",
];

/// A negator that is not one: "not only", "not just", "no matter", "no longer than"…
pub(crate) fn negator_at(words: &[&str], i: usize) -> bool {
    if !negator(words[i]) {
        return false;
    }
    let next = words.get(i + 1).copied().unwrap_or("");
    !matches!(
        (words[i], next),
        ("not", "only") | ("not", "just") | ("not", "merely") | ("no", "matter") | ("no", "doubt")
    )
}

/// Words that, before a claim in its clause, present it as false or as someone else's belief.
fn refuting_word(lower: &str) -> bool {
    matches!(
        lower,
        "myth"
            | "myths"
            | "misconception"
            | "misconceptions"
            | "contrary"
            | "unlike"
            | "wrong"
            | "wrongly"
            | "false"
            | "untrue"
            | "incorrect"
            | "incorrectly"
            | "mistaken"
            | "mistakenly"
            | "fallacy"
            | "misbelief"
    )
}

/// "rather than X", "instead of X": X is what the answer sets aside.
fn contrast(words: &[&str], i: usize) -> bool {
    let next = words.get(i + 1).copied().unwrap_or("");
    matches!((words[i], next), ("rather", "than") | ("instead", "of"))
}

/// Others' belief: "people think", "many assume", "a common belief is", "I used to think".
fn belief_frame(words: &[&str], i: usize) -> bool {
    let verb = matches!(
        words[i],
        "think" | "thinks" | "believe" | "believes" | "assume" | "assumes" | "claim" | "claims" | "say" | "says"
    );
    if !verb {
        return matches!(words[i], "belief" | "beliefs")
            && i > 0
            && matches!(words[i - 1], "common" | "popular" | "widespread");
    }
    let before = &words[i.saturating_sub(3)..i];
    before.iter().any(|w| {
        matches!(
            *w,
            "people"
                | "many"
                | "some"
                | "others"
                | "folks"
                | "everyone"
                | "juniors"
                | "beginners"
                | "newcomers"
                | "often"
                | "commonly"
                | "wrongly"
                | "mistakenly"
                | "naively"
                | "used"
        )
    })
}

/// Whether a match whose words are `words[start..end]` (lower-case, one sentence), with
/// `gaps` the positions inside it that the phrase did not match, is negated or refuted.
/// `clause_start` is the first word of the match's clause.
pub(crate) fn denied(words: &[&str], clause_start: usize, start: usize, end: usize, gaps: &[usize]) -> bool {
    if gaps.iter().any(|&g| negator_at(words, g)) {
        return true;
    }
    // A negator before the match in its clause: "not", "never", "no", "n't" reach to the end of
    // the clause ("it is not true that the replica set keeps the count"); "without", "ignores",
    // "lacks" only their object, the next two words, articles aside ("without an index the database scans
    // every row" asserts the scan).
    if (clause_start..start).any(|i| negator_at(words, i) && (!takes_object(words[i]) || start - i <= 2)) {
        return true;
    }
    // Refuting frames anywhere before it in its clause.
    if (clause_start..start).any(|i| refuting_word(words[i]) || belief_frame(words, i) || contrast(words, i)) {
        return true;
    }
    refuted_after(words, end)
}

/// "… is a myth", "… is wrong", "… isn't true", "… is not the case" right after the match.
fn refuted_after(words: &[&str], end: usize) -> bool {
    let Some(&first) = words.get(end) else {
        return false;
    };
    let copula = matches!(first, "is" | "are" | "was" | "were" | "be");
    let contracted = matches!(first, "isn't" | "aren't" | "isnt" | "arent" | "wasn't");
    if !copula && !contracted {
        return false;
    }
    let rest = &words[end + 1..words.len().min(end + 5)];
    if rest
        .iter()
        .any(|w| refuting_word(w) || matches!(*w, "myth" | "mistake" | "misconception"))
    {
        return true;
    }
    let negated = contracted || rest.first().is_some_and(|w| *w == "not");
    negated
        && rest
            .iter()
            .any(|w| matches!(*w, "true" | "case" | "so" | "right" | "correct"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn negators_and_their_exceptions() {
        for w in [
            "not", "never", "doesn't", "isnt", "won't", "without", "ignores", "no", "cannot",
        ] {
            assert!(negator(w), "{w}");
        }
        for w in ["note", "know", "now", "nothingness", "ignition", "account"] {
            assert!(!negator(w), "{w}");
        }
        let w = split("it is not only fast");
        assert!(!negator_at(&w, 2));
        let w = split("it is not fast");
        assert!(negator_at(&w, 2));
    }

    #[test]
    fn a_negator_before_the_match_in_its_clause_denies_it() {
        // "the scheduler ignores resource requests": match "resource requests" at 3..5.
        let w = split("the scheduler ignores resource requests");
        assert!(denied(&w, 0, 3, 5, &[]));
        // "not" reaches to the end of its clause.
        let w = split("it is not true that replica set keeps replica count");
        assert!(denied(&w, 0, 7, 10, &[]));
        // "without" only its object.
        let w = split("without index database scans every row");
        assert!(!denied(&w, 0, 3, 6, &[]));
        assert!(denied(&w, 0, 1, 2, &[]));
    }

    #[test]
    fn a_negator_in_a_gap_denies_the_match() {
        let w = split("the scheduler does not filter nodes");
        assert!(denied(&w, 0, 1, 6, &[2, 3]));
        assert!(!denied(&w, 0, 1, 6, &[2]));
    }

    #[test]
    fn a_negation_in_another_clause_does_not_reach() {
        // "No, the scheduler filters nodes": the clause starts after the comma (at 1).
        let w = split("no the scheduler filters nodes");
        assert!(!denied(&w, 1, 2, 5, &[]));
    }

    #[test]
    fn refuting_frames_before_the_match() {
        let w = split("it's a myth that indexes speed up inserts");
        assert!(denied(&w, 0, 4, 8, &[]));
        let w = split("many people think optimistic means last write wins");
        assert!(denied(&w, 0, 3, 8, &[]));
        let w = split("contrary to the idea that indexes speed up inserts");
        assert!(denied(&w, 0, 5, 9, &[]));
        let w = split("i used to believe indexes speed up inserts");
        assert!(denied(&w, 0, 4, 8, &[]));
        let w = split("we alert rather than retrying a poison message forever");
        assert!(denied(&w, 0, 4, 8, &[5, 6]));
        // "I think" is the candidate's own claim.
        let w = split("i think indexes speed up inserts");
        assert!(!denied(&w, 0, 2, 6, &[]));
    }

    #[test]
    fn refuting_predicates_after_the_match() {
        let w = split("indexes speed up inserts is a myth");
        assert!(denied(&w, 0, 0, 4, &[]));
        let w = split("that indexes speed up inserts isn't true");
        assert!(denied(&w, 0, 1, 5, &[]));
        let w = split("indexes speed up inserts is what we saw");
        assert!(!denied(&w, 0, 0, 4, &[]));
    }
}
