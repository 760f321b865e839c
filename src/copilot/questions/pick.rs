//! The offline list: bank questions scored by the job's skills (the gap first),
//! responsibilities, level, difficulty and role, a mix of technical and behavioural shares; and
//! template questions from the user's own lines.

use super::templates::{Template, TemplateSource, Templates};
use super::{
    Context, MAX_COUNT, MIN_COUNT, Probe, Request, Source, Tailored, Target, clause, mentions, norm_text, resolve,
    stems, technical,
};
use crate::bank::{Bank, Category, Level, Question, catalog};
use crate::copilot::docs::Jd;
use crate::scoring::clip;
use std::collections::BTreeSet;

struct Scored<'a> {
    q: &'a Question,
    index: usize,
    relevance: i32,
    probe: Probe,
    /// Lower is better: difficulty distance, then role fit.
    penalty: i32,
    /// It mentions one of the job's skills.
    skill_hit: bool,
    /// Written for the target role (or for any role).
    on_role: bool,
}

fn score<'a>(q: &'a Question, index: usize, target: &Target, jd: Option<&Jd>) -> Scored<'a> {
    let mut hay = String::from(" ");
    for part in std::iter::once(&q.text)
        .chain(q.keywords.iter())
        .chain(q.key_points.iter())
        .chain(q.hints.iter())
    {
        hay.push_str(&norm_text(part));
        hay.push(' ');
    }
    hay.push_str(&q.competency.replace('_', " "));
    hay.push(' ');
    let mut relevance = 0;
    let mut probe = None;
    for s in &target.gap {
        if mentions(&hay, s) {
            relevance += 6;
            probe.get_or_insert_with(|| Probe::Gap(s.clone()));
        }
    }
    for s in &target.shown {
        if mentions(&hay, s) {
            relevance += 3;
            probe.get_or_insert_with(|| Probe::JobSkill(s.clone()));
        }
    }
    if let Some(jd) = jd {
        let qs = stems(&format!("{} {}", q.text, q.keywords.join(" ")));
        let mut lines = 0;
        for r in &jd.responsibilities {
            if lines < 3 && stems(r).intersection(&qs).count() >= 2 {
                lines += 1;
                relevance += 1;
                probe.get_or_insert_with(|| Probe::Responsibility(clip(r, 160)));
            }
        }
    }
    if target.level >= Level::Senior
        && matches!(
            q.competency.as_str(),
            "leadership" | "mentoring" | "influence" | "decision_making" | "conflict"
        )
    {
        relevance += 1;
    }
    let distance = target
        .difficulties
        .iter()
        .map(|d| (d.rank() - q.difficulty.rank()).abs())
        .min()
        .unwrap_or(0);
    let on_role = q.is_general() || target.role.is_some_and(|r| q.roles.iter().any(|x| x == r));
    let skill_hit = matches!(probe, Some(Probe::Gap(_) | Probe::JobSkill(_)));
    Scored {
        q,
        index,
        relevance,
        probe: probe.unwrap_or_else(|| Probe::Competency(q.competency.clone())),
        penalty: distance * 2 + if on_role { 0 } else { 2 },
        skill_hit,
        on_role,
    }
}

/// Add to `chosen`, best first, questions of one share (technical or not) up to its quota: with
/// `distinct`, of competencies not yet chosen; with `mix`, technical ones only of the role's
/// technical categories unless they probe the job.
fn take_share<'s, 'q>(
    scored: &'s [Scored<'q>],
    chosen: &mut Vec<&'s Scored<'q>>,
    quota: usize,
    want_tech: bool,
    distinct: bool,
    mix: Option<&[Category]>,
) {
    for s in scored {
        let have = chosen.iter().filter(|c| technical(c.q.category) == want_tech).count();
        if have >= quota {
            break;
        }
        if technical(s.q.category) != want_tech || chosen.iter().any(|c| c.q.id == s.q.id) {
            continue;
        }
        if want_tech && mix.is_some_and(|m| !m.contains(&s.q.category)) && !s.skill_hit {
            continue;
        }
        if distinct && chosen.iter().any(|c| c.q.competency == s.q.competency) {
            continue;
        }
        chosen.push(s);
    }
}

