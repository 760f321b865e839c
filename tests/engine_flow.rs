//! Scripted conversations through the engine over a real sled store.

mod common;
use common::*;
use interview_coach::engine::event::{Payload, Platform, UserId};
use interview_coach::engine::reply::{Reply, ReplyKind};
use interview_coach::interview::{Pace, Status};
use interview_coach::store::keys;

fn kinds(r: &[Reply]) -> Vec<ReplyKind> {
    r.iter().map(|x| x.kind).collect()
}

#[tokio::test]
async fn a_full_mock_interview_with_hint_skip_repeat_and_report() {
    let e = env();
    let en = &e.engine;
    let r = say(en, "ana", "/start").await;
    assert!(text(&r).contains("interview coach"));

    let r = say(en, "ana", "/mock behavioral 5 friendly").await;
    let t = text(&r);
    assert!(t.contains("Behavioural mock interview · 5 questions"), "{t}");
    // Five behavioural questions, with the intro and wrap-up in addition.
    assert!(
        t.contains("5 behavioural questions, plus a short intro and wrap-up"),
        "{t}"
    );
    assert!(t.contains("Intro · "), "{t}");
    assert!(kinds(&r).contains(&ReplyKind::Question));

    // Intro question answered.
    let r = say(en, "ana", "I'm a backend engineer with six years of experience, currently at Finlo where I own the payments API. Before that I built data pipelines at a retailer. I'm looking for a team where I can lead larger projects.").await;
    let t = text(&r);
    assert!(t.contains("Score"), "{t}");
    assert!(t.contains("Question 1/5") || t.contains("Follow-up"), "{t}");

    // Hint, then repeat, then answer.
    let r = say(en, "ana", "/hint").await;
    assert!(text(&r).contains("Hint 1/"), "{}", text(&r));
    let r = say(en, "ana", "/repeat").await;
    assert!(text(&r).contains("Again"), "{}", text(&r));
    let mut r = say(en, "ana", GOOD_ANSWER).await;
    while text(&r).contains("Follow-up") {
        r = say(en, "ana", "The measurable result was a 30% drop in billing tickets and zero missed invoices over the next quarter; I owned the rollout plan myself.").await;
    }
    // Skip one.
    let r = say(en, "ana", "/skip").await;
    assert!(text(&r).contains("Skipped"), "{}", text(&r));
    // Answer the rest.
    let mut last = r;
    for _ in 0..12 {
        if kinds(&last).contains(&ReplyKind::Report) {
            break;
        }
        last = say(en, "ana", GOOD_ANSWER).await;
    }
    let t = text(&last);
    assert!(kinds(&last).contains(&ReplyKind::Report), "{t}");
    for part in [
        "Interview report",
        "Content:",
        "Communication:",
        "Sounded sure:",
        "Strengths",
        "Next steps",
        "skipped",
    ] {
        assert!(t.contains(part), "report lacks {part}: {t}");
    }
    let s = &sessions(en, "ana")[0];
    assert_eq!(s.status, Status::Completed);
    assert_eq!(s.outcomes.len(), 7);
    assert!(s.outcomes.iter().any(|o| o.hints == 1));
    assert!(s.report.is_some());

    // Progress sees it; answers after the end are not scored.
    let r = say(en, "ana", "/progress").await;
    let t = text(&r);
    assert!(t.contains("Interviews started: 1 · completed: 1"), "{t}");
    let r = say(
        en,
        "ana",
        "And another thing I forgot to say is that I also mentored two juniors during that project which helped a lot.",
    )
    .await;
    assert!(text(&r).contains("already ended"), "{}", text(&r));
    let r = say(en, "ana", "/hint").await;
    assert!(text(&r).contains("none is running"), "{}", text(&r));
}

#[tokio::test]
async fn mock_setup_buttons_and_need_role() {
    let e = env();
    let en = &e.engine;
    let r = say(en, "bo", "/mock").await;
    let p = button(&r, "Technical").expect("type buttons");
    let r = press(en, "bo", &p).await;
    let p = button(&r, "Sam (friendly)")
        .or_else(|| {
            r.iter()
                .flat_map(|x| x.buttons.iter().flatten())
                .next()
                .map(|b| b.payload.clone())
        })
        .unwrap();
    let r = press(en, "bo", &p).await;
    // No role in the profile: the coach asks for one.
    assert!(text(&r).contains("Which role"), "{}", text(&r));
    let p = button(&r, "Data analyst").expect("role buttons");
    let r = press(en, "bo", &p).await;
    assert!(text(&r).contains("Technical mock interview"), "{}", text(&r));
    let s = &sessions(en, "bo")[0];
    assert_eq!(s.settings.role.as_deref(), Some("data_analyst"));
    // A second /mock while one runs.
    let r = say(en, "bo", "/mock behavioral").await;
    assert!(text(&r).contains("already have"), "{}", text(&r));
    let r = say(en, "bo", "/end").await;
    assert!(text(&r).contains("No answers were given"), "{}", text(&r));
    assert_eq!(sessions(en, "bo")[0].status, Status::Abandoned);
}

/// The time per question: chosen for one interview (`/mock … relaxed`, `time=strict`) or kept
/// in the profile (`/profile time relaxed`); the question's limit follows it.
#[tokio::test]
async fn the_time_per_question_follows_the_interview_or_the_profile() {
    let e = env();
    let en = &e.engine;
    let limit = |user: &str| {
        let s = sessions(en, user).last().cloned().expect("a session");
        let c = s.current.expect("a question");
        let q = en.bank().get(&s.plan[c.index].question_id).expect("bank question");
        (
            (c.deadline - c.asked_at).num_seconds(),
            q.time_limit_secs as i64,
            s.settings.pace,
        )
    };
    say(en, "pa", "/mock behavioral 2 relaxed").await;
    let (secs, base, pace) = limit("pa");
    assert_eq!(pace, Pace::Relaxed);
    assert_eq!(secs, base * 3 / 2, "half as long again");
    say(en, "pa", "/end").await;
    let r = text(&say(en, "pa", "/mock behavioral 2 time=strict").await);
    assert!(r.contains("strict pace"), "{r}");
    let (secs, base, _) = limit("pa");
    assert_eq!(secs, base * 3 / 4);
    say(en, "pa", "/end").await;
    let r = text(&say(en, "pa", "/profile time relaxed").await);
    assert!(r.contains("Time per question: relaxed"), "{r}");
    say(en, "pa", "/mock behavioral 2").await;
    let (secs, base, pace) = limit("pa");
    assert_eq!((pace, secs), (Pace::Relaxed, base * 3 / 2), "the profile's pace");
    say(en, "pa", "/end").await;
    let r = text(&say(en, "pa", "/profile time sluggish").await);
    assert!(r.contains("unknown time \"sluggish\""), "{r}");
}

