//! /forget — delete every record of the user, after confirmation (button or `/forget confirm`
//! within ten minutes).

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::turn::Turn;
use crate::profile::Pending;
use crate::scheduler;
use chrono::Duration;

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    if matches!(args.trim().to_lowercase().as_str(), "confirm" | "yes") {
        return confirm(t, None).await;
    }
    let nonce = format!("{:08x}", fastrand::u32(..));
    let (user_keys, timers) = everything(t)?;
    let records = user_keys.len() + timers.len();
    t.meta_mut().pending = Some(Pending::Forget {
        nonce: nonce.clone(),
        at: t.now,
    });
    let r = m::forget_confirm(&t.user, &nonce, records);
    t.reply(r);
    Ok(())
}

pub async fn confirm(t: &mut Turn<'_>, nonce: Option<&str>) -> Result<()> {
    let ok = match &t.meta.pending {
        Some(Pending::Forget { nonce: n, at }) => nonce.is_none_or(|x| x == n) && t.now - *at <= Duration::minutes(10),
        _ => false,
    };
    if !ok {
        t.reply(m::forget_expired());
        return Ok(());
    }
    let (user_keys, timers) = everything(t)?;
    for k in &timers {
        scheduler::cancel(&mut t.batch, k);
    }
    for k in &user_keys {
        t.batch.delete(k);
    }
    t.discard_meta();
    t.reply(m::forget_done(user_keys.len() + timers.len()));
    Ok(())
}

type Keys = Vec<Vec<u8>>;

/// Every key of the user, and their timers: the records /export lists.
fn everything(t: &Turn<'_>) -> Result<(Keys, Keys)> {
    let timers = crate::engine::history::timers(t)?.into_iter().map(|(k, _)| k).collect();
    Ok((t.e.store.user_keys(&t.user)?, timers))
}

/// A plain reply to the confirmation question: `Some(true)` for yes, `Some(false)` for no,
/// `None` for anything else.
pub fn reply_word(text: &str) -> Option<bool> {
    let w = text.trim().trim_end_matches(['.', '!']).trim().to_lowercase();
    match w.as_str() {
        "yes" | "y" | "yeah" | "yep" | "confirm" | "delete" | "delete everything" | "yes, delete everything" => {
            Some(true)
        }
        "no" | "n" | "nope" | "cancel" | "keep" | "stop" | "don't" | "dont" => Some(false),
        _ => None,
    }
}

pub fn cancel(t: &mut Turn<'_>) -> Result<()> {
    if matches!(t.meta.pending, Some(Pending::Forget { .. })) {
        t.meta_mut().pending = None;
    }
    t.reply(m::forget_cancelled());
    Ok(())
}