/// Bank questions for the target, best first, at most `n`, none of `exclude`: questions that
/// probe the gap first, then a mix of the role's technical categories and behavioural ones
/// (different competencies where the bank allows).
pub fn bank_picks<'b>(bank: &'b Bank, req: &Request, ctx: &Context<'_>, n: usize, exclude: &[String]) -> Vec<Tailored> {
    let target = resolve(req, ctx);
    let role_mix: &[Category] = target
        .role
        .and_then(catalog::role)
        .map(|r| r.technical_mix)
        .unwrap_or(&[]);
    let mut scored: Vec<Scored<'b>> = bank
        .all()
        .iter()
        .enumerate()
        .filter(|(_, q)| !exclude.contains(&q.id))
        .filter(|(_, q)| match req.category {
            Some(c) => q.category == c,
            None => q.category != Category::Motivation || req.company.is_some(),
        })
        .map(|(i, q)| score(q, i, &target, ctx.jd))
        // A technical question off the role only when it probes the job's skills.
        .filter(|s| !technical(s.q.category) || s.on_role || s.skill_hit)
        .collect();
    scored.sort_by_key(|s| (-s.relevance, s.penalty, s.index));
    // How many technical questions: half (rounded up) when the role has technical parts or the
    // job names skills; all or none with a category.
    let wants_tech = !role_mix.is_empty() || !target.gap.is_empty() || !target.shown.is_empty();
    let tech_quota = match req.category {
        Some(c) if technical(c) => n,
        Some(_) => 0,
        None if wants_tech => n.div_ceil(2),
        None => 0,
    };
    let behaviour_quota = n - tech_quota.min(n);
    let mut chosen: Vec<&Scored<'_>> = Vec::new();
    let only_mix = req.category.is_none() && !role_mix.is_empty();
    let take = |quota: usize, want_tech: bool, chosen: &mut Vec<_>, distinct: bool| {
        take_share(
            &scored,
            chosen,
            quota,
            want_tech,
            distinct,
            only_mix.then_some(role_mix),
        )
    };
    // Gap probes first (whatever their category), then each share with distinct competencies,
    // then without that rule if the bank is short.
    for s in scored.iter().filter(|s| matches!(s.probe, Probe::Gap(_))) {
        let want_tech = technical(s.q.category);
        let quota = if want_tech { tech_quota } else { behaviour_quota };
        let have = chosen.iter().filter(|c| technical(c.q.category) == want_tech).count();
        if have < quota && !chosen.iter().any(|c| c.q.competency == s.q.competency) {
            chosen.push(s);
        }
    }
    take(tech_quota, true, &mut chosen, true);
    take(behaviour_quota, false, &mut chosen, true);
    take(tech_quota, true, &mut chosen, false);
    take(behaviour_quota, false, &mut chosen, false);
    // Still short (a small category): anything eligible.
    for s in scored.iter() {
        if chosen.len() >= n {
            break;
        }
        if !chosen.iter().any(|c| c.q.id == s.q.id) {
            chosen.push(s);
        }
    }
    chosen.sort_by_key(|s| (!matches!(s.probe, Probe::Gap(_)), -s.relevance, s.penalty, s.index));
    chosen
        .into_iter()
        .take(n)
        .map(|s| Tailored {
            text: s.q.text.clone(),
            category: s.q.category,
            competency: s.q.competency.clone(),
            difficulty: s.q.difficulty,
            hint: s.q.hints.first().cloned().unwrap_or_default(),
            probe: s.probe.clone(),
            source: Source::Bank(s.q.id.clone()),
        })
        .collect()
}

fn fill(t: &Template, category: Category, value: &str, req: &Request, probe: Probe) -> Tailored {
    Tailored {
        text: t.text.replace(t.source.placeholder(), value),
        category,
        competency: t.competency.clone(),
        difficulty: req.difficulty.unwrap_or(t.difficulty),
        hint: t.hint.clone(),
        probe,
        source: Source::Template(t.id.clone()),
    }
}

/// The offline list: bank questions picked for the job (the gap first), questions built from
/// the CV's achievement lines (else the job's responsibilities), and for a gap skill no bank
/// question covers, a question about it. `req.count` questions (clamped to 5–10) when the bank
/// has them.
pub fn offline(bank: &Bank, templates: &Templates, req: &Request, ctx: &Context<'_>) -> Vec<Tailored> {
    let n = req.count.clamp(MIN_COUNT, MAX_COUNT);
    let target = resolve(req, ctx);
    let fits = |c: Category| req.category.is_none_or(|x| x == c);
    // Lines of the user's own to build questions from: achievements, else responsibilities.
    let mut own: Vec<Tailored> = Vec::new();
    let own_quota = (n / 4).max(1);
    if let Some(cv) = ctx.cv {
        let mut seen = BTreeSet::new();
        for (i, line) in cv.achievements.iter().filter(|l| !l.trim().is_empty()).enumerate() {
            if own.len() >= own_quota {
                break;
            }
            let c = clause(line);
            if c.len() < 8 || !seen.insert(c.to_lowercase()) {
                continue;
            }
            if let Some((t, cat)) = templates.pick(TemplateSource::Achievement, &c, i)
                && fits(cat)
            {
                own.push(fill(t, cat, &c, req, Probe::Achievement(clip(line.trim(), 160))));
            }
        }
    }
    if own.is_empty()
        && let Some(jd) = ctx.jd
    {
        for (i, line) in jd.responsibilities.iter().filter(|l| l.trim().len() >= 8).enumerate() {
            if own.len() >= own_quota {
                break;
            }
            let c = clause(line);
            if let Some((t, cat)) = templates.pick(TemplateSource::Responsibility, &c, i)
                && fits(cat)
            {
                own.push(fill(t, cat, &c, req, Probe::Responsibility(clip(line.trim(), 160))));
            }
        }
    }
    let gap_quota = (n / 5).max(1).min(target.gap.len());
    let bank_n = n.saturating_sub(own.len() + gap_quota);
    let mut picks = bank_picks(bank, req, ctx, bank_n, &[]);
    // A question about each gap skill no bank pick covers (up to the quota).
    let covered: Vec<&str> = picks
        .iter()
        .filter_map(|p| match &p.probe {
            Probe::Gap(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    let mut gaps: Vec<Tailored> = Vec::new();
    for (i, skill) in target.gap.iter().filter(|s| !covered.contains(&s.as_str())).enumerate() {
        if gaps.len() >= gap_quota {
            break;
        }
        if let Some((t, cat)) = templates.pick(TemplateSource::Gap, skill, i)
            && fits(cat)
        {
            gaps.push(fill(t, cat, skill, req, Probe::Gap(skill.clone())));
        }
    }
    // Short of templates (nothing to build from): more bank questions.
    let short = n.saturating_sub(picks.len() + own.len() + gaps.len());
    if short > 0 {
        let have: Vec<String> = picks.iter().filter_map(|p| p.bank_id().map(str::to_string)).collect();
        picks.extend(bank_picks(bank, req, ctx, short, &have));
    }
    let (gap_picks, rest): (Vec<_>, Vec<_>) = picks.into_iter().partition(|p| matches!(p.probe, Probe::Gap(_)));
    let mut out = gap_picks;
    out.extend(own);
    out.extend(gaps);
    out.extend(rest);
    out.truncate(n);
    out
}
