//! Flood benchmark (issue #14): the turn latency of ordinary users while one user floods the
//! engine at 500 messages/s, against the same users without the flood, in one run.
//!
//!     cargo run --release --example flood
//!     cargo run --release --example flood -- --repeat 3
//!     cargo run --release --example flood -- --sequential --repeat 3
//!
//! The ordinary users are Telegram users running mock interviews (a `/mock`, then answers until
//! the report), `--users` of them at `--rate` turns/s in all, each user every `users / rate`
//! seconds (2 s by default: the default steady rate of 30 a minute, so none of them is limited).
//! Latency is measured from each turn's scheduled send time (open loop). The flooder is one more
//! Telegram user who starts an interview and then sends an answer every `1 / flood` seconds,
//! each message handled as its own task (as the Discord adapter does), so nothing waits for the
//! flooder's replies. Every run has its own engine on a fresh temporary sled store.
//!
//! By default the flood is switched on and off in alternating `--window`s (0.5 s) during one run
//! of `2 × --turns` ordinary turns, and each ordinary turn counts as "quiet" or "flood" by the
//! window it was scheduled in: on this shared machine other processes take the cores for tens of
//! milliseconds at a time, and alternating windows spread those stalls over both sides instead
//! of letting them land on whichever phase ran at the time. `--sequential` runs the two sides
//! one after the other instead (quiet, then flood), `--turns` turns each. Both are done with the
//! default limit (burst 10, 30 a minute) and, for comparison, with the limit off.

use chrono::Utc;
use interview_coach::config::{Config, RateLimit};
use interview_coach::engine::Engine;
use interview_coach::engine::event::{Inbound, Payload, Place, Platform, Sender};
use interview_coach::engine::reply::{Reply, ReplyKind};
use interview_coach::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const ANSWER: &str = "At my last company I led the migration of our billing service to a new payment provider with a hard deadline of six weeks. My task was to keep failed payments under 1% during the switch. I split the work into three phases, wrote a dual-write adapter, and set up a dashboard that compared both providers every hour. I also ran daily fifteen-minute check-ins with finance and support so problems surfaced early. As a result we moved 120,000 customers two days ahead of schedule, failed payments stayed at 0.4%, and support tickets about billing dropped by 30%. I learned to agree on the success metric with stakeholders before writing any code.";

struct Args {
    users: usize,
    turns: usize,
    rate: f64,
    flood: f64,
    repeat: usize,
    window: Duration,
    sequential: bool,
}

