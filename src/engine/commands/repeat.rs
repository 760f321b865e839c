//! /repeat — show the current question again, with the time left.

use crate::engine::error::Result;
use crate::engine::interview_turns;
use crate::engine::messages as m;
use crate::engine::turn::Turn;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    match t.active_session()? {
        Some(s) => interview_turns::repeat(t, &s),
        None => {
            t.reply(m::no_interview("repeat"));
            Ok(())
        }
    }
}
