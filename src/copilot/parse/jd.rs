//! A job description read into its title, company, required and preferred skills,
//! responsibilities and seniority signals.
//!
//! Sections are found by their headings ("Responsibilities", "What you'll do", "Requirements",
//! "You have", "Nice to have", "Benefits", "About Acme"). Skills come from the requirement and
//! preferred sections as lists, and from the rest of the posting as prose (benefits and the
//! company blurb left out); required ones first.

use super::{Line, clip, is_action_verb, is_role_word, lines, norm, push_unique, skills, words};

const MAX_RESPONSIBILITIES: usize = 20;
const MAX_SKILLS: usize = 40;

/// What was read from a job description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JdRead {
    pub title: Option<String>,
    pub company: Option<String>,
    /// Required skills (and skills named outside any section).
    pub required: Vec<String>,
    /// Skills under "nice to have", "preferred", "bonus".
    pub preferred: Vec<String>,
    pub responsibilities: Vec<String>,
    pub seniority: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Intro,
    Responsibilities,
    Requirements,
    Preferred,
    About,
    Benefits,
}

fn section_of(heading: &str) -> Option<Section> {
    let h = norm(heading);
    let has = |ws: &[&str]| ws.iter().any(|w| h.contains(w));
    Some(
        if has(&[
            "nice to have",
            "preferred",
            "bonus",
            "plus",
            "good to have",
            "desirable",
            "nice-to-have",
        ]) {
            Section::Preferred
        } else if has(&[
            "responsibilit",
            "what you'll do",
            "what you will do",
            "what you'll be doing",
            "the role",
            "your role",
            "day to day",
            "day-to-day",
            "in this role",
            "your impact",
            "duties",
            "you will",
        ]) {
            Section::Responsibilities
        } else if has(&[
            "requirement",
            "qualification",
            "what you'll need",
            "what you need",
            "looking for",
            "you have",
            "about you",
            "must have",
            "must-have",
            "skills",
            "who you are",
            "what you bring",
            "experience",
        ]) {
            Section::Requirements
        } else if has(&["benefit", "perks", "what we offer", "compensation", "salary"]) {
            Section::Benefits
        } else if h.starts_with("about") || has(&["who we are", "the company", "our mission"]) {
            Section::About
        } else {
            return None;
        },
    )
}

