//! Platform-neutral replies: a small document model that every adapter renders for its platform.
//! Adapters never parse our text: structure (headings, bullets, code) and emphasis are data.

use serde::{Deserialize, Serialize};

/// Inline emphasis of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Style {
    #[default]
    Plain,
    Bold,
    Italic,
    Code,
}

/// A run of text with one style. Text is raw: adapters escape it for their platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

/// One line of inline content.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Line(pub Vec<Span>);

impl Line {
    pub fn new() -> Self {
        Line(Vec::new())
    }
    fn push(mut self, text: impl Into<String>, style: Style) -> Self {
        let text = text.into();
        if !text.is_empty() {
            self.0.push(Span { text, style });
        }
        self
    }
    /// Plain text.
    pub fn t(self, text: impl Into<String>) -> Self {
        self.push(text, Style::Plain)
    }
    /// Bold text.
    pub fn b(self, text: impl Into<String>) -> Self {
        self.push(text, Style::Bold)
    }
    /// Italic text.
    pub fn i(self, text: impl Into<String>) -> Self {
        self.push(text, Style::Italic)
    }
    /// Inline code.
    pub fn c(self, text: impl Into<String>) -> Self {
        self.push(text, Style::Code)
    }
    pub fn plain(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|s| s.text.is_empty())
    }
}

impl From<&str> for Line {
    fn from(s: &str) -> Self {
        Line::new().t(s)
    }
}

impl From<String> for Line {
    fn from(s: String) -> Self {
        Line::new().t(s)
    }
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    Heading(Line),
    Paragraph(Line),
    Bullets(Vec<Line>),
    Numbered(Vec<Line>),
    /// Pre-formatted text (templates, skeletons), shown in a monospace block.
    Code(String),
    /// Quoted text, e.g. the user's own words as evidence.
    Quote(String),
}

/// A platform-neutral document: what a reply says.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Doc(pub Vec<Block>);

impl Doc {
    pub fn new() -> Self {
        Doc(Vec::new())
    }
    pub fn heading(mut self, l: impl Into<Line>) -> Self {
        self.0.push(Block::Heading(l.into()));
        self
    }
    pub fn para(mut self, l: impl Into<Line>) -> Self {
        let l = l.into();
        if !l.is_empty() {
            self.0.push(Block::Paragraph(l));
        }
        self
    }
    pub fn bullets<L: Into<Line>>(mut self, items: impl IntoIterator<Item = L>) -> Self {
        let items: Vec<Line> = items.into_iter().map(Into::into).collect();
        if !items.is_empty() {
            self.0.push(Block::Bullets(items));
        }
        self
    }
    pub fn numbered<L: Into<Line>>(mut self, items: impl IntoIterator<Item = L>) -> Self {
        let items: Vec<Line> = items.into_iter().map(Into::into).collect();
        if !items.is_empty() {
            self.0.push(Block::Numbered(items));
        }
        self
    }
    pub fn code(mut self, text: impl Into<String>) -> Self {
        self.0.push(Block::Code(text.into()));
        self
    }
    pub fn quote(mut self, text: impl Into<String>) -> Self {
        self.0.push(Block::Quote(text.into()));
        self
    }
    pub fn append(mut self, other: Doc) -> Self {
        self.0.extend(other.0);
        self
    }

    /// Plain-text rendering (no markup): used by the piped terminal, logs and tests.
    pub fn to_plain(&self) -> String {
        let mut out = String::new();
        for (i, block) in self.0.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match block {
                Block::Heading(l) | Block::Paragraph(l) => {
                    out.push_str(&l.plain());
                    out.push('\n');
                }
                Block::Bullets(items) => {
                    for l in items {
                        out.push_str("- ");
                        out.push_str(&l.plain());
                        out.push('\n');
                    }
                }
                Block::Numbered(items) => {
                    for (n, l) in items.iter().enumerate() {
                        out.push_str(&format!("{}. {}\n", n + 1, l.plain()));
                    }
                }
                Block::Code(t) => {
                    out.push_str(t.trim_end());
                    out.push('\n');
                }
                Block::Quote(t) => {
                    for line in t.lines() {
                        out.push_str("> ");
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            }
        }
        out
    }
}

/// A button under a reply. The payload is opaque to adapters and at most
/// [`MAX_PAYLOAD`] bytes, so it fits Telegram's callback data and Discord's custom ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub payload: String,
}

pub const MAX_PAYLOAD: usize = 64;

/// A button with this payload opens a private chat with the bot: adapters render it as a link
/// (Telegram: `t.me/<bot>?start=mock`) or leave it out where they cannot.
pub const OPEN_DM: &str = "@dm";

/// Who may see a reply. Adapters that can (Discord interactions) make private replies ephemeral;
/// others send them to the conversation they came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Visibility {
    #[default]
    Normal,
    Private,
}

/// What a reply is, so adapters can choose a presentation (e.g. a Discord embed for reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ReplyKind {
    #[default]
    Message,
    /// A question of a mock interview.
    Question,
    /// Feedback on one answer.
    Feedback,
    /// A final report.
    Report,
    /// Something went wrong or input was rejected.
    Notice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Content {
    Text(Doc),
    Image {
        png: Vec<u8>,
        caption: Doc,
    },
    File {
        name: String,
        mime: String,
        bytes: Vec<u8>,
        caption: Doc,
    },
}

/// One reply of the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub content: Content,
    /// Rows of buttons.
    pub buttons: Vec<Vec<Button>>,
    pub visibility: Visibility,
    pub kind: ReplyKind,
    /// The final form of progressive stream N of this turn (see [`Partial`]): an adapter that
    /// showed the stream edits that message into this reply instead of sending a new one.
    #[serde(default)]
    pub stream: Option<u32>,
}

