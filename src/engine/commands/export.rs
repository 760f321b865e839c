//! /export — every record of the user (all keyspaces under their prefix, plus their scheduled
//! jobs) as one JSON file.

use crate::engine::error::Result;
use crate::engine::messages as m;
use crate::engine::reply::Reply;
use crate::engine::turn::Turn;
use crate::store::{codec, keys};

pub async fn run(t: &mut Turn<'_>) -> Result<()> {
    let rows = t.e.store.scan_raw(&keys::user_prefix(&t.user))?;
    let prefix_len = keys::user_prefix(&t.user).len();
    let mut records = serde_json::Map::new();
    let mut jobs = Vec::new();
    for (k, v) in &rows {
        let key = String::from_utf8_lossy(&k[prefix_len..]).to_string();
        records.insert(key, codec::to_json(v));
    }
    for (_, job) in crate::engine::history::timers(t)? {
        jobs.push(codec::to_json(&job));
    }
    let doc = serde_json::json!({
        "format": "interview-coach-export",
        "version": 1,
        "user": t.user.as_str(),
        "exported_at": t.now.to_rfc3339(),
        "records": records,
        "scheduled_jobs": jobs,
    });
    let bytes = serde_json::to_vec_pretty(&doc)?;
    let name = format!("interview-coach-export-{}.json", t.now.format("%Y%m%d-%H%M%S"));
    let n = records.len() + jobs.len();
    t.reply(Reply::file(name, "application/json", bytes, m::export_caption(n)).private());
    Ok(())
}
