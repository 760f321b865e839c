//! /cv and /jd (issue #18): show what is stored (with the gap between them), store pasted text,
//! wait for a file (Replace), delete; and a document sent outside an interview, read and stored
//! as the CV or the job description — which one: what /cv or /jd waits for, else the caption or
//! the file's name, else the text itself (a posting reads like one), else the CV, with a button
//! that switches a guess. A guess keeps what it replaced (`keys::previous_doc`) until the user
//! confirms by storing or deleting on purpose, so a wrong guess loses nothing.
//!
//! A document that cannot be read changes nothing stored. Document text is never logged (sizes
//! only).

use crate::copilot::docs::{Cv, Jd};
use crate::copilot::{extract, parse};
use crate::engine::error::Result;
use crate::engine::history;
use crate::engine::messages::{self as m, Chosen};
use crate::engine::turn::Turn;
use crate::profile::Pending;
use crate::store::keys;
use chrono::Duration;

/// How long /cv or /jd waits for a file.
const WAIT: i64 = 30;
/// Fewer words than this is no CV or posting.
const MIN_WORDS: usize = 15;

pub async fn run(t: &mut Turn<'_>, args: &str, jd: bool) -> Result<()> {
    let a = args.trim();
    match a.to_lowercase().as_str() {
        "" | "show" => show(t, jd),
        "delete" | "remove" | "clear" => delete(t, jd),
        "replace" | "new" | "update" | "upload" => {
            t.meta_mut().pending = Some(Pending::Document { jd, at: t.now });
            t.reply(m::doc_waiting(jd));
            Ok(())
        }
        "tojd" if !jd => switch(t, false),
        "tocv" if jd => switch(t, true),
        _ => paste(t, a, jd).await,
    }
}

fn show(t: &mut Turn<'_>, jd: bool) -> Result<()> {
    let (cv, j) = history::cv_and_jd(&t.e.store, &t.user)?;
    let r = match (jd, &cv, &j) {
        (false, Some(cv), _) => m::cv_card(&t.user, cv, j.as_ref()),
        (true, _, Some(j)) => m::jd_card(&t.user, j, cv.as_ref()),
        _ => {
            t.meta_mut().pending = Some(Pending::Document { jd, at: t.now });
            m::doc_nothing_stored(jd)
        }
    };
    t.reply(r);
    Ok(())
}

fn delete(t: &mut Turn<'_>, jd: bool) -> Result<()> {
    let key = slot_key(t, jd);
    let had = t.e.store.get_raw(&key)?.is_some();
    t.batch.delete(&key);
    t.batch.delete(&keys::previous_doc(&t.user, jd));
    if matches!(t.meta.pending, Some(Pending::Document { .. })) {
        t.meta_mut().pending = None;
    }
    tracing::info!(jd, had, "document deleted");
    t.reply(m::doc_deleted(jd, had));
    Ok(())
}

async fn paste(t: &mut Turn<'_>, text: &str, jd: bool) -> Result<()> {
    let words = text.split_whitespace().count();
    if words < MIN_WORDS {
        t.reply(m::doc_too_short(jd, words));
        return Ok(());
    }
    match extract::extract("pasted.txt", Some("text/plain"), text.as_bytes().to_vec()).await {
        Ok(x) => {
            if matches!(t.meta.pending, Some(Pending::Document { .. })) {
                t.meta_mut().pending = None;
            }
            store(t, jd, &x.text, "pasted text", Chosen::Said, x.truncated)
        }
        Err(e) => {
            t.reply(m::doc_failed("The pasted text", &e, jd));
            Ok(())
        }
    }
}

/// A document sent outside an interview.
pub async fn document(
    t: &mut Turn<'_>,
    name: &str,
    mime: Option<&str>,
    bytes: Vec<u8>,
    caption: Option<&str>,
) -> Result<()> {
    let waiting = match &t.meta.pending {
        Some(Pending::Document { jd, at }) if t.now - *at <= Duration::minutes(WAIT) => Some(*jd),
        _ => None,
    };
    let said = waiting.or_else(|| said_by(caption, name));
    let size = bytes.len();
    let x = match extract::extract(name, mime, bytes).await {
        Ok(x) => x,
        Err(e) => {
            tracing::info!(error = %e, size, "document not read");
            t.reply(m::doc_failed(name, &e, said == Some(true)));
            return Ok(());
        }
    };
    let (jd, chosen) = match said {
        Some(jd) => (jd, Chosen::Said),
        None => (parse::looks_like_jd(&x.text), Chosen::Guessed),
    };
    if waiting.is_some() {
        t.meta_mut().pending = None;
    }
    store(t, jd, &x.text, name, chosen, x.truncated)
}