#[tokio::test]
async fn profile_defaults_flow_into_mock() {
    let e = env();
    let en = &e.engine;
    let r = say(
        en,
        "cy",
        "/profile role product manager level senior industry fintech timezone europe/berlin",
    )
    .await;
    let t = text(&r);
    assert!(
        t.contains("Product manager") && t.contains("senior") && t.contains("Europe/Berlin") && t.contains("fintech"),
        "{t}"
    );
    let r = say(en, "cy", "/profile timezone Mars/Olympus").await;
    assert!(text(&r).contains("unknown time zone"), "{}", text(&r));
    let r = say(en, "cy", "/mock technical 3").await;
    assert!(
        text(&r).contains("Technical mock interview · 3 questions"),
        "{}",
        text(&r)
    );
    let s = &sessions(en, "cy")[0];
    assert_eq!(s.settings.role.as_deref(), Some("product_manager"));
    let bank = en.bank();
    for p in &s.plan {
        let q = bank.get(&p.question_id).unwrap();
        assert!(
            q.roles.iter().any(|r| r == "product_manager"),
            "{} is not a PM question",
            q.id
        );
    }
}

#[tokio::test]
async fn bank_browse_search_and_open() {
    let e = env();
    let en = &e.engine;
    let t = text(&say(en, "di", "/bank").await);
    assert!(t.contains("Question bank ·"), "{t}");
    let r = say(en, "di", "/bank leadership hard").await;
    let t = text(&r);
    assert!(t.contains("leadership") && t.contains("found"), "{t}");
    let r = say(en, "di", "/bank technical backend cache").await;
    assert!(text(&r).contains("found"), "{}", text(&r));
    let id = en
        .bank()
        .all()
        .iter()
        .find(|q| q.sample_answer.is_some())
        .unwrap()
        .id
        .clone();
    let t = text(&say(en, "di", &format!("/bank {id}")).await);
    assert!(t.contains("Sample strong answer") && t.contains("Hints"), "{t}");
    let t = text(&say(en, "di", "/bank zzzqqq").await);
    assert!(t.contains("No questions match"), "{t}");
    // Paging.
    let r = say(en, "di", "/bank behavioral").await;
    let more = button(&r, "More").expect("more button");
    let t = text(&press(en, "di", &more).await);
    assert!(t.contains("page 2/"), "{t}");
}

#[tokio::test]
async fn export_covers_everything_and_forget_leaves_no_key() {
    let e = env();
    let en = &e.engine;
    say(en, "ed", "/profile role backend level mid").await;
    say(en, "ed", "how do I answer tell me about yourself").await;
    say(en, "ed", "/mock behavioral 2").await;
    say(en, "ed", GOOD_ANSWER).await;
    // Another user who must be untouched.
    say(en, "fi", "/mock behavioral 2").await;

    let r = say(en, "ed", "/export").await;
    let bytes = file(&r).expect("export file");
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let records = v["records"].as_object().unwrap();
    assert!(records.keys().any(|k| k == "profile"));
    assert!(records.keys().any(|k| k.starts_with("s/")));
    assert!(records.keys().any(|k| k.starts_with("a/")));
    assert!(records.keys().any(|k| k.starts_with("c/")));
    assert!(!v["scheduled_jobs"].as_array().unwrap().is_empty());
    let dump = String::from_utf8_lossy(&bytes);
    assert!(dump.contains("billing service"), "answers are in the export");
    assert!(!dump.contains("term:fi"), "another user's data leaked into the export");

    let r = say(en, "ed", "/forget").await;
    assert!(text(&r).contains("Delete all your data?"));
    let yes = button(&r, "Yes, delete everything").unwrap();
    // A stranger pressing it does nothing.
    let r2 = press(en, "fi", &yes).await;
    assert!(text(&r2).contains("someone else"), "{}", text(&r2));
    let r = press(en, "ed", &yes).await;
    assert!(text(&r).contains("all your data is deleted"), "{}", text(&r));

    let store = en.store();
    let uid = "term:ed";
    for k in store.all_keys().unwrap() {
        assert!(
            !String::from_utf8_lossy(&k).contains(uid),
            "key left: {}",
            String::from_utf8_lossy(&k)
        );
    }
    for v in store.all_values().unwrap() {
        assert!(
            !String::from_utf8_lossy(&v).contains(uid),
            "value left mentions the user"
        );
    }
    // fi is intact.
    assert_eq!(sessions(en, "fi").len(), 1);
    // Typed confirmation path, and expiry.
    let t = text(&say(en, "fi", "/forget confirm").await);
    assert!(t.contains("expired"), "{t}");
}

#[tokio::test]
async fn strangers_and_stale_buttons_are_harmless() {
    let e = env();
    let en = &e.engine;
    let r = say(en, "gi", "/mock behavioral 3").await;
    let skip = button(&r, "Skip").unwrap();
    // Someone else presses gi's Skip.
    let r = press(en, "ho", &skip).await;
    assert!(text(&r).contains("someone else"), "{}", text(&r));
    assert_eq!(sessions(en, "gi")[0].outcomes.len(), 0);
    say(en, "gi", "/end").await;
    // gi presses the old button after the interview ended.
    let r = press(en, "gi", &skip).await;
    assert!(text(&r).contains("already ended"), "{}", text(&r));
    // Garbage payloads.
    let r = press(en, "gi", "not-ours").await;
    assert!(text(&r).contains("expired"));
}

