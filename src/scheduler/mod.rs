//! The durable scheduler: one time-ordered queue of jobs in the store (`j/<due><id>`) and one
//! task that sleeps until the earliest is due, then hands it to a [`JobHandler`]. Jobs are added
//! and removed inside the same atomic batch as the turn that creates or cancels them, so a crash
//! never leaves a deadline without its interview or the other way round; after a restart the
//! task finds overdue jobs first and fires them at once.

use crate::clock::SharedClock;
use crate::ids::{Place, UserId};
use crate::store::{Batch, Record, Store, keys};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum JobKind {
    /// An interview's alarm: do whatever is due in it now (a time warning, a time-out, the
    /// overall cap) and set the alarm again.
    Interview {
        session: String,
    },
    /// Kinds that records written before the single alarm still hold; they fire as
    /// `Interview` does.
    QuestionWarning {
        session: String,
        seq: u32,
    },
    QuestionTimeout {
        session: String,
        seq: u32,
    },
    InterviewCap {
        session: String,
    },
    /// A booked mock interview's reminder, opening or expiry (`/schedule`).
    Booking {
        booking: String,
        step: crate::practice::booking::Step,
    },
    /// A reminder rule's next reminder (`reminders::Rule::id`); re-armed when it fires.
    Reminder {
        rule: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: String,
    pub user: UserId,
    /// Where a push caused by the job is delivered.
    pub place: Place,
    pub due: DateTime<Utc>,
    pub kind: JobKind,
}

impl Record for Job {}

/// Add a job to a turn's batch; returns its key. The owner keeps the key in its own record (the
/// interview session keeps its timers), which is how jobs are cancelled, exported and forgotten.
pub fn schedule(batch: &mut Batch, job: &Job) -> Vec<u8> {
    let key = keys::job(job.due.timestamp_millis(), &job.id);
    // A job whose turn never committed is harmless: handlers check the session it names.
    batch.put_fresh(&key, job);
    batch.mark_job_added();
    key
}

/// Remove a job in a turn's batch.
pub fn cancel(batch: &mut Batch, key: &[u8]) {
    // A job that survives a crash fires and is ignored (or repeats its last step): harmless.
    batch.delete_stale(key);
}

pub type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Fires a due job. It must remove the job from the store (with [`cancel`]) in the batch of the
/// turn it runs, whatever it decides.
pub trait JobHandler: Send + Sync + 'static {
    fn fire(&self, key: Vec<u8>, job: Job) -> BoxFuture;
}

/// Run until `shutdown` turns true.
pub async fn run(store: Store, clock: SharedClock, handler: Arc<dyn JobHandler>, mut shutdown: watch::Receiver<bool>) {
    let in_flight: Arc<Mutex<HashSet<Vec<u8>>>> = Arc::default();
    loop {
        if *shutdown.borrow() {
            return;
        }
        let next = {
            let busy = in_flight.lock().unwrap_or_else(|e| e.into_inner());
            store.first_job(|k| busy.contains(k))
        };
        let next = match next {
            Ok(n) => n,
            Err(e) => {
                tracing::error!(error = %e, "scheduler cannot read its queue; retrying in 1 s");
                tokio::select! {
                    _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
                    _ = shutdown.changed() => {}
                }
                continue;
            }
        };
        match next {
            None => {
                tokio::select! {
                    _ = store.jobs_changed() => {}
                    _ = shutdown.changed() => {}
                }
            }
            Some((key, value)) => {
                let due = keys::job_due_millis(&key).unwrap_or(0);
                let now = clock.now().timestamp_millis();
                if due <= now {
                    let job: Job = match crate::store::codec::decode(&value) {
                        Ok(j) => j,
                        Err(e) => {
                            tracing::error!(error = %e, "dropping an unreadable job");
                            let mut b = Batch::default();
                            b.delete(&key);
                            let _ = store.commit(b).await;
                            continue;
                        }
                    };
                    in_flight.lock().unwrap_or_else(|e| e.into_inner()).insert(key.clone());
                    let handler = handler.clone();
                    let in_flight = in_flight.clone();
                    let store2 = store.clone();
                    tokio::spawn(async move {
                        handler.fire(key.clone(), job).await;
                        in_flight.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);
                        store2.notify_jobs();
                    });
                } else {
                    let wait = std::time::Duration::from_millis((due - now) as u64);
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = store.jobs_changed() => {}
                        _ = shutdown.changed() => {}
                    }
                }
            }
        }
    }
}
