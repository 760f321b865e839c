//! CVs and job descriptions through the engine (issue #18): pasted after /cv and /jd, sent as
//! files made in the test (PDF, DOCX, text), guessed and switched, waited for, deleted; broken,
//! hostile and disguised files each answered clearly with nothing stored changed; /export and
//! /forget cover them.

mod common;
use coach_fakes::documents;
use common::*;
use interview_coach::copilot::docs::{Cv, Jd};
use interview_coach::engine::Engine;
use interview_coach::engine::event::{Payload, Platform, UserId};
use interview_coach::engine::reply::Reply;
use interview_coach::store::keys;

pub const CV_LINES: &[&str] = &[
    "Jane Doe",
    "Senior Backend Engineer, Acme Payments (2021 - present)",
    "- Cut p99 checkout latency by 45% by rewriting the pricing service in Rust.",
    "- Scaled the event pipeline on Kafka to 40,000 requests per second.",
    "- Resolved a disagreement with the product team over release scope.",
    "Software Engineer at Globex (2017 - 2021)",
    "- Built the deployment tool on Kubernetes and Terraform, used by 30 teams.",
    "Skills",
    "Rust, Go, PostgreSQL, Kafka, Kubernetes, Terraform",
];

const JD_TEXT: &str = "Staff Platform Engineer\n\nInitech is hiring a Staff Platform Engineer.\n\nWhat you'll do:\n- Design the multi-region platform on AWS\n- Mentor engineers across three teams\n\nRequirements\n- 8+ years building distributed systems\n- Rust, Kubernetes, Terraform and GraphQL\n\nNice to have\n- Elixir\n";

fn uid(user: &str) -> UserId {
    UserId::new(Platform::Terminal, user)
}

fn cv_of(en: &Engine, user: &str) -> Option<Cv> {
    en.store().get(&keys::cv(&uid(user))).unwrap()
}

fn jd_of(en: &Engine, user: &str) -> Option<Jd> {
    en.store().get(&keys::jd(&uid(user))).unwrap()
}

async fn send_file(en: &Engine, user: &str, name: &str, bytes: Vec<u8>, caption: Option<&str>) -> Vec<Reply> {
    en.handle(event(
        en,
        user,
        Payload::Document {
            name: name.into(),
            mime: None,
            bytes,
            caption: caption.map(str::to_string),
        },
    ))
    .await
}

/// Everything stored under the user's prefix, keys and bytes.
fn everything(en: &Engine, user: &str) -> Vec<(Vec<u8>, Vec<u8>)> {
    en.store().scan_raw(&keys::user_prefix(&uid(user))).unwrap()
}

#[tokio::test]
async fn a_pasted_cv_and_job_are_read_shown_and_their_gap_named() {
    let e = env();
    let en = &e.engine;
    let r = say(en, "ann", &format!("/cv {}", CV_LINES.join("\n"))).await;
    let t = text(&r);
    assert!(t.contains("CV stored"), "{t}");
    assert!(
        t.contains("Senior Backend Engineer, Acme Payments (2021 - present)"),
        "{t}"
    );
    // The skills section's list first, in its order; "pricing service" names no skill.
    assert!(
        t.contains("Skills (6): rust, go, postgresql, kafka, kubernetes, terraform"),
        "{t}"
    );
    assert!(t.contains("Achievements: 3 found"), "{t}");
    let cv = cv_of(en, "ann").expect("stored");
    assert_eq!(cv.source, "pasted text");
    assert_eq!(cv.roles.len(), 2);

    let r = say(en, "ann", &format!("/jd {JD_TEXT}")).await;
    let t = text(&r);
    assert!(t.contains("Job description stored"), "{t}");
    assert!(t.contains("Title: Staff Platform Engineer"), "{t}");
    assert!(t.contains("Company: Initech"), "{t}");
    assert!(t.contains("Nice to have: elixir"), "{t}");
    assert!(
        t.contains("the job asks for aws, distributed systems, graphql, elixir that your CV doesn't show"),
        "{t}"
    );
    let jd = jd_of(en, "ann").unwrap();
    assert_eq!(jd.seniority, vec!["staff", "mentor", "8+ years"]);

    // /cv shows what is stored, with the gap and the Replace and Delete buttons.
    let r = say(en, "ann", "/cv").await;
    let t = text(&r);
    assert!(
        t.contains("Your CV") && t.contains("pasted text") && t.contains("Gap:"),
        "{t}"
    );
    assert!(button(&r, "Replace").is_some() && button(&r, "Delete").is_some());
    // Delete: the CV goes, the job stays.
    let r = press(en, "ann", &button(&r, "Delete").unwrap()).await;
    assert!(text(&r).contains("Deleted your CV"), "{}", text(&r));
    assert!(cv_of(en, "ann").is_none());
    assert!(jd_of(en, "ann").is_some());
    assert!(text(&say(en, "ann", "/jd").await).contains("Add your CV with /cv"));
    // Too short to be a CV: nothing stored.
    let t = text(&say(en, "ann", "/cv Rust developer").await);
    assert!(t.contains("2 words") && t.contains("Nothing was stored"), "{t}");
    assert!(cv_of(en, "ann").is_none());
}