#[tokio::test]
async fn unknown_commands_get_the_nearest_suggestion() {
    let e = env();
    let en = &e.engine;
    assert!(text(&say(en, "ia", "/mok behavioral").await).contains("Did you mean /mock?"));
    assert!(text(&say(en, "ia", "/progres").await).contains("/progress"));
    assert!(text(&say(en, "ia", "/xyzzy").await).contains("/help"));
    assert!(text(&say(en, "ia", "/mock behavioural backnd 99").await).contains("did you mean \"backend\""));
    assert!(text(&say(en, "ia", "/mock@CoachBot behavioral 2").await).contains("Behavioural mock interview"));
}

#[tokio::test]
async fn offline_chat_gives_guidance_and_never_pretends() {
    let e = env();
    let en = &e.engine;
    let t = text(&say(en, "ja", "how do I answer tell me about yourself?").await);
    assert!(t.to_lowercase().contains("yourself"), "{t}");
    assert!(t.contains("Template"), "{t}");
    assert!(t.contains("Offline coach"), "{t}");
    let t = text(&say(en, "ja", "hello").await);
    assert!(t.contains("Ready to practise"), "{t}");
    let t = text(&say(en, "ja", "what's the capital of Peru and can you write me a poem").await);
    assert!(t.contains("offline coach"), "{t}");
    let t = text(&say(en, "ja", "Thanks!").await);
    assert!(t.contains("You're welcome"), "{t}");
    let t = text(&say(en, "ja", "how do I explain a layoff").await);
    assert!(t.contains("Why are you leaving"), "{t}");
    let t = text(&say(en, "ja", "how do I answer why should we hire you?").await);
    assert!(t.contains("Why should we hire you?"), "{t}");
    assert!(t.contains("mot-closing-003"), "{t}");
}

#[tokio::test]
async fn bad_input_gets_friendly_replies_and_loses_nothing() {
    let e = env();
    let en = &e.engine;
    say(en, "ka", "/mock behavioral 3").await;
    let before = sessions(en, "ka")[0].clone();
    for input in ["", "   ", "\u{200b}\u{200b}", "\u{0}\u{1}\u{2}"] {
        let r = en.handle(event(en, "ka", Payload::Text(input.into()))).await;
        assert!(text(&r).contains("empty"), "{input:?}: {}", text(&r));
    }
    assert_eq!(
        sessions(en, "ka")[0].outcomes,
        before.outcomes,
        "empty input changed the interview"
    );
    // A 1 MB answer is cut and scored, with a note.
    let huge = GOOD_ANSWER.repeat(1_000_000 / GOOD_ANSWER.len() + 1);
    let r = en.handle(event(en, "ka", Payload::Text(huge))).await;
    assert!(text(&r).contains("cut to the first part"), "{}", text(&r));
    // RTL, emoji, zero-width inside an answer.
    let r = say(
        en,
        "ka",
        "مرحبا 👋🏽 I led\u{200d} the migration at Finlo, cut costs by 20% and shipped in 3 weeks. שלום",
    )
    .await;
    assert!(text(&r).contains("Score"), "{}", text(&r));
    // Documents: invalid UTF-8 and binary.
    let r = en
        .handle(event(
            en,
            "ka",
            Payload::Document {
                name: "cv.pdf".into(),
                mime: Some("application/pdf".into()),
                bytes: vec![0xff, 0xfe, 0x00, 0x12],
                caption: None,
            },
        ))
        .await;
    assert!(text(&r).contains("can't read"), "{}", text(&r));
    let r = en
        .handle(event(
            en,
            "ka",
            Payload::Voice {
                mime: "audio/ogg".into(),
                bytes: vec![1, 2, 3],
            },
        ))
        .await;
    assert!(text(&r).contains("speech-to-text"), "{}", text(&r));
    // A text document is taken as the answer.
    let r = en
        .handle(event(
            en,
            "ka",
            Payload::Document {
                name: "answer.txt".into(),
                mime: Some("text/plain".into()),
                bytes: GOOD_ANSWER.as_bytes().to_vec(),
                caption: None,
            },
        ))
        .await;
    assert!(text(&r).contains("Score"), "{}", text(&r));
    // Malformed arguments.
    assert!(text(&say(en, "ka", "/profile level galactic").await).contains("unknown level"));
    assert!(text(&say(en, "ka", "/mock 0").await).contains("1 to 20"));
    // Outside an interview a document is read as a CV: 2 KB of zeros named cv.pdf is none.
    say(en, "ka", "/end").await;
    let r = en
        .handle(event(
            en,
            "ka",
            Payload::Document {
                name: "cv.pdf".into(),
                mime: None,
                bytes: vec![0; 2048],
                caption: None,
            },
        ))
        .await;
    assert!(text(&r).contains("isn't really a PDF"), "{}", text(&r));
    let s = &sessions(en, "ka")[0];
    assert!(s.outcomes.len() >= 2);
}

