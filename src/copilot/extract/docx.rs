//! DOCX text: `word/document.xml` from the zip (read through `take()`, so a zip bomb stops at
//! [`MAX_XML`]) walked with `quick-xml`: runs of text (`w:t`), tabs, breaks and paragraph ends.

use super::{ExtractError, MAX_XML};
use quick_xml::events::Event;
use std::io::{Cursor, Read};

pub fn text(bytes: &[u8]) -> Result<String, ExtractError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ExtractError::Corrupt("Word document"))?;
    let xml = {
        let entry = match zip.by_name("word/document.xml") {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => {
                return Err(ExtractError::Unsupported(super::Unsupported::Archive));
            }
            Err(zip::result::ZipError::UnsupportedArchive(m)) if m.contains("assword") => {
                return Err(ExtractError::Encrypted);
            }
            Err(_) => return Err(ExtractError::Corrupt("Word document")),
        };
        if entry.encrypted() {
            return Err(ExtractError::Encrypted);
        }
        // The declared size can lie; `take` is what holds.
        let mut xml = Vec::with_capacity(entry.size().min(MAX_XML) as usize);
        entry
            .take(MAX_XML + 1)
            .read_to_end(&mut xml)
            .map_err(|_| ExtractError::Corrupt("Word document"))?;
        if xml.len() as u64 > MAX_XML {
            return Err(ExtractError::Unpacked { limit: MAX_XML });
        }
        xml
    };
    walk(&xml)
}

/// The text of WordprocessingML: `w:t` contents, `w:tab` as a space, `w:br`/`w:cr` and the end
/// of each paragraph (`w:p`) as a new line.
fn walk(xml: &[u8]) -> Result<String, ExtractError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = String::new();
    let mut in_text = false;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|_| ExtractError::Corrupt("Word document"))?;
        match ev {
            Event::Start(e) if e.local_name().as_ref() == "t" => in_text = true,
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => out.push(' '),
                "br" | "cr" => out.push('\n'),
                "p" => out.push('\n'),
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text => out.push_str(&t),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                        out.push_str(s);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}
