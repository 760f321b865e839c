//! Known skills and tools (`data/skills.txt`: a name, then the other ways people write it) found
//! in text. Names of up to four words are matched longest first ("react native" before
//! "react"); a name that is also a common word ("go", "swift", marked `?`) counts only in a
//! skills list (a skills section, a requirements list, a comma-separated line).

use std::collections::HashMap;
use std::sync::LazyLock;

pub const EMBEDDED_SKILLS: &str = include_str!("../../../data/skills.txt");

/// The longest name matched, in words.
const MAX_WORDS: usize = 4;

struct Entry {
    canonical: String,
    /// The bare name is a common word: only in lists.
    ambiguous: bool,
}

struct Skills {
    by_name: HashMap<String, Entry>,
}

static SKILLS: LazyLock<Skills> = LazyLock::new(|| parse(EMBEDDED_SKILLS));

fn parse(src: &str) -> Skills {
    let mut by_name = HashMap::new();
    for line in src
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (head, aliases) = line.split_once(':').unwrap_or((line, ""));
        let ambiguous = head.starts_with('?');
        let canonical = head.trim_start_matches('?').trim().to_string();
        by_name.insert(
            canonical.clone(),
            Entry {
                canonical: canonical.clone(),
                ambiguous,
            },
        );
        for a in aliases.split(',').map(str::trim).filter(|a| !a.is_empty()) {
            by_name.insert(
                a.to_string(),
                Entry {
                    canonical: canonical.clone(),
                    ambiguous: false,
                },
            );
        }
    }
    Skills { by_name }
}

/// Tokens of text as skills are written: lower case, keeping `+ # . / & -` inside a token
/// ("c++", "c#", "node.js", "ci/cd"), sentence punctuation dropped.
fn tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_alphanumeric() || "+#./&-".contains(c)))
        .map(|t| {
            t.trim_end_matches(['.', '/', '-', '&'])
                .trim_start_matches(['/', '-', '&'])
        })
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The skills named in `text`, canonical names in order of first mention. `in_list`: the text
/// is a list of skills, so common-word names count too.
pub fn find(text: &str, in_list: bool) -> Vec<String> {
    let s = &*SKILLS;
    let toks = tokens(text);
    let mut out: Vec<String> = Vec::new();
    let add = |e: &Entry, bare: bool, out: &mut Vec<String>| {
        if (!e.ambiguous || !bare || in_list) && !out.contains(&e.canonical) {
            out.push(e.canonical.clone());
        }
    };
    let mut i = 0;
    while i < toks.len() {
        let mut matched = 0;
        for n in (1..=MAX_WORDS.min(toks.len() - i)).rev() {
            let name = toks[i..i + n].join(" ");
            if let Some(e) = s.by_name.get(&name) {
                add(e, name == e.canonical, &mut out);
                matched = n;
                break;
            }
        }
        if matched == 0 {
            let t = &toks[i];
            // "python/django", ".net" written as "net" after a dot was split off.
            let dotted = format!(".{}", t.trim_start_matches('.'));
            if let Some(e) = s.by_name.get(&dotted).filter(|_| t.starts_with('.')) {
                add(e, false, &mut out);
            } else if t.contains('/') {
                for part in t.split('/') {
                    if let Some(e) = s.by_name.get(part) {
                        add(e, part == e.canonical, &mut out);
                    }
                }
            }
            matched = 1;
        }
        i += matched;
    }
    out
}

/// A skills line's items: "Languages: Rust, Go; Tools: Docker" → known skills, plus short items
/// the list does not know ("Kubeflow"), lower case.
pub fn from_list(line: &str) -> Vec<String> {
    let mut out = find(line, true);
    let body = match line.split_once(':') {
        Some((label, rest)) if label.split_whitespace().count() <= 3 => rest,
        _ => line,
    };
    for item in body.split([',', ';', '|', '•', '·']) {
        let item = item.trim().trim_end_matches('.').trim();
        let words = item.split_whitespace().count();
        if (1..=3).contains(&words)
            && item.len() <= 30
            && item.chars().any(char::is_alphabetic)
            && !item.contains(['(', ')', ':'])
        {
            let known = find(item, true);
            if known.is_empty() {
                let lower = item.to_lowercase();
                if !out.contains(&lower) {
                    out.push(lower);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_parses_with_unique_lower_case_names() {
        let mut seen = std::collections::HashSet::new();
        for line in EMBEDDED_SKILLS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let (head, aliases) = line.split_once(':').unwrap_or((line, ""));
            for n in std::iter::once(head.trim_start_matches('?')).chain(aliases.split(',')) {
                let n = n.trim();
                if n.is_empty() {
                    continue;
                }
                assert_eq!(n, n.to_lowercase(), "{line}");
                assert!(seen.insert(n.to_string()), "{n} twice");
                assert!(n.split_whitespace().count() <= MAX_WORDS, "{n}");
            }
        }
        assert!(seen.len() > 300, "{}", seen.len());
    }

    #[test]
    fn aliases_map_to_one_name_and_longest_names_win() {
        assert_eq!(
            find(
                "Ran k8s clusters on AWS with Postgres, JS and React Native apps.",
                false
            ),
            vec!["kubernetes", "aws", "postgresql", "javascript", "react native"]
        );
        assert_eq!(
            find("C++, C# and .NET; Node.js, CI/CD", false),
            vec!["c++", "c#", ".net", "node.js", "ci/cd"]
        );
        assert_eq!(find("Python/Django services", false), vec!["python", "django"]);
    }

    #[test]
    fn common_word_names_count_only_in_lists() {
        assert!(find("Let's go live with swift delivery", false).is_empty());
        assert_eq!(find("Go, Swift, Rust", true), vec!["go", "swift", "rust"]);
        // An alias of a common-word name is not common: "golang" counts in prose.
        assert_eq!(find("Wrote golang services", false), vec!["go"]);
    }

    #[test]
    fn a_skills_line_keeps_unknown_short_items() {
        assert_eq!(
            from_list("Tools: Docker, Kubeflow, Go, Internal Tooling Platform X"),
            vec!["docker", "go", "kubeflow"]
        );
    }
}
