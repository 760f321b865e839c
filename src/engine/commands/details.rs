//! The "Details" button of a feedback message: the full breakdown of one stored answer, and the
//! bank's sample answer once its question is closed.

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::interview::AnswerRecord;

/// The "Details" button: the full breakdown of one stored answer.
pub fn run(t: &mut Turn<'_>, session: &str, seq: u32) -> Result<()> {
    let rec: Option<AnswerRecord> = t.e.store.get(&crate::store::keys::answer(&t.user, session, seq))?;
    let Some(a) = rec else {
        t.reply(m::details_missing());
        return Ok(());
    };
    // The sample answer would give away the key points while the question is still open.
    let open = t
        .session(session)?
        .filter(|s| s.is_active())
        .and_then(|s| s.current.map(|c| s.plan[c.index].question_id.clone()))
        .is_some_and(|id| id == a.question_id);
    let sample = match t.e.bank.get(&a.question_id).and_then(|q| q.sample_answer.as_deref()) {
        Some(_) if open => m::Sample::Later,
        Some(text) => m::Sample::Shown(text),
        None => m::Sample::None,
    };
    t.reply(m::details(&a.question, a.follow_up.as_deref(), &a.score, sample));
    Ok(())
}
