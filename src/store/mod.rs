//! The one place that talks to the database: sled (embedded, the default: `on_sled.rs`) or
//! PostgreSQL when `COACH_DATABASE_URL` is set (`on_pg.rs`, issue #19). Both keep the same
//! contract — keys and records ordered bytewise, an atomic durable batch per turn, prefix scans
//! and the time-ordered job queue — and no other module learns which one runs.
//!
//! On sled, everything lives in one sled tree. A turn's writes are atomic through a small intent log:
//! the whole batch is first written as one record under `w/<seq>` (a single sled insert is
//! atomic), then applied key by key, then the intent is removed. sled recovers a prefix of its
//! log after a crash, so either the intent is there (and [`Store::open`] replays it, which is
//! idempotent) or none of the turn's writes are. This avoids `sled::Tree::apply_batch`, which in
//! sled 0.34 switches the whole database to a global reader-writer lock and serialises every
//! user's turn behind every other's.
//! Keys are grouped in keyspaces by prefix (see [`keys`]); every user's records sit under
//! `u/<user>/`, which makes /export and /forget one prefix scan each. Values are versioned
//! records: a tag byte, a 2-byte version, then JSON (see [`codec`]).

pub mod codec;
mod flusher;
mod intent;
pub mod keys;
mod on_pg;
mod on_sled;

use crate::ids::UserId;
pub use codec::Record;
pub use flusher::FlushError;
pub use on_pg::DEFAULT_POOL;
use on_pg::OnPg;
use on_sled::OnSled;
use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thiserror::Error;
use tokio::sync::Notify;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "the data directory {0} is in use by another coach process; stop it or set COACH_DATA_DIR to another directory"
    )]
    Locked(PathBuf),
    #[error(
        "the database in {path} looks damaged ({detail}); move the directory aside (or restore a backup) and start again"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error("cannot open the data directory {path}: {detail}")]
    Open { path: PathBuf, detail: String },
    #[error("storage error: {0}")]
    Io(String),
    /// Not a `source`: the message says it already, and the CLI prints the whole chain.
    #[error("storage error: {0}")]
    Flush(FlushError),
    #[error("a stored record could not be read: {0}")]
    Decode(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl From<FlushError> for StoreError {
    fn from(e: FlushError) -> Self {
        StoreError::Flush(e)
    }
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Io(e.to_string())
    }
}

#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Backend,
    /// Woken whenever a committed batch added a scheduled job.
    jobs_changed: Notify,
    /// Bytes and batches committed (for benchmarks and diagnostics).
    committed_bytes: std::sync::atomic::AtomicU64,
    committed_batches: std::sync::atomic::AtomicU64,
    /// Decoded copies of records last written with [`Batch::put_shared`] (an interview in
    /// progress): the next turn of that user takes its copy instead of reading and decoding
    /// the record again. Filled only by commits, never by reads, and every other write of a
    /// key removes its copy, so a copy is always the committed value (see [`Store::commit`]).
    /// sled only: on PostgreSQL another process may write the key, so every read goes to it.
    shared: dashmap::DashMap<Vec<u8>, Shared>,
}

enum Backend {
    Sled(OnSled),
    Pg(OnPg),
}

type Shared = Arc<dyn Any + Send + Sync>;

/// The writes of one turn, applied atomically by [`Store::commit`]. A later write to the same
/// key replaces an earlier one.
///
/// Most writes are plain `put`/`delete`. Two kinds of write are safe outside the commit's
/// atomic unit, and a batch with at most one plain write needs no intent record (see
/// `intent::apply`): `put_fresh` (a key nothing reads until a plain write of the same batch
/// refers to it — a new answer record, a timer whose handler checks the session) and
/// `delete_stale` (a key whose survival is harmless — a timer the session no longer expects).
/// Fresh puts and `delete_uncommitted` go before the plain write, stale deletes after it.
#[derive(Default)]
pub struct Batch {
    ops: Vec<intent::Op>,
    /// Per op (same index): the decoded value to keep in memory after the commit, if any.
    shared: Vec<Option<Shared>>,
    bytes: usize,
    added_jobs: bool,
}

