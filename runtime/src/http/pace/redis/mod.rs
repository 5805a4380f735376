//! A budget shared by every process through Redis (or Valkey), with the
//! in-process [`Pacer`] to fall back on while Redis cannot be reached.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::MultiplexedConnection;

use health::Health;

use super::pacer::{MIN_FACTOR, bucket_shape, recovery_step};
use super::{Cost, Feedback, Pacer, RateLimit, RateLimiter};
use crate::http::BoxFuture;
use crate::http::error::Error;
use crate::http::error::Setting;
use crate::http::sync::lock;

mod health;

const ACQUIRE: &str = include_str!("acquire.lua");
const OBSERVE: &str = include_str!("observe.lua");

/// A [`RateLimiter`] whose budgets live in Redis, so that every process of
/// one app in one tenant, on any number of machines, keeps to one budget
/// (feature `redis`).
///
/// - Each request books its place with one Lua script: the same GCRA as
///   [`Pacer`]'s, atomic, on Redis's clock (`TIME`), so the machines' clocks
///   do not matter.
/// - A 429 seen by any process pauses the budget for all of them, halves
///   its rate and voids the places booked meanwhile.
/// - Budgets are keyed as the in-process limiter's are (the tenant and app,
///   see [`TokenProvider::budget_key`](crate::http::auth::TokenProvider::budget_key)),
///   under a prefix: `graph-resource:budget:<key>`.
/// - A call that takes longer than the [`timeout`](Self::timeout) (50 ms by
///   default) leaves that request to a local [`Pacer`]. If Redis cannot be
///   reached, at the start or mid-run, or three calls in a row are slow, all
///   requests are paced locally: a warning is logged once for the outage,
///   and Redis is tried again every [`reconnect_after`](Self::reconnect_after)
///   until it is back. The limiter only decides *when* a request goes:
///   nothing is lost or sent twice whichever way it decides.
///
/// ```no_run
/// use std::sync::Arc;
/// use graph_resource::{Client, StaticToken};
/// use graph_resource::http::{RateLimit, RedisLimiter};
///
/// # fn run() -> Result<(), graph_resource::Error> {
/// let limiter = RedisLimiter::new("redis://10.0.0.5:6379", RateLimit::intune())?;
/// let client = Client::builder()
///     .token(StaticToken::new("..."))
///     .rate_limiter(Arc::new(limiter))
///     .build()?;
/// # Ok(()) }
/// ```
pub struct RedisLimiter {
    client: redis::Client,
    limit: RateLimit,
    prefix: String,
    timeout: Duration,
    local: Pacer,
    health: Arc<Health>,
    acquire: redis::Script,
    observe: redis::Script,
    /// What Redis last told of each budget.
    last_seen: Mutex<HashMap<String, Seen>>,
}

/// What Redis last told of a budget.
#[derive(Clone, Copy)]
struct Seen {
    /// Its rate is below full: a request served must be told, to raise it.
    slowed: bool,
    /// When the places Redis gave (to every process) are spent: should Redis
    /// go, local pacing starts then, not on top of them.
    spent_at: Instant,
}

impl fmt::Debug for RedisLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may hold a password: only the address is shown.
        f.debug_struct("RedisLimiter")
            .field("server", &self.client.get_connection_info().addr().to_string())
            .field("limit", &self.limit)
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("shared", &self.is_shared())
            .finish_non_exhaustive()
    }
}

impl RedisLimiter {
    /// A limiter for budgets of this size in the Redis at `url`
    /// (`redis://[[user]:password@]host[:port][/db]`). Nothing is connected
    /// yet: a Redis that is down now is joined when it comes up.
    ///
    /// # Errors
    ///
    /// `Error::Config` when the URL is not a Redis URL.
    pub fn new(url: &str, limit: RateLimit) -> Result<Self, Error> {
        let client = redis::Client::open(url).map_err(|e| {
            Error::config(
                Setting::Redis,
                format!("`{}` is not a Redis URL: {e}", redact_url(url)),
            )
        })?;
        Ok(RedisLimiter {
            client,
            local: fallback_pacer(limit.clone()),
            limit,
            prefix: "graph-resource:budget:".to_owned(),
            timeout: Duration::from_millis(50),
            health: Health::new(Duration::from_secs(1)),
            acquire: redis::Script::new(ACQUIRE),
            observe: redis::Script::new(OBSERVE),
            last_seen: Mutex::default(),
        })
    }

