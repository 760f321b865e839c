//! Text from a document a user sends (issue #18): its bytes, file name and MIME type in, the
//! text out, or an [`ExtractError`] worded for the user. PDF through `pdf-extract` (`pdf.rs`),
//! DOCX through `zip` + `quick-xml` (`docx.rs`), TXT and Markdown (`text.rs`: UTF-8 or UTF-16
//! with a BOM; binary refused).
//!
//! The parsers run on a blocking thread under `catch_unwind` and a timeout: `pdf-extract`
//! panics on purpose on malformed files and can take long or much memory on hostile ones. Inputs
//! are capped ([`MAX_INPUT`]) before any parsing, a DOCX's `word/document.xml` is read through
//! `take()` ([`MAX_XML`], against zip bombs), the text kept is capped ([`MAX_TEXT`]), and at most
//! [`MAX_PARALLEL`] documents are read at once. The release profile keeps `panic = "unwind"`
//! (Cargo.toml) so that `catch_unwind` works there too. A panic inside a parser is not printed:
//! its message could quote the document (see [`quiet_panics`]). Limits and why:
//! docs/documents.md.
//!
//! This is the one async function of `copilot`: it reads no file and touches no store; the
//! caller (the engine) decides what to keep.

mod docx;
mod pdf;
mod text;

use std::cell::Cell;
use std::sync::{LazyLock, Once};
use std::time::Duration;

/// Largest document read (bytes). Telegram and Discord adapters cap downloads at 20 MB; a CV or
/// a job posting is well under 1 MB.
pub const MAX_INPUT: usize = 5 * 1024 * 1024;
/// Most text kept from a document (bytes of UTF-8): a long CV is ~15 KB of text.
pub const MAX_TEXT: usize = 60 * 1024;
/// Most bytes a DOCX's `word/document.xml` may inflate to (a 10-page CV is ~200 KB).
pub const MAX_XML: u64 = 16 * 1024 * 1024;
/// How long one document may take to read.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// Documents read at the same time (each on a blocking thread).
pub const MAX_PARALLEL: usize = 2;

/// What kind of document the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Docx,
    Text,
}

/// What an unsupported file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsupported {
    /// PNG, JPEG, GIF, WebP, TIFF: a picture (perhaps a scan or a screenshot).
    Image,
    /// A legacy Word `.doc` (or another OLE compound file).
    LegacyWord,
    /// A zip archive that is no Word document (xlsx, odt, pages, a plain zip).
    Archive,
    /// Bytes that are no text and no format we know.
    Binary,
}

/// Why a document gave no text. Variants carry no document content (they may be logged).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("unsupported file type: {0:?}")]
    Unsupported(Unsupported),
    #[error("the document is encrypted or password-protected")]
    Encrypted,
    #[error("the document has no text layer (scanned or image-only)")]
    NoText,
    #[error("the file is {size} bytes, over the {limit}-byte limit")]
    TooLarge { size: usize, limit: usize },
    #[error("the document's text unpacks to over {limit} bytes")]
    Unpacked { limit: u64 },
    #[error("the file is damaged or not a valid {0}")]
    Corrupt(&'static str),
    #[error("reading the document took over {} s", .0.as_secs())]
    TimedOut(Duration),
}

/// A document's text, cleaned and capped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub kind: Kind,
    pub text: String,
    /// The text was longer than [`MAX_TEXT`] and was cut.
    pub truncated: bool,
}