/// What the words sent with a file, or its name, say it is: `Some(true)` a job description,
/// `Some(false)` a CV.
fn said_by(caption: Option<&str>, name: &str) -> Option<bool> {
    const JD: &[&str] = &[
        "jd",
        "job",
        "posting",
        "vacancy",
        "advert",
        "listing",
        "description",
        "opening",
    ];
    const CV: &[&str] = &["cv", "resume", "résumé", "curriculum"];
    let says = |text: &str| {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != 'é')
            .filter(|w| !w.is_empty())
            .collect();
        let jd = words.iter().any(|w| JD.contains(w));
        let cv = words.iter().any(|w| CV.contains(w));
        match (jd, cv) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        }
    };
    caption.and_then(says).or_else(|| {
        let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
        says(stem)
    })
}

fn slot_key(t: &Turn<'_>, jd: bool) -> Vec<u8> {
    if jd { keys::jd(&t.user) } else { keys::cv(&t.user) }
}

/// Store the text as the CV or the job description and say what was read. A guess keeps the
/// record it replaces so its switch button can put it back; anything said on purpose drops it.
fn store(t: &mut Turn<'_>, jd: bool, text: &str, source: &str, chosen: Chosen, truncated: bool) -> Result<()> {
    let key = slot_key(t, jd);
    let prev = keys::previous_doc(&t.user, jd);
    match (chosen, t.e.store.get_raw(&key)?) {
        (Chosen::Guessed, Some(old)) => t.batch.put_raw(&prev, &old),
        _ => t.batch.delete(&prev),
    }
    let (cv, j) = history::cv_and_jd(&t.e.store, &t.user)?;
    let r = if jd {
        let rec = Jd::read(text, source, t.now);
        t.batch.put(&key, &rec);
        m::jd_stored(&t.user, &rec, cv.as_ref(), chosen, truncated)
    } else {
        let rec = Cv::read(text, source, t.now);
        t.batch.put(&key, &rec);
        m::cv_stored(&t.user, &rec, j.as_ref(), chosen, truncated)
    };
    tracing::info!(
        jd,
        chars = text.len(),
        guessed = chosen == Chosen::Guessed,
        "document stored"
    );
    t.reply(r);
    Ok(())
}

/// The switch button of a guess: the stored CV becomes the job description (`from_jd`: the
/// other way), and what the guess replaced comes back.
fn switch(t: &mut Turn<'_>, from_jd: bool) -> Result<()> {
    let (cv, j) = history::cv_and_jd(&t.e.store, &t.user)?;
    let (text, source) = match (from_jd, cv, j) {
        (false, Some(cv), _) => (cv.text, cv.source),
        (true, _, Some(j)) => (j.text, j.source),
        _ => {
            t.reply(m::doc_nothing_to_switch(from_jd));
            return Ok(());
        }
    };
    let from_key = slot_key(t, from_jd);
    let to_key = slot_key(t, !from_jd);
    if from_jd {
        t.batch.put(&to_key, &Cv::read(&text, &source, t.now));
    } else {
        t.batch.put(&to_key, &Jd::read(&text, &source, t.now));
    }
    let prev_key = keys::previous_doc(&t.user, from_jd);
    let restored = match t.e.store.get_raw(&prev_key)? {
        Some(old) => {
            t.batch.put_raw(&from_key, &old);
            true
        }
        None => {
            t.batch.delete(&from_key);
            false
        }
    };
    t.batch.delete(&prev_key);
    t.batch.delete(&keys::previous_doc(&t.user, !from_jd));
    t.reply(m::doc_switched(&t.user, !from_jd, restored));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::said_by;

    #[test]
    fn captions_then_names_say_what_a_file_is() {
        assert_eq!(said_by(Some("/jd"), "x.pdf"), Some(true));
        assert_eq!(said_by(Some("here's the job I want"), "x.pdf"), Some(true));
        assert_eq!(said_by(Some("my CV"), "job.pdf"), Some(false));
        assert_eq!(said_by(None, "Job_Description_Acme.pdf"), Some(true));
        assert_eq!(said_by(None, "jane-doe-resume.docx"), Some(false));
        assert_eq!(said_by(Some("hi"), "document.pdf"), None);
    }
}
