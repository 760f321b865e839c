//! The PostgreSQL backend (issue #19), for a store shared by several coach processes; also any
//! engine that speaks its protocol. The same contract as sled: keys and values ordered bytewise
//! in one table (`coach_kv`), a batch applied in one transaction (durable at COMMIT), prefix
//! scans and the job queue as primary-key range scans. Schema migrations are embedded
//! (`migrations/`) and run at open under a table lock, so processes starting together apply
//! each once.
//!
//! The client is the synchronous `postgres` crate on a few dedicated threads, each with its
//! own connection (a pool): the store's reads are synchronous calls made from async turns, and
//! a synchronous client must not run on a tokio thread. A caller sends a job and waits — on a
//! std channel for reads, on a tokio oneshot for commits, so an awaiting turn blocks no thread.
//! A broken connection is re-made before the next job.

use super::{Result, StoreError, intent, keys};
use postgres::{Client, NoTls};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};

pub(super) type Rows = Vec<(Vec<u8>, Vec<u8>)>;

type Job = Box<dyn FnOnce(Option<&mut Client>) + Send>;

/// Migrations in order: (version, SQL). Never edit one that has shipped; add the next.
const MIGRATIONS: &[(i32, &str)] = &[(1, include_str!("migrations/0001_kv.sql"))];

/// Connections (and threads) in the pool unless `COACH_DATABASE_POOL` says otherwise.
pub const DEFAULT_POOL: usize = 4;

pub(super) struct OnPg {
    jobs: Mutex<Option<mpsc::Sender<Job>>>,
    threads: Mutex<Vec<std::thread::JoinHandle<()>>>,
    commits: AtomicU64,
}

fn stopped() -> StoreError {
    StoreError::Io("the database worker stopped".into())
}

fn pg_err(e: postgres::Error) -> StoreError {
    StoreError::Io(format!("database: {e}"))
}

/// The first key after every key that starts with `prefix` (`None`: no upper bound).
fn upper(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut p = prefix.to_vec();
    while let Some(last) = p.pop() {
        if last < 0xFF {
            p.push(last + 1);
            return Some(p);
        }
    }
    None
}

fn rows(r: Vec<postgres::Row>) -> Rows {
    r.into_iter().map(|row| (row.get(0), row.get(1))).collect()
}

fn migrate(c: &mut Client) -> std::result::Result<(), postgres::Error> {
    // Two processes creating the table at once: one may fail on the catalog; the retry finds it.
    let create = "CREATE TABLE IF NOT EXISTS coach_migrations (version INT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";
    if c.batch_execute(create).is_err() {
        c.batch_execute(create)?;
    }
    let mut tx = c.transaction()?;
    tx.batch_execute("LOCK TABLE coach_migrations IN SHARE ROW EXCLUSIVE MODE")?;
    let done: Vec<i32> = tx
        .query("SELECT version FROM coach_migrations", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect();
    for (version, sql) in MIGRATIONS {
        if !done.contains(version) {
            tx.batch_execute(sql)?;
            tx.execute("INSERT INTO coach_migrations (version) VALUES ($1)", &[version])?;
        }
    }
    tx.commit()
}

fn worker(config: postgres::Config, first: Client, jobs: Arc<Mutex<mpsc::Receiver<Job>>>) {
    let mut client = Some(first);
    loop {
        let job = {
            let rx = jobs.lock().unwrap_or_else(|e| e.into_inner());
            rx.recv()
        };
        let Ok(job) = job else { return };
        if client.as_ref().is_none_or(|c| c.is_closed()) {
            client = match config.connect(NoTls) {
                Ok(c) => Some(c),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot reconnect to the database");
                    None
                }
            };
        }
        job(client.as_mut());
    }
}

