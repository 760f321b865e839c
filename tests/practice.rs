//! Spaced repetition through the engine over a real sled store (issue #17): reviews from mock
//! and drill answers, /practice choosing the weakest due area, sets, nothing due, the retry
//! delta, /weak, /export and /forget of the cards, the review committed with its answer; and
//! once through the `coach` binary's terminal chat.

mod common;
use common::*;
use interview_coach::engine::Engine;
use interview_coach::engine::buttons::{self, Action};
use interview_coach::engine::event::{Platform, UserId};
use interview_coach::interview::{OutcomeKind, Session, Status};
use interview_coach::practice::{Card, CardKind, Grade};
use interview_coach::store::keys;
use std::time::Duration;

/// A question and answers to it that the offline scorer puts in each band of the grade rule
/// (docs/practice.md): the tests check the bands they land in before relying on them.
const Q: &str = "beh-leadership-001";
const AGAIN: &str = "Nobody asked me to, but I took the lead on fixing our flaky release process at my last company. My goal was to stop failed deploys. I wrote a checklist and ran the next releases myself. Releases were smoother afterwards.";
const HARD: &str = "Nobody asked me to, but I took the lead on fixing our flaky release process at my last company. My goal was to stop failed deploys. I wrote a checklist, added a smoke test and ran the next releases myself. As a result failed deploys dropped.";
const GOOD: &str = "Nobody asked me to, but I took the lead on fixing our flaky release process at my last company. My goal was to stop failed deploys. I wrote a checklist, added a smoke test and ran the next releases myself. As a result failed deploys went from five a month to one.";

fn uid(user: &str) -> UserId {
    UserId::new(Platform::Terminal, user)
}

fn cards(en: &Engine, user: &str) -> Vec<Card> {
    en.store()
        .scan::<Card>(&keys::cards(&uid(user)))
        .unwrap()
        .into_iter()
        .map(|(_, c)| c)
        .collect()
}

fn card(en: &Engine, user: &str, kind: CardKind, id: &str) -> Card {
    cards(en, user)
        .into_iter()
        .find(|c| c.kind == kind && c.id == id)
        .unwrap_or_else(|| panic!("no {kind:?} card {id}"))
}

/// The session running, else the one that ended last (paused time gives sessions of one test
/// the same start time, so the user's own record says which).
fn last_session(en: &Engine, user: &str) -> Session {
    let meta: interview_coach::profile::UserMeta = en.store().get(&keys::meta(&uid(user))).unwrap().expect("meta");
    let id = meta
        .active_session
        .or(meta.last_ended.map(|(id, _)| id))
        .expect("a session");
    en.store()
        .get(&keys::session(&uid(user), &id))
        .unwrap()
        .expect("the session")
}

/// Drill one question as its "Try again" button does.
async fn drill(en: &Engine, user: &str, question: &str) -> String {
    let payload = buttons::encode(
        &uid(user),
        &Action::Drill {
            question: question.into(),
        },
    );
    text(&press(en, user, &payload).await)
}

async fn advance_days(days: u64) {
    tokio::time::advance(Duration::from_secs(days * 86_400)).await;
}

