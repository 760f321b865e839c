//! The guards of the offline score: flags that cap it (empty, trivial, text addressed to the
//! grader, keyword stuffing, off-topic, no substance, too short, "we" without "I") and flags that
//! only note style (buzzwords, fillers, hedging, too long).

use crate::bank::Category;
use crate::scoring::cues::Cue;
use crate::scoring::guards;
use crate::scoring::ledger::{Op, Why};
use crate::scoring::lexicon as lx;
use crate::scoring::offline::curves::length_range;
use crate::scoring::offline::features::{Analysed, Features};
use crate::scoring::offline::relevance::Relevance;
use crate::scoring::offline::trivial::is_trivial;
use crate::scoring::result::{Flag, Rubric};
use crate::scoring::target::Target;
use crate::scoring::text::Analysis;

/// Below this share of concrete content words, with no figure and no name, a behavioural or
/// situational answer with the STAR shape tells no real event (see `guards::substance`).
const HOLLOW_SHARE: f64 = 0.33;
/// The same for what is left of an answer after the text addressed to the grader: an attempt to
/// instruct the grader with no real content is graded 1 (`docs/scoring-rubric.md`).
const INJECTED_SHARE: f64 = 0.40;
/// The cap of a technical, system-design or case answer that asserts one misconception, and two
/// or more.
const MISCONCEPTION_CAP: f64 = 35.0;
const MISCONCEPTIONS_CAP: f64 = 25.0;
/// The cap of an answer with no substance (like off-topic: below 20).
const NO_SUBSTANCE_CAP: f64 = 15.0;

/// What the guards do to the score, in order (caps and one discount, each with its reason), and
/// the flags raised, in the order raised.
pub(super) struct Verdict {
    pub steps: Vec<(Op, Why)>,
    pub flags: Vec<Flag>,
}

/// Every guard in turn. `wrong` is how many of the bank's misconceptions the answer asserts.
pub(super) fn apply(t: &Target, x: &Analysed, rubric: &Rubric, rel: &Relevance, wrong: usize) -> Verdict {
    let mut v = Verdict {
        steps: Vec::new(),
        flags: Vec::new(),
    };
    v.misconceptions(t.category, wrong);
    v.empty_or_trivial(x);
    v.keyword_stuffing(&x.f);
    v.off_topic(t, &x.a, &x.f, rubric, rel);
    v.no_substance(t.category, x);
    v.length_and_style(t.category, &x.f);
    v
}

impl Verdict {
    fn cap(&mut self, at: f64, why: Why) {
        self.steps.push((Op::Cap { at: at as u8 }, why));
    }

    /// A technical, system-design or case answer that asserts a common wrong claim on its topic
    /// is confidently wrong on its core (grade 1–2 in `docs/scoring-rubric.md`), however fluent.
    fn misconceptions(&mut self, c: Category, wrong: usize) {
        if wrong > 0 && matches!(c, Category::Technical | Category::SystemDesign | Category::Case) {
            if wrong == 1 {
                self.cap(MISCONCEPTION_CAP, Why::Misconception);
            } else {
                self.cap(MISCONCEPTIONS_CAP, Why::Misconceptions);
            }
        }
    }

    fn empty_or_trivial(&mut self, x: &Analysed) {
        let (a, f) = (&x.a, &x.f);
        let normalized_answer = a.joined.trim().to_string();
        if f.words == 0 {
            self.flags.push(if x.injection {
                Flag::InstructionIgnored
            } else {
                Flag::Empty
            });
            if x.injection {
                self.flags.push(Flag::Trivial);
            }
            self.cap(0.0, if x.injection { Why::NoSubstance } else { Why::Empty });
        } else if f.words <= 6 && is_trivial(&normalized_answer) {
            self.flags.push(Flag::Trivial);
            self.cap(5.0, Why::Trivial);
        }
        if x.injection && !self.flags.contains(&Flag::InstructionIgnored) {
            self.flags.push(Flag::InstructionIgnored);
        }
    }

    fn keyword_stuffing(&mut self, f: &Features) {
        let words = f.words.max(1) as f64;
        let buzz = f.total.get(Cue::Buzz) as f64;
        let stuffing = f.words >= 4
            && (f.stop_ratio < 0.12
                || (f.rubric_word_ratio > 0.3 && f.stop_ratio < 0.25)
                || (buzz / words > 0.2 && f.stop_ratio < 0.3));
        if stuffing {
            self.flags.push(Flag::KeywordStuffing);
            self.cap(12.0, Why::KeywordStuffing);
        }
    }