impl OnPg {
    /// Connect `pool` connections to `url` (a `postgres://` URL or key=value string) and run
    /// the migrations. The URL is never logged (it may hold a password).
    pub(super) fn open(url: &str, pool: usize) -> Result<OnPg> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| StoreError::Io(format!("COACH_DATABASE_URL cannot be read: {e}")))?;
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        let mut threads = Vec::new();
        // Each thread makes its own connection (a synchronous client cannot be made on a tokio
        // thread); the first also migrates the schema before the others connect.
        for i in 0..pool.max(1) {
            let (config, rx) = (config.clone(), rx.clone());
            let (ready_tx, ready_rx) = mpsc::sync_channel::<Result<()>>(1);
            let t = std::thread::Builder::new()
                .name(format!("coach-db-{i}"))
                .spawn(move || {
                    let mut client = match config.connect(NoTls) {
                        Ok(c) => c,
                        Err(e) => {
                            let _ = ready_tx.send(Err(StoreError::Io(format!("cannot connect to the database: {e}"))));
                            return;
                        }
                    };
                    if i == 0
                        && let Err(e) = migrate(&mut client)
                    {
                        let _ = ready_tx.send(Err(StoreError::Io(format!("database migration failed: {e}"))));
                        return;
                    }
                    let _ = ready_tx.send(Ok(()));
                    worker(config, client, rx)
                })
                .map_err(|e| StoreError::Io(format!("cannot start a database thread: {e}")))?;
            threads.push(t);
            let ready = ready_rx
                .recv()
                .unwrap_or_else(|_| Err(StoreError::Io("a database thread stopped".into())));
            if let Err(e) = ready {
                drop(tx);
                for t in threads {
                    let _ = t.join();
                }
                return Err(e);
            }
        }
        Ok(OnPg {
            jobs: Mutex::new(Some(tx)),
            threads: Mutex::new(threads),
            commits: AtomicU64::new(0),
        })
    }

    fn send(&self, job: Job) -> Result<()> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        match jobs.as_ref() {
            Some(tx) if tx.send(job).is_ok() => Ok(()),
            _ => Err(StoreError::Io("the database pool is closed".into())),
        }
    }

    /// A job running `f` on a pooled connection and handing its result to `reply`.
    fn job<R: Send + 'static>(
        f: impl FnOnce(&mut Client) -> std::result::Result<R, postgres::Error> + Send + 'static,
        reply: impl FnOnce(Result<R>) + Send + 'static,
    ) -> Job {
        Box::new(move |c| {
            reply(match c {
                Some(c) => f(c).map_err(pg_err),
                None => Err(StoreError::Io("no database connection".into())),
            })
        })
    }

    /// Run `f` on a pooled connection and wait for it (blocking the caller).
    fn call<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Client) -> std::result::Result<R, postgres::Error> + Send + 'static,
    ) -> Result<R> {
        let (tx, rx) = mpsc::sync_channel(1);
        self.send(Self::job(f, move |r| {
            let _ = tx.send(r);
        }))?;
        rx.recv().map_err(|_| stopped())?
    }

    /// Run `f` on a pooled connection and await it (no thread blocked).
    async fn call_async<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Client) -> std::result::Result<R, postgres::Error> + Send + 'static,
    ) -> Result<R> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.send(Self::job(f, move |r| {
            let _ = tx.send(r);
        }))?;
        rx.await.map_err(|_| stopped())?
    }

    pub(super) fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let key = key.to_vec();
        self.call(move |c| {
            Ok(c.query_opt("SELECT v FROM coach_kv WHERE k = $1", &[&key])?
                .map(|r| r.get(0)))
        })
    }

    pub(super) fn scan(&self, prefix: &[u8]) -> Result<Rows> {
        let (lo, hi) = (prefix.to_vec(), upper(prefix));
        self.call(move |c| {
            Ok(rows(match hi {
                Some(hi) => c.query(
                    "SELECT k, v FROM coach_kv WHERE k >= $1 AND k < $2 ORDER BY k",
                    &[&lo, &hi],
                )?,
                None => c.query("SELECT k, v FROM coach_kv WHERE k >= $1 ORDER BY k", &[&lo])?,
            }))
        })
    }

    pub(super) fn scan_last(&self, prefix: &[u8], n: usize) -> Result<Rows> {
        let (lo, hi) = (prefix.to_vec(), upper(prefix));
        let n = n.min(i64::MAX as usize) as i64;
        self.call(move |c| {
            Ok(rows(match hi {
                Some(hi) => c.query(
                    "SELECT k, v FROM coach_kv WHERE k >= $1 AND k < $2 ORDER BY k DESC LIMIT $3",
                    &[&lo, &hi, &n],
                )?,
                None => c.query(
                    "SELECT k, v FROM coach_kv WHERE k >= $1 ORDER BY k DESC LIMIT $2",
                    &[&lo, &n],
                )?,
            }))
        })
    }

    /// A batch in one transaction: durable once COMMIT returns.
    fn apply_ops(c: &mut Client, ops: Vec<intent::Op>) -> std::result::Result<(), postgres::Error> {
        let mut tx = c.transaction()?;
        let put =
            tx.prepare("INSERT INTO coach_kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v")?;
        let del = tx.prepare("DELETE FROM coach_kv WHERE k = $1")?;
        for op in ops {
            match op.value {
                Some(v) => tx.execute(&put, &[&op.key, &v])?,
                None => tx.execute(&del, &[&op.key])?,
            };
        }
        tx.commit()
    }

    pub(super) async fn apply(&self, ops: Vec<intent::Op>) -> Result<()> {
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.call_async(move |c| Self::apply_ops(c, ops)).await
    }

    pub(super) fn apply_blocking(&self, ops: Vec<intent::Op>) -> Result<()> {
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.call(move |c| Self::apply_ops(c, ops))
    }

    pub(super) async fn put_durable_raw(&self, records: &[(&[u8], &[u8])]) -> Result<()> {
        let ops = records
            .iter()
            .map(|(k, v)| intent::Op {
                key: k.to_vec(),
                value: Some(v.to_vec()),
                class: intent::Class::Plain,
            })
            .collect();
        self.apply(ops).await
    }

    pub(super) fn first_job(&self, skip: &dyn Fn(&[u8]) -> bool) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        let hi = upper(keys::JOBS);
        let mut after = keys::JOBS.to_vec();
        let mut inclusive = true;
        loop {
            let (lo, hi2) = (after.clone(), hi.clone());
            let page = self.call(move |c| {
                let q = if inclusive {
                    "SELECT k, v FROM coach_kv WHERE k >= $1 AND k < $2 ORDER BY k LIMIT 64"
                } else {
                    "SELECT k, v FROM coach_kv WHERE k > $1 AND k < $2 ORDER BY k LIMIT 64"
                };
                Ok(rows(c.query(q, &[&lo, &hi2])?))
            })?;
            let Some(last) = page.last().map(|(k, _)| k.clone()) else {
                return Ok(None);
            };
            if let Some(found) = page.into_iter().find(|(k, _)| !skip(k)) {
                return Ok(Some(found));
            }
            after = last;
            inclusive = false;
        }
    }

    pub(super) fn all(&self) -> Result<Rows> {
        self.call(|c| Ok(rows(c.query("SELECT k, v FROM coach_kv ORDER BY k", &[])?)))
    }

    pub(super) fn flushes(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    pub(super) fn size_on_disk(&self) -> u64 {
        self.call(|c| {
            let n: i64 = c.query_one("SELECT pg_total_relation_size('coach_kv')", &[])?.get(0);
            Ok(n.max(0) as u64)
        })
        .unwrap_or(0)
    }
}

impl Drop for OnPg {
    /// Close the pool: the workers finish the jobs already sent, then their connections close.
    fn drop(&mut self) {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner()).take();
        for t in self.threads.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::upper;

    #[test]
    fn the_upper_bound_of_a_prefix_is_the_next_key_after_it() {
        assert_eq!(upper(b"j/"), Some(b"j0".to_vec()));
        assert_eq!(upper(b"u/a\xff"), Some(b"u/b".to_vec()));
        assert_eq!(upper(b"\xff\xff"), None);
        assert_eq!(upper(b""), None);
    }
}