#[tokio::test]
async fn group_interviews_warn_that_others_can_read() {
    let e = env();
    let en = &e.engine;
    let r = en
        .handle(group_event(
            en,
            "la",
            interview_coach::engine::event::Inbound::payload_from_line("/mock behavioral 2"),
        ))
        .await;
    // Warned first; nothing starts until the user chooses to continue in the group.
    assert!(text(&r).contains("can read your answers"), "{}", text(&r));
    assert!(
        !r.iter()
            .any(|r| r.kind == interview_coach::engine::reply::ReplyKind::Question)
    );
    assert!(
        r.iter()
            .flat_map(|r| r.buttons.iter().flatten())
            .any(|b| b.payload == interview_coach::engine::reply::OPEN_DM)
    );
    let go = button(&r, "Continue here").expect("continue button");
    // Someone else cannot start it for them.
    let stranger = en
        .handle(group_event(
            en,
            "lb",
            interview_coach::engine::event::Payload::Button(go.clone()),
        ))
        .await;
    assert!(text(&stranger).contains("someone else"), "{}", text(&stranger));
    let r = en
        .handle(group_event(
            en,
            "la",
            interview_coach::engine::event::Payload::Button(go.clone()),
        ))
        .await;
    assert!(
        r.iter()
            .any(|r| r.kind == interview_coach::engine::reply::ReplyKind::Question),
        "{}",
        text(&r)
    );
    assert!(
        text(&r).contains("others in this chat can read your answers"),
        "{}",
        text(&r)
    );
    // The button does nothing a second time.
    let again = en
        .handle(group_event(
            en,
            "la",
            interview_coach::engine::event::Payload::Button(go),
        ))
        .await;
    assert!(
        !again
            .iter()
            .any(|r| r.kind == interview_coach::engine::reply::ReplyKind::Question)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hundreds_of_concurrent_users_share_flushes_and_never_interleave() {
    let e = env();
    let en = e.engine.clone();
    let (batches_before, _) = en.store().committed();
    let flushes_before = en.store().flushes();
    let mut tasks = Vec::new();
    for i in 0..300 {
        let en = en.clone();
        tasks.push(tokio::spawn(async move {
            let u = format!("u{i}");
            say(&en, &u, "/mock behavioral 3").await;
            // Two answers of the same user sent at once: serialised, both recorded.
            let (a, b) = tokio::join!(say(&en, &u, GOOD_ANSWER), say(&en, &u, GOOD_ANSWER));
            assert!(text(&a).contains("Score") && text(&b).contains("Score"));
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    // Every turn's commit was durable before its reply; concurrent commits shared flushes.
    let batches = en.store().committed().0 - batches_before;
    let flushes = en.store().flushes() - flushes_before;
    assert!(batches >= 900, "{batches} commits for 900 turns");
    assert!(flushes >= 1);
    assert!(
        flushes * 4 <= batches * 3,
        "{flushes} flushes for {batches} commits: concurrent commits did not share them"
    );
    for i in 0..300 {
        let s = &sessions(&en, &format!("u{i}"))[0];
        let answers = en
            .store()
            .scan_raw(&keys::answers(
                &UserId::new(Platform::Terminal, &format!("u{i}")),
                &s.id,
            ))
            .unwrap();
        assert_eq!(answers.len(), 2, "user u{i}: {} answers stored", answers.len());
    }
}

/// An answer turn commits without an intent record: the answer is written before the session
/// that refers to it. A crash between the two leaves an answer to the question still open;
/// it must not count, and closing the question without an answer removes it.
#[tokio::test]
async fn an_answer_left_by_a_crash_before_its_session_never_counts() {
    let e = env();
    let en = &e.engine;
    say(en, "orphan", "/mock behavioral 3 neutral").await;
    let mut r = say(en, "orphan", GOOD_ANSWER).await;
    while text(&r).contains("Follow-up") {
        r = say(
            en,
            "orphan",
            "I owned the rollout plan; tickets fell by 30% in a quarter.",
        )
        .await;
    }
    let uid = UserId::new(Platform::Terminal, "orphan");
    let s = sessions(en, "orphan").pop().unwrap();
    let open = s.current.as_ref().expect("a question is open").seq;
    let answers = en
        .store()
        .scan::<interview_coach::interview::AnswerRecord>(&keys::answers(&uid, &s.id))
        .unwrap();
    let answered_before = answers.len();
    // What a crash after the fresh put and before the session write leaves behind.
    let mut stray = answers[0].1.clone();
    stray.seq = open;
    stray.answer = "STRAY ANSWER FROM A CRASHED TURN".into();
    let mut b = interview_coach::store::Batch::default();
    b.put(&keys::answer(&uid, &s.id, open), &stray);
    en.store().commit(b).await.unwrap();
    // The user never saw a reply, so skips the question.
    let r = say(en, "orphan", "/skip").await;
    assert!(!text(&r).contains("STRAY"), "{}", text(&r));
    assert!(
        en.store().get_raw(&keys::answer(&uid, &s.id, open)).unwrap().is_none(),
        "the stray answer is removed"
    );
    let r = say(en, "orphan", "/end").await;
    let s = sessions(en, "orphan").into_iter().find(|x| x.id == s.id).unwrap();
    assert!(!s.is_active());
    let after = en
        .store()
        .scan::<interview_coach::interview::AnswerRecord>(&keys::answers(&uid, &s.id))
        .unwrap();
    assert_eq!(after.len(), answered_before, "{}", text(&r));
    assert!(after.iter().all(|(_, a)| !a.answer.contains("STRAY")));
}

#[tokio::test]
async fn a_weak_interview_gets_an_honest_report_without_repeated_advice() {
    let e = env();
    let en = &e.engine;
    let r = say(en, "weak", "/mock technical backend 3 challenging").await;
    assert!(kinds(&r).contains(&ReplyKind::Question), "{}", text(&r));
    let mut last = r;
    for _ in 0..12 {
        if kinds(&last).contains(&ReplyKind::Report) {
            break;
        }
        last = say(en, "weak", "I spend most weekends hiking in the hills with my dog.").await;
    }
    assert!(kinds(&last).contains(&ReplyKind::Report), "{}", text(&last));
    let report = text(&last);
    // Answers under 40 are nobody's strength.
    assert!(!report.contains("Best answer"), "{report}");
    // What sank the answers is said first.
    assert!(report.contains("did not answer the question asked"), "{report}");
    // Rubric parts that were weak as often, with the same advice, share one line.
    let tips: Vec<&str> = report
        .lines()
        .filter(|l| l.contains(" weak in "))
        .filter_map(|l| {
            l.split_once("answers. ")
                .or_else(|| l.split_once("answer. "))
                .map(|(_, tip)| tip)
        })
        .collect();
    assert!(!tips.is_empty(), "{report}");
    let mut distinct = tips.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), tips.len(), "{report}");
    // Each weak part gets advice about that part.
    let depth = report.lines().find(|l| l.contains("Depth was weak in"));
    assert!(depth.is_some_and(|l| l.contains("one level deeper")), "{report}");
    let communication = report.lines().find(|l| l.contains("Communication was weak in"));
    assert!(communication.is_some_and(|l| l.contains("Lead with")), "{report}");
}

#[tokio::test]
async fn yes_and_no_answer_forget_even_during_an_interview_and_anything_else_withdraws_it() {
    let e = env();
    let en = &e.engine;
    say(en, "gil", "/mock behavioral 3").await;
    // "no" keeps everything and the interview goes on at the same question.
    let r = say(en, "gil", "/forget").await;
    assert!(text(&r).contains("Delete all your data?"), "{}", text(&r));
    let t = text(&say(en, "gil", "no").await);
    assert!(t.contains("nothing was deleted"), "{t}");
    let s = sessions(en, "gil");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].outcomes.len(), 0, "\"no\" was not taken as an answer");
    // Any other message withdraws the request and is the answer it looks like.
    say(en, "gil", "/forget").await;
    let t = text(&say(en, "gil", GOOD_ANSWER).await);
    assert!(t.contains("withdrawn"), "{t}");
    assert!(t.contains("Score"), "{t}");
    // So a later "yes" deletes nothing: it is an answer again.
    let t = text(&say(en, "gil", "yes").await);
    assert!(!t.contains("deleted ("), "{t}");
    assert_eq!(sessions(en, "gil").len(), 1);
    // Another command withdraws it too: a "yes" after /status is an answer, not a confirmation.
    say(en, "gil", "/forget").await;
    say(en, "gil", "/status").await;
    let t = text(&say(en, "gil", "yes").await);
    assert!(!t.contains("deleted ("), "{t}");
    assert_eq!(sessions(en, "gil").len(), 1);
    // An explicit /answer is an answer even right after /forget, and withdraws it.
    say(en, "gil", "/forget").await;
    let t = text(&say(en, "gil", "/answer yes").await);
    assert!(t.contains("withdrawn"), "{t}");
    assert!(!t.contains("deleted ("), "{t}");
    assert_eq!(sessions(en, "gil").len(), 1);
    // Right after /forget, "yes" deletes everything, the interview with it; the count is the
    // one /export gives (records and timers).
    let r = say(en, "gil", "/export").await;
    let v: serde_json::Value = serde_json::from_slice(&file(&r).expect("export")).unwrap();
    let n = v["records"].as_object().unwrap().len() + v["scheduled_jobs"].as_array().unwrap().len();
    let t = text(&say(en, "gil", "/forget").await);
    assert!(t.contains(&format!("({n} records)")), "{n}: {t}");
    let t = text(&say(en, "gil", "Yes.").await);
    assert!(
        t.contains(&format!("all your data is deleted ({n} records)")),
        "{n}: {t}"
    );
    assert!(sessions(en, "gil").is_empty());
}

#[tokio::test]
async fn questions_name_their_kind_in_every_interview_type() {
    let e = env();
    let en = &e.engine;
    for (user, line, kind) in [
        ("k1", "/mock case 2", "· Case study ·"),
        ("k2", "/mock system_design 2", "· System design ·"),
        ("k3", "/mock situational 3", "· Situational ·"),
        ("k4", "/mock technical backend 3", "· Technical ·"),
    ] {
        let t = text(&say(en, user, line).await);
        assert!(t.contains(kind), "{line}: {t}");
    }
}

/// A thin answer on the topic of the user's current question (it repeats the question's words
/// but gives no specifics): below the challenging persona's follow-up threshold, yet on topic.
fn thin_answer(en: &interview_coach::engine::Engine, user: &str) -> Option<String> {
    let s = &sessions(en, user)[0];
    let c = s.current.as_ref()?;
    let q = en.bank().get(&s.plan[c.index].question_id).expect("bank question");
    Some(format!(
        "{} I handled this at my last job: I talked to the people involved, we agreed a plan and I followed up every week until it was resolved.",
        q.text.trim_end_matches(['?', '.'])
    ))
}

#[tokio::test]
async fn nothing_to_add_to_a_follow_up_keeps_the_score_and_moves_on() {
    let e = env();
    let en = &e.engine;
    say(en, "hal", "/mock behavioral 3 challenging").await;
    let mut followed = 0;
    for _ in 0..6 {
        let Some(answer) = thin_answer(en, "hal") else { break };
        let t = text(&say(en, "hal", &answer).await);
        if t.contains("Interview report") {
            break;
        }
        if !t.contains("Follow-up") {
            continue;
        }
        followed += 1;
        let before = sessions(en, "hal")[0].outcomes.len();
        let t = text(&say(en, "hal", "No.").await);
        assert!(t.contains("Nothing to add"), "{t}");
        assert!(!t.contains("Follow-up"), "no second probe after nothing was added: {t}");
        let s = &sessions(en, "hal")[0];
        assert_eq!(s.outcomes.len(), before + 1, "the question closed");
        let last = s.outcomes.last().unwrap();
        assert_eq!(last.kind, interview_coach::interview::OutcomeKind::Answered);
        assert!(last.score > 0, "the first answer's score stands");
        assert!(t.contains(&format!("stands at {}/100", last.score)), "{t}");
    }
    assert!(followed > 0, "the challenging interviewer never followed up");
}

#[tokio::test]
async fn hints_during_a_follow_up_point_at_what_the_answer_missed() {
    let e = env();
    let en = &e.engine;
    say(en, "ivy", "/mock behavioral 3 challenging").await;
    for _ in 0..3 {
        let Some(answer) = thin_answer(en, "ivy") else { break };
        let t = text(&say(en, "ivy", &answer).await);
        if !t.contains("Follow-up") {
            continue;
        }
        let s = &sessions(en, "ivy")[0];
        let hints_before = s.current.as_ref().unwrap().hints_used;
        let t = text(&say(en, "ivy", "/hint").await);
        assert!(t.contains("Hint 1/"), "{t}");
        assert!(t.contains("for the follow-up"), "{t}");
        let s = &sessions(en, "ivy")[0];
        assert_eq!(
            s.current.as_ref().unwrap().hints_used,
            hints_before + 1,
            "it costs like any hint"
        );
        // The hint names a key point the first answer missed (a thin answer misses some).
        let question = s.plan[s.current.as_ref().unwrap().index].question_id.clone();
        let store = en.store();
        let answers: Vec<interview_coach::interview::AnswerRecord> = store
            .scan::<interview_coach::interview::AnswerRecord>(&keys::answers(
                &UserId::new(Platform::Terminal, "ivy"),
                &s.id,
            ))
            .unwrap()
            .into_iter()
            .map(|(_, a)| a)
            .filter(|a| a.question_id == question)
            .collect();
        let missed = &answers.last().unwrap().score.evidence.key_points_missed;
        let first = missed.first().expect("the thin answer missed a key point");
        assert!(t.contains(first.as_str()), "{first}: {t}");
        // Hints run out.
        for _ in 0..3 {
            say(en, "ivy", "/hint").await;
        }
        let t = text(&say(en, "ivy", "/hint").await);
        assert!(t.contains("No more hints"), "{t}");
        return;
    }
    panic!("the challenging interviewer never followed up");
}

// ----- counts, hints and plurals as a user sees them ------------------------------------------

/// The question headers in replies, in order: "Question k/n · …", "Intro · …", "Wrap-up · …".
fn headers(t: &str) -> Vec<String> {
    t.lines()
        .filter(|l| l.starts_with("Question ") || l.starts_with("Intro · ") || l.starts_with("Wrap-up · "))
        .map(str::to_string)
        .collect()
}

/// /skip until the user's interview is over (a follow-up is skipped like a question); the text
/// of every reply. `at_index` runs when the current question is that index of the plan.
async fn skip_to_the_end(en: &interview_coach::engine::Engine, user: &str, at_index: Option<(usize, &str)>) -> String {
    let mut all = String::new();
    for _ in 0..40 {
        let s = &sessions(en, user)[0];
        if s.status != Status::InProgress {
            return all;
        }
        if let Some((i, line)) = at_index
            && s.current.as_ref().is_some_and(|c| c.index == i)
        {
            all.push_str(&text(&say(en, user, line).await));
            all.push('\n');
        }
        all.push_str(&text(&say(en, user, "/skip").await));
        all.push('\n');
    }
    panic!("the interview did not end: {all}");
}

fn category_of(en: &interview_coach::engine::Engine, id: &str) -> interview_coach::bank::Category {
    en.bank().get(id).expect("bank question").category
}

#[tokio::test]
async fn the_mock_count_is_the_number_of_questions_of_the_asked_kind() {
    use interview_coach::bank::Category;
    use interview_coach::interview::Phase;
    let e = env();
    let en = &e.engine;

    // Four: four system design questions, numbered 1/4 to 4/4, and nothing else.
    let mut all = text(&say(en, "sd4", "/mock system_design 4").await);
    assert!(all.contains("System design mock interview · 4 questions"), "{all}");
    assert!(all.contains("Questions: 4 system design questions\n"), "{all}");
    assert!(!all.contains("intro"), "{all}");
    let s = &sessions(en, "sd4")[0];
    assert_eq!(s.plan.len(), 4);
    assert!(
        s.plan
            .iter()
            .all(|p| category_of(en, &p.question_id) == Category::SystemDesign)
    );
    all.push_str(&text(&say(en, "sd4", GOOD_ANSWER).await));
    all.push_str(&skip_to_the_end(en, "sd4", None).await);
    let h = headers(&all);
    assert_eq!(h.len(), 4, "{all}");
    for (i, line) in h.iter().enumerate() {
        assert!(
            line.starts_with(&format!("Question {}/4 · System design · ", i + 1)),
            "{line}"
        );
    }
    // The report counts the same four.
    assert!(all.contains("You answered 1 of 4 questions in"), "{all}");
    assert!(all.contains("Skipped 3, timed out 0."), "{all}");
    assert!(all.contains("3 questions went unanswered"), "{all}");
    for q in ["- Q1 ", "- Q2 ", "- Q3 ", "- Q4 "] {
        assert!(all.contains(q), "{q}: {all}");
    }
    assert!(
        !all.contains("- Q5 ") && !all.contains("- Intro ") && !all.contains("- Wrap-up "),
        "{all}"
    );

    // Five: five system design questions, plus an intro and a wrap-up that say what they are.
    let mut all = text(&say(en, "sd5", "/mock system_design 5").await);
    assert!(all.contains("System design mock interview · 5 questions"), "{all}");
    assert!(
        all.contains("Questions: 5 system design questions, plus a short intro and wrap-up"),
        "{all}"
    );
    let s = &sessions(en, "sd5")[0];
    assert_eq!(s.plan.len(), 7);
    assert_eq!(s.plan[0].phase, Phase::Intro);
    assert_eq!(s.plan[6].phase, Phase::WrapUp);
    assert!(
        s.plan[1..6]
            .iter()
            .all(|p| category_of(en, &p.question_id) == Category::SystemDesign)
    );
    // The intro is answered; on question 2 (plan index 2) /status tells where we are.
    all.push_str(&text(&say(en, "sd5", GOOD_ANSWER).await));
    all.push_str(&skip_to_the_end(en, "sd5", Some((2, "/status"))).await);
    let h = headers(&all);
    assert_eq!(h.len(), 7, "{all}");
    assert!(h[0].starts_with("Intro · "), "{h:?}");
    for (i, line) in h[1..6].iter().enumerate() {
        assert!(
            line.starts_with(&format!("Question {}/5 · System design · ", i + 1)),
            "{line}"
        );
    }
    assert!(h[6].starts_with("Wrap-up · "), "{h:?}");
    assert!(all.contains("System design · question 2 of 5"), "/status: {all}");
    assert!(
        all.contains("You answered 0 of 5 questions (plus the intro) in"),
        "{all}"
    );
    assert!(all.contains("Skipped 5, timed out 0."), "{all}");
    assert!(all.contains("5 questions went unanswered"), "{all}");
    for q in ["- Intro ", "- Q1 ", "- Q5 ", "- Wrap-up "] {
        assert!(all.contains(q), "{q}: {all}");
    }
    assert!(!all.contains("- Q6 ") && !all.contains("- Q7 "), "{all}");
}

#[tokio::test]
async fn a_mixed_interview_says_how_its_count_is_made_up() {
    use interview_coach::bank::Category;
    let e = env();
    let en = &e.engine;
    let t = text(&say(en, "mx", "/mock mixed backend 6").await);
    assert!(t.contains("Mixed mock interview · 6 questions"), "{t}");
    let s = &sessions(en, "mx")[0];
    let numbered: Vec<Category> = s
        .plan
        .iter()
        .filter(|p| !p.phase.is_bookend())
        .map(|p| category_of(en, &p.question_id))
        .collect();
    assert_eq!(numbered.len(), 6);
    assert_eq!(s.plan.len(), 8, "an intro and a wrap-up in addition");
    // The opening names each kind with its count, and the counts add up to the six.
    let line = t
        .lines()
        .find(|l| l.starts_with("- Questions: 6 questions: "))
        .unwrap_or_else(|| panic!("{t}"));
    assert!(line.ends_with(", plus a short intro and wrap-up"), "{line}");
    let mut kinds: Vec<Category> = numbered.clone();
    kinds.dedup();
    assert!(kinds.len() >= 2, "a mix for a backend role: {numbered:?}");
    for k in &kinds {
        let n = numbered.iter().filter(|c| *c == k).count();
        assert!(
            line.contains(&format!("{n} {}", k.label().to_lowercase())),
            "{k:?} × {n}: {line}"
        );
    }
}

#[tokio::test]
async fn hints_count_the_last_one_and_past_it_cost_nothing() {
    let e = env();
    let en = &e.engine;
    say(en, "hn", "/mock behavioral 2").await;
    let s = &sessions(en, "hn")[0];
    let q = en.bank().get(&s.plan[0].question_id).unwrap().clone();
    // Ask until the coach says there are no more.
    let mut labels: Vec<String> = Vec::new();
    let mut replies: Vec<String> = Vec::new();
    loop {
        let t = text(&say(en, "hn", "/hint").await);
        if t.contains("No more hints") {
            replies.push(t);
            break;
        }
        let label = t
            .lines()
            .find(|l| l.starts_with("Hint "))
            .unwrap_or_else(|| panic!("{t}"));
        labels.push(label.split(':').next().unwrap().to_string());
        replies.push(t);
        assert!(labels.len() <= 10, "{labels:?}");
    }
    // The bank's hints, then a key point as the last: every label counts all of them.
    let total = q.hints.len() + 1;
    assert_eq!(labels.len(), total, "{labels:?}");
    for (i, l) in labels.iter().enumerate() {
        let want = format!("Hint {}/{total}", i + 1);
        assert!(l.starts_with(&want), "{l} ≠ {want}");
        assert!(replies[i].contains("Hints cost 5 points each"), "{}", replies[i]);
    }
    for (i, h) in q.hints.iter().enumerate() {
        assert!(replies[i].contains(h.as_str()), "{h}: {}", replies[i]);
    }
    assert!(labels[total - 1].contains("the last"), "{labels:?}");
    assert!(
        replies[total - 1].contains(q.key_points[0].as_str()),
        "{}",
        replies[total - 1]
    );
    // Past the last: it says so, and takes nothing.
    let no_more = &replies[total];
    assert!(no_more.contains(&format!("You've had all {total}")), "{no_more}");
    assert!(no_more.contains("costs nothing"), "{no_more}");
    assert_eq!(
        sessions(en, "hn")[0].current.as_ref().unwrap().hints_used as usize,
        total
    );
    let t = text(&say(en, "hn", "/hint").await);
    assert!(t.contains("No more hints"), "{t}");
    assert_eq!(
        sessions(en, "hn")[0].current.as_ref().unwrap().hints_used as usize,
        total
    );
}

#[tokio::test]
async fn follow_up_hints_count_what_there_is_and_past_it_cost_nothing() {
    let e = env();
    let en = &e.engine;
    say(en, "fh", "/mock behavioral 3 challenging").await;
    for _ in 0..3 {
        let Some(answer) = thin_answer(en, "fh") else { break };
        let t = text(&say(en, "fh", &answer).await);
        if !t.contains("Follow-up") {
            continue;
        }
        // The follow-up names its place like the question it follows.
        assert!(t.contains("Follow-up · question "), "{t}");
        let used = || sessions(en, "fh")[0].current.as_ref().unwrap().hints_used;
        let before = used();
        let mut labels: Vec<String> = Vec::new();
        let no_more = loop {
            let t = text(&say(en, "fh", "/hint").await);
            if t.contains("No more hints") {
                break t;
            }
            let label = t
                .lines()
                .find(|l| l.starts_with("Hint "))
                .unwrap_or_else(|| panic!("{t}"));
            assert!(label.contains("for the follow-up"), "{label}");
            labels.push(label.split(" for").next().unwrap().to_string());
            assert!(labels.len() <= 5, "{labels:?}");
        };
        let total = labels.len();
        assert!((1..=2).contains(&total), "{labels:?}");
        for (i, l) in labels.iter().enumerate() {
            assert_eq!(l, &format!("Hint {}/{total}", i + 1));
        }
        assert_eq!(used(), before + total as u32, "each follow-up hint costs like a hint");
        assert!(no_more.contains("costs nothing"), "{no_more}");
        say(en, "fh", "/hint").await;
        assert_eq!(used(), before + total as u32, "past the last costs nothing");
        return;
    }
    panic!("the challenging interviewer never followed up");
}

#[tokio::test]
async fn counts_read_right_for_one_and_for_many() {
    let e = env();
    let en = &e.engine;
    // One question: "1 question" everywhere, the persona's greeting too.
    let mut all = text(&say(en, "one", "/mock behavioral 1 friendly").await);
    assert!(all.contains("Behavioural mock interview · 1 question\n"), "{all}");
    assert!(all.contains("Questions: 1 behavioural question\n"), "{all}");
    assert!(all.contains("We'll go through 1 question for"), "{all}");
    all.push_str(&text(&say(en, "one", GOOD_ANSWER).await));
    all.push_str(&skip_to_the_end(en, "one", None).await);
    assert!(all.contains("You answered 1 of 1 question in"), "{all}");
    all.push_str(&text(&say(en, "one", "/progress").await));
    assert!(all.contains("(1 interview)"), "{all}");
    // Two questions, one skipped: the report counts "1 question" that went unanswered.
    let mut two = text(&say(en, "two", "/mock behavioral 2").await);
    assert!(two.contains("Questions: 2 behavioural questions\n"), "{two}");
    let r = say(en, "two", GOOD_ANSWER).await;
    let details = button(&r, "Details").expect("a Details button");
    two.push_str(&text(&r));
    two.push_str(&skip_to_the_end(en, "two", None).await);
    assert!(two.contains("You answered 1 of 2 questions in"), "{two}");
    assert!(two.contains("1 question went unanswered"), "{two}");
    // The details of the answer count its parts in words that fit the number.
    two.push_str(&text(&press(en, "two", &details).await));
    assert!(two.contains("with your own actions"), "{two}");
    // No "(s)" anywhere, and no "1 <plural>".
    for t in [&all, &two] {
        assert!(!t.contains("(s)"), "{t}");
        for noun in [
            "questions",
            "answers",
            "interviews",
            "records",
            "hints",
            "sentences",
            "figures",
        ] {
            assert!(!t.contains(&format!(" 1 {noun}")), "1 {noun}: {t}");
        }
    }
    // The export caption counts records the same way.
    let t = text(&say(en, "two", "/export").await);
    assert!(t.contains(" records)"), "{t}");
}

/// `COACH_PLAN_SEED` pins the draw: the same user's n-th interview asks the same questions on
/// every run; their next interview differs, and so does another seed's.
#[tokio::test]
async fn a_pinned_plan_seed_repeats_each_interview_across_runs() {
    async fn plans(seed: u64) -> Vec<Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let cfg = interview_coach::config::Config {
            plan_seed: Some(seed),
            ..config(dir.path())
        };
        let en = engine_at(dir.path(), cfg, tokio_clock());
        let mut out = Vec::new();
        for _ in 0..2 {
            say(&en, "pin", "/mock behavioral 5").await;
            let s = sessions(&en, "pin").into_iter().find(|s| s.is_active()).unwrap();
            out.push(s.plan.iter().map(|p| p.question_id.clone()).collect());
            say(&en, "pin", "/end").await;
        }
        out
    }
    let first = plans(PLAN_SEED).await;
    assert_eq!(first.len(), 2);
    assert_eq!(plans(PLAN_SEED).await, first, "the same seed repeats both interviews");
    assert_ne!(first[0], first[1], "successive interviews differ");
    assert_ne!(
        plans(PLAN_SEED + 1).await[0],
        first[0],
        "another seed draws other questions"
    );
}

/// "Details" shows the bank's sample strong answer beside the breakdown, but only once the
/// question is closed: during its follow-up it would give the key points away.
#[tokio::test]
async fn details_show_the_sample_answer_once_the_question_is_closed() {
    let e = env();
    let en = &e.engine;
    say(en, "sa", "/mock behavioral 2 challenging").await;
    let s = sessions(en, "sa")[0].clone();
    let q = en.bank().get(&s.plan[0].question_id).unwrap().clone();
    let sample = q.sample_answer.clone().expect("every question has a sample answer");
    let first_words: String = sample.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
    let r = say(
        en,
        "sa",
        "Two stakeholders both needed urgent work from me on the same day. I asked both about their deadlines and did the request for the board first, then the other one the next morning.",
    )
    .await;
    assert!(
        text(&r).contains("Follow-up"),
        "the challenging persona probes: {}",
        text(&r)
    );
    let details = button(&r, "Details").expect("a Details button");
    let open = text(&press(en, "sa", &details).await);
    assert!(open.contains("once this question is closed"), "{open}");
    assert!(!open.contains(&first_words), "the sample is not shown yet: {open}");
    say(en, "sa", "/skip").await;
    let closed = text(&press(en, "sa", &details).await);
    assert!(closed.contains("A sample strong answer"), "{closed}");
    assert!(closed.contains(&first_words), "{closed}");
}

/// The tone follows the score: "I don't know, sorry." is not met with thanks before the next
/// question, while a strong answer may be.
#[tokio::test]
async fn a_non_answer_is_not_thanked() {
    let e = env();
    let en = &e.engine;
    say(en, "tn", "/mock behavioral 3 friendly").await;
    let thanks = [
        "Thanks, that's helpful.",
        "Great, I appreciate the detail.",
        "Nice — thanks for walking me through that.",
        "That gives me a good picture, thank you.",
        "Good example, thanks.",
        "Thanks for sharing that.",
    ];
    let r = text(&say(en, "tn", "I don't know, sorry.").await);
    assert!(r.contains("Question 2/3"), "{r}");
    for t in thanks {
        assert!(!r.contains(t), "thanked a non-answer: {r}");
    }
    // Nor does a report of a non-answer open with praise.
    let report = text(&say(en, "tn", "/end").await);
    assert!(report.contains("Interview report"), "{report}");
    assert!(!report.contains("you did well"), "{report}");
}