#[tokio::test]
async fn a_pdf_sent_outside_an_interview_is_the_cv_and_a_wrong_guess_is_switched_back() {
    let e = env();
    let en = &e.engine;
    // A CV on file first: a guess must not lose it.
    say(en, "bo", &format!("/cv {}", CV_LINES.join("\n"))).await;
    let first = cv_of(en, "bo").unwrap();

    let r = send_file(
        en,
        "bo",
        "document.pdf",
        documents::pdf(&JD_TEXT.lines().collect::<Vec<_>>()),
        None,
    )
    .await;
    let t = text(&r);
    // The text reads like a posting: stored as the job description, with the other button.
    assert!(
        t.contains("Job description stored") && t.contains("Was it your CV?"),
        "{t}"
    );
    assert_eq!(cv_of(en, "bo").unwrap(), first, "the CV is untouched");

    let lines: Vec<&str> = CV_LINES.to_vec();
    let r = send_file(en, "bo", "document.pdf", documents::pdf(&lines), None).await;
    let t = text(&r);
    assert!(
        t.contains("CV stored") && t.contains("Here's what I read from document.pdf"),
        "{t}"
    );
    assert!(t.contains("Was it a job description?"), "{t}");
    assert_eq!(cv_of(en, "bo").unwrap().source, "document.pdf");
    // "It's a job description": the file becomes the job, and the earlier CV comes back.
    let r = press(en, "bo", &button(&r, "It's a job description").unwrap()).await;
    let t = text(&r);
    assert!(
        t.contains("it's now your job description") && t.contains("earlier CV is back"),
        "{t}"
    );
    assert_eq!(cv_of(en, "bo").unwrap(), first);
    assert_eq!(jd_of(en, "bo").unwrap().source, "document.pdf");
    assert!(
        en.store()
            .get_raw(&keys::previous_doc(&uid("bo"), false))
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn jd_waits_for_the_next_file_and_captions_and_names_decide() {
    let e = env();
    let en = &e.engine;
    let t = text(&say(en, "cy", "/jd").await);
    assert!(t.contains("No job description stored yet"), "{t}");
    let docx = documents::docx(&JD_TEXT.lines().collect::<Vec<_>>());
    let r = send_file(en, "cy", "initech.docx", docx, None).await;
    assert!(text(&r).contains("Job description stored"), "{}", text(&r));
    assert!(!text(&r).contains("Was it"), "said, not guessed: {}", text(&r));
    assert_eq!(jd_of(en, "cy").unwrap().company.as_deref(), Some("Initech"));
    // The wait is over: the next file is a CV again (here a Markdown file named as one).
    let md = CV_LINES.join("\n").into_bytes();
    let r = send_file(en, "cy", "jane-resume.md", md, None).await;
    assert!(
        text(&r).contains("CV stored") && !text(&r).contains("Was it"),
        "{}",
        text(&r)
    );
    assert!(text(&r).contains("Gap:"), "{}", text(&r));
    // A caption says it: "/jd" sent with the file.
    let r = send_file(
        en,
        "cy",
        "scan-2.txt",
        JD_TEXT.replace("Initech", "Hooli").into_bytes(),
        Some("/jd"),
    )
    .await;
    assert!(text(&r).contains("Job description stored"), "{}", text(&r));
    assert_eq!(jd_of(en, "cy").unwrap().company.as_deref(), Some("Hooli"));
    // Replace waits for a file too.
    let r = say(en, "cy", "/cv replace").await;
    assert!(text(&r).contains("Send the new CV"), "{}", text(&r));
}

#[tokio::test]
async fn broken_hostile_and_disguised_files_get_clear_messages_and_change_nothing() {
    let e = env();
    let en = &e.engine;
    say(en, "di", "/profile role backend level senior").await;
    say(en, "di", &format!("/cv {}", CV_LINES.join("\n"))).await;
    say(en, "di", &format!("/jd {JD_TEXT}")).await;
    say(en, "di", "/mock behavioral 2").await;
    say(en, "di", GOOD_ANSWER).await;
    say(en, "di", "/end").await;
    let before = everything(en, "di");
    assert!(before.len() >= 5, "profile, cv, jd, session, answer: {}", before.len());

    let pdf = documents::pdf(CV_LINES);
    let mut rng = fastrand::Rng::with_seed(18);
    let random: Vec<u8> = (0..50_000).map(|_| rng.u8(..)).collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cv.pdf", documents::encrypted_pdf(CV_LINES), "password-protected"),
        ("cv.pdf", pdf[..pdf.len() / 3].to_vec(), "isn't really a PDF"),
        (
            "cv.docx",
            documents::zip_bomb_docx(110 * 1024 * 1024),
            "unpacks to far more text than any CV",
        ),
        ("cv.pdf", vec![b'%'; 20 * 1024 * 1024], "over my 5 MB limit"),
        ("cv.pdf", random, "isn't really a PDF"),
        ("cv.pdf", documents::png_header(), "is an image"),
        (
            "cv.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 legacy".to_vec(),
            "old Word .doc",
        ),
        ("scan.pdf", documents::pdf(&[]), "looks scanned"),
    ];
    for (name, bytes, says) in cases {
        let r = send_file(en, "di", name, bytes, None).await;
        let t = text(&r);
        assert!(t.contains(says), "{name}: {t}");
        assert!(t.contains("Nothing you had stored was changed"), "{name}: {t}");
        assert!(everything(en, "di") == before, "{name} changed the store");
    }
    // And the store still reads: the CV is the pasted one.
    assert_eq!(cv_of(en, "di").unwrap().source, "pasted text");
}

#[tokio::test]
async fn export_includes_the_cv_and_job_and_forget_removes_them() {
    let e = env();
    let en = &e.engine;
    say(en, "ed", &format!("/cv {}", CV_LINES.join("\n"))).await;
    // A guessed file keeps the CV it replaced: that record is the user's too.
    send_file(en, "ed", "notes.txt", CV_LINES.join("\n").into_bytes(), None).await;
    say(en, "ed", &format!("/jd {JD_TEXT}")).await;
    let r = say(en, "ed", "/export").await;
    let v: serde_json::Value = serde_json::from_slice(&file(&r).expect("export")).unwrap();
    let records = v["records"].as_object().unwrap();
    for k in ["cv", "jd", "prevcv"] {
        assert!(
            records.contains_key(k),
            "{k} missing: {:?}",
            records.keys().collect::<Vec<_>>()
        );
    }
    assert!(
        records["cv"]["data"]["text"]
            .as_str()
            .unwrap()
            .contains("Acme Payments")
    );
    assert_eq!(records["jd"]["data"]["company"], "Initech");

    let r = say(en, "ed", "/forget").await;
    press(en, "ed", &button(&r, "Yes, delete everything").unwrap()).await;
    let u = uid("ed");
    for k in [
        keys::cv(&u),
        keys::jd(&u),
        keys::previous_doc(&u, false),
        keys::previous_doc(&u, true),
    ] {
        assert!(
            en.store().get_raw(&k).unwrap().is_none(),
            "{} left",
            String::from_utf8_lossy(&k)
        );
    }
    assert!(everything(en, "ed").is_empty());
}

#[test]
fn the_terminal_reads_cv_path_and_says_when_a_file_is_missing() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let cv = files.path().join("my cv.pdf");
    std::fs::write(&cv, documents::pdf(CV_LINES)).unwrap();
    let jd = files.path().join("job.txt");
    std::fs::write(&jd, JD_TEXT).unwrap();
    let script = format!(
        "/cv \"{}\"\n/jd {}\n/cv\n/cv {}/nothing-here.pdf\n",
        cv.display(),
        jd.display(),
        files.path().display()
    );
    let out = chat_piped("tia", data.path(), &script);
    assert!(
        out.contains("CV stored") && out.contains("Here's what I read from my cv.pdf"),
        "{out}"
    );
    assert!(!out.contains("Was it a job description?"), "/cv said it: {out}");
    assert!(
        out.contains("Job description stored") && out.contains("Company: Initech"),
        "{out}"
    );
    assert!(
        out.contains("Your CV") && out.contains("rust, go, postgresql, kafka, kubernetes, terraform"),
        "{out}"
    );
    assert!(out.contains("the job asks for aws"), "{out}");
    assert!(out.contains("No file at") && out.contains("nothing-here.pdf"), "{out}");
}
