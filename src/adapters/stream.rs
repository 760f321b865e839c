//! The streamed-edit loop the chat adapters share: partial replies become one message per
//! stream, sent when its first text arrives and then edited at most once per the platform's
//! interval (the text so far plus " …"). The finished reply later replaces that message; each
//! adapter's outbound does that with the ids returned here.

use crate::engine::reply::Partial;
use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::Instant;

/// How one platform shows a streamed message.
pub(crate) trait StreamSink {
    /// A sent message's id.
    type Id: Copy;
    /// The part of the text so far that is shown (escaped and cut to fit the platform).
    fn shown(&self, text: &str) -> String;
    /// Send a new message; its id, or `None` if it could not be shown (the sink logs why).
    fn send(&self, body: String) -> impl Future<Output = Option<Self::Id>> + Send;
    /// Why an edit failed (logged; an edit is optional).
    type Error: std::fmt::Display;
    /// Replace a streamed message's text.
    fn edit(&self, id: Self::Id, body: String) -> impl Future<Output = Result<(), Self::Error>> + Send;
}

/// Show partial replies from `rx` until it closes, editing each stream's message at most every
/// `every`. Returns stream id → the message showing it.
pub(crate) async fn stream_edits<S: StreamSink>(
    sink: S,
    every: Duration,
    mut rx: UnboundedReceiver<Partial>,
) -> HashMap<u32, S::Id> {
    let mut streams: HashMap<u32, S::Id> = HashMap::new();
    let mut shown: HashMap<u32, (String, Instant)> = HashMap::new();
    let mut latest: HashMap<u32, String> = HashMap::new();
    loop {
        let next = tokio::time::timeout(every, rx.recv()).await;
        let closed = matches!(next, Ok(None));
        if let Ok(Some(p)) = next {
            latest.insert(p.stream, p.text);
        }
        for (id, text) in &latest {
            let text = sink.shown(text);
            let due = shown.get(id).is_none_or(|(t, at)| *t != text && at.elapsed() >= every);
            if !due || text.trim().is_empty() {
                continue;
            }
            let body = format!("{text} …");
            match streams.get(id) {
                None => {
                    if let Some(mid) = sink.send(body).await {
                        streams.insert(*id, mid);
                    }
                }
                Some(mid) => {
                    if let Err(e) = sink.edit(*mid, body).await {
                        tracing::debug!(error = %e, "editing a streamed reply failed (optional)");
                    }
                }
            }
            shown.insert(*id, (text, Instant::now()));
        }
        if closed {
            return streams;
        }
    }
}
