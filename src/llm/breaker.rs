//! Circuit breaker: after `threshold` consecutive failed calls the LLM is skipped for a
//! cool-down and the offline engine answers; the first call after the cool-down tries again
//! (half-open) and one success closes the breaker.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

pub struct Breaker {
    threshold: u32,
    cooldown: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    failures: u32,
    open_until: Option<Instant>,
    /// How many times the breaker has opened: users are told once per opening.
    openings: u64,
}

impl Breaker {
    pub fn new(threshold: u32, cooldown: Duration) -> Breaker {
        Breaker {
            threshold: threshold.max(1),
            cooldown,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// May a call go out now?
    pub fn allow(&self) -> bool {
        match self.lock().open_until {
            Some(t) => Instant::now() >= t,
            None => true,
        }
    }

    /// Is the breaker open (calls skipped)? Returns the opening's number.
    pub fn open(&self) -> Option<u64> {
        let s = self.lock();
        match s.open_until {
            Some(t) if Instant::now() < t => Some(s.openings),
            _ => None,
        }
    }

    pub fn success(&self) {
        let mut s = self.lock();
        s.failures = 0;
        s.open_until = None;
    }

    /// Record a failure; true when this one opened the breaker.
    pub fn failure(&self) -> bool {
        let mut s = self.lock();
        s.failures += 1;
        let half_open = s.open_until.is_some();
        if s.failures >= self.threshold || half_open {
            s.open_until = Some(Instant::now() + self.cooldown);
            s.failures = 0;
            s.openings += 1;
            tracing::warn!(
                cooldown_s = self.cooldown.as_secs(),
                "LLM circuit breaker open: using the offline engine"
            );
            return true;
        }
        false
    }

    pub fn openings(&self) -> u64 {
        self.lock().openings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn opens_after_repeated_failures_and_closes_after_a_success() {
        let b = Breaker::new(3, Duration::from_secs(60));
        assert!(b.allow());
        assert!(!b.failure());
        assert!(!b.failure());
        assert!(b.failure());
        assert!(!b.allow());
        assert_eq!(b.open(), Some(1));
        tokio::time::advance(Duration::from_secs(61)).await;
        assert!(b.allow(), "half-open after the cool-down");
        // A failure while half-open opens it again at once.
        assert!(b.failure());
        assert_eq!(b.open(), Some(2));
        tokio::time::advance(Duration::from_secs(61)).await;
        b.success();
        assert!(b.allow());
        assert_eq!(b.open(), None);
    }
}