/// What the bytes are, from their first bytes, then the name and MIME type.
pub fn kind_of(name: &str, mime: Option<&str>, bytes: &[u8]) -> Result<Kind, ExtractError> {
    let name = name.to_lowercase();
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let mime = mime.unwrap_or("").to_lowercase();
    if bytes.starts_with(b"%PDF-")
        || (bytes.len() > 5 && bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-"))
    {
        return Ok(Kind::Pdf);
    }
    if is_image(bytes) {
        return Err(ExtractError::Unsupported(Unsupported::Image));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        // Office keeps a password-protected .docx in an OLE container ("EncryptedPackage").
        return Err(if ext == "docx" {
            ExtractError::Encrypted
        } else {
            ExtractError::Unsupported(Unsupported::LegacyWord)
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return if ext == "docx" || mime.contains("wordprocessingml") || contains(bytes, b"word/document.xml") {
            Ok(Kind::Docx)
        } else {
            Err(ExtractError::Unsupported(Unsupported::Archive))
        };
    }
    match ext {
        "pdf" => Err(ExtractError::Corrupt("PDF")),
        "docx" => Err(ExtractError::Corrupt("Word document")),
        "doc" => Err(ExtractError::Unsupported(Unsupported::LegacyWord)),
        _ => Ok(Kind::Text),
    }
}

fn is_image(b: &[u8]) -> bool {
    b.starts_with(b"\x89PNG")
        || b.starts_with(&[0xFF, 0xD8, 0xFF])
        || b.starts_with(b"GIF8")
        || (b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP"))
        || b.starts_with(b"II*\0")
        || b.starts_with(b"MM\0*")
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

static SLOTS: LazyLock<tokio::sync::Semaphore> = LazyLock::new(|| tokio::sync::Semaphore::new(MAX_PARALLEL));

/// The text of a document. Never panics; every failure is an [`ExtractError`].
pub async fn extract(name: &str, mime: Option<&str>, bytes: Vec<u8>) -> Result<Extracted, ExtractError> {
    extract_within(name, mime, bytes, TIMEOUT).await
}

/// [`extract`] with another time limit (tests).
pub async fn extract_within(
    name: &str,
    mime: Option<&str>,
    bytes: Vec<u8>,
    timeout: Duration,
) -> Result<Extracted, ExtractError> {
    if bytes.len() > MAX_INPUT {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: MAX_INPUT,
        });
    }
    let kind = kind_of(name, mime, &bytes)?;
    if kind == Kind::Text {
        // Decoding text is linear and cannot panic: no thread needed.
        return finish(kind, text::decode(&bytes)?);
    }
    quiet_panics();
    let work = async {
        let Ok(_slot) = SLOTS.acquire().await else {
            return Err(ExtractError::TimedOut(timeout));
        };
        let task = tokio::task::spawn_blocking(move || {
            QUIET.with(|q| q.set(true));
            let out = std::panic::catch_unwind(|| match kind {
                Kind::Pdf => pdf::text(&bytes),
                Kind::Docx => docx::text(&bytes),
                Kind::Text => text::decode(&bytes),
            });
            QUIET.with(|q| q.set(false));
            match out {
                Ok(r) => r,
                Err(_) => {
                    tracing::warn!(?kind, size = bytes.len(), "document parser panicked");
                    Err(if kind == Kind::Pdf && contains(&bytes, b"/Encrypt") {
                        ExtractError::Encrypted
                    } else {
                        ExtractError::Corrupt(kind.label())
                    })
                }
            }
        });
        task.await.unwrap_or(Err(ExtractError::Corrupt(kind.label())))
    };
    match tokio::time::timeout(timeout, work).await {
        Ok(r) => finish(kind, r?),
        Err(_) => {
            // The thread cannot be stopped: it holds its slot until it ends, so runaway parses
            // cannot pile up beyond MAX_PARALLEL.
            tracing::warn!(?kind, "document parser timed out");
            Err(ExtractError::TimedOut(timeout))
        }
    }
}

impl Kind {
    /// How the user would name the format.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Docx => "Word document",
            Kind::Text => "text file",
        }
    }
}

/// Clean the raw text (line ends, control characters, runs of blank lines and spaces), refuse a
/// document without words, cap the length on a character boundary.
fn finish(kind: Kind, raw: String) -> Result<Extracted, ExtractError> {
    let mut text = String::with_capacity(raw.len().min(MAX_TEXT + 1024));
    let mut blank = 0;
    for line in raw.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let clean: String = line
            .chars()
            .map(|c| if c == '\t' || c == '\u{a0}' { ' ' } else { c })
            .filter(|c| !c.is_control() && *c != '\u{feff}')
            .collect();
        let clean = clean.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
        if clean.is_empty() {
            blank += 1;
            if blank > 1 || text.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        text.push_str(&clean);
        text.push('\n');
        if text.len() > MAX_TEXT + 1024 {
            break;
        }
    }
    let text = text.trim_end().to_string();
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 20 {
        return Err(ExtractError::NoText);
    }
    let truncated = text.len() > MAX_TEXT;
    let text = if truncated {
        let mut end = MAX_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text[..end].to_string()
    } else {
        text
    };
    Ok(Extracted { kind, text, truncated })
}

thread_local! {
    /// Set while a parser runs on this thread: its panics are caught and not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Install (once) a panic hook that stays silent for panics on a thread reading a document —
/// `pdf-extract`'s panic messages can quote the document, which is private — and hands every
/// other panic to the hook that was there before.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests;
