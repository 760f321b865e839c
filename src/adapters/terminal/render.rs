//! Replies → terminal text: ANSI styles for a TTY, plain text for pipes. Buttons are numbered;
//! typing `#2` presses the second.

use crate::engine::messages as m;
use crate::engine::reply::{Block, Content, Doc, Line, Reply, Style};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Ansi,
    Plain,
}

fn line(l: &Line, mode: Mode) -> String {
    let mut s = String::new();
    for span in &l.0 {
        let text = sanitize(&span.text);
        match (mode, span.style) {
            (Mode::Plain, _) | (_, Style::Plain) => s.push_str(&text),
            (Mode::Ansi, Style::Bold) => s.push_str(&format!("\x1b[1m{text}\x1b[0m")),
            (Mode::Ansi, Style::Italic) => s.push_str(&format!("\x1b[3m{text}\x1b[0m")),
            (Mode::Ansi, Style::Code) => s.push_str(&format!("\x1b[36m{text}\x1b[0m")),
        }
    }
    s
}

/// User and model text must not drive the terminal: drop escape and other control characters.
fn sanitize(s: &str) -> String {
    s.chars().filter(|c| !c.is_control() || *c == '\n').collect()
}

pub fn doc(d: &Doc, mode: Mode) -> String {
    let mut out = String::new();
    for (i, b) in d.0.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match b {
            Block::Heading(l) => {
                let t = line(l, Mode::Plain);
                match mode {
                    Mode::Ansi => out.push_str(&format!("\x1b[1;4m{t}\x1b[0m\n")),
                    Mode::Plain => out.push_str(&format!("== {t} ==\n")),
                }
            }
            Block::Paragraph(l) => {
                out.push_str(&line(l, mode));
                out.push('\n');
            }
            Block::Bullets(items) => {
                for l in items {
                    out.push_str(&format!("  • {}\n", line(l, mode)));
                }
            }
            Block::Numbered(items) => {
                for (n, l) in items.iter().enumerate() {
                    out.push_str(&format!("  {}. {}\n", n + 1, line(l, mode)));
                }
            }
            Block::Code(t) => {
                for l in sanitize(t).lines() {
                    match mode {
                        Mode::Ansi => out.push_str(&format!("    \x1b[36m{l}\x1b[0m\n")),
                        Mode::Plain => out.push_str(&format!("    {l}\n")),
                    }
                }
            }
            Block::Quote(t) => {
                for l in sanitize(t).lines() {
                    out.push_str(&format!("  │ {l}\n"));
                }
            }
        }
    }
    out
}

/// Render a reply; `first_button` numbers its buttons. Returns the text and the payloads.
pub fn reply(r: &Reply, mode: Mode, first_button: usize) -> (String, Vec<String>) {
    let mut out = match &r.content {
        Content::Text(d) => doc(d, mode),
        Content::Image { caption, .. } => format!("{}\n{}", m::TERMINAL_IMAGE, doc(caption, mode)),
        Content::File {
            name, bytes, caption, ..
        } => format!("{}{}\n", doc(caption, mode), m::terminal_file(name, bytes.len())),
    };
    let mut payloads = Vec::new();
    let mut labels = Vec::new();
    for row in &r.buttons {
        // The terminal has no private chats to link to.
        for b in row.iter().filter(|b| b.payload != crate::engine::reply::OPEN_DM) {
            payloads.push(b.payload.clone());
            labels.push(format!("[#{}] {}", first_button + payloads.len(), sanitize(&b.label)));
        }
    }
    if !labels.is_empty() {
        let joined = labels.join("  ");
        match mode {
            Mode::Ansi => out.push_str(&format!("\x1b[2m{joined}\x1b[0m\n")),
            Mode::Plain => out.push_str(&format!("{joined}\n")),
        }
    }
    (out, payloads)
}