/// A reply still being written (a streamed LLM answer): the whole text so far, as plain text.
/// Adapters show it by editing one message at a bounded rate; the turn's final replies include
/// the finished reply with `stream == Some(stream)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partial {
    pub stream: u32,
    pub text: String,
}

/// Turn light markdown from a model into our markup: `#` headings, `-`/`*`/`1.` list items,
/// blank-line paragraphs, `**bold**`, `*italic*`/`_italic_` and `` `code` ``. Everything else
/// stays text, so adapters escape it like any other text.
pub fn doc_from_markdown(md: &str) -> Doc {
    let mut doc = Doc::new();
    let mut para: Vec<String> = Vec::new();
    let mut items: Vec<Line> = Vec::new();
    fn flush(doc: &mut Doc, para: &mut Vec<String>, items: &mut Vec<Line>) {
        if !para.is_empty() {
            let d = std::mem::take(doc).para(inline(&para.join(" ")));
            *doc = d;
            para.clear();
        }
        if !items.is_empty() {
            let d = std::mem::take(doc).bullets(std::mem::take(items));
            *doc = d;
        }
    }
    for raw in md.lines() {
        let l = raw.trim();
        if l.is_empty() {
            flush(&mut doc, &mut para, &mut items);
            continue;
        }
        if let Some(h) = l.strip_prefix('#') {
            flush(&mut doc, &mut para, &mut items);
            doc = doc.heading(inline(h.trim_start_matches('#').trim()));
            continue;
        }
        let item = l
            .strip_prefix("- ")
            .or_else(|| l.strip_prefix("* "))
            .or_else(|| l.strip_prefix("• "))
            .or_else(|| {
                let digits = l.chars().take_while(|c| c.is_ascii_digit()).count();
                (digits > 0 && digits <= 2)
                    .then(|| {
                        l[digits..]
                            .strip_prefix(". ")
                            .or_else(|| l[digits..].strip_prefix(") "))
                    })
                    .flatten()
            });
        match item {
            Some(it) => {
                if !para.is_empty() {
                    let d = std::mem::take(&mut doc).para(inline(&para.join(" ")));
                    doc = d;
                    para.clear();
                }
                items.push(inline(it.trim()));
            }
            None => {
                if !items.is_empty() {
                    let d = std::mem::take(&mut doc).bullets(std::mem::take(&mut items));
                    doc = d;
                }
                para.push(l.to_string());
            }
        }
    }
    flush(&mut doc, &mut para, &mut items);
    doc
}

/// Inline markdown of one line.
fn inline(s: &str) -> Line {
    let mut line = Line::new();
    let mut rest = s;
    while !rest.is_empty() {
        let next = ["**", "`", "*", "_"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min_by_key(|(i, m)| (*i, std::cmp::Reverse(m.len())));
        let Some((i, marker)) = next else {
            line = line.t(rest);
            break;
        };
        let after = &rest[i + marker.len()..];
        // `_` inside a word (snake_case) is not emphasis.
        let word_inside = marker == "_" && i > 0 && rest[..i].chars().last().is_some_and(|c| c.is_alphanumeric());
        match after.find(marker) {
            Some(j) if j > 0 && !word_inside => {
                if i > 0 {
                    line = line.t(&rest[..i]);
                }
                let inner = &after[..j];
                line = match marker {
                    "**" => line.b(inner),
                    "`" => line.c(inner),
                    _ => line.i(inner),
                };
                rest = &after[j + marker.len()..];
            }
            _ => {
                line = line.t(&rest[..i + marker.len()]);
                rest = after;
            }
        }
    }
    line
}

impl Reply {
    pub fn text(doc: Doc) -> Self {
        Reply {
            content: Content::Text(doc),
            buttons: Vec::new(),
            visibility: Visibility::Normal,
            kind: ReplyKind::Message,
            stream: None,
        }
    }
    pub fn file(name: impl Into<String>, mime: impl Into<String>, bytes: Vec<u8>, caption: Doc) -> Self {
        Reply {
            content: Content::File {
                name: name.into(),
                mime: mime.into(),
                bytes,
                caption,
            },
            ..Reply::text(Doc::new())
        }
    }
    pub fn image(png: Vec<u8>, caption: Doc) -> Self {
        Reply {
            content: Content::Image { png, caption },
            ..Reply::text(Doc::new())
        }
    }
    pub fn kind(mut self, kind: ReplyKind) -> Self {
        self.kind = kind;
        self
    }
    pub fn private(mut self) -> Self {
        self.visibility = Visibility::Private;
        self
    }
    pub fn row(mut self, row: Vec<Button>) -> Self {
        if !row.is_empty() {
            self.buttons.push(row);
        }
        self
    }
    /// The reply as plain text (buttons listed at the end): for logs, the piped terminal and tests.
    pub fn to_plain(&self) -> String {
        let mut s = match &self.content {
            Content::Text(d) => d.to_plain(),
            Content::Image { caption, .. } => format!("[image]\n{}", caption.to_plain()),
            Content::File {
                name, bytes, caption, ..
            } => {
                format!(
                    "[file {} ({})]\n{}",
                    name,
                    super::messages::plural(bytes.len(), "byte", "bytes"),
                    caption.to_plain()
                )
            }
        };
        for row in &self.buttons {
            let labels: Vec<String> = row.iter().map(|b| format!("[{}]", b.label)).collect();
            s.push_str(&labels.join(" "));
            s.push('\n');
        }
        s
    }
}
