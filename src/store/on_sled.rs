//! The sled backend (the embedded default): one sled tree, atomic batches through the intent
//! log (`intent`), durability through the group-commit flusher (`flusher`). Raw keys and
//! values; `store` decodes.

use super::flusher::Flusher;
use super::{Result, StoreError, intent, keys};
use std::path::Path;
use std::sync::atomic::AtomicU64;

pub(super) struct OnSled {
    db: sled::Db,
    tree: sled::Tree,
    /// `None` only while dropping.
    flusher: Option<Flusher>,
    flusher_thread: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
    /// Sequence of intent records (unique within this process; see `intent`).
    intent_seq: AtomicU64,
}

pub(super) type Rows = Vec<(Vec<u8>, Vec<u8>)>;

impl OnSled {
    pub(super) fn open(dir: &Path) -> Result<OnSled> {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return Err(StoreError::Open {
                path: dir.to_path_buf(),
                detail: e.to_string(),
            });
        }
        let config = sled::Config::new().path(dir).cache_capacity(128 * 1024 * 1024);
        let db = config.open().map_err(|e| classify(dir, e))?;
        Self::from_db(db, dir)
    }

    pub(super) fn temporary() -> Result<OnSled> {
        let db = sled::Config::new()
            .temporary(true)
            .open()
            .map_err(|e| classify(Path::new("<temporary>"), e))?;
        Self::from_db(db, Path::new("<temporary>"))
    }

    fn from_db(db: sled::Db, dir: &Path) -> Result<OnSled> {
        let tree = db.open_tree("coach").map_err(|e| classify(dir, e))?;
        let replayed = intent::recover(&tree).map_err(|e| StoreError::Corrupt {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
        if replayed > 0 {
            db.flush().map_err(|e| classify(dir, e))?;
            tracing::warn!(replayed, "completed turns interrupted by a crash");
        }
        let (flusher, thread) = Flusher::start(db.clone()).map_err(|e| StoreError::Open {
            path: dir.to_path_buf(),
            detail: format!("cannot start the flusher thread: {e}"),
        })?;
        Ok(OnSled {
            db,
            tree,
            flusher: Some(flusher),
            flusher_thread: std::sync::Mutex::new(Some(thread)),
            intent_seq: Default::default(),
        })
    }

    fn flusher(&self) -> &Flusher {
        self.flusher.as_ref().expect("flusher present until drop")
    }

    pub(super) fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.tree.get(key)?.map(|v| v.to_vec()))
    }

    pub(super) fn scan(&self, prefix: &[u8]) -> Result<Rows> {
        let mut out = Vec::new();
        for item in self.tree.scan_prefix(prefix) {
            let (k, v) = item?;
            out.push((k.to_vec(), v.to_vec()));
        }
        Ok(out)
    }

    pub(super) fn scan_last(&self, prefix: &[u8], n: usize) -> Result<Rows> {
        let mut out = Vec::new();
        for item in self.tree.scan_prefix(prefix).rev().take(n) {
            let (k, v) = item?;
            out.push((k.to_vec(), v.to_vec()));
        }
        Ok(out)
    }

    pub(super) async fn apply(&self, ops: Vec<intent::Op>) -> Result<()> {
        intent::apply(&self.tree, &self.intent_seq, ops)?;
        Ok(self.flusher().flush().await?)
    }

    pub(super) fn apply_blocking(&self, ops: Vec<intent::Op>) -> Result<()> {
        intent::apply(&self.tree, &self.intent_seq, ops)?;
        Ok(self.flusher().flush_blocking()?)
    }

    pub(super) async fn put_durable_raw(&self, records: &[(&[u8], &[u8])]) -> Result<()> {
        for (key, value) in records {
            self.tree.insert(*key, *value)?;
        }
        Ok(self.flusher().flush().await?)
    }

    pub(super) fn first_job(&self, skip: &dyn Fn(&[u8]) -> bool) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        for item in self.tree.scan_prefix(keys::JOBS) {
            let (k, v) = item?;
            if !skip(&k) {
                return Ok(Some((k.to_vec(), v.to_vec())));
            }
        }
        Ok(None)
    }

    pub(super) fn all(&self) -> Result<Rows> {
        let mut out = Vec::new();
        for item in self.tree.iter() {
            let (k, v) = item?;
            out.push((k.to_vec(), v.to_vec()));
        }
        Ok(out)
    }

    pub(super) fn flushes(&self) -> u64 {
        self.flusher().flushes()
    }

    pub(super) fn flush_blocking(&self) -> Result<()> {
        Ok(self.flusher().flush_blocking()?)
    }

    pub(super) fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }
}

impl Drop for OnSled {
    /// Stop the flusher and wait for it, so the database is closed (and its lock released)
    /// when the last handle is gone: a restart in the same process can reopen it at once.
    fn drop(&mut self) {
        drop(self.flusher.take());
        if let Some(t) = self.flusher_thread.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = t.join();
        }
        let _ = self.db.flush();
    }
}

fn classify(dir: &Path, e: sled::Error) -> StoreError {
    match e {
        sled::Error::Io(ref io) if io.kind() == std::io::ErrorKind::WouldBlock => StoreError::Locked(dir.to_path_buf()),
        sled::Error::Io(ref io) if io.to_string().contains("lock") => StoreError::Locked(dir.to_path_buf()),
        sled::Error::Corruption { .. } => StoreError::Corrupt {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        },
        sled::Error::Unsupported(ref s) => StoreError::Corrupt {
            path: dir.to_path_buf(),
            detail: s.clone(),
        },
        other => StoreError::Open {
            path: dir.to_path_buf(),
            detail: other.to_string(),
        },
    }
}