    /// The longest a call to Redis may take before the request is paced
    /// locally instead (default 50 ms; connecting may take four times it).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long after a failure Redis is tried again (default 1 s).
    pub fn reconnect_after(mut self, wait: Duration) -> Self {
        self.health = Health::new(wait);
        self
    }

    /// The prefix of the budgets' keys (default `graph-resource:budget:`).
    pub fn key_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// The budget used while Redis cannot be reached (default: the whole
    /// budget; with N processes, a share of it keeps them under the limit
    /// together). It is spent without a burst: a process that falls back
    /// mid-run joins a budget the others have already spent.
    pub fn fallback(mut self, limit: RateLimit) -> Self {
        self.local = fallback_pacer(limit);
        self
    }

    /// Whether the last decision was made through Redis.
    pub fn is_shared(&self) -> bool {
        self.health.shared.load(Ordering::Relaxed)
    }

    fn key(&self, budget: &str) -> String {
        format!("{}{budget}", self.prefix)
    }

    /// The connection, or `None` while Redis is down and not yet due to be
    /// tried again.
    async fn connection(&self) -> Option<MultiplexedConnection> {
        {
            let link = lock(&self.health.link);
            if let Some(c) = &link.connection {
                return Some(c.clone());
            }
            if link.retry_at.is_some_and(|at| Instant::now() < at) {
                return None;
            }
        }
        let connecting = self.client.get_multiplexed_async_connection();
        let connection = self
            .health
            .outcome(tokio::time::timeout(self.timeout * 4, connecting).await)?;
        lock(&self.health.link).connection = Some(connection.clone());
        Some(connection)
    }

    /// Books a place in Redis: the wait and the budget's epoch, or `None`
    /// when Redis did not answer in time.
    async fn book(&self, key: &str, cost: Cost) -> Option<(Duration, i64)> {
        let mut connection = self.connection().await?;
        let (w_interval, w_tolerance) = bucket_shape(self.limit.writes, &self.limit);
        let (r_interval, r_tolerance) = bucket_shape(self.limit.requests, &self.limit);
        let mut invocation = self.acquire.key(key);
        invocation
            .arg(cost.writes)
            .arg(cost.requests())
            .arg(micros(w_interval))
            .arg(micros(w_tolerance))
            .arg(micros(r_interval))
            .arg(micros(r_tolerance))
            .arg(self.ttl_ms());
        let booked = invocation.invoke_async::<(i64, i64, i64, i64)>(&mut connection);
        let (wait, epoch, factor, spent) = self
            .health
            .outcome(tokio::time::timeout(self.timeout, booked).await)?;
        let seen = Seen {
            slowed: factor < 1_000_000,
            spent_at: Instant::now() + from_micros(spent),
        };
        lock(&self.last_seen).insert(key.to_owned(), seen);
        Some((from_micros(wait), epoch))
    }

    /// The budget's epoch now, if Redis answers in time.
    async fn epoch(&self, key: &str) -> Option<i64> {
        let mut connection = self.connection().await?;
        let mut cmd = redis::cmd("HGET");
        cmd.arg(key).arg("epoch");
        let epoch = cmd.query_async::<Option<i64>>(&mut connection);
        let epoch = self
            .health
            .outcome(tokio::time::timeout(self.timeout, epoch).await)?;
        Some(epoch.unwrap_or(0))
    }

