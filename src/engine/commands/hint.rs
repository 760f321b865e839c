//! /hint — the next hint for the current question (noted in its score).

use super::super::{Turn, interview_turns, messages as m};
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    match t.active_session()? {
        Some(mut s) => interview_turns::hint(t, &mut s),
        None => {
            t.reply(m::no_interview("hint"));
            Ok(())
        }
    }
}
