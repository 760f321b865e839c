//! /forget — delete every record of the user, after confirmation (button or `/forget confirm`
//! within ten minutes).

use super::super::{Turn, messages as m};
use crate::interview::Session;
use crate::profile::Pending;
use crate::scheduler;
use crate::store::keys;
use anyhow::Result;
use chrono::Duration;

pub async fn run(t: &mut Turn<'_>, args: &str) -> Result<()> {
    if matches!(args.trim().to_lowercase().as_str(), "confirm" | "yes") {
        return confirm(t, None).await;
    }
    let nonce = format!("{:08x}", fastrand::u32(..));
    let records = t.e.store.user_keys(&t.user)?.len();
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
    // Timers live in the global queue; the sessions that own them know their keys.
    for (_, s) in t.e.store.scan::<Session>(&keys::sessions(&t.user))? {
        for k in s.job_keys() {
            scheduler::cancel(&mut t.batch, &k);
        }
    }
    let user_keys = t.e.store.user_keys(&t.user)?;
    for k in &user_keys {
        t.batch.delete(k);
    }
    t.discard_meta();
    t.reply(m::forget_done(user_keys.len()));
    Ok(())
}

pub fn cancel(t: &mut Turn<'_>) -> Result<()> {
    if matches!(t.meta.pending, Some(Pending::Forget { .. })) {
        t.meta_mut().pending = None;
    }
    t.reply(m::forget_cancelled());
    Ok(())
}
