//! Where spans are cut: bracketed, commented or tagged containers, the top-level ones, and
//! sentences that never split inside a container.

use std::ops::Range;

/// Matched bracket pairs (and `<!-- -->` comments, and `<tag>…</tag>` pairs) as byte ranges,
/// outermost first is not guaranteed; `hidden` marks comments.
pub(super) fn containers(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut out: Vec<(Range<usize>, bool)> = Vec::new();
    let b = text.as_bytes();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' && b.get(i + 1) == Some(&b'\n') {
            stack.clear();
        }
        if b[i..].starts_with(b"<!--")
            && let Some(j) = text[i + 4..].find("-->")
        {
            out.push((i..i + 4 + j + 3, true));
            i = i + 4 + j + 3;
            continue;
        }
        match c {
            b'(' | b'[' | b'{' => stack.push((c, i)),
            b'<' if b
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, b'/' | b'|' | b'<')) =>
            {
                stack.push((c, i))
            }
            b')' | b']' | b'}' | b'>' => {
                let open = match c {
                    b')' => b'(',
                    b']' => b'[',
                    b'}' => b'{',
                    _ => b'<',
                };
                if let Some(pos) = stack.iter().rposition(|(o, _)| *o == open) {
                    // A '<' pair may not span more than a tag's length.
                    let (_, s) = stack[pos];
                    if open != b'<' || i - s <= 60 {
                        out.push((s..i + 1, false));
                    }
                    stack.truncate(pos);
                }
            }
            _ => {}
        }
        i += 1;
    }
    // <tag> … </tag>: the span between a tag and its closing tag is one container.
    let tags: Vec<(Range<usize>, String, bool)> = out
        .iter()
        .filter(|(r, hidden)| !hidden && b[r.start] == b'<')
        .filter_map(|(r, _)| {
            let inner = text[r.start + 1..r.end - 1].trim();
            let (closing, name) = match inner.strip_prefix('/') {
                Some(n) => (true, n),
                None => (false, inner),
            };
            let name = name.split_whitespace().next().unwrap_or("").to_lowercase();
            (!name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':')))
            .then_some((r.clone(), name, closing))
        })
        .collect();
    for (k, (r, name, closing)) in tags.iter().enumerate() {
        if *closing {
            continue;
        }
        if let Some((rc, _, _)) = tags[k + 1..].iter().find(|(_, n, c)| *c && n == name) {
            out.push((r.start..rc.end, false));
        }
    }
    out
}

/// Top-level containers (not inside another).
pub(super) fn top_level(mut cs: Vec<(Range<usize>, bool)>) -> Vec<(Range<usize>, bool)> {
    cs.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end)));
    let mut out: Vec<(Range<usize>, bool)> = Vec::new();
    for c in cs {
        if out.last().is_some_and(|l| c.0.start < l.0.end) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Sentence ranges, never splitting inside a top-level container. Each with its paragraph.
pub(super) fn sentences(text: &str, tops: &[(Range<usize>, bool)]) -> Vec<(Range<usize>, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut para = 0;
    let mut i = 0;
    let mut ci = 0;
    let push = |out: &mut Vec<(Range<usize>, usize)>, s: usize, e: usize, para: usize| {
        let t = &text[s..e];
        let lead = t.len() - t.trim_start().len();
        let trail = t.len() - t.trim_end().len();
        if s + lead < e - trail {
            out.push((s + lead..e - trail, para));
        }
    };
    while i < b.len() {
        while ci < tops.len() && tops[ci].0.end <= i {
            ci += 1;
        }
        if ci < tops.len() && tops[ci].0.start <= i && i < tops[ci].0.end {
            i = tops[ci].0.end;
            // "[…] It took a month.": a capital after a container starts a new sentence.
            let rest = &text[i..];
            let next = rest.trim_start();
            if next.len() < rest.len() && next.starts_with(char::is_uppercase) {
                push(&mut out, start, i, para);
                start = i;
            }
            continue;
        }
        let c = b[i];
        let next_ws = b.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        let boundary = c == b'\n' || (matches!(c, b'.' | b'!' | b'?' | b';') && next_ws);
        if boundary {
            push(&mut out, start, i + 1, para);
            start = i + 1;
            if c == b'\n' && b.get(i + 1) == Some(&b'\n') {
                para += 1;
            }
        }
        i += 1;
    }
    push(&mut out, start, b.len(), para);
    out
}
