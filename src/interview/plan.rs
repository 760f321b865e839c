//! Picking the questions of a mock interview: phases intro → behavioural → technical → wrap-up,
//! filtered by type, role, level and difficulty, avoiding what this user was asked recently and
//! repeating competencies as little as possible. Deterministic for a given seed.
//!
//! The count asked for is the number of questions of the asked kind; from
//! [`BOOKENDS_FROM`] questions up, a short intro and a wrap-up come in addition.

use super::{InterviewType, Phase, Planned, Settings};
use crate::bank::{Bank, Category, Question, catalog};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// A technical interview needs a role and none was given or set in the profile.
    NeedRole,
    /// Nothing in the bank fits.
    NoQuestions,
}

/// One slot of the plan: the phase and the categories (and optionally competencies) it draws from.
struct Slot {
    phase: Phase,
    categories: Vec<Category>,
    competencies: &'static [&'static str],
}

/// From this many questions of the asked kind up, the interview opens with a short intro and
/// closes with a wrap-up, in addition to them.
pub const BOOKENDS_FROM: usize = 5;

pub fn build(bank: &Bank, s: &Settings, recent: &[String], seed: u64) -> Result<Vec<Planned>, PlanError> {
    if s.kind.needs_role() && s.role.is_none() {
        return Err(PlanError::NeedRole);
    }
    let main = s.count.clamp(1, 20) as usize;
    let bookends = main >= BOOKENDS_FROM;
    let n = if bookends { main + 2 } else { main };
    let mut slots: Vec<Slot> = Vec::with_capacity(n);
    if bookends {
        slots.push(Slot {
            phase: Phase::Intro,
            categories: vec![Category::Motivation],
            competencies: &["introduction"],
        });
    }
    let role_info = s.role.as_deref().and_then(catalog::role);
    let main_slot = |phase, categories: Vec<Category>| Slot {
        phase,
        categories,
        competencies: &[],
    };
    match s.kind {
        InterviewType::Behavioral => {
            (0..main).for_each(|_| slots.push(main_slot(Phase::Behavioral, vec![Category::Behavioral])))
        }
        InterviewType::Situational => {
            (0..main).for_each(|_| slots.push(main_slot(Phase::Behavioral, vec![Category::Situational])))
        }
        InterviewType::Technical => {
            (0..main).for_each(|_| slots.push(main_slot(Phase::Technical, vec![Category::Technical])))
        }
        InterviewType::SystemDesign => {
            (0..main).for_each(|_| slots.push(main_slot(Phase::Technical, vec![Category::SystemDesign])))
        }
        InterviewType::Case => (0..main).for_each(|_| slots.push(main_slot(Phase::Technical, vec![Category::Case]))),
        InterviewType::Mixed => {
            let tech_mix: &[Category] = role_info.map(|r| r.technical_mix).unwrap_or(&[]);
            let behavioural = if tech_mix.is_empty() { main } else { main.div_ceil(2) };
            for i in 0..behavioural {
                let cat = if i % 3 == 2 {
                    Category::Situational
                } else {
                    Category::Behavioral
                };
                slots.push(main_slot(Phase::Behavioral, vec![cat]));
            }
            for i in 0..main - behavioural {
                let cat = tech_mix[i % tech_mix.len()];
                slots.push(main_slot(Phase::Technical, vec![cat]));
            }
        }
    }
    if bookends {
        slots.push(Slot {
            phase: Phase::WrapUp,
            categories: vec![Category::Motivation],
            competencies: &["closing", "motivation", "career_goals", "culture_fit"],
        });
    }

    let mut rng = fastrand::Rng::with_seed(seed);
    let mut chosen: Vec<Planned> = Vec::with_capacity(n);
    let mut used_competencies: Vec<String> = Vec::new();
    for slot in &slots {
        let q = pick(bank, s, slot, recent, &chosen, &used_competencies, &mut rng).ok_or(PlanError::NoQuestions)?;
        used_competencies.push(q.competency.clone());
        chosen.push(Planned {
            question_id: q.id.clone(),
            phase: slot.phase,
        });
    }
    Ok(chosen)
}

fn pick<'a>(
    bank: &'a Bank,
    s: &Settings,
    slot: &Slot,
    recent: &[String],
    chosen: &[Planned],
    used_competencies: &[String],
    rng: &mut fastrand::Rng,
) -> Option<&'a Question> {
    let allowed: Vec<i32> = match s.difficulty {
        Some(d) => vec![d.rank()],
        None => s.level.difficulties().iter().map(|d| d.rank()).collect(),
    };
    let role = s.role.as_deref();
    let mut candidates: Vec<&Question> = bank
        .all()
        .iter()
        .filter(|q| slot.categories.contains(&q.category))
        .filter(|q| slot.competencies.is_empty() || slot.competencies.contains(&q.competency.as_str()))
        .filter(|q| !chosen.iter().any(|c| c.question_id == q.id))
        .collect();
    rng.shuffle(&mut candidates);
    // Lower is better, compared in order: role fit, recently asked, difficulty distance,
    // competency already used in this interview.
    let key = |q: &Question| {
        let role_fit = match (role, q.category) {
            (None, _) => i32::from(!q.is_general() && q.category == Category::Technical),
            (Some(r), _) if q.roles.iter().any(|x| x == r) => 0,
            (Some(_), Category::Technical) => 3,
            (Some(_), _) if q.is_general() => 0,
            (Some(_), _) => 2,
        };
        let recency = recent
            .iter()
            .rev()
            .position(|id| id == &q.id)
            .map(|p| 1000 - p as i32)
            .unwrap_or(0);
        let distance = allowed
            .iter()
            .map(|a| (a - q.difficulty.rank()).abs())
            .min()
            .unwrap_or(0)
            + allowed.iter().position(|a| *a == q.difficulty.rank()).unwrap_or(0) as i32 / 2;
        let repeated = used_competencies.iter().filter(|c| **c == q.competency).count() as i32;
        (role_fit, recency, distance, repeated)
    };
    candidates.into_iter().min_by_key(|q| key(q))
}

/// Up to `n` other questions that could replace the planned question at `index` (same
/// category and phase, fitting the role and level, not in the plan, not recently asked): the
/// choices offered to an LLM interviewer. None for the intro and wrap-up slots.
pub fn alternatives<'a>(
    bank: &'a Bank,
    s: &Settings,
    plan: &[Planned],
    index: usize,
    recent: &[String],
    n: usize,
) -> Vec<&'a Question> {
    let Some(planned) = plan.get(index) else {
        return Vec::new();
    };
    if matches!(planned.phase, Phase::Intro | Phase::WrapUp) {
        return Vec::new();
    }
    let Some(q) = bank.get(&planned.question_id) else {
        return Vec::new();
    };
    let slot = Slot {
        phase: planned.phase,
        categories: vec![q.category],
        competencies: &[],
    };
    let mut taken: Vec<Planned> = plan.to_vec();
    let used: Vec<String> = plan
        .iter()
        .filter_map(|p| bank.get(&p.question_id))
        .map(|q| q.competency.clone())
        .collect();
    let mut rng = fastrand::Rng::with_seed(index as u64 + 7);
    let mut out = Vec::new();
    while out.len() < n {
        let Some(alt) = pick(bank, s, &slot, recent, &taken, &used, &mut rng) else {
            break;
        };
        // A recently asked question is no alternative.
        if recent.contains(&alt.id) {
            break;
        }
        taken.push(Planned {
            question_id: alt.id.clone(),
            phase: planned.phase,
        });
        out.push(alt);
    }
    out
}