/// Every scored answer is a review: the card's due time follows the grade — "easy" later than
/// "good", "good" later than "hard", "again" within hours — and a skip is "again".
#[tokio::test(start_paused = true)]
async fn a_review_is_rescheduled_from_the_score() {
    let e = env();
    let en = &e.engine;
    let mut due_after = Vec::new();
    for (user, answer) in [("ez", GOOD_ANSWER), ("gd", GOOD), ("hd", HARD), ("ag", AGAIN)] {
        let t = drill(en, user, Q).await;
        assert!(t.contains("Practice drill · 1 question"), "{t}");
        let t = text(&say(en, user, answer).await);
        assert!(t.contains("Score: "), "{t}");
        assert!(t.contains("Next review of this question: in "), "{t}");
        assert!(t.contains("Drill done"), "{t}");
        let c = card(en, user, CardKind::Question, Q);
        let s = last_session(en, user);
        assert_eq!(s.status, Status::Completed);
        assert_eq!(c.last().unwrap().score, s.outcomes[0].score);
        due_after.push((c.last().unwrap().grade, c.due - c.last_review, s.outcomes[0].score));
        let comp = card(en, user, CardKind::Competency, "leadership");
        assert_eq!(comp.due, c.due, "a first review of both cards schedules them alike");
    }
    let grades: Vec<Grade> = due_after.iter().map(|x| x.0).collect();
    assert_eq!(
        grades,
        [Grade::Easy, Grade::Good, Grade::Hard, Grade::Again],
        "the answers did not land in the bands they were chosen for: {due_after:?}"
    );
    for w in due_after.windows(2) {
        assert!(w[0].1 > w[1].1, "{:?} is not due later than {:?}", w[0], w[1]);
    }
    let again = due_after[3].1;
    assert!(again < chrono::Duration::hours(6), "again is due soon: {again}");
    assert!(due_after[0].1 > chrono::Duration::days(5), "easy waits days");

    // A skipped drill is "again" too.
    drill(en, "sk", Q).await;
    let t = text(&say(en, "sk", "/skip").await);
    assert!(t.contains("Drill done"), "{t}");
    let c = card(en, "sk", CardKind::Question, Q);
    assert_eq!(
        (c.last().unwrap().kind, c.last().unwrap().grade),
        (OutcomeKind::Skipped, Grade::Again)
    );
}

/// The review is committed in the same batch as the answer it comes from: one commit for the
/// answer turn, and after it both the answer record and the cards that point at it.
#[tokio::test(start_paused = true)]
async fn a_review_is_committed_with_its_answer() {
    let e = env();
    let en = &e.engine;
    drill(en, "one", Q).await;
    let (batches, _) = en.store().committed();
    say(en, "one", HARD).await;
    let (after, _) = en.store().committed();
    assert_eq!(after - batches, 1, "the answer turn is one atomic commit");
    let a = answers(en, "one");
    assert_eq!(a.len(), 1);
    for kind in [CardKind::Question, CardKind::Competency] {
        let id = if kind == CardKind::Question { Q } else { "leadership" };
        let c = card(en, "one", kind, id);
        assert_eq!(c.last().unwrap().answer, Some((a[0].session.clone(), a[0].seq)));
        assert_eq!(c.last().unwrap().score, a[0].score.overall);
    }
}

/// A two-question mock: the first answered well, the second skipped. Weeks later /practice
/// drills the skipped one's competency (the weakest due), but not the question just asked.
#[tokio::test(start_paused = true)]
async fn practice_picks_the_weakest_due_competency_never_the_question_just_asked() {
    let e = env();
    let en = &e.engine;
    say(en, "wk", "/mock behavioral 2 neutral").await;
    let mut r = say(en, "wk", GOOD_ANSWER).await;
    while text(&r).contains("Follow-up") {
        r = say(en, "wk", "no").await;
    }
    let t = text(&say(en, "wk", "/skip").await);
    assert!(t.contains("Interview report"), "{t}");
    let mock = last_session(en, "wk");
    let (first, skipped) = (&mock.outcomes[0], &mock.outcomes[1]);
    assert_eq!(skipped.kind, OutcomeKind::Skipped);
    assert_ne!(
        first.competency, skipped.competency,
        "the seeded draw asks two competencies"
    );
    // The report offers the skipped question again.
    assert!(t.contains("Try again: Q2 (skipped)"), "{t}");

    // Right after the mock nothing is due.
    let t = text(&say(en, "wk", "/practice").await);
    assert!(t.contains("Nothing is due for review. Next review: in "), "{t}");

    advance_days(40).await;
    let now = en.clock().now();
    let due = en.due_cards(&uid("wk"), now).unwrap();
    let order: Vec<&str> = due.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        order,
        [skipped.competency.as_str(), first.competency.as_str()],
        "weakest first"
    );

    let t = text(&say(en, "wk", "/practice").await);
    assert!(t.contains("Practice drill · 1 question"), "{t}");
    let d = last_session(en, "wk");
    assert!(d.drill);
    let q = en.bank().get(&d.plan[0].question_id).unwrap();
    assert_eq!(q.competency, skipped.competency, "{t}");
    assert_ne!(q.id, skipped.question_id, "never the question just asked");
    assert!(t.contains(&q.text), "{t}");
    // Scored like a mock answer, with the same feedback.
    let t = text(&say(en, "wk", GOOD_ANSWER).await);
    for part in [
        "Score: ",
        "Improve: ",
        "Next review of this question: in ",
        "Drill done",
    ] {
        assert!(t.contains(part), "{part}: {t}");
    }
    assert!(!t.contains("Follow-up"), "{t}");
    assert_eq!(card(en, "wk", CardKind::Competency, &q.competency).reps, 2);
    // /progress counts the mock interview, not the drill.
    let t = text(&say(en, "wk", "/progress").await);
    assert!(t.contains("Interviews started: 1 · completed: 1"), "{t}");
}

