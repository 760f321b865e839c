//! Our markup → Telegram HTML. All text (ours, the user's, the model's) is escaped; messages
//! over Telegram's limit are split between blocks, then between lines, then between words, and
//! every piece is complete HTML on its own (a split never breaks a tag).

use crate::engine::reply::{Block, Doc, Line, Style};

/// Telegram's limit on message text (after entity parsing), with room to spare.
pub const MAX_TEXT: usize = 4096;
/// Telegram's limit on captions.
pub const MAX_CAPTION: usize = 1024;

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            // Control characters other than newline and tab are dropped.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn line(l: &Line) -> String {
    let mut s = String::new();
    for span in &l.0 {
        let t = escape(&span.text);
        match span.style {
            Style::Plain => s.push_str(&t),
            Style::Bold => s.push_str(&format!("<b>{t}</b>")),
            Style::Italic => s.push_str(&format!("<i>{t}</i>")),
            Style::Code => s.push_str(&format!("<code>{t}</code>")),
        }
    }
    s
}

/// One block as HTML, and as plain text (used to split a block that is too long by itself).
fn block(b: &Block) -> (String, String) {
    match b {
        Block::Heading(l) => (format!("<b>{}</b>", line(l)), l.plain()),
        Block::Paragraph(l) => (line(l), l.plain()),
        Block::Bullets(items) => (
            items
                .iter()
                .map(|l| format!("• {}", line(l)))
                .collect::<Vec<_>>()
                .join("\n"),
            items
                .iter()
                .map(|l| format!("• {}", l.plain()))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Block::Numbered(items) => (
            items
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{}. {}", i + 1, line(l)))
                .collect::<Vec<_>>()
                .join("\n"),
            items
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{}. {}", i + 1, l.plain()))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Block::Code(t) => (format!("<pre>{}</pre>", escape(t)), t.clone()),
        Block::Quote(t) => (format!("<blockquote>{}</blockquote>", escape(t)), t.clone()),
    }
}

/// Visible length of HTML as Telegram counts it (tags removed, entities as one character;
/// UTF-16 code units).
pub fn visible_len(html: &str) -> usize {
    let mut n = 0;
    let mut in_tag = false;
    let mut in_entity = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '&' => {
                in_entity = true;
                n += 1;
            }
            ';' if in_entity => in_entity = false,
            _ if in_entity => {}
            c => n += c.len_utf16(),
        }
    }
    n
}

/// A document as one or more HTML messages, each within `max` visible characters.
pub fn doc(d: &Doc, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for b in &d.0 {
        let (html, plain) = block(b);
        let sep = if cur.is_empty() { 0 } else { 2 };
        if visible_len(&cur) + sep + visible_len(&html) <= max {
            if sep > 0 {
                cur.push_str("\n\n");
            }
            cur.push_str(&html);
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if visible_len(&html) <= max {
            cur = html;
        } else {
            // Too long for one message by itself: send it as escaped plain text in pieces
            // (escaping can only lengthen by entities, which count as one character each).
            for p in crate::adapters::split::split_text(&plain, max, |s| s.encode_utf16().count()) {
                out.push(escape(&p));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    if out.is_empty() {
        out.push("…".into());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped() {
        let d = Doc::new().para(Line::new().b("<script>&").t(" a < b > c & \"d\" *_`[x](y)`_* \u{7}"));
        let html = doc(&d, MAX_TEXT);
        assert_eq!(
            html,
            vec!["<b>&lt;script&gt;&amp;</b> a &lt; b &gt; c &amp; &quot;d&quot; *_`[x](y)`_* ".to_string()]
        );
    }

    #[test]
    fn long_replies_split_on_boundaries_into_valid_pieces() {
        let para = "word ".repeat(300); // 1,500 characters
        let d = Doc::new()
            .heading("Title")
            .para(Line::new().b(para.clone()))
            .para(para.clone())
            .bullets(vec![para.clone(), para.clone()])
            .para(Line::new().t("x".repeat(10_000)));
        let parts = doc(&d, MAX_TEXT);
        assert!(parts.len() >= 4, "{}", parts.len());
        for p in &parts {
            assert!(visible_len(p) <= MAX_TEXT, "{}", visible_len(p));
            assert_eq!(p.matches("<b>").count(), p.matches("</b>").count(), "tags balanced");
        }
        let total: usize = parts.iter().map(|p| p.matches('x').count()).sum();
        assert_eq!(total, 10_000, "nothing lost");
    }

    #[test]
    fn utf16_lengths_are_counted() {
        assert_eq!(visible_len("<b>😀</b>&amp;"), 3);
        let emoji = "😀".repeat(3000); // 6,000 UTF-16 units
        let parts = doc(&Doc::new().para(emoji), MAX_TEXT);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| visible_len(p) <= MAX_TEXT));
    }
}
