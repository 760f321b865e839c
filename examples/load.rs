//! Load benchmark: simulated users run full mock interviews against a temporary sled store,
//! beside the raw store doing the same number of durable writes (insert + group-commit flush,
//! no engine work), so the engine's overhead is visible as a ratio.
//!
//!     cargo run --release --example load
//!     cargo run --release --example load -- --users 1000 --rate 10000 --seconds 10
//!     cargo run --release --example load -- --knee --rate 10000 --seconds 5 --repeat 3
//!     cargo run --release --example load -- --raw-split   # raw writes two records, as a turn does
//!
//! Closed loop: every user sends its next turn as soon as the last reply arrived (peak turns/s).
//! Open loop: turns are offered at a fixed total rate, each user on its own schedule; latency is
//! measured from the scheduled send time, so queueing is counted (no coordinated omission).

use chrono::Utc;
use interview_coach::config::Config;
use interview_coach::engine::Engine;
use interview_coach::engine::event::{Inbound, Payload, Place, Platform, Sender};
use interview_coach::engine::reply::ReplyKind;
use interview_coach::store::Store;
use std::sync::Arc;
use std::time::Duration;

const ANSWER: &str = "At my last company I led the migration of our billing service to a new payment provider with a hard deadline of six weeks. My task was to keep failed payments under 1% during the switch. I split the work into three phases, wrote a dual-write adapter, and set up a dashboard that compared both providers every hour. I also ran daily fifteen-minute check-ins with finance and support so problems surfaced early. As a result we moved 120,000 customers two days ahead of schedule, failed payments stayed at 0.4%, and support tickets about billing dropped by 30%. I learned to agree on the success metric with stakeholders before writing any code.";

struct Args {
    users: usize,
    rate: f64,
    seconds: f64,
    /// Run only the phases whose name contains this (e.g. `engine`, `closed`), for profiling.
    only: String,
    /// Run the four phases this many times, interleaved, and report medians (the machine is
    /// shared: one run can be 20 % off).
    repeat: usize,
    /// Instead of the four phases: search for the highest open-loop rate (up to `--rate`) at
    /// which the engine's p99 stays within 1.5x of raw sled's at the same rate.
    knee: bool,
    /// Raw phases write each durable write as two records, the way an answer turn does: a fresh
    /// key with 55 % of the bytes and an overwritten per-user key with 45 %, one flush.
    raw_split: bool,
}

