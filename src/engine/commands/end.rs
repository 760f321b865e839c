//! /end — end the interview now and get the report for what was answered.

use crate::engine::error::Result;
use crate::engine::interview_turns;
use crate::engine::messages as m;
use crate::engine::turn::Turn;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    match t.active_session()? {
        Some(mut s) => interview_turns::end(t, &mut s).await,
        None => {
            t.reply(m::no_interview("end"));
            Ok(())
        }
    }
}