fn args() -> Args {
    let mut a = Args {
        users: 200,
        turns: 2000,
        rate: 100.0,
        flood: 500.0,
        repeat: 1,
        window: Duration::from_millis(500),
        sequential: false,
    };
    let mut v = std::env::args().skip(1);
    while let Some(name) = v.next() {
        if name == "--sequential" {
            a.sequential = true;
            continue;
        }
        let value = v.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match name.as_str() {
            "--users" => a.users = value.parse::<usize>().expect("--users N").max(1),
            "--turns" => a.turns = value.parse::<usize>().expect("--turns N").max(1),
            "--rate" => a.rate = value.parse().expect("--rate N"),
            "--flood" => a.flood = value.parse().expect("--flood N"),
            "--repeat" => a.repeat = value.parse::<usize>().expect("--repeat N").max(1),
            "--window" => a.window = Duration::from_secs_f64(value.parse().expect("--window SECONDS")),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

fn event(user: &str, payload: Payload) -> Inbound {
    Inbound {
        sender: Sender {
            id: user.into(),
            display_name: user.into(),
        },
        place: Place::direct(Platform::Telegram, user),
        payload,
        at: Utc::now(),
    }
}

fn mock() -> Payload {
    Payload::Command {
        name: "mock".into(),
        args: "behavioral 8 neutral".into(),
    }
}

/// The engine's one reply to a message past the limit.
fn is_flood_notice(r: &[Reply]) -> bool {
    r.len() == 1 && r[0].kind == ReplyKind::Notice && r[0].to_plain().contains("faster than I can take them")
}

/// When the flooder sends.
#[derive(Clone, Copy)]
enum Flood {
    Never,
    Always,
    /// In every second window of this length (the first one quiet).
    Alternating(Duration),
}

impl Flood {
    fn on(self, since_start: Duration) -> bool {
        match self {
            Flood::Never => false,
            Flood::Always => true,
            Flood::Alternating(w) => (since_start.as_nanos() / w.as_nanos().max(1)) % 2 == 1,
        }
    }
}

#[derive(Default)]
struct Outcome {
    /// Latency of each ordinary turn scheduled while the flood was off / on, in microseconds.
    quiet_us: Vec<u64>,
    flood_us: Vec<u64>,
    /// Ordinary turns that got no reply or the flood notice (must be 0).
    refused: usize,
    flood_sent: u64,
    flood_turns: u64,
    flood_notices: u64,
    /// Mean time of one refused flood message, in microseconds.
    refused_us: f64,
}

impl Outcome {
    fn flood_line(&self) -> String {
        format!(
            "flooder sent {}: {} ran as turns, {} notice(s), {} dropped at {:.1} µs each",
            self.flood_sent,
            self.flood_turns,
            self.flood_notices,
            self.flood_sent - self.flood_turns,
            self.refused_us
        )
    }
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)] as f64 / 1000.0
}

fn engine(dir: &std::path::Path, limit: Option<RateLimit>) -> Engine {
    let store = Store::open(dir).expect("store");
    let config = Config {
        data_dir: dir.to_path_buf(),
        rate_limit: limit,
        ..Config::default()
    };
    interview_coach::build_engine(store, config, interview_coach::system_clock()).expect("engine")
}

/// One run: `turns` ordinary turns on a fresh engine, the flooder sending as `flood` says.
async fn run(a: &Args, limit: Option<RateLimit>, flood: Flood, turns: usize) -> Outcome {
    let dir = tempfile::tempdir().expect("tempdir");
    let en = engine(dir.path(), limit);
    en.handle(event("flooder", mock())).await;
    let start = tokio::time::Instant::now() + Duration::from_millis(50);
    let end = start + Duration::from_secs_f64(turns as f64 / a.rate);

    let sent = Arc::new(AtomicU64::new(0));
    let passed = Arc::new(AtomicU64::new(0));
    let notices = Arc::new(AtomicU64::new(0));
    let refused_ns = Arc::new(AtomicU64::new(0));
    let flooder = {
        let (en, sent, passed, notices, refused_ns) = (
            en.clone(),
            sent.clone(),
            passed.clone(),
            notices.clone(),
            refused_ns.clone(),
        );
        let every = Duration::from_secs_f64(1.0 / a.flood);
        tokio::spawn(async move {
            let mut inflight = Vec::new();
            for k in 0u32.. {
                let at = start + every * k;
                if at >= end {
                    break;
                }
                if !flood.on(at - start) {
                    continue;
                }
                tokio::time::sleep_until(at).await;
                sent.fetch_add(1, Ordering::Relaxed);
                let (en, passed, notices, refused_ns) =
                    (en.clone(), passed.clone(), notices.clone(), refused_ns.clone());
                inflight.push(tokio::spawn(async move {
                    let t = Instant::now();
                    let r = en.handle(event("flooder", Payload::Text(ANSWER.into()))).await;
                    let took = t.elapsed().as_nanos() as u64;
                    if r.is_empty() || is_flood_notice(&r) {
                        refused_ns.fetch_add(took, Ordering::Relaxed);
                        if !r.is_empty() {
                            notices.fetch_add(1, Ordering::Relaxed);
                        }
                    } else {
                        passed.fetch_add(1, Ordering::Relaxed);
                    }
                }));
            }
            for t in inflight {
                let _ = t.await;
            }
        })
    };

    let mut tasks = Vec::with_capacity(a.users);
    for u in 0..a.users {
        let en = en.clone();
        let (users, rate) = (a.users, a.rate);
        tasks.push(tokio::spawn(async move {
            let user = format!("user{u}");
            let mut in_interview = false;
            let mut out = Outcome::default();
            for k in 0.. {
                let n = u + k * users;
                if n >= turns {
                    break;
                }
                let scheduled = start + Duration::from_secs_f64(n as f64 / rate);
                tokio::time::sleep_until(scheduled).await;
                let payload = if in_interview {
                    Payload::Text(ANSWER.into())
                } else {
                    mock()
                };
                let replies = en.handle(event(&user, payload)).await;
                let us = scheduled.elapsed().as_micros() as u64;
                if flood.on(scheduled - start) {
                    out.flood_us.push(us);
                } else {
                    out.quiet_us.push(us);
                }
                if replies.is_empty() || is_flood_notice(&replies) {
                    out.refused += 1;
                }
                if !in_interview {
                    in_interview = replies.iter().any(|r| r.kind == ReplyKind::Question);
                } else if replies.iter().any(|r| r.kind == ReplyKind::Report) {
                    in_interview = false;
                }
            }
            out
        }));
    }
    let mut o = Outcome::default();
    for t in tasks {
        let u = t.await.expect("user task");
        o.quiet_us.extend(u.quiet_us);
        o.flood_us.extend(u.flood_us);
        o.refused += u.refused;
    }
    flooder.await.expect("flood task");
    o.quiet_us.sort_unstable();
    o.flood_us.sort_unstable();
    o.flood_sent = sent.load(Ordering::Relaxed);
    o.flood_turns = passed.load(Ordering::Relaxed);
    o.flood_notices = notices.load(Ordering::Relaxed);
    o.refused_us = refused_ns.load(Ordering::Relaxed) as f64 / 1000.0 / (o.flood_sent - o.flood_turns).max(1) as f64;
    o
}

/// Latencies (p50, p99) of the ordinary users' turns without and with the flood.
struct Pair {
    quiet: (f64, f64),
    flood: (f64, f64),
}

fn measure(rt: &tokio::runtime::Runtime, a: &Args, limit: Option<RateLimit>, label: &str) -> Pair {
    let show = |o: &Outcome, side: &str, lat: &[u64]| {
        println!(
            "  {label:<9} {side:<6} p50 {:>6.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  ({} turns, {} refused)",
            pct(lat, 0.5),
            pct(lat, 0.99),
            pct(lat, 1.0),
            lat.len(),
            o.refused
        );
    };
    let p = |lat: &[u64]| (pct(lat, 0.5), pct(lat, 0.99));
    if a.sequential {
        let q = rt.block_on(run(a, limit, Flood::Never, a.turns));
        show(&q, "quiet", &q.quiet_us);
        let f = rt.block_on(run(a, limit, Flood::Always, a.turns));
        show(&f, "flood", &f.flood_us);
        println!("  {label:<9}        {}", f.flood_line());
        Pair {
            quiet: p(&q.quiet_us),
            flood: p(&f.flood_us),
        }
    } else {
        let o = rt.block_on(run(a, limit, Flood::Alternating(a.window), 2 * a.turns));
        show(&o, "quiet", &o.quiet_us);
        show(&o, "flood", &o.flood_us);
        println!("  {label:<9}        {}", o.flood_line());
        Pair {
            quiet: p(&o.quiet_us),
            flood: p(&o.flood_us),
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

fn main() {
    let a = args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "flood benchmark: {} ordinary users at {}/s in all (each every {:.1} s), {} turns per side, one flooder at {}/s, {}, limit burst {} + {}/min, {cores} cores",
        a.users,
        a.rate,
        a.users as f64 / a.rate,
        a.turns,
        a.flood,
        if a.sequential {
            "quiet then flood".to_string()
        } else {
            format!("flood in alternating {:.1} s windows", a.window.as_secs_f64())
        },
        RateLimit::DEFAULT.burst,
        RateLimit::DEFAULT.per_minute
    );
    // Warm the process (allocator, page cache, code) before anything is measured.
    rt.block_on(run(
        &a,
        Some(RateLimit::DEFAULT),
        Flood::Always,
        (2.0 * a.rate) as usize,
    ));
    let mut limited = Vec::new();
    let mut unlimited = Vec::new();
    for round in 0..a.repeat {
        if a.repeat > 1 {
            println!("round {}:", round + 1);
        }
        limited.push(measure(&rt, &a, Some(RateLimit::DEFAULT), "limit on"));
        unlimited.push(measure(&rt, &a, None, "limit off"));
    }
    println!();
    if a.repeat > 1 {
        println!("medians of {} rounds:", a.repeat);
    }
    println!("                      quiet p50  quiet p99  flood p50  flood p99  p99 flood/quiet");
    for (label, v) in [("limit on (default)", &limited), ("limit off", &unlimited)] {
        let m = |f: fn(&Pair) -> f64| median(v.iter().map(f).collect());
        let (q50, q99, f50, f99) = (m(|p| p.quiet.0), m(|p| p.quiet.1), m(|p| p.flood.0), m(|p| p.flood.1));
        // The ratio of each round, then their median (a ratio of medians hides pairing).
        let ratio = m(|p| p.flood.1 / p.quiet.1.max(0.001));
        println!(
            "{label:<20} {q50:>7.2} ms {q99:>7.2} ms {f50:>7.2} ms {f99:>7.2} ms   {ratio:>5.2}x{}",
            if label.starts_with("limit on") {
                if ratio <= 1.5 {
                    "  (target <= 1.5x: met)"
                } else {
                    "  (target <= 1.5x: NOT met)"
                }
            } else {
                ""
            }
        );
    }
}
