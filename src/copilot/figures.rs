//! The figures of a text, as values ("120,000", "40 %", "$2M", "three weeks"): a draft the
//! model writes may contain no figure the user did not give (`invented_figures`).

/// The figures of a text, each as its value: digits with their separators and scale ("120,000",
/// "40%", "1.5x", "$2M", "120k", "2 million"), and number words ("three weeks"). A digit run
/// glued to letters before it is part of a name ("EC2", "Q3") and not a figure.
pub fn figures(text: &str) -> Vec<f64> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // (value, index after it) of the number just read, for a scale word after it.
    let mut last: Option<(usize, usize)> = None;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let glued = i > 0 && chars[i - 1].is_alphabetic();
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (matches!(chars[i], '.' | ',') && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())))
            {
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            let mut value = parse_number(&raw);
            // A scale glued to it: 120k, 2M, 3bn (not "3kg", "5ms").
            let rest: String = chars[i..].iter().take(3).collect::<String>().to_lowercase();
            let after = |n: usize| chars.get(i + n).is_none_or(|c| !c.is_alphabetic());
            if rest.starts_with("bn") && after(2) {
                value *= 1e9;
                i += 2;
            } else if rest.starts_with('k') && after(1) {
                value *= 1e3;
                i += 1;
            } else if rest.starts_with('m') && after(1) {
                value *= 1e6;
                i += 1;
            }
            if !glued && let Some(v) = value.is_finite().then_some(value) {
                out.push(v);
                last = Some((out.len() - 1, i));
            }
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            if start > 0 && chars[start - 1].is_ascii_digit() {
                continue;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            let scale = match word.as_str() {
                "hundred" | "hundreds" => Some(1e2),
                "thousand" | "thousands" => Some(1e3),
                "million" | "millions" => Some(1e6),
                "billion" | "billions" => Some(1e9),
                _ => None,
            };
            // "2 million", "three hundred": the scale multiplies the number just before it.
            if let (Some(s), Some((n, end))) = (scale, last)
                && chars[end..start].iter().all(|c| c.is_whitespace())
            {
                out[n] *= s;
                last = None;
                continue;
            }
            last = None;
            if let Some(v) = word_value(&word).or(scale) {
                out.push(v);
                last = Some((out.len() - 1, i));
            }
            continue;
        }
        if !c.is_whitespace() {
            last = None;
        }
        i += 1;
    }
    out
}

fn parse_number(raw: &str) -> f64 {
    // "120,000" is one number; "3,5" (a decimal comma) is read as 3.5.
    let thousands = raw
        .split(',')
        .skip(1)
        .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
    let clean = if thousands {
        raw.replace(',', "")
    } else {
        raw.replace(',', ".")
    };
    clean.parse().unwrap_or(f64::NAN)
}

/// The value of a number word ("one" is left out: it is mostly a pronoun).
fn word_value(w: &str) -> Option<f64> {
    let v = match w {
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "dozen" => 12.0,
        "half" => 0.5,
        "double" | "twice" => 2.0,
        "triple" => 3.0,
        _ => return None,
    };
    Some(v)
}

/// The figures of `draft` found in none of `sources` (the user's points, the CV lines, the
/// question), as written values ("25", "2019"): what a model's draft may not contain.
pub fn invented_figures(draft: &str, sources: &[&str]) -> Vec<String> {
    let known: Vec<f64> = sources.iter().flat_map(|s| figures(s)).collect();
    let mut out: Vec<String> = Vec::new();
    for v in figures(draft) {
        let seen = known.iter().any(|k| (k - v).abs() <= 1e-9 * v.abs().max(1.0));
        let shown = if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v}")
        };
        if !seen && !out.contains(&shown) {
            out.push(shown);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_with_their_scale_and_names_are_not_figures() {
        assert_eq!(figures("cut errors 40% in 3 weeks"), vec![40.0, 3.0]);
        assert_eq!(
            figures("moved 120,000 users, saved $2M, 120k calls"),
            vec![120_000.0, 2e6, 120e3]
        );
        assert_eq!(figures("two million rows and three weeks"), vec![2e6, 3.0]);
        assert_eq!(figures("on EC2 in Q3, 1.5x faster"), vec![1.5]);
        assert_eq!(figures("one of the teams"), Vec::<f64>::new());
    }

    #[test]
    fn a_figure_the_user_did_not_give_is_invented_and_a_rewording_is_not() {
        let points = "led the migration, 3 weeks late, cut errors 40%, 120,000 customers";
        assert!(
            invented_figures(
                "We were three weeks late; I cut errors by 40 % for 120k customers.",
                &[points]
            )
            .is_empty()
        );
        assert_eq!(
            invented_figures("I cut errors by 45% and saved 2019 hours.", &[points]),
            vec!["45".to_string(), "2019".to_string()]
        );
    }
}