/// `/practice 5` asks five questions of the due areas, one after another, then sums up.
#[tokio::test(start_paused = true)]
async fn practice_5_runs_a_set_of_five() {
    let e = env();
    let en = &e.engine;
    say(en, "set", "/mock behavioral 2 neutral").await;
    say(en, "set", "/skip").await;
    say(en, "set", "/skip").await;
    advance_days(3).await;
    let t = text(&say(en, "set", "/practice 5").await);
    assert!(t.contains("Practice set · 5 questions"), "{t}");
    let s = last_session(en, "set");
    assert_eq!(s.plan.len(), 5);
    let mut ids: Vec<&str> = s.plan.iter().map(|p| p.question_id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "five different questions");
    let mut last = String::new();
    for i in 0..5 {
        last = text(&say(en, "set", HARD).await);
        assert!(last.contains("Score: "), "answer {i}: {last}");
    }
    assert!(last.contains("Practice set done"), "{last}");
    let s = last_session(en, "set");
    assert_eq!((s.outcomes.len(), s.status), (5, Status::Completed));
    let reviews: u32 = cards(en, "set")
        .iter()
        .filter(|c| c.kind == CardKind::Competency)
        .map(|c| c.reps)
        .sum();
    assert_eq!(reviews, 2 + 5, "two from the mock, five from the set");
}

/// Nothing due: the reply names the next review (the card's own due time) and offers a new area.
#[tokio::test(start_paused = true)]
async fn nothing_due_names_the_next_review_and_offers_a_new_area() {
    let e = env();
    let en = &e.engine;
    let r = say(en, "nd", "/practice").await;
    assert!(text(&r).contains("Nothing to review yet"), "{}", text(&r));
    drill(en, "nd", Q).await;
    say(en, "nd", HARD).await;
    let r = say(en, "nd", "/practice").await;
    let t = text(&r);
    let due = card(en, "nd", CardKind::Competency, "leadership").due;
    let shown = due.format("%a %-d %b, %H:%M UTC").to_string();
    assert!(t.contains("Next review: in ") && t.contains(&shown), "{shown}: {t}");
    let (label, payload) = r
        .iter()
        .flat_map(|x| x.buttons.iter().flatten())
        .find(|b| b.label.starts_with("Try "))
        .map(|b| (b.label.clone(), b.payload.clone()))
        .expect("a new-area button");
    let t = text(&press(en, "nd", &payload).await);
    assert!(t.contains("Practice drill"), "{t}");
    let q = en.bank().get(&last_session(en, "nd").plan[0].question_id).unwrap();
    assert_ne!(q.competency, "leadership", "a new area");
    assert_eq!(label, format!("Try {}", q.competency.replace('_', " ")));
    // With a time zone in the profile the time is shown in it.
    say(en, "nd", "/end").await;
    say(en, "nd", "/profile timezone Asia/Tokyo").await;
    let t = text(&say(en, "nd", "/practice").await);
    assert!(t.contains("JST"), "{t}");
}

