//! The link to Redis: the connection, or when to try it again after a
//! failure, and whether the last decision went through it. One warning an
//! outage; a few slow calls in a row are one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::MultiplexedConnection;

use crate::http::sync::lock;

/// The connection to Redis, or when to try it again, and whether the last
/// decision went through it; shared with the tasks `observe` spawns.
pub(super) struct Health {
    pub(super) link: Mutex<Link>,
    pub(super) shared: AtomicBool,
    reconnect_after: Duration,
}

#[derive(Default)]
pub(super) struct Link {
    pub(super) connection: Option<MultiplexedConnection>,
    pub(super) retry_at: Option<Instant>,
    down: bool,
    /// Calls in a row that took longer than the timeout.
    slow: u32,
}

/// Slow calls in a row that count as an outage.
const SLOW_CALLS_DOWN: u32 = 3;

impl Health {
    pub(super) fn new(reconnect_after: Duration) -> Arc<Health> {
        Arc::new(Health {
            link: Mutex::default(),
            shared: AtomicBool::new(false),
            reconnect_after,
        })
    }

    /// Redis failed: pace locally until it is tried again; one warning an
    /// outage.
    fn failed(&self, why: &str) {
        self.shared.store(false, Ordering::Relaxed);
        let mut link = lock(&self.link);
        link.connection = None;
        link.slow = 0;
        link.retry_at = Some(Instant::now() + self.reconnect_after);
        if !link.down {
            link.down = true;
            tracing::warn!(
                why,
                retry_s = self.reconnect_after.as_secs_f64(),
                "Redis cannot be reached: pacing this process alone until it is back"
            );
        }
    }

    /// A call took longer than the timeout: that request is paced locally;
    /// a few in a row are an outage.
    fn slow(&self) {
        self.shared.store(false, Ordering::Relaxed);
        let slow = {
            let mut link = lock(&self.link);
            link.slow += 1;
            link.slow
        };
        if slow >= SLOW_CALLS_DOWN {
            self.failed("calls in a row took longer than the timeout");
        } else {
            tracing::debug!("a call to Redis took longer than the timeout: this request is paced locally");
        }
    }

    /// Redis answered.
    fn answered(&self) {
        self.shared.store(true, Ordering::Relaxed);
        let mut link = lock(&self.link);
        link.slow = 0;
        if link.down {
            link.down = false;
            link.retry_at = None;
            tracing::info!("Redis is back: pacing with the shared budget again");
        }
    }

    /// What a call to Redis gave, or `None` after noting why it gave nothing.
    pub(super) fn outcome<T>(
        &self,
        answer: Result<redis::RedisResult<T>, tokio::time::error::Elapsed>,
    ) -> Option<T> {
        match answer {
            Ok(Ok(value)) => {
                self.answered();
                Some(value)
            }
            Ok(Err(e)) => {
                self.failed(&e.to_string());
                None
            }
            Err(_) => {
                self.slow();
                None
            }
        }
    }
}
