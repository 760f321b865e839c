//! Per-user serialisation: two events of one user never interleave; different users never wait
//! for each other. Entries are removed when nobody holds or waits for them.

use super::event::UserId;
use dashmap::DashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Default)]
pub struct UserLocks {
    map: Arc<DashMap<UserId, Arc<Mutex<()>>>>,
}

pub struct UserGuard {
    guard: Option<OwnedMutexGuard<()>>,
    map: Arc<DashMap<UserId, Arc<Mutex<()>>>>,
    user: UserId,
}

impl UserLocks {
    pub async fn lock(&self, user: &UserId) -> UserGuard {
        let m = self
            .map
            .entry(user.clone())
            .or_insert_with(|| Arc::new(Mutex::new(())))
            .clone();
        let guard = m.lock_owned().await;
        UserGuard {
            guard: Some(guard),
            map: self.map.clone(),
            user: user.clone(),
        }
    }
}

impl Drop for UserGuard {
    fn drop(&mut self) {
        drop(self.guard.take());
        // Under the shard lock: only the map holds the mutex when its count is 1, and nobody can
        // clone it from the map meanwhile.
        self.map.remove_if(&self.user, |_, m| Arc::strong_count(m) == 1);
    }
}