impl Batch {
    fn set(&mut self, key: &[u8], value: Option<Vec<u8>>, class: intent::Class) {
        self.set_shared(key, value, class, None);
    }
    fn set_shared(&mut self, key: &[u8], value: Option<Vec<u8>>, class: intent::Class, shared: Option<Shared>) {
        self.bytes += key.len() + value.as_ref().map_or(0, |v| v.len());
        match self.ops.iter().position(|op| op.key == key) {
            Some(i) => {
                self.ops[i].value = value;
                self.ops[i].class = class;
                self.shared[i] = shared;
            }
            None => {
                self.ops.push(intent::Op {
                    key: key.to_vec(),
                    value,
                    class,
                });
                self.shared.push(shared);
            }
        }
    }
    pub fn put<T: Record>(&mut self, key: &[u8], value: &T) {
        self.set(key, Some(codec::encode(value)), intent::Class::Plain);
    }
    /// A plain write whose decoded value the store keeps in memory once committed, for
    /// [`Store::get_shared`]: for the few records every turn of a user reads back.
    pub fn put_shared<T: Record + Clone + Send + Sync + 'static>(&mut self, key: &[u8], value: &T) {
        let shared: Shared = Arc::new(value.clone());
        self.set_shared(key, Some(codec::encode(value)), intent::Class::Plain, Some(shared));
    }
    pub fn put_raw(&mut self, key: &[u8], value: &[u8]) {
        self.set(key, Some(value.to_vec()), intent::Class::Plain);
    }
    pub fn delete(&mut self, key: &[u8]) {
        self.set(key, None, intent::Class::Plain);
    }
    /// A new key that no reader trusts until this batch's plain write refers to it.
    pub fn put_fresh<T: Record>(&mut self, key: &[u8], value: &T) {
        self.set(key, Some(codec::encode(value)), intent::Class::Before);
    }
    /// Remove a record that was never committed (left by a crash between a fresh put and its
    /// commit point), before this batch's plain write.
    pub fn delete_uncommitted(&mut self, key: &[u8]) {
        self.set(key, None, intent::Class::Before);
    }
    /// Remove a key whose survival after a crash is harmless, after this batch's plain write.
    pub fn delete_stale(&mut self, key: &[u8]) {
        self.set(key, None, intent::Class::After);
    }
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
    pub fn mark_job_added(&mut self) {
        self.added_jobs = true;
    }
}

