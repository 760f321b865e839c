//! Scheduler at scale (#17): 1,000,000 scheduled items for 100,000 users in the one durable
//! time-ordered index — the time for a restarted coach to be ready, its resident memory, and how
//! late items fire when 10,000 fall due in the same minute — each beside the same figure for bare
//! sled (open the tree and read the index; pop due keys in a plain loop).
//!
//!     cargo run --release --example scheduler_scale
//!     cargo run --release --example scheduler_scale -- --items 200000 --users 20000 --burst 2000
//!
//! Every phase runs in a child process of its own (this binary, `--phase …`), so each resident
//! memory figure is that phase's alone and every restart is a real one.

use chrono::{Duration as ChronoDuration, Utc};
use interview_coach::clock::SystemClock;
use interview_coach::ids::{Place, Platform, UserId};
use interview_coach::scheduler::{self, BoxFuture, Job, JobHandler, JobKind};
use interview_coach::store::{Batch, Store, keys};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::{Notify, watch};

struct Opts {
    items: usize,
    users: usize,
    burst: usize,
}

fn opts(args: &[String]) -> Opts {
    let mut o = Opts {
        items: 1_000_000,
        users: 100_000,
        burst: 10_000,
    };
    let mut i = 0;
    while i + 1 < args.len() {
        let v = args[i + 1].parse().unwrap_or(0);
        match args[i].as_str() {
            "--items" => o.items = v,
            "--users" => o.users = v,
            "--burst" => o.burst = v,
            _ => {}
        }
        i += 1;
    }
    o
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn job(id: String, user: usize, due: chrono::DateTime<Utc>) -> Job {
    Job {
        id,
        user: UserId::new(Platform::Telegram, &format!("{user}")),
        place: Place::direct(Platform::Telegram, format!("{user}")),
        due,
        kind: JobKind::Interview {
            session: format!("reminder-{user}"),
        },
    }
}

/// Fill: `items` jobs for `users` users, due over the next 30 days (never in the next hour).
fn fill(dir: &Path, o: &Opts) {
    let store = Store::open(dir).expect("store");
    let now = Utc::now();
    let started = Instant::now();
    let per_batch = 10_000;
    let mut n = 0;
    while n < o.items {
        let mut b = Batch::default();
        for i in n..(n + per_batch).min(o.items) {
            // Spread deterministically: minutes from 61 to 30 days.
            let minute = 61 + (i as i64 * 7919) % (30 * 24 * 60 - 61);
            scheduler::schedule(
                &mut b,
                &job(format!("r{i}"), i % o.users, now + ChronoDuration::minutes(minute)),
            );
        }
        store.commit_blocking(b).expect("commit");
        n += per_batch;
    }
    println!("fill {} items in {:.1} s", o.items, started.elapsed().as_secs_f64());
}

/// A restart of the coach's store: open, then the scheduler's first look at its queue.
fn open_coach(dir: &Path) {
    let started = Instant::now();
    let store = Store::open(dir).expect("store");
    let opened = started.elapsed();
    let first = store.first_job(|_| false).expect("queue").is_some();
    let ready = started.elapsed();
    println!(
        "coach restart: open {:.0} ms, ready (first due item found: {first}) {:.0} ms, rss {:.0} MB",
        opened.as_secs_f64() * 1e3,
        ready.as_secs_f64() * 1e3,
        rss_mb()
    );
}

/// Bare sled with the store's cache size and tree (the store's own name for it).
fn bare_tree(dir: &Path) -> (sled::Db, sled::Tree) {
    let db = sled::Config::new()
        .path(dir)
        .cache_capacity(128 * 1024 * 1024)
        .open()
        .expect("sled");
    let tree = db.open_tree("coach").expect("tree");
    (db, tree)
}

/// The baseline: bare sled opened on the same directory, its first index key, and a full scan
/// of the index.
fn open_bare(dir: &Path) {
    let started = Instant::now();
    let (_db, tree) = bare_tree(dir);
    let opened = started.elapsed();
    let found = tree.scan_prefix(keys::JOBS).next().is_some();
    let first = started.elapsed();
    let count = tree.scan_prefix(keys::JOBS).count();
    let scanned = started.elapsed();
    println!(
        "bare sled: open {:.0} ms, first index key (found: {found}) {:.0} ms, full index scan ({count} keys) {:.0} ms, rss {:.0} MB",
        opened.as_secs_f64() * 1e3,
        first.as_secs_f64() * 1e3,
        scanned.as_secs_f64() * 1e3,
        rss_mb()
    );
}

struct Recorder {
    store: Store,
    late_ms: Mutex<Vec<i64>>,
    want: usize,
    done: Notify,
}

impl JobHandler for Recorder {
    fn fire(&self, key: Vec<u8>, job: Job) -> BoxFuture {
        let late = Utc::now().signed_duration_since(job.due).num_milliseconds();
        let store = self.store.clone();
        let full = {
            let mut l = self.late_ms.lock().unwrap_or_else(|e| e.into_inner());
            l.push(late);
            l.len() >= self.want
        };
        if full {
            self.done.notify_one();
        }
        Box::pin(async move {
            let mut b = Batch::default();
            scheduler::cancel(&mut b, &key);
            let _ = store.commit(b).await;
        })
    }
}

fn percentile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// The burst: `burst` items due at the same moment, a few seconds ahead, on top of the filled
/// index; the coach's scheduler fires them and each one's lateness is recorded.
fn burst_coach(dir: &Path, o: &Opts) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let store = Store::open(dir).expect("store");
        let due = Utc::now() + ChronoDuration::seconds(3);
        let mut b = Batch::default();
        for i in 0..o.burst {
            scheduler::schedule(&mut b, &job(format!("b{i}"), i % o.users, due));
        }
        store.commit(b).await.expect("commit");
        let rec = Arc::new(Recorder {
            store: store.clone(),
            late_ms: Mutex::new(Vec::with_capacity(o.burst)),
            want: o.burst,
            done: Notify::new(),
        });
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(scheduler::run(store.clone(), Arc::new(SystemClock), rec.clone(), rx));
        rec.done.notified().await;
        let _ = tx.send(true);
        let _ = task.await;
        let mut l = rec.late_ms.lock().unwrap_or_else(|e| e.into_inner()).clone();
        l.sort_unstable();
        println!(
            "coach burst: {} items due at one moment, lateness p50 {} ms, p99 {} ms, max {} ms",
            l.len(),
            percentile(&l, 0.5),
            percentile(&l, 0.99),
            l.last().copied().unwrap_or(0)
        );
    });
}

