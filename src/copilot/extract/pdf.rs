//! PDF text through `pdf-extract` (which parses with `lopdf`). Called on a blocking thread
//! under `catch_unwind` by `extract` (it panics on purpose on malformed files).

use super::{ExtractError, contains};

/// The text of a PDF. An encrypted one (an `/Encrypt` dictionary) that an empty password does
/// not open is [`ExtractError::Encrypted`]; one without any text, [`ExtractError::NoText`].
pub fn text(bytes: &[u8]) -> Result<String, ExtractError> {
    let encrypted = contains(bytes, b"/Encrypt");
    match pdf_extract::extract_text_from_mem(bytes) {
        Ok(t) if t.chars().any(char::is_alphanumeric) => Ok(t),
        Ok(_) if encrypted => Err(ExtractError::Encrypted),
        Ok(_) => Err(ExtractError::NoText),
        Err(_) if encrypted => Err(ExtractError::Encrypted),
        Err(e) => {
            tracing::debug!(error = %kind_of_error(&e), "pdf not read");
            Err(ExtractError::Corrupt("PDF"))
        }
    }
}

/// The error's kind only: lopdf's messages can quote bytes of the file.
fn kind_of_error(e: &pdf_extract::OutputError) -> &'static str {
    match e {
        pdf_extract::OutputError::FormatError(_) => "format",
        pdf_extract::OutputError::IoError(_) => "io",
        pdf_extract::OutputError::PdfError(_) => "pdf",
    }
}
