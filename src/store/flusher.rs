//! Group commit: one thread owns `Db::flush`. Turns that need durability queue a waiter; the
//! thread takes every waiter queued so far, flushes once and wakes them all. While a flush runs,
//! new waiters gather for the next one, so many concurrent turns share one fsync.
//!
//! sled 0.34.7 can deadlock when `flush_async` is awaited from many tasks at once (sled #1308);
//! calling the blocking `flush` from this single thread avoids that path entirely.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread;
use tokio::sync::oneshot;

type Waiter = oneshot::Sender<Result<(), sled::Error>>;

/// Why a flush did not reach the disk.
#[derive(Debug, thiserror::Error)]
pub enum FlushError {
    #[error("the store is shutting down")]
    ShuttingDown,
    #[error("the store flusher stopped")]
    Stopped,
    #[error(transparent)]
    Sled(#[from] sled::Error),
    #[error(transparent)]
    Join(#[from] tokio::task::JoinError),
}

#[derive(Clone)]
pub struct Flusher {
    tx: mpsc::Sender<Waiter>,
    /// Flushes done since start (each may serve many waiters).
    flushes: Arc<AtomicU64>,
}

impl Flusher {
    pub fn start(db: sled::Db) -> std::io::Result<(Flusher, thread::JoinHandle<()>)> {
        let (tx, rx) = mpsc::channel::<Waiter>();
        let flushes = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&flushes);
        let handle = thread::Builder::new()
            .name("coach-flusher".into())
            .spawn(move || run(db, rx, &counter))?;
        Ok((Flusher { tx, flushes }, handle))
    }

    /// Flushes done since start (fewer than the durable commits when commits share them).
    pub fn flushes(&self) -> u64 {
        self.flushes.load(Ordering::Relaxed)
    }

    /// Wait until everything written before this call is on disk.
    ///
    /// On a current-thread runtime the wait runs on the blocking pool: that runtime then knows
    /// work is in flight, which matters under tokio's paused test clock (it would otherwise jump
    /// to the next timer while a commit is still being flushed).
    pub async fn flush(&self) -> Result<(), FlushError> {
        let current_thread = tokio::runtime::Handle::try_current()
            .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::CurrentThread);
        if current_thread {
            let this = self.clone();
            return tokio::task::spawn_blocking(move || this.flush_blocking()).await?;
        }
        let (tx, rx) = oneshot::channel();
        self.tx.send(tx).map_err(|_| FlushError::ShuttingDown)?;
        Ok(rx.await.map_err(|_| FlushError::Stopped)??)
    }

    /// Blocking variant for non-async callers (CLI tools, shutdown).
    pub fn flush_blocking(&self) -> Result<(), FlushError> {
        let (tx, rx) = oneshot::channel();
        self.tx.send(tx).map_err(|_| FlushError::ShuttingDown)?;
        Ok(rx.blocking_recv().map_err(|_| FlushError::Stopped)??)
    }
}

fn run(db: sled::Db, rx: mpsc::Receiver<Waiter>, flushes: &AtomicU64) {
    let mut waiters: Vec<Waiter> = Vec::with_capacity(1024);
    while let Ok(first) = rx.recv() {
        waiters.push(first);
        while let Ok(w) = rx.try_recv() {
            waiters.push(w);
        }
        let result = db.flush().map(|_| ());
        flushes.fetch_add(1, Ordering::Relaxed);
        for w in waiters.drain(..) {
            let _ = w.send(result.clone());
        }
    }
}