/// The baseline burst: the same items popped in a plain loop over bare sled (read the first
/// key, remove it), lateness measured the same way.
fn burst_bare(dir: &Path, o: &Opts) {
    let (db, tree) = bare_tree(dir);
    let due = Utc::now() + ChronoDuration::seconds(3);
    for i in 0..o.burst {
        tree.insert(keys::job(due.timestamp_millis(), &format!("b{i}")), &b"x"[..])
            .expect("insert");
    }
    db.flush().expect("flush");
    while Utc::now() < due {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let mut late = Vec::with_capacity(o.burst);
    while late.len() < o.burst {
        let Some(Ok((k, _))) = tree.scan_prefix(keys::JOBS).next() else {
            break;
        };
        let d = keys::job_due_millis(&k).unwrap_or(0);
        late.push(Utc::now().timestamp_millis() - d);
        tree.remove(&k).expect("remove");
    }
    late.sort_unstable();
    println!(
        "bare burst: {} keys popped, lateness p50 {} ms, p99 {} ms, max {} ms",
        late.len(),
        percentile(&late, 0.5),
        percentile(&late, 0.99),
        late.last().copied().unwrap_or(0)
    );
}

fn child(phase: &str, dir: &Path, rest: &[String]) {
    let out = Command::new(std::env::current_exe().expect("exe"))
        .arg("--phase")
        .arg(phase)
        .arg(dir)
        .args(rest)
        .output()
        .expect("child");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    if !out.status.success() {
        eprint!("{}", String::from_utf8_lossy(&out.stderr));
        std::process::exit(1);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--phase") {
        let phase = args[1].as_str();
        let dir = PathBuf::from(&args[2]);
        let o = opts(&args[3..]);
        match phase {
            "fill" => fill(&dir, &o),
            "open" => open_coach(&dir),
            "bare" => open_bare(&dir),
            "burst" => burst_coach(&dir, &o),
            "bare-burst" => burst_bare(&dir, &o),
            _ => unreachable!("unknown phase"),
        }
        return;
    }
    let o = opts(&args);
    println!(
        "scheduler scale: {} items for {} users, burst of {}",
        o.items, o.users, o.burst
    );
    let root = tempfile::tempdir().expect("tempdir");
    let coach = root.path().join("coach");
    child("fill", &coach, &args);
    child("open", &coach, &args);
    child("bare", &coach, &args);
    child("open", &coach, &args);
    child("burst", &coach, &args);
    // The bare burst runs on a store of its own filled the same way.
    let bare = root.path().join("bare");
    child("fill", &bare, &args);
    child("bare-burst", &bare, &args);
}
