//! One analysed answer scored: relevance, the category rubric, the five dimensions and their
//! combination, the guards, then the evidence, style notes and feedback of the result.

use crate::scoring::cues::Cue;
use crate::scoring::feedback;
use crate::scoring::offline::evidence::quote;
use crate::scoring::offline::features::{Analysed, Features, best_with};
use crate::scoring::offline::{caps, dimensions, misconceptions, relevance, rubrics};
use crate::scoring::phrase::Sentences;
use crate::scoring::result::{BrainKind, Evidence, ScoreResult, StyleNotes};
use crate::scoring::target::Target;

pub(super) fn score_analysed(t: &Target, x: &Analysed) -> ScoreResult {
    let a = &x.a;
    let f = &x.f;
    let c = t.category;
    let sentences = Sentences::new(a);
    let texts: Vec<&str> = a.sentences.iter().map(|s| s.text.as_str()).collect();
    let wrong = misconceptions::find(t, &sentences, &texts);
    let rel = relevance::measure(t, a, f, &sentences, &wrong);
    let rubric = rubrics::for_category(t, a, f, rel.score);
    let result_i = best_with(f, a, Cue::Result, true);
    let measured = dimensions::measure(c, a, f, &rubric, rel.score, result_i);
    let dims = measured.dimensions();
    let before_guards = dimensions::overall(t, f, &measured, &dims, &rubric);
    let verdict = caps::apply(t, x, &rubric, &rel, wrong.len(), before_guards);
    let overall = verdict.overall.round().clamp(0.0, 100.0) as u8;

    let evidence = Evidence {
        specifics: f.numbers.iter().chain(f.named.iter()).take(12).cloned().collect(),
        result_sentence: quote(a, result_i),
        key_points_covered: rel.covered,
        key_points_missed: rel.missed,
        misconceptions: wrong.into_iter().map(|w| w.hit).collect(),
    };
    let style = style_notes(f);
    let mut result = ScoreResult {
        overall,
        brain: BrainKind::Offline,
        category: c,
        breakdown: dims,
        rubric,
        evidence,
        style,
        flags: verdict.flags,
        hint_penalty: 0,
        strengths: Vec::new(),
        improvement: String::new(),
        skeleton: String::new(),
        summary: String::new(),
    };
    feedback::fill(&mut result, t, a, f);
    result
}

fn style_notes(f: &Features) -> StyleNotes {
    let mut fillers: Vec<(String, u32)> = Vec::new();
    let mut hedges: Vec<String> = Vec::new();
    for (cue, phrase) in &f.total.phrases {
        match cue {
            Cue::Filler => match fillers.iter_mut().find(|(p, _)| p == phrase) {
                Some(e) => e.1 += 1,
                None => fillers.push((phrase.to_string(), 1)),
            },
            Cue::Hedge if !hedges.iter().any(|h| h == phrase) => hedges.push(phrase.to_string()),
            _ => {}
        }
    }
    StyleNotes {
        words: f.words as u32,
        sentences: f.sentences as u32,
        fillers,
        hedges,
        buzzwords: f.total.get(Cue::Buzz),
        i_statements: f.i_action.len() as u32,
        we_statements: f.we_action.len() as u32,
        notes: Vec::new(),
    }
}
