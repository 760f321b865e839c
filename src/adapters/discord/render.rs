//! Our markup → Discord markdown. User and model text is escaped (markdown characters, and
//! mentions defused with a zero-width space; messages also go out with no allowed mentions);
//! messages over 2,000 characters split between blocks, then lines, then words.

use crate::engine::reply::{Block, Doc, Line, Style};

pub const MAX_CONTENT: usize = 2000;
/// Embed description limit.
pub const MAX_EMBED: usize = 4096;

/// Escape Discord markdown and defuse mentions in text we did not write.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '@' => {
                out.push('@');
                out.push('\u{200B}');
            }
            '<' => {
                // `<@123>`, `<#1>`, `<:emoji:1>` would render as mentions or links.
                out.push('<');
                out.push('\u{200B}');
            }
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn line(l: &Line) -> String {
    let mut s = String::new();
    for span in &l.0 {
        match span.style {
            Style::Plain => s.push_str(&escape(&span.text)),
            Style::Bold => s.push_str(&format!("**{}**", escape(&span.text))),
            Style::Italic => s.push_str(&format!("*{}*", escape(&span.text))),
            // Inside code, markdown is inert; only backticks need care.
            Style::Code => s.push_str(&format!("`{}`", span.text.replace('`', "ˋ"))),
        }
    }
    s
}

fn block(b: &Block) -> String {
    match b {
        Block::Heading(l) => format!("**{}**", line(l)),
        Block::Paragraph(l) => line(l),
        Block::Bullets(items) => items
            .iter()
            .map(|l| format!("• {}", line(l)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Numbered(items) => items
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{}. {}", i + 1, line(l)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Code(t) => format!("```\n{}\n```", t.replace("```", "ˋˋˋ")),
        Block::Quote(t) => t
            .lines()
            .map(|l| format!("> {}", escape(l)))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Split text at line, then word, then character boundaries into pieces of at most `max`
/// characters. A code block cut in two is closed and reopened so both halves render.
fn split(text: &str, max: usize) -> Vec<String> {
    let out = crate::adapters::split::split_text(text, max, |s| s.chars().count());
    // Keep code fences balanced in every piece.
    let mut open = false;
    let mut fixed = Vec::with_capacity(out.len());
    for p in out {
        let mut p = p.trim_end_matches('\n').to_string();
        if open {
            p = format!("```\n{p}");
        }
        let fences = p.matches("```").count();
        let ends_open = fences % 2 == 1;
        if ends_open {
            p.push_str("\n```");
        }
        open = ends_open;
        fixed.push(p);
    }
    fixed
}

/// A document as one or more messages of at most `max` characters (room kept for fences).
pub fn doc(d: &Doc, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let budget = max.saturating_sub(8).max(1);
    for b in &d.0 {
        let md = block(b);
        let sep = if cur.is_empty() { 0 } else { 2 };
        if cur.chars().count() + sep + md.chars().count() <= budget {
            if sep > 0 {
                cur.push_str("\n\n");
            }
            cur.push_str(&md);
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if md.chars().count() <= budget {
            cur = md;
        } else {
            out.extend(split(&md, budget));
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

/// The whole document as one markdown text (embed descriptions), or `None` if too long.
pub fn embed_text(d: &Doc) -> Option<String> {
    let all = d.0.iter().skip(1).map(block).collect::<Vec<_>>().join("\n\n");
    (all.chars().count() <= MAX_EMBED).then_some(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_and_markdown_in_user_text_are_defused() {
        let d = Doc::new().para(Line::new().t("@everyone <@123> **not bold** _x_ `y` > quote"));
        let md = doc(&d, MAX_CONTENT).remove(0);
        assert!(!md.contains("@everyone"), "{md}");
        assert!(!md.contains("<@123>"), "{md}");
        assert!(md.contains("\\*\\*not bold\\*\\*"), "{md}");
        let d = Doc::new().para(Line::new().b("Score: 72/100"));
        assert_eq!(doc(&d, MAX_CONTENT), vec!["**Score: 72/100**".to_string()]);
    }

    #[test]
    fn long_replies_split_under_the_limit_with_balanced_fences() {
        let para = "word ".repeat(300);
        let d = Doc::new()
            .heading("Title")
            .para(para.clone())
            .para(para.clone())
            .code("line\n".repeat(600))
            .para("x".repeat(5000));
        let parts = doc(&d, MAX_CONTENT);
        assert!(parts.len() >= 5);
        for p in &parts {
            assert!(p.chars().count() <= MAX_CONTENT, "{}", p.chars().count());
            assert_eq!(p.matches("```").count() % 2, 0, "fences balanced: {p}");
        }
        let xs: usize = parts.iter().map(|p| p.matches('x').count()).sum();
        assert_eq!(xs, 5000);
    }
}