impl Store {
    /// Open (or create) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        Ok(Self::on(Backend::Sled(OnSled::open(dir)?)))
    }

    /// A throw-away store in a temporary directory (tests, benchmarks).
    pub fn temporary() -> Result<Store> {
        Ok(Self::on(Backend::Sled(OnSled::temporary()?)))
    }

    /// The store on PostgreSQL (or an engine speaking its protocol) at `url`, with `pool`
    /// connections; the schema is migrated first.
    pub fn open_postgres(url: &str, pool: usize) -> Result<Store> {
        Ok(Self::on(Backend::Pg(OnPg::open(url, pool)?)))
    }

    /// Which backend runs: "sled" or "postgres" (diagnostics).
    pub fn backend_name(&self) -> &'static str {
        match self.inner.backend {
            Backend::Sled(_) => "sled",
            Backend::Pg(_) => "postgres",
        }
    }

    fn on(backend: Backend) -> Store {
        Store {
            inner: Arc::new(Inner {
                backend,
                jobs_changed: Notify::new(),
                committed_bytes: Default::default(),
                committed_batches: Default::default(),
                shared: Default::default(),
            }),
        }
    }

    pub fn get<T: Record>(&self, key: &[u8]) -> Result<Option<T>> {
        match self.get_raw(key)? {
            None => Ok(None),
            Some(v) => codec::decode(&v).map(Some),
        }
    }

    /// Like [`Store::get`], but takes the copy the last commit of this key kept in memory
    /// (see [`Batch::put_shared`]) when there is one.
    pub fn get_shared<T: Record + Clone + Send + Sync + 'static>(&self, key: &[u8]) -> Result<Option<T>> {
        if let Some(v) = self.inner.shared.get(key)
            && let Some(t) = v.downcast_ref::<T>()
        {
            return Ok(Some(t.clone()));
        }
        self.get(key)
    }

    pub fn get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        match &self.inner.backend {
            Backend::Sled(b) => b.get(key),
            Backend::Pg(b) => b.get(key),
        }
    }

    /// Every record under a prefix, in key order.
    pub fn scan<T: Record>(&self, prefix: &[u8]) -> Result<Vec<(Vec<u8>, T)>> {
        self.scan_raw(prefix)?
            .into_iter()
            .map(|(k, v)| Ok((k, codec::decode(&v)?)))
            .collect()
    }

    /// Keys and raw values under a prefix.
    pub fn scan_raw(&self, prefix: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        match &self.inner.backend {
            Backend::Sled(b) => b.scan(prefix),
            Backend::Pg(b) => b.scan(prefix),
        }
    }

    /// The last `n` keys under a prefix (newest first when keys sort by time).
    pub fn scan_last<T: Record>(&self, prefix: &[u8], n: usize) -> Result<Vec<(Vec<u8>, T)>> {
        let rows = match &self.inner.backend {
            Backend::Sled(b) => b.scan_last(prefix, n)?,
            Backend::Pg(b) => b.scan_last(prefix, n)?,
        };
        rows.into_iter().map(|(k, v)| Ok((k, codec::decode(&v)?))).collect()
    }

    /// Apply a batch atomically and return once it is durable on disk. Concurrent commits share
    /// one flush.
    pub async fn commit(&self, batch: Batch) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let added_jobs = batch.added_jobs;
        self.count(batch.bytes);
        let shared = self.unshare(&batch);
        match &self.inner.backend {
            Backend::Sled(b) => b.apply(batch.ops).await?,
            Backend::Pg(b) => b.apply(batch.ops).await?,
        }
        self.share(shared);
        if added_jobs {
            self.inner.jobs_changed.notify_one();
        }
        Ok(())
    }

    /// Blocking commit for non-async tools.
    pub fn commit_blocking(&self, batch: Batch) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        self.count(batch.bytes);
        let shared = self.unshare(&batch);
        match &self.inner.backend {
            Backend::Sled(b) => b.apply_blocking(batch.ops)?,
            Backend::Pg(b) => b.apply_blocking(batch.ops)?,
        }
        self.share(shared);
        Ok(())
    }

    /// Before a batch is applied: drop the in-memory copies of every key it writes (so a
    /// failed commit leaves none that could differ from the store); returns the copies to
    /// keep once it is durable.
    fn unshare(&self, batch: &Batch) -> Vec<(Vec<u8>, Shared)> {
        let mut keep = Vec::new();
        for (op, shared) in batch.ops.iter().zip(&batch.shared) {
            self.inner.shared.remove(&op.key);
            if let Some(v) = shared {
                keep.push((op.key.clone(), v.clone()));
            }
        }
        keep
    }

    fn share(&self, copies: Vec<(Vec<u8>, Shared)>) {
        if !matches!(self.inner.backend, Backend::Sled(_)) {
            return;
        }
        for (k, v) in copies {
            self.inner.shared.insert(k, v);
        }
    }

    fn count(&self, bytes: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        self.inner.committed_bytes.fetch_add(bytes as u64, Relaxed);
        self.inner.committed_batches.fetch_add(1, Relaxed);
    }

    /// (batches, bytes) committed since open.
    pub fn committed(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        (
            self.inner.committed_batches.load(Relaxed),
            self.inner.committed_bytes.load(Relaxed),
        )
    }

    /// Flushes to disk since open: fewer than the batches committed when concurrent commits
    /// share them (group commit).
    pub fn flushes(&self) -> u64 {
        match &self.inner.backend {
            Backend::Sled(b) => b.flushes(),
            Backend::Pg(b) => b.flushes(),
        }
    }

    /// Durable insert of raw records outside any turn, one flush for all (benchmarks of the raw
    /// store).
    pub async fn put_durable_raw(&self, records: &[(&[u8], &[u8])]) -> Result<()> {
        for (key, value) in records {
            self.count(key.len() + value.len());
        }
        match &self.inner.backend {
            Backend::Sled(b) => b.put_durable_raw(records).await,
            Backend::Pg(b) => b.put_durable_raw(records).await,
        }
    }

    /// The earliest scheduled job, skipping keys for which `skip` is true.
    pub fn first_job(&self, skip: impl Fn(&[u8]) -> bool) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        match &self.inner.backend {
            Backend::Sled(b) => b.first_job(&skip),
            Backend::Pg(b) => b.first_job(&skip),
        }
    }

    pub async fn jobs_changed(&self) {
        self.inner.jobs_changed.notified().await
    }

    pub fn notify_jobs(&self) {
        self.inner.jobs_changed.notify_one();
    }

    /// Every key of the store (tests, diagnostics).
    pub fn all_keys(&self) -> Result<Vec<Vec<u8>>> {
        Ok(self.all()?.into_iter().map(|(k, _)| k).collect())
    }

    /// Every record of the store, raw, in key order (tests, `coach migrate`).
    pub fn all(&self) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        match &self.inner.backend {
            Backend::Sled(b) => b.all(),
            Backend::Pg(b) => b.all(),
        }
    }

    /// Every raw value of the store (tests that check /forget leaves nothing behind).
    pub fn all_values(&self) -> Result<Vec<Vec<u8>>> {
        Ok(self.all()?.into_iter().map(|(_, v)| v).collect())
    }

    /// Keys of one user.
    pub fn user_keys(&self, user: &UserId) -> Result<Vec<Vec<u8>>> {
        Ok(self
            .scan_raw(&keys::user_prefix(user))?
            .into_iter()
            .map(|(k, _)| k)
            .collect())
    }

    /// Make every commit so far durable (PostgreSQL: each commit already is).
    pub fn flush_blocking(&self) -> Result<()> {
        match &self.inner.backend {
            Backend::Sled(b) => b.flush_blocking(),
            Backend::Pg(_) => Ok(()),
        }
    }

    pub fn size_on_disk(&self) -> u64 {
        match &self.inner.backend {
            Backend::Sled(b) => b.size_on_disk(),
            Backend::Pg(b) => b.size_on_disk(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Rec {
        n: u32,
    }
    impl Record for Rec {}

    fn commit(store: &Store, f: impl FnOnce(&mut Batch)) {
        let mut b = Batch::default();
        f(&mut b);
        store.commit_blocking(b).unwrap();
    }

    /// Error messages read as they did when they were strings, and carry no `source` that the
    /// CLI (which prints the whole chain, `{:#}`) would repeat.
    #[test]
    fn error_messages_are_whole_and_said_once() {
        let mut old = vec![b'J'];
        old.extend_from_slice(&7u16.to_be_bytes());
        old.extend_from_slice(b"{\"n\": 1}");
        let e = codec::decode::<Rec>(&old).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a stored record could not be read: no migration from version 7"
        );
        let e = StoreError::from(FlushError::Stopped);
        assert_eq!(e.to_string(), "storage error: the store flusher stopped");
        assert!(
            std::error::Error::source(&e).is_none(),
            "a source would repeat the message"
        );
    }

    /// A shared copy is the committed value: kept from a `put_shared` commit, replaced by the
    /// next one, dropped by any other write of the key, and never filled by a read.
    #[test]
    fn shared_copies_follow_the_commits() {
        let store = Store::temporary().unwrap();
        let key = b"u/x/s/1";
        commit(&store, |b| b.put_shared(key, &Rec { n: 1 }));
        assert_eq!(store.inner.shared.len(), 1);
        assert_eq!(store.get_shared::<Rec>(key).unwrap(), Some(Rec { n: 1 }));

        commit(&store, |b| b.put_shared(key, &Rec { n: 2 }));
        assert_eq!(store.get_shared::<Rec>(key).unwrap(), Some(Rec { n: 2 }));

        commit(&store, |b| b.put(key, &Rec { n: 3 }));
        assert!(store.inner.shared.is_empty(), "a plain write drops the copy");
        assert_eq!(store.get_shared::<Rec>(key).unwrap(), Some(Rec { n: 3 }));
        assert!(store.inner.shared.is_empty(), "reads never fill it");

        commit(&store, |b| b.put_shared(key, &Rec { n: 4 }));
        commit(&store, |b| b.delete(key));
        assert_eq!(store.get_shared::<Rec>(key).unwrap(), None);
        assert!(store.inner.shared.is_empty());

        // A later write of the same key in one batch wins, copy included.
        commit(&store, |b| {
            b.put_shared(key, &Rec { n: 5 });
            b.put(key, &Rec { n: 6 });
        });
        assert!(store.inner.shared.is_empty());
        assert_eq!(store.get_shared::<Rec>(key).unwrap(), Some(Rec { n: 6 }));
    }
}
