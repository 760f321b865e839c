//! /repeat — show the current question again, with the time left.

use super::super::{Turn, interview_turns, messages as m};
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    match t.active_session()? {
        Some(s) => interview_turns::repeat(t, &s),
        None => {
            t.reply(m::no_interview("repeat"));
            Ok(())
        }
    }
}
