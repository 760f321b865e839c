//! A CV read into roles, skills, achievements and the lines worth ranking against a question.
//!
//! - Roles: a line naming a job title (a word of `role_words`) with a date, " at ", or a
//!   separator before the employer ("Senior Engineer, Acme (2021–2024)", "Analyst at Globex",
//!   "Designer | Initech | 2019 – present"); a title alone on its line takes the dates or the
//!   employer from the next line. A headline title counts when nothing else does.
//! - Skills: every item of a skills section, and the known skills named anywhere.
//! - Achievements: bullets and sentences with an action verb and a figure that is no year.
//! - Lines: the experience bullets and sentences (not headings, roles, contact details or
//!   skills lists).

use super::{
    Line, clip, has_date, has_figure, is_action_verb, is_contact, is_role_word, lines, push_unique, skills, words,
};

const MAX_ROLES: usize = 12;
const MAX_SKILLS: usize = 60;
const MAX_ACHIEVEMENTS: usize = 30;
const MAX_LINES: usize = 200;
const MAX_LINE_CHARS: usize = 400;

/// What was read from a CV.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CvRead {
    pub roles: Vec<String>,
    pub skills: Vec<String>,
    pub achievements: Vec<String>,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Skills,
    Education,
}

fn section_of(heading: &str) -> Section {
    let h = heading.to_lowercase();
    if ["skill", "technolog", "tools", "stack", "competenc", "languages"]
        .iter()
        .any(|w| h.contains(w))
    {
        Section::Skills
    } else if ["education", "certification", "courses", "training"]
        .iter()
        .any(|w| h.contains(w))
    {
        Section::Education
    } else {
        Section::Other
    }
}

/// A title on a line: a role word among its words, not a sentence that starts with a verb.
fn titled(l: &Line) -> bool {
    let w = words(&l.text);
    !l.bullet
        && !l.heading
        && l.text.chars().count() <= 120
        && w.len() <= 16
        && w.first().is_some_and(|f| !is_action_verb(f))
        && w.iter().any(|x| is_role_word(x))
        && !l.text.ends_with('.')
}

fn role_signal(s: &str) -> bool {
    let l = format!(" {} ", s.to_lowercase());
    has_date(s) || l.contains(" at ") || s.contains([',', '|', '@', '—', '–']) || l.contains(" - ")
}

pub fn read(text: &str) -> CvRead {
    let ls = lines(text);
    let mut out = CvRead::default();
    let mut section = Section::Other;
    let mut headline: Option<String> = None;
    let mut used_as_role = vec![false; ls.len()];
    // Skills the CV lists in a skills section come first, then those named elsewhere.
    let mut listed: Vec<String> = Vec::new();
    for (i, l) in ls.iter().enumerate() {
        if l.heading {
            section = section_of(&l.text);
            continue;
        }
        if section == Section::Skills {
            for s in skills::from_list(&l.text) {
                push_unique(&mut listed, s, MAX_SKILLS);
            }
            continue;
        }
        for s in skills::find(&l.text, l.text.matches(',').count() >= 2 && !l.text.ends_with('.')) {
            push_unique(&mut out.skills, s, MAX_SKILLS);
        }
        if is_contact(&l.text) || section == Section::Education {
            continue;
        }
        if titled(l) {
            // The dates (or the employer) may stand on the next line.
            let next = ls
                .get(i + 1)
                .filter(|n| !n.bullet && !n.heading && n.text.chars().count() <= 80 && !titled(n))
                .filter(|n| has_date(&n.text) && !has_date(&l.text) && l.text.split_whitespace().count() <= 10);
            if role_signal(&l.text) || next.is_some() {
                let role = match next {
                    Some(n) => format!("{}, {}", l.text, n.text),
                    None => l.text.clone(),
                };
                push_unique(&mut out.roles, clip(&role, 120), MAX_ROLES);
                used_as_role[i] = true;
                if next.is_some() {
                    used_as_role[i + 1] = true;
                }
                continue;
            }
            if i < 4 && headline.is_none() {
                headline = Some(clip(&l.text, 120));
                continue;
            }
        }
    }
    for s in std::mem::take(&mut out.skills) {
        push_unique(&mut listed, s, MAX_SKILLS);
    }
    out.skills = listed;
    if out.roles.is_empty()
        && let Some(h) = headline
    {
        out.roles.push(h);
    }
    // Achievements and ranking lines, from everything that is not a heading, a role, contact
    // details, a skills list or education.
    section = Section::Other;
    for (i, l) in ls.iter().enumerate() {
        if l.heading {
            section = section_of(&l.text);
            continue;
        }
        if section != Section::Other || used_as_role[i] || is_contact(&l.text) {
            continue;
        }
        for sentence in sentences(&l.text) {
            let w = words(&sentence);
            if w.len() < 4 {
                continue;
            }
            let sentence = clip(&sentence, MAX_LINE_CHARS);
            if has_figure(&sentence) && w.iter().take(3).any(|x| is_action_verb(x)) {
                push_unique(&mut out.achievements, sentence.clone(), MAX_ACHIEVEMENTS);
            }
            if l.bullet || w.len() >= 6 {
                push_unique(&mut out.lines, sentence, MAX_LINES);
            }
        }
    }
    out
}

