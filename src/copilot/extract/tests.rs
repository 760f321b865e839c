//! Extraction from documents the tests make byte by byte (`coach_fakes::documents`): good ones,
//! and the broken, hostile and disguised ones, each a clear error and never a panic.

use super::*;
use coach_fakes::documents;

const LINES: &[&str] = &[
    "Jane Doe - Senior Backend Engineer",
    "Senior Backend Engineer, Acme Corp (2021 - 2024)",
    "Cut p99 latency by 40% by moving the hot path to Rust (and PostgreSQL).",
];

#[tokio::test]
async fn a_pdf_made_by_hand_gives_its_lines() {
    let got = extract("cv.pdf", Some("application/pdf"), documents::pdf(LINES))
        .await
        .unwrap();
    assert_eq!(got.kind, Kind::Pdf);
    assert!(!got.truncated);
    for l in LINES {
        assert!(got.text.contains(l), "{l:?} missing from {:?}", got.text);
    }
}

#[tokio::test]
async fn a_docx_gives_its_paragraphs_and_entities() {
    let got = extract(
        "cv.docx",
        None,
        documents::docx(&["Skills: Rust & Go <fast>", LINES[2]]),
    )
    .await
    .unwrap();
    assert_eq!(got.kind, Kind::Docx);
    assert_eq!(got.text, format!("Skills: Rust & Go <fast>\n{}", LINES[2]));
}

#[tokio::test]
async fn text_with_a_bom_crlf_and_utf16_is_read() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(b"# Jane Doe\r\n\r\n\r\n\r\n- Led   a team of five engineers\r\n");
    let got = extract("cv.md", Some("text/markdown"), bytes).await.unwrap();
    assert_eq!(got.text, "# Jane Doe\n\n- Led a team of five engineers");
    let mut u16le = vec![0xFF, 0xFE];
    for u in "Jane Doe, data analyst since 2019".encode_utf16() {
        u16le.extend_from_slice(&u.to_le_bytes());
    }
    assert_eq!(
        extract("cv.txt", None, u16le).await.unwrap().text,
        "Jane Doe, data analyst since 2019"
    );
}

#[tokio::test]
async fn long_text_is_cut_at_the_limit_on_a_character_boundary() {
    let text = "Épée ".repeat(MAX_TEXT / 3);
    let got = extract("cv.txt", None, text.into_bytes()).await.unwrap();
    assert!(got.truncated);
    assert!(got.text.len() <= MAX_TEXT && got.text.len() > MAX_TEXT - 8);
}

#[tokio::test]
async fn an_encrypted_pdf_is_reported_as_encrypted() {
    let r = extract("cv.pdf", None, documents::encrypted_pdf(LINES)).await;
    assert_eq!(r, Err(ExtractError::Encrypted));
}

#[tokio::test]
async fn a_truncated_pdf_is_corrupt_or_empty_never_a_panic() {
    let full = documents::pdf(LINES);
    for cut in [20, full.len() / 3, full.len() / 2, full.len() - 40] {
        let r = extract("cv.pdf", None, full[..cut].to_vec()).await;
        match r {
            Err(ExtractError::Corrupt("PDF")) | Err(ExtractError::NoText) => {}
            // lopdf may rebuild a cut file's objects; then the text read must be the document's.
            Ok(got) => assert!(LINES.iter().any(|l| got.text.contains(l)), "{cut}: {:?}", got.text),
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_zip_bomb_stops_at_the_unpacked_limit() {
    let bomb = documents::zip_bomb_docx(120 * 1024 * 1024);
    assert!(bomb.len() < MAX_INPUT, "the bomb is small: {} bytes", bomb.len());
    let r = extract("cv.docx", None, bomb).await;
    assert_eq!(r, Err(ExtractError::Unpacked { limit: MAX_XML }));
}

#[tokio::test]
async fn oversized_random_and_disguised_files_get_their_errors() {
    let big = vec![b'a'; 20 * 1024 * 1024];
    assert_eq!(
        extract("cv.txt", None, big).await,
        Err(ExtractError::TooLarge {
            size: 20 * 1024 * 1024,
            limit: MAX_INPUT
        })
    );
    let mut rng = fastrand::Rng::with_seed(18);
    let random: Vec<u8> = (0..4096).map(|_| rng.u8(..)).collect();
    assert_eq!(
        extract("cv.pdf", None, random.clone()).await,
        Err(ExtractError::Corrupt("PDF"))
    );
    assert_eq!(
        extract("notes.bin", None, random).await,
        Err(ExtractError::Unsupported(Unsupported::Binary))
    );
    assert_eq!(
        extract("cv.pdf", Some("application/pdf"), documents::png_header()).await,
        Err(ExtractError::Unsupported(Unsupported::Image))
    );
    assert_eq!(
        extract("cv.doc", None, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old word".to_vec()).await,
        Err(ExtractError::Unsupported(Unsupported::LegacyWord))
    );
    assert_eq!(
        extract(
            "cv.docx",
            None,
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 EncryptedPackage".to_vec()
        )
        .await,
        Err(ExtractError::Encrypted)
    );
    let sheet = documents::zip_of(&[("xl/workbook.xml", b"<workbook/>")]);
    assert_eq!(
        extract("cv.xlsx", None, sheet).await,
        Err(ExtractError::Unsupported(Unsupported::Archive))
    );
    assert_eq!(
        extract("cv.txt", None, b"  \n\n 12 \n".to_vec()).await,
        Err(ExtractError::NoText)
    );
    assert_eq!(
        extract("cv.docx", None, b"PK\x03\x04 not really a zip".to_vec()).await,
        Err(ExtractError::Corrupt("Word document"))
    );
}

#[tokio::test]
async fn a_pdf_without_text_is_reported_as_scanned() {
    assert_eq!(
        extract("scan.pdf", None, documents::pdf(&[])).await,
        Err(ExtractError::NoText)
    );
}

#[tokio::test]
async fn a_parser_that_runs_too_long_is_abandoned_at_the_timeout() {
    // A zero time limit: the parse cannot finish in time, and the caller is not kept waiting.
    // (A 2,000-line page takes milliseconds to parse; the limit is checked right after the
    // parse is handed to its thread.)
    let many: Vec<&str> = LINES.iter().copied().cycle().take(2000).collect();
    let r = extract_within("cv.pdf", None, documents::pdf(&many), Duration::ZERO).await;
    assert_eq!(r, Err(ExtractError::TimedOut(Duration::ZERO)));
}
