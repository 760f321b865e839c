//! Documents made in the test, byte by byte: a one-page PDF with a Helvetica text stream and a
//! correct xref table, the same with an `/Encrypt` dictionary in its trailer, a DOCX written with
//! the `zip` crate, and a zip bomb (a DOCX whose `word/document.xml` inflates to far more than it
//! weighs). Nothing is read from disk.

use std::io::Write;

/// A one-page PDF showing `lines` (ASCII; `(`, `)` and `\` are escaped) in Helvetica, one line
/// each, with a correct cross-reference table.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    pdf_with(lines, false)
}

/// [`pdf`] with an `/Encrypt` dictionary (standard security handler, revision 3) in the trailer
/// whose user password is not empty: a reader cannot open it without the password.
pub fn encrypted_pdf(lines: &[&str]) -> Vec<u8> {
    pdf_with(lines, true)
}

fn pdf_with(lines: &[&str], encrypted: bool) -> Vec<u8> {
    let mut content = String::from("BT\n/F1 11 Tf\n14 TL\n72 740 Td\n");
    for l in lines {
        let esc = l.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
        content.push_str(&format!("({esc}) Tj\nT*\n"));
    }
    content.push_str("ET\n");
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
    ];
    if encrypted {
        objects.push(format!(
            "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <{}> /U <{}> >>",
            "7a".repeat(32),
            "3c".repeat(32)
        ));
    }
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let encrypt = if encrypted {
        format!(
            " /Encrypt {} 0 R /ID [<{id}> <{id}>]",
            objects.len(),
            id = "0123456789abcdef0123456789abcdef"
        )
    } else {
        String::new()
    };
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{encrypt} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A DOCX whose paragraphs are `paragraphs` (text is XML-escaped here), written with `zip`.
pub fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        let esc = p.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        body.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{esc}</w:t></w:r></w:p>"
        ));
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("word/document.xml", xml.as_bytes()),
    ])
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

/// A DOCX whose `word/document.xml` inflates to `inflated` bytes (a paragraph of spaces inside a
/// valid document) while the file itself stays small: deflate shrinks runs of one byte about
/// a thousandfold.
pub fn zip_bomb_docx(inflated: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(inflated > u32::MAX as usize);
    w.start_file("[Content_Types].xml", opts).expect("zip entry");
    w.write_all(CONTENT_TYPES.as_bytes()).expect("zip write");
    w.start_file("word/document.xml", opts).expect("zip entry");
    let head = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>";
    w.write_all(head.as_bytes()).expect("zip write");
    let chunk = vec![b' '; 1 << 20];
    let mut left = inflated;
    while left > 0 {
        let n = left.min(chunk.len());
        w.write_all(&chunk[..n]).expect("zip write");
        left -= n;
    }
    w.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .expect("zip write");
    w.finish().expect("zip finish").into_inner()
}

/// A zip archive of `files` (deflated).
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// The first bytes of a PNG image (its signature and an IHDR chunk): what a screenshot is.
pub fn png_header() -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0".to_vec();
    b.extend_from_slice(&[0x90, 0x91, 0x68, 0x36]);
    b.extend(std::iter::repeat_n(0u8, 200));
    b
}
