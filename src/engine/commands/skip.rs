//! /skip — skip the current question (it counts as 0).

use super::super::{Turn, interviewing, messages as m};
use anyhow::Result;

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    match t.active_session()? {
        Some(mut s) => interviewing::skip(t, &mut s),
        None => {
            t.reply(m::no_interview("skip"));
            Ok(())
        }
    }
}
