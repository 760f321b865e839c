//! The dispatcher: a command or a button press to the command's file (one file per command). The
//! table of commands is `engine::command_table`.

mod args;
mod bank;
mod company;
pub(crate) mod cv;
mod details;
pub(crate) mod draft;
mod end;
mod export;
pub(crate) mod forget;
mod guide;
mod help;
mod hint;
mod library;
mod mock;
mod plan;
mod practice;
mod profile;
mod progress;
mod questions;
pub(crate) mod remind;
mod repeat;
mod report;
mod sample;
pub(crate) mod schedule;
mod skip;
mod start;
mod status;
// The coach chat's intents answer "what should I fix first" and "my weak points" with these (#18).
pub(crate) mod suggest;
mod usage;
pub(crate) mod weak;

use super::buttons::{self, Action};
use super::command_table::{find, suggest};
use super::messages as m;
use super::turn::Turn;
use crate::engine::error::Result;

pub async fn dispatch(t: &mut Turn<'_>, name: &str, args: &str) -> Result<()> {
    let name = name.split('@').next().unwrap_or("").to_lowercase();
    let Some(spec) = find(&name) else {
        t.reply(m::unknown_command(&name, suggest(&name)));
        return Ok(());
    };
    // Arguments are small; anything huge is a mistake or an attack. An answer's text (a draft
    // revised, an answer saved or edited) is longer, and /cv and /jd take a pasted document
    // (capped again by the extractor).
    let limit = match spec.name {
        "draft" | "save" | "library" => draft::MAX_TEXT + 500,
        "cv" | "jd" => crate::copilot::extract::MAX_TEXT,
        _ => 500,
    };
    let args: String = args.chars().take(limit).collect();
    // Moving on to another command withdraws a pending /forget (its message says so), so a
    // "yes" typed later can only ever answer the question it was asked right after.
    if !matches!(spec.name, "forget" | "answer")
        && matches!(t.meta.pending, Some(crate::profile::Pending::Forget { .. }))
    {
        t.meta_mut().pending = None;
    }
    match spec.name {
        "start" => start::run(t, &args).await,
        "help" => help::run(t).await,
        "mock" => mock::run(t, &args).await,
        "practice" => practice::run(t, &args).await,
        "weak" => weak::run(t).await,
        "hint" => hint::run(t).await,
        "answer" => {
            if args.trim().is_empty() {
                t.reply(m::answer_usage());
                Ok(())
            } else {
                super::chat::answer_command(t, &args).await
            }
        }
        "skip" => skip::run(t).await,
        "repeat" => repeat::run(t).await,
        "end" => end::run(t).await,
        "status" => status::run(t).await,
        "usage" => usage::run(t).await,
        "progress" => progress::run(t).await,
        "report" => report::run(t).await,
        "bank" => bank::run(t, &args, 0).await,
        "profile" => profile::run(t, &args).await,
        "export" => export::run(t).await,
        "forget" => forget::run(t, &args).await,
        "guide" => guide::run(t, &args).await,
        "schedule" => schedule::run(t, &args).await,
        "plan" => plan::run(t).await,
        "remind" => remind::run(t, &args).await,
        "draft" => draft::run(t, &args).await,
        "save" => library::save(t, &args).await,
        "library" => library::run(t, &args).await,
        "sample" => sample::run(t, &args).await,
        "questions" => questions::run(t, &args).await,
        "company" => company::run(t, &args).await,
        "suggest" => suggest::run(t).await,
        "cv" => cv::run(t, &args, false).await,
        "jd" => cv::run(t, &args, true).await,
        _ => {
            t.reply(m::unknown_command(&name, None));
            Ok(())
        }
    }
}

/// A button press: check it is ours and the presser's, then act.
pub async fn button(t: &mut Turn<'_>, payload: &str) -> Result<()> {
    let Some((owner, action)) = buttons::decode(payload) else {
        t.reply(m::unknown_button());
        return Ok(());
    };
    if owner != buttons::owner_tag(&t.user) {
        t.reply(m::not_your_button());
        return Ok(());
    }
    match action {
        Action::Mock { kind, persona } => mock::from_button(t, &kind, persona.as_deref()).await,
        Action::Hint { session } => in_session(t, &session, |t| Box::pin(hint::run(t))).await,
        Action::Skip { session } => in_session(t, &session, |t| Box::pin(skip::run(t))).await,
        Action::Repeat { session } => in_session(t, &session, |t| Box::pin(repeat::run(t))).await,
        Action::End { session } => in_session(t, &session, |t| Box::pin(end::run(t))).await,
        Action::Details { session, seq } => details::run(t, &session, seq),
        Action::ForgetYes { nonce } => forget::confirm(t, Some(&nonce)).await,
        Action::ForgetNo => forget::cancel(t),
        Action::GroupMockYes => mock::confirm_in_group(t).await,
        Action::Cancel => {
            t.meta_mut().pending = None;
            t.reply(m::cancelled());
            Ok(())
        }
        Action::BankMore => bank::more(t).await,
        Action::BankShow { id } => bank::run(t, &id, 0).await,
        Action::Drill { question } => practice::retry(t, &question).await,
        Action::Snooze { rule, tomorrow } => remind::snooze(t, &rule, tomorrow).await,
        Action::Run { command } => {
            let (name, args) = command.split_once(' ').unwrap_or((command.as_str(), ""));
            Box::pin(dispatch(t, name, args)).await
        }
    }
}

type TurnFn =
    for<'a, 'b> fn(&'a mut Turn<'b>) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<()>> + Send + 'a>>;

/// Run a session-bound button only if that session is the active one.
async fn in_session(t: &mut Turn<'_>, session: &str, f: TurnFn) -> Result<()> {
    match t.active_session()? {
        Some(s) if s.id == session => f(t).await,
        _ => {
            t.reply(m::stale_button());
            Ok(())
        }
    }
}