    async fn wait_for_place(&self, budget: &str, cost: Cost) {
        let key = self.key(budget);
        loop {
            let Some((wait, epoch)) = self.book(&key, cost).await else {
                let booked = lock(&self.last_seen).get(&key).map(|s| s.spent_at);
                if let Some(until) = booked.filter(|u| *u > Instant::now()) {
                    tokio::time::sleep_until(until.into()).await;
                }
                return self.local.acquire(budget, cost).await;
            };
            if wait.is_zero() {
                return;
            }
            tokio::time::sleep(wait).await;
            // A throttle seen anywhere while this one waited voids its place;
            // if Redis is gone now, the place it gave stands.
            match self.epoch(&key).await {
                Some(now) if now != epoch => continue,
                _ => return,
            }
        }
    }

    /// A budget's hash lives a few windows past its last use.
    fn ttl_ms(&self) -> u64 {
        (self.limit.window * 4).as_millis().max(1000) as u64
    }

    /// Sends what the service answered to Redis, on a task of its own:
    /// `observe` does not wait.
    fn tell(&self, budget: &str, feedback: Feedback) {
        let key = self.key(budget);
        let (kind, retry_after) = match feedback {
            Feedback::Throttled { retry_after } => {
                ("throttled", retry_after.map_or(-1, |d| micros(d) as i64))
            }
            Feedback::Served if lock(&self.last_seen).get(&key).is_some_and(|s| s.slowed) => ("served", -1),
            Feedback::Served | Feedback::NoAnswer => return,
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (w_interval, w_tolerance) = bucket_shape(self.limit.writes, &self.limit);
        let (_, r_tolerance) = bucket_shape(self.limit.requests, &self.limit);
        let args = ObserveArgs {
            key,
            kind,
            retry_after,
            w_interval: micros(w_interval),
            w_tolerance: micros(w_tolerance),
            r_tolerance: micros(r_tolerance),
            window: micros(self.limit.window),
            step: recovery_step(&self.limit),
            ttl_ms: self.ttl_ms(),
        };
        let script = self.observe.clone();
        let health = self.health.clone();
        let timeout = self.timeout;
        drop(runtime.spawn(async move { args.send(&script, &health, timeout).await }));
    }
}

/// The arguments of `observe.lua`.
struct ObserveArgs {
    key: String,
    kind: &'static str,
    retry_after: i64,
    w_interval: u64,
    w_tolerance: u64,
    r_tolerance: u64,
    window: u64,
    step: f64,
    ttl_ms: u64,
}

impl ObserveArgs {
    async fn send(self, script: &redis::Script, health: &Health, timeout: Duration) {
        let Some(mut connection) = lock(&health.link).connection.clone() else {
            return;
        };
        let mut invocation = script.key(&self.key);
        invocation
            .arg(self.kind)
            .arg(self.retry_after)
            .arg(self.w_interval)
            .arg(self.w_tolerance)
            .arg(self.r_tolerance)
            .arg(self.window)
            .arg(self.step)
            .arg(self.ttl_ms)
            .arg(MIN_FACTOR);
        let sent = invocation.invoke_async::<i64>(&mut connection);
        health.outcome(tokio::time::timeout(timeout, sent).await);
    }
}

impl RateLimiter for RedisLimiter {
    fn acquire<'a>(&'a self, key: &'a str, cost: Cost) -> BoxFuture<'a, ()> {
        Box::pin(self.wait_for_place(key, cost))
    }

    fn observe(&self, key: &str, feedback: Feedback) {
        // The local pacer hears everything, to be ready should Redis go.
        self.local.observe(key, feedback);
        self.tell(key, feedback);
    }
}

/// The local pacer: the budget without a burst.
fn fallback_pacer(limit: RateLimit) -> Pacer {
    Pacer::new(limit.with_burst(0.0))
}

/// A span of microseconds a script returned (never below zero).
fn from_micros(micros: i64) -> Duration {
    Duration::from_micros(micros.max(0) as u64)
}

fn micros(d: Duration) -> u64 {
    d.as_micros().min(u128::from(u64::MAX)) as u64
}

/// `redis://:secret@host` → `redis://<redacted>@host`.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}<redacted>{}", &url[..scheme + 3], &url[at..]),
        _ => url.to_owned(),
    }
}