/// A heading, or a short line that names a section ("About Acme", "You have").
fn is_heading(l: &Line) -> bool {
    l.heading
        || (!l.bullet
            && l.text.split_whitespace().count() <= 4
            && !l.text.contains(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
            && section_of(&l.text).is_some())
}

pub fn read(text: &str) -> JdRead {
    let ls: Vec<Line> = lines(text)
        .into_iter()
        .map(|mut l| {
            l.heading = is_heading(&l);
            l
        })
        .collect();
    let mut out = JdRead {
        title: title(&ls),
        company: company(&ls),
        ..Default::default()
    };
    let mut section = Section::Intro;
    for l in &ls {
        if l.heading {
            if let Some(s) = section_of(&l.text) {
                section = s;
            }
            continue;
        }
        let listy = l.bullet || l.text.matches(',').count() >= 2;
        match section {
            Section::Requirements | Section::Intro | Section::Responsibilities => {
                let in_list = listy && section != Section::Responsibilities;
                for s in skills::find(&l.text, in_list) {
                    push_unique(&mut out.required, s, MAX_SKILLS);
                }
            }
            Section::Preferred => {
                for s in skills::find(&l.text, listy) {
                    push_unique(&mut out.preferred, s, MAX_SKILLS);
                }
            }
            Section::About | Section::Benefits => {}
        }
        if section == Section::Responsibilities && words(&l.text).len() >= 3 {
            push_unique(&mut out.responsibilities, clip(&l.text, 300), MAX_RESPONSIBILITIES);
        }
    }
    out.preferred.retain(|s| !out.required.contains(s));
    if out.responsibilities.is_empty() {
        // No section: bullets that open with a verb ("Design…", "Own…") outside requirements.
        let mut section = Section::Intro;
        for l in &ls {
            if l.heading {
                section = section_of(&l.text).unwrap_or(section);
                continue;
            }
            if l.bullet
                && matches!(section, Section::Intro | Section::Responsibilities)
                && words(&l.text).first().is_some_and(|w| is_action_verb(w))
            {
                push_unique(&mut out.responsibilities, clip(&l.text, 300), MAX_RESPONSIBILITIES);
            }
        }
    }
    out.seniority = seniority(text);
    out
}

/// The job title: a first line that is a title, a "Title:"/"Position:"/"Role:" line, or what
/// follows "hiring a"/"looking for a" up to the role word.
fn title(ls: &[Line]) -> Option<String> {
    for l in ls.iter().take(12) {
        let lower = l.text.to_lowercase();
        for key in ["job title", "position", "role", "title"] {
            if let Some(rest) = lower.strip_prefix(key).and_then(|r| r.trim_start().strip_prefix(':')) {
                let start = l.text.len() - rest.len();
                let t = l.text[start..].trim();
                if !t.is_empty() {
                    return Some(clip(t, 80));
                }
            }
        }
    }
    if let Some(first) = ls.first() {
        let w = words(&first.text);
        if !first.bullet
            && w.len() <= 12
            && w.iter().any(|x| is_role_word(x))
            && !first.text.ends_with('.')
            && w.first().is_some_and(|x| !is_action_verb(x) || x == "lead")
        {
            return Some(clip(&first.text, 80));
        }
    }
    for l in ls.iter().take(20) {
        let lower = l.text.to_lowercase();
        for key in ["hiring a ", "hiring an ", "looking for a ", "looking for an "] {
            if let Some(i) = lower.find(key) {
                let rest = &l.text[i + key.len()..];
                let ws: Vec<&str> = rest.split_whitespace().collect();
                if let Some(end) = ws.iter().take(6).position(|w| is_role_word(&norm(w))) {
                    return Some(ws[..=end].join(" ").trim_end_matches([',', '.']).to_string());
                }
            }
        }
    }
    None
}

/// The company, when the posting names it: "About Acme", "Acme is hiring", "Company: Acme",
/// "At Acme, we …", "Join Acme".
fn company(ls: &[Line]) -> Option<String> {
    let name = |s: &str| -> Option<String> {
        let ws: Vec<&str> = s
            .split_whitespace()
            .take_while(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
            .take(4)
            .collect();
        let n = ws
            .join(" ")
            .trim_end_matches([',', '.', ':', '!', '’', '\''])
            .to_string();
        let n = n
            .strip_suffix("'s")
            .or_else(|| n.strip_suffix("’s"))
            .unwrap_or(&n)
            .to_string();
        let lower = n.to_lowercase();
        (!n.is_empty()
            && ![
                "us",
                "you",
                "the role",
                "the team",
                "the job",
                "the company",
                "we",
                "our",
            ]
            .contains(&lower.as_str())
            && !lower.starts_with("the "))
        .then_some(n)
    };
    for l in ls {
        let t = l.text.trim();
        let lower = t.to_lowercase();
        if let Some(rest) = lower.strip_prefix("company:") {
            return name(t[t.len() - rest.len()..].trim());
        }
        if l.heading
            && lower.starts_with("about ")
            && let Some(n) = name(&t[6..])
        {
            return Some(n);
        }
    }
    for l in ls {
        let t = l.text.trim();
        for key in [" is hiring", " are hiring", " is looking for", " is seeking"] {
            if let Some(i) = t.to_lowercase().find(key) {
                let before: Vec<&str> = t[..i].split_whitespace().collect();
                let tail = before[before.len().saturating_sub(3)..].join(" ");
                let start = tail
                    .split_whitespace()
                    .position(|w| w.chars().next().is_some_and(char::is_uppercase))
                    .unwrap_or(0);
                if let Some(n) = name(&tail.split_whitespace().skip(start).collect::<Vec<_>>().join(" ")) {
                    return Some(n);
                }
            }
        }
        for key in ["At ", "Join "] {
            if let Some(rest) = t.strip_prefix(key)
                && let Some(n) = name(rest)
                && (key == "Join " || rest.contains(','))
            {
                return Some(n);
            }
        }
    }
    None
}

/// Seniority signals, in a fixed order: "principal", "staff", "lead", "senior", "mid-level",
/// "junior", "entry level", "head of", "manager of managers", "mentor", and "N+ years".
pub fn seniority(text: &str) -> Vec<String> {
    let lower = format!(" {} ", text.to_lowercase().replace(['’'], "'"));
    let w = words(&lower);
    let has = |x: &str| w.iter().any(|y| y == x);
    let phrase = |p: &str| lower.contains(p);
    let mut out = Vec::new();
    if has("principal") {
        out.push("principal".to_string());
    }
    // "staff" before a title ("Staff Platform Engineer"), not "our staff".
    let staff = w.iter().enumerate().any(|(i, x)| {
        x == "staff"
            && w.iter()
                .skip(i + 1)
                .take(3)
                .any(|y| is_role_word(y) || y == "level" || y == "staff-level")
    }) || has("staff-level");
    if staff {
        out.push("staff".into());
    }
    if has("lead") || phrase("tech lead") || phrase("team lead") {
        out.push("lead".into());
    }
    if has("senior") || has("sr") {
        out.push("senior".into());
    }
    if phrase("mid-level") || phrase("mid level") || phrase("intermediate") {
        out.push("mid-level".into());
    }
    if has("junior") || has("jr") {
        out.push("junior".into());
    }
    if phrase("entry level") || phrase("entry-level") || phrase("graduate") || phrase("new grad") {
        out.push("entry level".into());
    }
    if phrase("head of") {
        out.push("head of".into());
    }
    if ["mentor", "mentors", "mentoring", "mentorship"].iter().any(|m| has(m)) {
        out.push("mentor".into());
    }
    if let Some(y) = years(&lower) {
        out.push(format!("{y}+ years"));
    }
    out
}

/// The largest "N+ years", "N years of", "N-M years" in the text (1–30).
fn years(lower: &str) -> Option<u32> {
    let toks: Vec<&str> = lower.split_whitespace().collect();
    let mut best = None;
    for (i, t) in toks.iter().enumerate() {
        let next = toks.get(i + 1).copied().unwrap_or("");
        if !(next.starts_with("year") || next.starts_with("yrs")) {
            continue;
        }
        let head = t.split(['-', '–']).next().unwrap_or("");
        let n: String = head.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = n.parse::<u32>()
            && (1..=30).contains(&n)
        {
            best = Some(best.map_or(n, |b: u32| b.max(n)));
        }
    }
    best
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const JD: &str = "\
Senior Backend Engineer (Payments)

Acme is hiring a Senior Backend Engineer to scale our checkout platform.

What you'll do:
- Design and build high-throughput payment services in Rust
- Own the reliability of the checkout API, including on-call
- Mentor engineers and lead technical design reviews

Requirements
- 5+ years of backend development experience
- Strong experience with Rust or Go, PostgreSQL and Kafka
- Experience running services on Kubernetes in AWS

Nice to have
- Terraform, GraphQL
- Experience with PCI DSS

About Acme
Acme builds payment infrastructure for 10,000 merchants. We use Python for internal tools.

Benefits
- Private health insurance, Figma licences for everyone
";

    #[test]
    fn a_realistic_posting_gives_title_company_skills_duties_and_seniority() {
        let r = read(JD);
        assert_eq!(r.title.as_deref(), Some("Senior Backend Engineer (Payments)"));
        assert_eq!(r.company.as_deref(), Some("Acme"));
        // "on-call" is how postings ask for incident management.
        assert_eq!(
            r.required,
            vec![
                "rust",
                "incident management",
                "go",
                "postgresql",
                "kafka",
                "kubernetes",
                "aws"
            ]
        );
        assert_eq!(r.preferred, vec!["terraform", "graphql"]);
        assert_eq!(r.responsibilities.len(), 3);
        assert!(r.responsibilities[0].starts_with("Design and build"));
        assert_eq!(r.seniority, vec!["lead", "senior", "mentor", "5+ years"]);
    }

    #[test]
    fn a_posting_without_headings_still_gives_what_it_can() {
        let r = read(
            "We're looking for a Junior Data Analyst to join Globex.\nYou will write SQL and build dashboards in Tableau.\n2-3 years of experience with Excel, SQL, Tableau is a plus.",
        );
        assert_eq!(r.title.as_deref(), Some("Junior Data Analyst"));
        assert_eq!(r.company, None);
        assert!(r.required.contains(&"sql".to_string()) && r.required.contains(&"tableau".to_string()));
        assert!(
            r.required.contains(&"excel".to_string()),
            "a comma list: {:?}",
            r.required
        );
        assert_eq!(r.seniority, vec!["junior", "2+ years"]);
    }

    #[test]
    fn about_headings_and_company_lines_name_the_company() {
        assert_eq!(
            read("Company: Initech Ltd\nRole: QA Tester").company.as_deref(),
            Some("Initech Ltd")
        );
        assert_eq!(read("Role: QA Tester").title.as_deref(), Some("QA Tester"));
        assert_eq!(read("About us\nWe are a team.").company, None);
        assert_eq!(
            read("Join Hooli, where search meets hardware.").company.as_deref(),
            Some("Hooli")
        );
    }
}
