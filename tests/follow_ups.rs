//! Follow-ups chosen from the answer (#16), through the engine and through the `coach` binary:
//! a claim the answer made is challenged, a key point it missed is probed, and nothing it
//! covered is asked again — not the trade-offs it gave, not a bank follow-up it already
//! answered. Every answer here is to the bank's "How does a database index speed up queries,
//! and what does it cost?" (tech-backend-001), which the pinned plan of `/mock technical backend
//! 4 challenging` asks first (the draw depends on the user: [`USER`]'s); the challenging
//! interviewer follows up below 75.

mod common;
use common::*;
use interview_coach::engine::Engine;
use interview_coach::engine::messages::PROBE_TRADEOFFS;
use interview_coach::interview::AnswerRecord;
use std::io::Write;
use std::process::Stdio;

const QUESTION: &str = "tech-backend-001";
const START: &str = "/mock technical backend 4 challenging";
const PLANNER: &str = "When would the planner ignore your index?";
/// The plan's draw depends on the user too: this one's asks the index question first.
const USER: &str = "tia";

/// Starts the interview and skips to the index question.
async fn at_the_index_question(en: &Engine, user: &str) {
    say(en, user, START).await;
    for _ in 0..4 {
        let s = &sessions(en, user)[0];
        let c = s.current.as_ref().expect("a question is open");
        if s.plan[c.index].question_id == QUESTION {
            return;
        }
        say(en, user, "/skip").await;
    }
    panic!("the pinned plan of {START:?} no longer asks {QUESTION}: pick the command that does");
}

/// The last answer record of the user.
fn last_answer(en: &Engine, user: &str) -> AnswerRecord {
    answers(en, user)
        .into_iter()
        .max_by_key(|a| a.seq)
        .expect("an answer record")
}

/// The follow-up asked in the replies ("Follow-up · …" and the lines after it).
fn follow_up(t: &str) -> Option<&str> {
    t.find("Follow-up").map(|i| &t[i..])
}

#[tokio::test]
async fn an_answer_that_gave_trade_offs_is_not_asked_for_them() {
    let e = env();
    let en = &e.engine;
    at_the_index_question(en, USER).await;
    let answer = "An index is a B-tree that keeps the column values sorted with pointers to the rows, so the \
        database walks the tree because that finds a row in O(log n) steps, which avoids a full table scan. \
        Column order matters in a composite index because the tree is sorted by the leading column first. \
        The downside is that every write must also maintain the index, so it slows down inserts.";
    let t = text(&say(en, USER, answer).await);
    // What makes the case: trade-offs is the answer's weakest item, yet at half its points or
    // more (it gave one).
    let score = last_answer(en, USER).score;
    let items = &score.rubric.items;
    let ratio = |k: &str| {
        let i = items.iter().find(|i| i.key == k).expect("rubric item");
        i.score as f64 / i.max as f64
    };
    assert!(ratio("tradeoffs") >= 0.5, "{items:?}");
    assert!(
        items
            .iter()
            .all(|i| i.score as f64 / i.max as f64 >= ratio("tradeoffs")),
        "trade-offs must be the weakest item for this test to mean anything: {items:?}"
    );
    let asked = follow_up(&t).unwrap_or_else(|| panic!("the challenging interviewer follows up below 75: {t}"));
    assert!(!asked.contains(PROBE_TRADEOFFS), "{asked}");
    // It asks about what the answer missed instead: the low-selectivity point, in the words of
    // the bank's own follow-up on it.
    assert!(
        score
            .evidence
            .key_points_missed
            .iter()
            .any(|k| k.starts_with("Low-selectivity")),
        "{:?}",
        score.evidence
    );
    assert!(asked.contains(PLANNER), "{asked}");
}