/// A line's sentences ("Led X. Cut Y by 40%." → two), keeping decimals ("2.5x") whole.
pub(crate) fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let end = matches!(c, '.' | '!' | '?')
            && chars.get(i + 1).is_some_and(|n| *n == ' ')
            && chars.get(i + 2).is_some_and(|n| n.is_uppercase());
        if end {
            out.push(cur.trim().to_string());
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub const CV: &str = "\
Jane Doe
Senior Backend Engineer
jane.doe@example.com | +44 20 7946 0958 | linkedin.com/in/janedoe

SUMMARY
Backend engineer with 8 years of experience building payment systems in Rust and Go.

EXPERIENCE
Senior Backend Engineer, Acme Payments (2021 – present)
- Led the migration of the ledger from MySQL to PostgreSQL with zero downtime for 2M customers.
- Cut p99 checkout latency by 45% by rewriting the pricing service in Rust.
- Scaled the event pipeline on Kafka to 40,000 requests per second during Black Friday traffic.
- Resolved a long-running disagreement with the product team over release scope by proposing a staged rollout.
- Mentored 4 junior engineers; two were promoted within a year.

Software Engineer at Globex
2017 - 2021
- Built the internal deployment tool on k8s and Terraform, used by 30 teams.
- Reduced cloud costs by $120k a year by right-sizing AWS instances.
- Wrote the on-call runbook and handled incidents for the billing service.

SKILLS
Languages: Rust, Go, Python, SQL
Infrastructure: Kubernetes, Docker, Terraform, AWS
Other: Event sourcing, Domain-driven design

EDUCATION
BSc Computer Science, University of Leeds (2013 – 2017)
";

    #[test]
    fn a_realistic_cv_gives_its_roles_skills_achievements_and_lines() {
        let r = read(CV);
        assert_eq!(
            r.roles,
            vec![
                "Senior Backend Engineer, Acme Payments (2021 – present)",
                "Software Engineer at Globex, 2017 - 2021"
            ]
        );
        for s in [
            "rust",
            "go",
            "python",
            "sql",
            "kubernetes",
            "docker",
            "terraform",
            "aws",
            "postgresql",
            "mysql",
            "kafka",
            "event sourcing",
            "domain-driven design",
        ] {
            assert!(r.skills.contains(&s.to_string()), "{s} missing from {:?}", r.skills);
        }
        assert!(!r.skills.iter().any(|s| s.contains("leeds")), "{:?}", r.skills);
        assert_eq!(r.achievements.len(), 6, "{:#?}", r.achievements);
        assert!(r.achievements[1].starts_with("Cut p99 checkout latency by 45%"));
        assert!(
            !r.achievements.iter().any(|a| a.starts_with("Resolved")),
            "no figure: not an achievement"
        );
        assert!(
            r.lines
                .iter()
                .any(|l| l.starts_with("Resolved a long-running disagreement"))
        );
        assert!(
            !r.lines
                .iter()
                .any(|l| l.contains("Leeds") || l.contains("@example.com") || l.contains("Rust, Go"))
        );
        assert!(r.lines.iter().any(|l| l.starts_with("Backend engineer with 8 years")));
    }

    #[test]
    fn a_cv_with_only_a_headline_has_that_role() {
        let r = read("Sam Lee\nProduct Designer\n\nI design onboarding flows for mobile banking apps in Figma.");
        assert_eq!(r.roles, vec!["Product Designer"]);
        assert_eq!(r.skills, vec!["figma"]);
        assert!(r.achievements.is_empty());
    }

    #[test]
    fn pipes_and_title_at_company_are_roles() {
        let r = read(
            "Data Analyst | Initech | Jan 2019 – Mar 2021\n- Built 12 dashboards in Tableau\nMarketing Manager at Hooli",
        );
        assert_eq!(
            r.roles,
            vec![
                "Data Analyst | Initech | Jan 2019 – Mar 2021",
                "Marketing Manager at Hooli"
            ]
        );
        assert_eq!(r.achievements, vec!["Built 12 dashboards in Tableau"]);
    }
}
