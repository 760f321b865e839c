//! Time. Production uses the wall clock; timer tests use a clock driven by tokio's (pausable)
//! time, so the scheduler and the engine agree on "now" while tokio time is paused and advanced.

use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Wall time at creation plus tokio's elapsed time since then.
pub struct TokioClock {
    base_wall: DateTime<Utc>,
    base: tokio::time::Instant,
}

impl TokioClock {
    pub fn starting_at(base_wall: DateTime<Utc>) -> Self {
        TokioClock {
            base_wall,
            base: tokio::time::Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = tokio::time::Instant::now().saturating_duration_since(self.base);
        self.base_wall + Duration::from_std(elapsed).unwrap_or_default()
    }
}

pub type SharedClock = Arc<dyn Clock>;

pub fn system() -> SharedClock {
    Arc::new(SystemClock)
}