fn args() -> Args {
    let mut a = Args {
        users: 1000,
        rate: 10_000.0,
        seconds: 10.0,
        only: String::new(),
        repeat: 1,
        knee: false,
        raw_split: false,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < v.len() {
        if v[i] == "--knee" || v[i] == "--raw-split" {
            a.knee |= v[i] == "--knee";
            a.raw_split |= v[i] == "--raw-split";
            i += 1;
            continue;
        }
        if i + 1 >= v.len() {
            break;
        }
        match v[i].as_str() {
            "--users" => a.users = v[i + 1].parse().expect("--users N"),
            "--rate" => a.rate = v[i + 1].parse().expect("--rate N"),
            "--seconds" => a.seconds = v[i + 1].parse().expect("--seconds N"),
            "--only" => a.only = v[i + 1].clone(),
            "--repeat" => a.repeat = v[i + 1].parse::<usize>().expect("--repeat N").max(1),
            _ => {}
        }
        i += 2;
    }
    a
}

/// A memory figure of this process from /proc/self/status, in MB (`VmHWM` = peak, `VmRSS` = now).
fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).map(|l| l.to_string()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

struct Stats {
    ops: usize,
    secs: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn stats(mut lat_us: Vec<u64>, secs: f64) -> Stats {
    lat_us.sort_unstable();
    let pct = |p: f64| {
        if lat_us.is_empty() {
            0.0
        } else {
            lat_us[((lat_us.len() as f64 * p) as usize).min(lat_us.len() - 1)] as f64 / 1000.0
        }
    };
    Stats {
        ops: lat_us.len(),
        secs,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
    }
}

/// A user that runs interviews forever: returns the next line to send.
struct Script {
    in_interview: bool,
}

impl Script {
    fn next(&self) -> Payload {
        if self.in_interview {
            Payload::Text(ANSWER.into())
        } else {
            Payload::Command {
                name: "mock".into(),
                args: "behavioral 8 neutral".into(),
            }
        }
    }
}

async fn engine_turn(engine: &Engine, user: &str, script: &mut Script) {
    let ev = Inbound {
        sender: Sender {
            id: user.into(),
            display_name: user.into(),
        },
        place: Place::direct(Platform::Terminal, user),
        payload: script.next(),
        at: Utc::now(),
    };
    let replies = engine.handle(ev).await;
    if !script.in_interview {
        script.in_interview = replies.iter().any(|r| r.kind == ReplyKind::Question);
    } else if replies.iter().any(|r| r.kind == ReplyKind::Report) {
        script.in_interview = false;
    }
}

enum Target {
    Raw(Store),
    Engine(Engine),
}

async fn run(
    target: Arc<Target>,
    users: usize,
    open_rate: Option<f64>,
    seconds: f64,
    value_bytes: usize,
    raw_split: bool,
) -> Stats {
    let start = tokio::time::Instant::now();
    let end = start + Duration::from_secs_f64(seconds);
    let value = vec![b'x'; value_bytes];
    let mut tasks = Vec::with_capacity(users);
    for u in 0..users {
        let target = target.clone();
        let value = value.clone();
        tasks.push(tokio::spawn(async move {
            let user = format!("load{u}");
            let user_key = format!("rawuser/{user}");
            let mut script = Script { in_interview: false };
            let mut lat = Vec::new();
            let mut k: u64 = 0;
            loop {
                let scheduled = match open_rate {
                    Some(rate) => {
                        let interval = users as f64 / rate;
                        start + Duration::from_secs_f64(u as f64 / rate + k as f64 * interval)
                    }
                    None => tokio::time::Instant::now(),
                };
                if scheduled >= end {
                    break;
                }
                tokio::time::sleep_until(scheduled).await;
                match &*target {
                    Target::Raw(store) => {
                        let key = format!("raw/{user}/{k:08}");
                        // No allocation here: the raw side must not pay for the benchmark itself.
                        let (fresh, kept) = value.split_at(value.len() * 55 / 100);
                        let split: [(&[u8], &[u8]); 2] = [(key.as_bytes(), fresh), (user_key.as_bytes(), kept)];
                        let whole: [(&[u8], &[u8]); 1] = [(key.as_bytes(), &value)];
                        let records: &[(&[u8], &[u8])] = if raw_split { &split } else { &whole };
                        store.put_durable_raw(records).await.expect("raw write");
                    }
                    Target::Engine(engine) => engine_turn(engine, &user, &mut script).await,
                }
                lat.push(scheduled.elapsed().as_micros() as u64);
                k += 1;
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("task"));
    }
    stats(all, start.elapsed().as_secs_f64())
}

fn fresh(engine: bool) -> (Arc<Target>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    if !engine {
        return (Arc::new(Target::Raw(store)), dir);
    }
    let config = Config {
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    let engine = interview_coach::build_engine(store, config, interview_coach::system_clock()).expect("engine");
    (Arc::new(Target::Engine(engine)), dir)
}

fn main() {
    let a = args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "load benchmark: {} users, open-loop rate {} turns/s, {} s per phase, {cores} cores, answer {} chars",
        a.users,
        a.rate,
        a.seconds,
        ANSWER.len()
    );
    let base_rss = rss_mb();
    // Calibrate: how many bytes does one engine turn write (all its records, in one batch)?
    // The raw phases then write that much per durable write, so both sides move the same data.
    let (target, dir) = fresh(true);
    rt.block_on(run(target.clone(), 100, None, 2.0, 0, false));
    let (batches, bytes) = match &*target {
        Target::Engine(e) => e.store().committed(),
        Target::Raw(_) => (1, 1),
    };
    drop(target);
    drop(dir);
    let per_turn = (bytes / batches.max(1)) as usize;
    println!(
        "one engine turn writes {per_turn} bytes on average ({batches} turns measured); raw writes use the same size"
    );
    if a.knee {
        knee(&rt, &a, per_turn);
        return;
    }
    // rows[phase] = one Stats per round.
    let mut rows: Vec<Vec<Stats>> = Vec::new();
    for round in 0..a.repeat {
        let mut phase = 0;
        for (name, engine, rate) in [
            ("raw sled   closed", false, None),
            ("engine     closed", true, None),
            ("raw sled   open  ", false, Some(a.rate)),
            ("engine     open  ", true, Some(a.rate)),
        ] {
            if !name.replace(' ', "").contains(&a.only) {
                continue;
            }
            let (target, dir) = fresh(engine);
            let s = rt.block_on(run(target.clone(), a.users, rate, a.seconds, per_turn, a.raw_split));
            drop(target);
            drop(dir);
            println!(
                "{}{name}: {:>8.0} ops/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} ops in {:.1} s, peak RSS {:.0} MB)",
                if a.repeat > 1 {
                    format!("[{}] ", round + 1)
                } else {
                    String::new()
                },
                s.ops as f64 / s.secs,
                s.p50_ms,
                s.p99_ms,
                s.ops,
                s.secs,
                peak_rss_mb()
            );
            if rows.len() <= phase {
                rows.push(Vec::new());
            }
            rows[phase].push(s);
            phase += 1;
        }
    }
    // The median round of each phase (by throughput for closed loops, by p99 for open loops).
    let median = |v: &mut Vec<Stats>, by_p99: bool| -> Stats {
        v.sort_by(|x, y| {
            let (kx, ky) = if by_p99 {
                (x.p99_ms, y.p99_ms)
            } else {
                (x.ops as f64 / x.secs, y.ops as f64 / y.secs)
            };
            kx.partial_cmp(&ky).unwrap_or(std::cmp::Ordering::Equal)
        });
        v.swap_remove(v.len() / 2)
    };
    let rows: Vec<Stats> = rows.iter_mut().enumerate().map(|(i, v)| median(v, i >= 2)).collect();
    if a.repeat > 1 {
        println!("\nmedians of {} interleaved rounds:", a.repeat);
    }
    let [rc, ec, ro, eo] = &rows[..] else {
        return;
    };
    println!();
    println!(
        "closed loop: engine peak {:.0} turns/s = {:.0}% of raw {:.0} writes/s (target >= 50%)",
        ec.ops as f64 / ec.secs,
        100.0 * (ec.ops as f64 / ec.secs) / (rc.ops as f64 / rc.secs),
        rc.ops as f64 / rc.secs
    );
    println!(
        "open loop at {:.0}/s: engine p99 {:.2} ms = {:.2}x raw p99 {:.2} ms (target <= 1.5x); p50 {:.2} vs {:.2} ms",
        a.rate,
        eo.p99_ms,
        eo.p99_ms / ro.p99_ms.max(0.001),
        ro.p99_ms,
        eo.p50_ms,
        ro.p50_ms
    );
    println!("peak RSS {:.0} MB (process start {:.0} MB)", peak_rss_mb(), base_rss);
}

/// Median p99 (ms) of `repeat` open-loop runs at `rate`, each on a fresh store.
fn open_p99(rt: &tokio::runtime::Runtime, a: &Args, engine: bool, rate: f64, per_turn: usize) -> f64 {
    let mut p99s: Vec<f64> = (0..a.repeat)
        .map(|_| {
            let (target, dir) = fresh(engine);
            let s = rt.block_on(run(
                target.clone(),
                a.users,
                Some(rate),
                a.seconds,
                per_turn,
                a.raw_split,
            ));
            drop(target);
            drop(dir);
            s.p99_ms
        })
        .collect();
    p99s.sort_by(|x, y| x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal));
    p99s[p99s.len() / 2]
}

/// Bisect the open-loop rate between 500/s and `--rate` for the highest one where the engine's
/// p99 is within 1.5x of raw sled's p99 at that same rate.
fn knee(rt: &tokio::runtime::Runtime, a: &Args, per_turn: usize) {
    let within = |rate: f64| -> bool {
        let raw = open_p99(rt, a, false, rate, per_turn);
        let engine = open_p99(rt, a, true, rate, per_turn);
        let ok = engine <= 1.5 * raw;
        println!(
            "rate {rate:>6.0}/s: raw p99 {raw:>8.2} ms, engine p99 {engine:>8.2} ms = {:.2}x  {}",
            engine / raw.max(0.001),
            if ok { "within 1.5x" } else { "over" }
        );
        ok
    };
    let (mut lo, mut hi) = (500.0_f64, a.rate);
    if within(hi) {
        println!("\nknee: the engine's p99 stays within 1.5x of raw up to at least {hi:.0} turns/s");
        return;
    }
    if !within(lo) {
        println!("\nknee: the engine's p99 is over 1.5x of raw even at {lo:.0} turns/s");
        return;
    }
    while hi - lo > 250.0 {
        let mid = ((lo + hi) / 2.0 / 50.0).round() * 50.0;
        if within(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    println!(
        "\nknee: the engine's p99 stays within 1.5x of raw up to ~{lo:.0} turns/s (over at {hi:.0}); medians of {} runs per rate",
        a.repeat
    );
}
