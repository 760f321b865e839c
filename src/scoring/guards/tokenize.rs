//! The guards' tokenizer: words (with apostrophes, hyphens, underscores), figures (decimals,
//! percentages, "A+"), and punctuation, each looked up once in the word classes.

use super::classes::{ANCHOR_BIT, lex};
use super::token::{Kind, Tok};

pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let index = &lex().index;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|c| c.1);
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_alphanumeric() {
            let digit = c.is_ascii_digit();
            let mut j = i + 1;
            while let Some(d) = at(j) {
                let next_alnum = at(j + 1).is_some_and(|n| n.is_alphanumeric());
                let next_digit = at(j + 1).is_some_and(|n| n.is_ascii_digit());
                if d.is_alphanumeric()
                    || (matches!(d, '\'' | '-' | '_') && next_alnum)
                    || (digit && matches!(d, '.' | ',') && next_digit)
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if digit && at(j) == Some('%') {
                j += 1;
            }
            // "A+" as a grade.
            if j == i + 1 && c.is_alphabetic() && at(j) == Some('+') && !at(j + 1).is_some_and(|n| n.is_alphanumeric())
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |c| c.0);
            let surface = &text[start..end];
            let lo = if surface.is_ascii() {
                surface.to_ascii_lowercase()
            } else {
                surface.to_lowercase()
            };
            let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
            let kind = if digit { Kind::Num } else { Kind::Word };
            let (bits, pbits) = if digit {
                (0, 0)
            } else {
                index.get(&lo).copied().unwrap_or_default()
            };
            let nbits = if digit {
                0
            } else {
                lo.strip_suffix('s').and_then(|w| index.get(w)).map_or(0, |b| b.0)
                    | lo.strip_suffix("es").and_then(|w| index.get(w)).map_or(0, |b| b.0)
            };
            let anchor = if digit {
                at(j) == Some('/') || matches!(lo.trim_end_matches('%'), "100" | "10" | "5" | "9" | "90" | "95" | "99")
            } else {
                (bits | nbits) & ANCHOR_BIT != 0
                    // "score_override", "candidate_mark": a grade word inside an identifier
                    || (lo.contains('_')
                        && lo.split('_').any(|part| {
                            index.get(part).is_some_and(|b| b.0 & ANCHOR_BIT != 0)
                                && !matches!(part, "id" | "at" | "ts" | "model" | "system" | "tool")
                        }))
            };
            out.push(Tok {
                lo,
                start,
                end,
                kind,
                cap: c.is_uppercase(),
                upper: letters >= 2 && surface.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()),
                anchor,
                bits,
                nbits,
                pbits,
            });
            i = j;
        } else {
            if !c.is_whitespace() || c == '\n' {
                out.push(Tok {
                    // Punctuation is compared with `Tok::p`; no allocation for it.
                    lo: String::new(),
                    start,
                    end: start + c.len_utf8(),
                    kind: Kind::Punct(c),
                    cap: false,
                    upper: false,
                    // "<|im_start|>" and the like.
                    anchor: c == '<' && at(i + 1) == Some('|'),
                    bits: 0,
                    nbits: 0,
                    pbits: 0,
                });
            }
            i += 1;
        }
    }
    out
}
