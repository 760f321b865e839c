//! The behavioural rubric, STAR: situation, task, own actions and result (quantified, with
//! what was learned), each with the sentence that earned it.

use crate::scoring::cues::Cue;
use crate::scoring::feedback;
use crate::scoring::offline::evidence::{item, quote};
use crate::scoring::offline::features::{Features, first_with, result_sentence};
use crate::scoring::result::Rubric;
use crate::scoring::text::{Analysis, plural};

pub(super) fn star(a: &Analysis, f: &Features) -> Rubric {
    let sit_i = first_with(f, Cue::Situation);
    let sit_specific =
        sit_i.is_some_and(|i| a.sentences[i].has_number() || a.sentences[i].words.iter().any(|w| w.named));
    let (s_frac, s_ev, s_note) = match sit_i {
        Some(i) if sit_specific || f.per_sentence.iter().filter(|h| h.has(Cue::Situation)).count() >= 2 => {
            (1.0, quote(a, Some(i)), "clear, specific context")
        }
        Some(i) => (0.7, quote(a, Some(i)), "context given, could be more specific"),
        None if f.sentences >= 3 => (0.35, quote(a, Some(0)), "context only implied"),
        None => (0.0, None, "no situation described"),
    };
    let task_i = first_with(f, Cue::Task);
    let (t_frac, t_ev, t_note) = match task_i {
        Some(i) => (1.0, quote(a, Some(i)), "your goal or responsibility is stated"),
        None if sit_i.is_some() && !f.i_action.is_empty() => (0.45, None, "task implied, not stated"),
        None => (0.0, None, "no task or goal stated"),
    };
    let n_i = f.i_action.len();
    let n_we = f.we_action.len();
    let a_frac = match n_i {
        0 => (n_we.min(3) as f64) * 0.12,
        1 => 0.5,
        2 => 0.75,
        3 => 0.9,
        _ => 1.0,
    };
    let a_ev = f
        .i_action
        .first()
        .or(f.we_action.first())
        .map(|&i| feedback::clip(&a.sentences[i].text, 220));
    let a_note = match (n_i, n_we) {
        (0, 0) => "no concrete actions".to_string(),
        (0, _) => "actions told as \"we\": say what you did".to_string(),
        (n, _) => format!("{} with your own actions", plural(n, "sentence", "sentences")),
    };
    let res_i = result_sentence(f, a);
    let quantified = res_i.is_some_and(|i| a.sentences[i].has_number());
    let learned = f.total.has(Cue::Learning);
    let r_frac = match (res_i.is_some(), quantified, learned) {
        (true, true, true) => 1.0,
        (true, true, false) => 0.85,
        (true, false, true) => 0.7,
        (true, false, false) => 0.55,
        (false, _, true) => 0.3,
        (false, _, false) => 0.0,
    };
    let r_note = match (res_i.is_some(), quantified) {
        (true, true) => "measurable result",
        (true, false) => "result given without numbers",
        _ => "no result stated",
    };
    Rubric {
        name: "STAR".into(),
        items: vec![
            item("situation", "Situation", 20, s_frac, s_ev, s_note),
            item("task", "Task", 20, t_frac, t_ev, t_note),
            item("action", "Action", 30, a_frac, a_ev, a_note),
            item("result", "Result", 30, r_frac, quote(a, res_i), r_note),
        ],
    }
}