/// A drill of a question answered before shows the earlier score and the change, with why.
#[tokio::test(start_paused = true)]
async fn a_retry_shows_the_earlier_score_and_the_change() {
    let e = env();
    let en = &e.engine;
    drill(en, "re", Q).await;
    say(en, "re", AGAIN).await;
    let before = last_session(en, "re").outcomes[0].score;
    advance_days(1).await;
    let t = drill(en, "re", Q).await;
    assert!(t.contains("Trying a question again (leadership)"), "{t}");
    let t = text(&say(en, "re", GOOD).await);
    let after = last_session(en, "re").outcomes[0].score;
    assert!(after > before, "{before} → {after}");
    let line = format!("{before} → {after}, +{}", after - before);
    assert!(t.contains(&format!("Last time (2 Nov): {line}")), "{line}: {t}");
    // The reason is read from what changed: the result is now measured.
    assert!(t.contains("Result ") && t.contains("measurable result"), "{t}");
}

/// /weak: each weak area with its scores, dates and questions, and its next review; "Try again"
/// for the weakest question.
#[tokio::test(start_paused = true)]
async fn weak_shows_the_evidence_and_the_next_review() {
    let e = env();
    let en = &e.engine;
    let t = text(&say(en, "wa", "/weak").await);
    assert!(t.contains("No weak areas yet"), "{t}");
    drill(en, "wa", Q).await;
    say(en, "wa", AGAIN).await;
    let r = say(en, "wa", "/weak").await;
    let t = text(&r);
    let c = card(en, "wa", CardKind::Competency, "leadership");
    let q = en.bank().get(Q).unwrap();
    assert!(t.contains("Weak areas"), "{t}");
    assert!(
        t.contains(&format!("leadership — average {}/100 over 1 review", c.average())),
        "{t}"
    );
    assert!(t.contains(&format!("{}/100 on 2 Nov", c.last().unwrap().score)), "{t}");
    assert!(t.contains(&q.text[..40]), "{t}");
    assert!(
        t.contains("Next review: in ") && t.contains(&c.due.format("%H:%M UTC").to_string()),
        "{t}"
    );
    let retry = button(&r, &format!("Try again: leadership ({}/100)", c.last().unwrap().score)).expect("Try again");
    let t = text(&press(en, "wa", &retry).await);
    assert!(t.contains(&q.text), "{t}");
}

/// /export lists the cards; /forget removes them, and no card is left.
#[tokio::test(start_paused = true)]
async fn export_lists_the_cards_and_forget_leaves_none() {
    let e = env();
    let en = &e.engine;
    drill(en, "fg", Q).await;
    say(en, "fg", HARD).await;
    let r = say(en, "fg", "/export").await;
    let doc: serde_json::Value = serde_json::from_slice(&file(&r).expect("a file")).unwrap();
    let records = doc["records"].as_object().unwrap();
    assert!(
        records["r/c/leadership"]["data"]["memory"]["stability"]
            .as_f64()
            .is_some(),
        "{doc}"
    );
    assert!(records.contains_key(&format!("r/q/{Q}")), "{doc}");
    assert_eq!(cards(en, "fg").len(), 2);
    say(en, "fg", "/forget").await;
    let t = text(&say(en, "fg", "/forget confirm").await);
    assert!(t.contains("deleted"), "{t}");
    assert!(cards(en, "fg").is_empty(), "no card is left");
    assert!(en.store().user_keys(&uid("fg")).unwrap().is_empty());
}

