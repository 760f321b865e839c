//! Plain text and Markdown: UTF-8 (a BOM is dropped) or UTF-16 with its BOM. Bytes that are no
//! text (NULs, invalid UTF-8, many control characters) are refused.

use super::{ExtractError, Unsupported};

pub fn decode(bytes: &[u8]) -> Result<String, ExtractError> {
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        std::str::from_utf8(rest).map(str::to_string).ok()
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)
    } else {
        std::str::from_utf8(bytes).map(str::to_string).ok()
    };
    let Some(text) = text else {
        return Err(ExtractError::Unsupported(Unsupported::Binary));
    };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if text.contains('\0') || controls * 100 > text.chars().count().max(1) {
        return Err(ExtractError::Unsupported(Unsupported::Binary));
    }
    Ok(text)
}

fn utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| f([c[0], c[1]])).collect();
    String::from_utf16(&units).ok()
}
