//! Argument words: what a user typed after a command, split the way every command reads it.

/// Split arguments into lower-case words, joining multi-word values users type with spaces
/// ("product manager" → "product_manager") when the joined form is a known value.
pub fn words(args: &str, known: impl Fn(&str) -> bool) -> Vec<String> {
    let raw: Vec<String> = args
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches(|c: char| c == '"' || c == '\'').to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if i + 1 < raw.len() {
            let joined = format!("{}_{}", raw[i], raw[i + 1]);
            if known(&joined) {
                out.push(joined);
                i += 2;
                continue;
            }
        }
        out.push(raw[i].clone());
        i += 1;
    }
    out
}
