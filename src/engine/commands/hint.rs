//! /hint — the next hint for the current question (noted in its score).

use crate::engine::error::Result;
use crate::engine::interview_turns;
use crate::engine::messages as m;
use crate::engine::turn::Turn;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    match t.active_session()? {
        Some(mut s) => interview_turns::hint(t, &mut s),
        None => {
            t.reply(m::no_interview("hint"));
            Ok(())
        }
    }
}