/// Bad input gets a clear reply, and /practice waits for a running interview.
#[tokio::test(start_paused = true)]
async fn practice_arguments_and_a_running_interview() {
    let e = env();
    let en = &e.engine;
    let t = text(&say(en, "ar", "/practice leadershp").await);
    assert!(
        t.contains("I don't know the area \"leadershp\". Did you mean leadership?"),
        "{t}"
    );
    let t = text(&say(en, "ar", "/practice decision making").await);
    assert!(t.contains("Practice drill · 1 question"), "{t}");
    let q = en.bank().get(&last_session(en, "ar").plan[0].question_id).unwrap();
    assert_eq!(q.competency, "decision_making");
    let t = text(&say(en, "ar", "/practice").await);
    assert!(t.contains("Finish the current interview or drill first"), "{t}");
    let t = text(&say(en, "ar", "/mock").await);
    assert!(t.contains("You already have a behavioural drill running"), "{t}");
    let t = text(&say(en, "ar", "/status").await);
    assert!(t.contains("Drill: Behavioural"), "{t}");
    let t = text(&say(en, "ar", "/end").await);
    assert!(t.contains("Drill ended: nothing was answered"), "{t}");
    let t = drill(en, "ar", "no-such-question").await;
    assert!(t.contains("no longer in the bank"), "{t}");
}

/// Through the binary's terminal chat (cleared environment, piped): a mock answered, /weak
/// names the weak area, and in a second run `/practice <area>` drills it with the feedback.
#[test]
fn the_terminal_drills_the_weak_area_after_a_mock() {
    let data = tempfile::tempdir().unwrap();
    let run = |script: &str| chat_piped("dr", data.path(), script);
    let out = run(&format!(
        "/mock behavioral 2 neutral\n{GOOD_ANSWER}\nno\n/skip\n/weak\n"
    ));
    assert!(out.contains("Interview report"), "{out}");
    assert!(out.contains("Try again: Q"), "{out}");
    assert!(out.contains("Weak areas"), "{out}");
    // The weakest area: the first bold line of /weak, "<area> — average …".
    let weak = out.split("Weak areas").nth(1).unwrap();
    let area = weak
        .lines()
        .find_map(|l| l.split(" — average ").next().filter(|_| l.contains(" — average ")))
        .expect("an area line")
        .trim()
        .to_string();
    let out = run(&format!("/practice {area}\n{GOOD_ANSWER}\n"));
    assert!(out.contains("Practice drill · 1 question"), "{out}");
    assert!(
        out.contains(&format!(" · {area} · ")),
        "the question is of {area}: {out}"
    );
    for part in [
        "Score: ",
        "Improve: ",
        "Next review of this question: in ",
        "Drill done",
    ] {
        assert!(out.contains(part), "{part}: {out}");
    }
}

/// Where others can read, /practice points to a private chat instead of drilling there.
#[tokio::test(start_paused = true)]
async fn practice_in_a_group_points_to_a_private_chat() {
    let e = env();
    let en = &e.engine;
    let r = en
        .handle(group_event(
            en,
            "gr",
            interview_coach::engine::event::Inbound::payload_from_line("/practice"),
        ))
        .await;
    assert!(
        text(&r).contains("Drills show your answers and scores, so they run in private"),
        "{}",
        text(&r)
    );
    assert!(sessions(en, "gr").is_empty());
}

/// A drill's question that times out (the scheduler's alarm, paused time) is reviewed "again" in
/// that timer's turn, and the drill ends with its summary pushed.
#[tokio::test(start_paused = true)]
async fn a_timed_out_drill_is_reviewed_again_by_the_timer() {
    let e = env();
    let en = &e.engine;
    let mut pushes = en.subscribe(Platform::Terminal);
    let (_stop, stop_rx) = tokio::sync::watch::channel(false);
    let _scheduler = en.start_scheduler(stop_rx);
    drill(en, "to", Q).await;
    let mut said = String::new();
    while !said.contains("Drill done") {
        let p = tokio::time::timeout(Duration::from_secs(86_400), pushes.recv())
            .await
            .expect("a push")
            .expect("channel open");
        said.push_str(&text(&p.replies));
    }
    let s = last_session(en, "to");
    assert_eq!(s.outcomes[0].kind, OutcomeKind::TimedOut);
    let c = card(en, "to", CardKind::Question, Q);
    let last = c.last().unwrap();
    assert_eq!(
        (last.kind, last.grade, last.answer.clone()),
        (OutcomeKind::TimedOut, Grade::Again, None)
    );
    assert!(said.contains("timed out"), "{said}");
}
