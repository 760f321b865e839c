//! /skip — skip the current question (it counts as 0).

use super::super::{Turn, interview_turns, messages as m};
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    match t.active_session()? {
        Some(mut s) => interview_turns::skip(t, &mut s),
        None => {
            t.reply(m::no_interview("skip"));
            Ok(())
        }
    }
}