#[tokio::test]
async fn a_claim_the_answer_made_is_challenged_without_the_correction() {
    let e = env();
    let en = &e.engine;
    at_the_index_question(en, USER).await;
    let t = text(
        &say(
            en,
            USER,
            "Indexes are free, so you should index every column. An index is a B-tree that keeps the values sorted, so a lookup is fast.",
        )
        .await,
    );
    let asked = follow_up(&t).unwrap_or_else(|| panic!("no follow-up: {t}"));
    assert!(
        asked.contains("You said \"Indexes are free, so you should index every column\"."),
        "{asked}"
    );
    // Neither the challenge nor the score card above it gives the correction away.
    let hit = &last_answer(en, USER).score.evidence.misconceptions[0];
    assert!(!t.contains(&hit.correction), "{t}");
    assert!(!t.contains("Fix the core claim"), "{t}");
    // Answered, it is not challenged again: the second follow-up asks something else.
    let t = text(&say(en, USER, "Because most workloads are reads, so reads are what matter.").await);
    let asked = follow_up(&t).unwrap_or_else(|| panic!("the challenging interviewer follows up twice: {t}"));
    assert!(!asked.contains("You said"), "{asked}");
    let used = sessions(en, USER)[0].current.as_ref().unwrap().used_follow_ups.clone();
    assert_eq!(
        used[0], 300,
        "the challenge of the question's first misconception: {used:?}"
    );
}

#[tokio::test]
async fn a_bank_follow_up_the_answer_already_covers_is_not_asked() {
    let e = env();
    let en = &e.engine;
    at_the_index_question(en, USER).await;
    // It says when the planner ignores the index (low selectivity), so the bank's first
    // follow-up is answered; its weakest item (depth) has no probe of its own, which used to
    // send the interviewer straight to that follow-up.
    let planner = "On a boolean column with few distinct values the planner will scan anyway, because the index \
        matches most of the rows.";
    let answer = format!(
        "An index is a B-tree that keeps the values sorted, so a lookup takes O(log n) instead of a full table \
         scan. The trade-off is that every write must also maintain the index, which slows down inserts. {planner}"
    );
    let t = text(&say(en, USER, &answer).await);
    let asked = follow_up(&t).unwrap_or_else(|| panic!("no follow-up: {t}"));
    assert!(!asked.contains(PLANNER), "{asked}");
    // The key point it missed (column order in a composite index) is probed instead.
    assert!(asked.contains("composite index column order"), "{asked}");

    // Covering that too leaves the other bank follow-up; covering everything, none is asked and
    // the interview moves on, whatever the score.
    let e = env();
    let en = &e.engine;
    at_the_index_question(en, USER).await;
    let more = format!("{answer} Column order matters in a composite index.");
    let t = text(&say(en, USER, &more).await);
    let asked = follow_up(&t).unwrap_or_else(|| panic!("no follow-up: {t}"));
    assert!(asked.contains("What is a covering index?"), "{asked}");

    let e = env();
    let en = &e.engine;
    at_the_index_question(en, USER).await;
    let all = format!("{more} A covering index includes all the selected columns, so the table is never read.");
    let t = text(&say(en, USER, &all).await);
    let score = last_answer(en, USER).score.overall;
    assert!(
        score < 75,
        "below the threshold, it would have been followed up: {score}"
    );
    assert!(follow_up(&t).is_none(), "nothing left to ask: {t}");
    let s = &sessions(en, USER)[0];
    let next = s.current.as_ref().map(|c| s.plan[c.index].question_id.as_str());
    assert!(next.is_some_and(|id| id != QUESTION), "the interview moved on: {t}");
}

/// The same challenge through the `coach` binary's terminal chat, started as a user starts it.
#[test]
fn the_terminal_chat_challenges_a_claim_the_answer_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = coach_command()
        .args(["chat", "--user", USER])
        .env("COACH_DATA_DIR", dir.path())
        .env("COACH_PLAN_SEED", PLAN_SEED.to_string())
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn coach");
    let script = format!(
        "{START}\nIndexes are free, so you should index every column. An index is a B-tree, so a lookup is fast.\n/end\n"
    );
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("How does a database index speed up queries"),
        "the pinned plan asks the index question first: {out}"
    );
    assert!(
        out.contains("Covers 1 of 5 key points; states 1 common misconception (see Details)"),
        "the score card does not say what the key-point check found: {out}"
    );
    let asked = follow_up(&out).unwrap_or_else(|| panic!("no follow-up: {out}"));
    assert!(
        asked.contains(
            "You said \"Indexes are free, so you should index every column\". Walk me through why that holds."
        ),
        "{asked}"
    );
}
