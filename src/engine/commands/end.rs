//! /end — end the interview now and get the report for what was answered.

use super::super::{Turn, interview_turns, messages as m};
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    match t.active_session()? {
        Some(mut s) => interview_turns::end(t, &mut s),
        None => {
            t.reply(m::no_interview("end"));
            Ok(())
        }
    }
}
