//! The per-user inbound limit: a burst of messages, then a steady number a minute
//! (`COACH_RATE_BURST`, `COACH_RATE_PER_MINUTE`), kept by governor's keyed GCRA limiter.
//!
//! It is checked before the user's lock and before anything is read or written, so a message
//! past it costs no turn, no store write and no model call. A refused message is dropped whole:
//! it is not queued, so it never becomes an answer, a button press or a command later, and the
//! interview it was sent in is untouched (nothing recorded, nothing scored). The user is told
//! once, with how long to wait before sending it again; further refused messages are dropped
//! without a word until the user has gone one steady interval (60 s ÷ the rate a minute) without
//! one — so a script that keeps flooding hears nothing more, while a person who paused and then
//! hurries again is told again. Messages within the limit run as usual meanwhile.
//!
//! Time is tokio's, so tests with paused time are exact. The limiter forgets users whose state
//! is back to a full burst, swept at most once a minute, so its memory follows the users who
//! wrote in the last minute or so, not everyone ever seen.

use super::event::UserId;
use crate::config::RateLimit;
use dashmap::DashMap;
use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How often users who went quiet are forgotten.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// What to do with one inbound message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Within the limit: run the turn.
    Pass,
    /// Over it, for the first time lately: drop the message and say so, with the time until the
    /// next message is taken.
    Notice { wait: Duration },
    /// Over it again: drop the message without a word.
    Silent,
}

/// Tokio's clock in the form governor takes: the time since the limiter was built.
#[derive(Clone)]
struct TokioTime {
    base: tokio::time::Instant,
}

impl Clock for TokioTime {
    type Instant = Duration;

    fn now(&self) -> Duration {
        tokio::time::Instant::now().saturating_duration_since(self.base)
    }
}

pub(crate) struct Flood {
    limiter: RateLimiter<UserId, DashMapStateStore<UserId>, TokioTime, NoOpMiddleware<Duration>>,
    clock: TokioTime,
    /// The steady spacing between messages.
    interval: Duration,
    /// Users refused lately, with the time of their last refused message.
    refused: DashMap<UserId, Duration>,
    /// When users who went quiet were last forgotten (nanoseconds on `clock`).
    swept: AtomicU64,
}

impl Flood {
    pub(crate) fn new(limit: RateLimit) -> Flood {
        let burst = NonZeroU32::new(limit.burst).unwrap_or(NonZeroU32::MIN);
        let per_minute = NonZeroU32::new(limit.per_minute).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::per_minute(per_minute).allow_burst(burst);
        let clock = TokioTime {
            base: tokio::time::Instant::now(),
        };
        Flood {
            limiter: RateLimiter::dashmap_with_clock(quota, clock.clone()),
            interval: quota.replenish_interval(),
            clock,
            refused: DashMap::new(),
            swept: AtomicU64::new(0),
        }
    }

    /// Count one message of `user` against the limit.
    pub(crate) fn check(&self, user: &UserId) -> Verdict {
        let now = self.clock.now();
        self.sweep(now);
        let Err(not_until) = self.limiter.check_key(user) else {
            return Verdict::Pass;
        };
        let mut first = true;
        self.refused
            .entry(user.clone())
            .and_modify(|last| {
                first = now.saturating_sub(*last) >= self.interval;
                *last = now;
            })
            .or_insert(now);
        if first {
            Verdict::Notice {
                wait: not_until.wait_time_from(now),
            }
        } else {
            Verdict::Silent
        }
    }

    /// Forget users whose state is as good as new: a full burst in the limiter, and no refusal
    /// within the last interval (the next one would be told again anyway).
    fn sweep(&self, now: Duration) {
        let now_ns = u64::try_from(now.as_nanos()).unwrap_or(u64::MAX);
        let last = self.swept.load(Ordering::Relaxed);
        if now_ns.saturating_sub(last) < SWEEP_EVERY.as_nanos() as u64
            || self
                .swept
                .compare_exchange(last, now_ns, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
        self.refused.retain(|_, t| now.saturating_sub(*t) < self.interval);
        self.refused.shrink_to_fit();
    }

    /// Users the limiter remembers (for tests of its memory).
    #[cfg(test)]
    fn tracked(&self) -> (usize, usize) {
        (self.limiter.len(), self.refused.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::event::Platform;

    fn user(n: u32) -> UserId {
        UserId::new(Platform::Telegram, &n.to_string())
    }

    const LIMIT: RateLimit = RateLimit {
        burst: 3,
        per_minute: 30,
    };

    #[tokio::test(start_paused = true)]
    async fn a_burst_then_one_notice_then_silence_until_a_pause() {
        let f = Flood::new(LIMIT);
        let a = user(1);
        for _ in 0..3 {
            assert_eq!(f.check(&a), Verdict::Pass);
        }
        // The next cell comes 2 s (60 s / 30) after the start.
        assert_eq!(
            f.check(&a),
            Verdict::Notice {
                wait: Duration::from_secs(2)
            }
        );
        tokio::time::advance(Duration::from_millis(500)).await;
        assert_eq!(f.check(&a), Verdict::Silent);
        // Another user has a burst of their own.
        assert_eq!(f.check(&user(2)), Verdict::Pass);
        tokio::time::advance(Duration::from_millis(1500)).await;
        assert_eq!(f.check(&a), Verdict::Pass, "one cell back after 2 s");
        // Too fast again, within one interval of the last refusal: still silent.
        assert_eq!(f.check(&a), Verdict::Silent);
        // A script that keeps going hears nothing more, though one message every 2 s passes.
        let mut passed = 0;
        for _ in 0..1000 {
            tokio::time::advance(Duration::from_millis(2)).await;
            match f.check(&a) {
                Verdict::Pass => passed += 1,
                Verdict::Silent => {}
                v => panic!("a second notice during the flood: {v:?}"),
            }
        }
        assert_eq!(passed, 1, "one message in 2 s passes");
        // A pause of one interval: the next refused message is told again.
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(f.check(&a), Verdict::Pass);
        assert!(matches!(f.check(&a), Verdict::Notice { .. }));
    }

    #[tokio::test(start_paused = true)]
    async fn the_limiter_forgets_users_who_went_quiet() {
        let f = Flood::new(LIMIT);
        for n in 0..1000 {
            f.check(&user(n));
        }
        for _ in 0..4 {
            f.check(&user(0));
        }
        assert_eq!(f.tracked(), (1000, 1));
        // A full burst refills in 3 × 2 s; the sweep runs at most once a minute.
        tokio::time::advance(SWEEP_EVERY).await;
        f.check(&user(5000));
        assert_eq!(f.tracked(), (1, 0), "only the user who just wrote");
        // Between sweeps nothing is scanned.
        for n in 0..10 {
            tokio::time::advance(Duration::from_secs(1)).await;
            f.check(&user(6000 + n));
        }
        assert_eq!(f.tracked().0, 11);
    }
}