    fn off_topic(&mut self, t: &Target, a: &Analysis, f: &Features, rubric: &Rubric, rel: &Relevance) {
        let c = t.category;
        let overlap = rel.overlap;
        let distinctive = t.terms.iter().filter(|(_, w)| *w >= 1.5).count();
        let distinctive_hit = t.terms.iter().any(|(c, w)| *w >= 1.5 && a.has_concept(c));
        let domain = domain_hits(c, a);
        let off_topic = f.words > 0
            && rel.keyword_hits == 0
            && ((!t.opener
                && !t.keywords.is_empty()
                && distinctive >= 2
                && !distinctive_hit
                && overlap < 0.1
                && rel.topical_hits == 0)
                || (f.words >= 8 && domain <= 1 && overlap < 0.2)
                || (t.asks_motive && !t.opener && f.words >= 8 && !lx::MOTIVE_WORDS.iter().any(|w| a.has_phrase(w))));
        // A design question answered without any design — no components, no scaling, no trade-off
        // — was answered as some other question (a product pitch, a game-design idea).
        let no_design = c == Category::SystemDesign
            && f.words >= 40
            && ["high_level", "scalability", "tradeoffs"]
                .iter()
                .all(|k| rubric.items.iter().any(|i| i.key == *k && i.score == 0));
        let off_topic = off_topic || no_design;
        if off_topic && !self.flags.contains(&Flag::Trivial) {
            self.flags.push(Flag::OffTopic);
            self.cap(15.0, Why::OffTopic);
        }
    }

    /// No substance: a behavioural or situational answer with the STAR shape but no figure, no
    /// name and almost no concrete word; or what is left around text addressed to the grader is
    /// short or just as empty. Either way there is nothing real to grade.
    fn no_substance(&mut self, c: Category, x: &Analysed) {
        let (a, f) = (&x.a, &x.f);
        let story = matches!(c, Category::Behavioral | Category::Situational);
        // (A figure already makes the answer concrete: only text to the grader needs a look then.)
        if (x.injection || (story && f.numbers.is_empty())) && f.words > 0 && !self.flags.contains(&Flag::Trivial) {
            let sub = guards::substance(x.tagged.as_ref().unwrap_or(a));
            let hard = f.numbers.len() + sub.named;
            let thin_rest = x.injection && (f.words < 20 || (hard == 0 && sub.share() < INJECTED_SHARE));
            // The STAR shape: parts named by labels or subjects ("Situation:", "my task was"), at
            // least two of them, and three parts in all with the cues and own actions.
            // (A situational answer is a plan: its approach and outcome are its shape.)
            let parts = if c == Category::Situational { 2 } else { 3 };
            let shell = sub.shell.count_ones() >= 2 && (sub.shell | cue_shell(f)).count_ones() >= parts;
            let hollow = story && f.words >= 15 && shell && hard == 0 && sub.share() < HOLLOW_SHARE;
            if thin_rest || hollow {
                self.flags.push(Flag::NoSubstance);
                self.cap(NO_SUBSTANCE_CAP, Why::NoSubstance);
            }
        }
    }

    /// Length caps (a complete answer needs room), "we" without "I", and the style flags.
    fn length_and_style(&mut self, c: Category, f: &Features) {
        let words = f.words.max(1) as f64;
        let buzz = f.total.get(Cue::Buzz) as f64;
        let fillers = f.total.get(Cue::Filler) as f64;
        let hedges = f.total.get(Cue::Hedge) as f64;
        let cap = match f.words {
            0 => 0.0,
            1..=7 => 12.0,
            8..=19 => 35.0,
            20..=34 => 62.0,
            _ => 100.0,
        };
        if f.words > 0 && f.words < 20 && !self.flags.contains(&Flag::Trivial) {
            self.flags.push(Flag::TooShort);
        }
        if cap < 100.0 && f.words > 0 {
            self.cap(cap, Why::Short);
        }
        if matches!(c, Category::Behavioral) && f.we_words >= 4 && f.i_action.is_empty() && f.i_words <= 2 {
            self.flags.push(Flag::WeNotI);
            self.steps.push((Op::Times { pct: 80 }, Why::WeNotI));
        }
        if buzz >= 3.0 || (buzz >= 2.0 && buzz / words > 0.03) {
            self.flags.push(Flag::Buzzwords);
        }
        if fillers >= 3.0 {
            self.flags.push(Flag::Fillers);
        }
        if hedges >= 3.0 {
            self.flags.push(Flag::Hedging);
        }
        if f.words as f64 > length_range(c).1 * 1.5 {
            self.flags.push(Flag::TooLong);
        }
    }
}

/// STAR parts the cue lists and own actions show: bit 0 situation, 1 task, 2 action, 3 result.
fn cue_shell(f: &Features) -> u8 {
    let mut b = 0;
    if f.total.has(Cue::Situation) {
        b |= 1;
    }
    if f.total.has(Cue::Task) {
        b |= 2;
    }
    if !f.i_action.is_empty() || !f.we_action.is_empty() {
        b |= 4;
    }
    if f.total.has(Cue::Result) || f.total.has(Cue::Learning) {
        b |= 8;
    }
    b
}

/// Distinct words of the category's domain used in the answer.
fn domain_hits(c: Category, a: &Analysis) -> usize {
    let mut seen: Vec<&str> = a
        .words()
        .filter(|w| w.tech || lx::in_domain(c, &w.stem))
        .map(|w| &*w.stem)
        .collect();
    seen.sort();
    seen.dedup();
    seen.len()
}
