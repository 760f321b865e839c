//! Splitting text that is too long for one message, shared by the adapters (each measures
//! length its own way: Telegram in UTF-16 units, Discord in characters).

/// Pieces of at most `max` (as measured by `len`): at line breaks, else at spaces, else
/// anywhere (a 5,000-character word still goes out). Nothing is lost; blank pieces are dropped.
pub fn split_text(text: &str, max: usize, len: impl Fn(&str) -> usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for piece in text.split_inclusive('\n') {
        if len(&cur) + len(piece) <= max {
            cur.push_str(piece);
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if len(piece) <= max {
            cur.push_str(piece);
            continue;
        }
        for word in piece.split_inclusive(' ') {
            if len(&cur) + len(word) > max && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if len(word) <= max {
                cur.push_str(word);
            } else {
                let mut buf = [0u8; 4];
                for ch in word.chars() {
                    if len(&cur) + len(ch.encode_utf8(&mut buf)) > max && !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                    cur.push(ch);
                }
            }
        }
    }
    out.push(cur);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}
