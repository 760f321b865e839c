//! /company NAME [role] [industry] — prep for an interview at a company (`copilot::company`):
//! what to research (as questions to check), likely questions (bank questions for the role and
//! the industry), questions to ask, red flags. The industry comes from a word of the command
//! (`/company Monzo fintech`), else the job description on file, else the profile. Offline, a
//! framework with the company's name and no fact about it; with a model, its brief marked
//! unverified, and the offline one on any fault.

use crate::bank::{Level, catalog};
use crate::copilot::company::{self, Industries, Industry};
use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::engine::{history, prep};

/// Company words, a role and an industry, from the command's words: the first word is always
/// the company's; later ones are a role, a level (ignored) or an industry when they name one.
fn parse<'n>(args: &str, notes: &'n Industries) -> (String, Option<&'static str>, Option<&'n Industry>) {
    let words = super::args::words(args, |w| catalog::parse_role(w).is_some());
    let mut name: Vec<String> = Vec::new();
    let mut role = None;
    let mut industry = None;
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            if let Some(r) = catalog::parse_role(w) {
                role = Some(r.slug);
                continue;
            }
            if Level::parse(w).is_some() {
                continue;
            }
            if let Some(ind) = notes.by_word(w) {
                industry = Some(ind);
                continue;
            }
        }
        name.push(w.chars().filter(|c| !c.is_control()).collect());
    }
    (name.join(" "), role, industry)
}

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    let notes = Industries::embedded();
    let (name, role, industry) = parse(args, notes);
    if name.trim().is_empty() {
        t.reply(m::company_usage());
        return Ok(());
    }
    if name.chars().count() > super::questions::MAX_COMPANY {
        t.reply(m::company_too_long());
        return Ok(());
    }
    let (_, jd) = history::cv_and_jd(&t.e.store, &t.user)?;
    let profile = t.profile()?;
    let role = role
        .or_else(|| {
            jd.as_ref()
                .and_then(|j| j.title.as_deref())
                .and_then(crate::copilot::questions::role_from_title)
        })
        .or_else(|| profile.role.as_deref().and_then(catalog::role).map(|r| r.slug));
    let industry = industry
        .or_else(|| jd.as_ref().and_then(|j| notes.from_text(&j.text)))
        .or_else(|| profile.industry.as_deref().and_then(|i| notes.by_word(i)));
    let label = role.and_then(catalog::role).map(|r| r.label);
    let e = t.e;
    match prep::company_brief(t, &name, role, industry, jd.as_ref()).await {
        Some(mb) => {
            let likely = company::likely_questions(&e.bank, role, industry);
            t.reply(m::company_model(&name, &mb, industry, &likely));
        }
        None => {
            let brief = company::offline(&e.bank, notes, &name, role, industry);
            t.reply(m::company_offline(&brief, label));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_word_is_the_company_and_later_ones_may_be_a_role_or_an_industry() {
        let n = Industries::parse(company::EMBEDDED_INDUSTRIES).unwrap();
        let (name, role, ind) = parse("Monzo fintech backend", &n);
        assert_eq!(
            (name.as_str(), role, ind.map(|i| i.id.as_str())),
            ("Monzo", Some("backend"), Some("fintech"))
        );
        let (name, role, ind) = parse("Bank of Ireland", &n);
        assert_eq!(
            (name.as_str(), role, ind.map(|i| i.id.as_str())),
            ("Bank of Ireland", None, None)
        );
        let (name, _, ind) = parse("Acme Retail product manager", &n);
        assert_eq!((name.as_str(), ind.map(|i| i.id.as_str())), ("Acme", Some("ecommerce")));
    }
}
