//! Pacing: the client as a whole keeps to the service's limit, instead of
//! each request honouring its own `Retry-After`.
//!
//! Every request asks a [`RateLimiter`] for its place before it is sent, and
//! tells it what the service answered. The in-process [`Pacer`] spends a
//! burst, then sends at the budget's rate; a 429 pauses every task that
//! shares the budget, one request probes, and the rate comes back up
//! gradually, never by bursting to catch up. A limiter shared between
//! processes implements the same trait.

mod pacer;
#[cfg(feature = "redis")]
mod redis;

use std::time::Duration;

use reqwest::Method;

pub use pacer::Pacer;
#[cfg(feature = "redis")]
pub use redis::RedisLimiter;

use crate::http::BoxFuture;

/// What a request (or a `$batch` of requests) costs against a budget.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Cost {
    /// Requests that change nothing (`GET`).
    pub reads: u32,
    /// Requests that change something: `POST`, `PUT`, `PATCH`, `DELETE`.
    pub writes: u32,
}

impl Cost {
    /// Nothing: a request that uses no budget of its own, such as the
    /// `$batch` envelope, whose requests are counted one by one.
    pub const NONE: Cost = Cost { reads: 0, writes: 0 };

    /// The cost of one request with this method.
    pub fn of(method: &Method) -> Cost {
        if matches!(
            *method,
            Method::POST | Method::PUT | Method::PATCH | Method::DELETE
        ) {
            Cost { reads: 0, writes: 1 }
        } else {
            Cost { reads: 1, writes: 0 }
        }
    }

    /// All requests, of either kind.
    pub fn requests(self) -> u32 {
        self.reads + self.writes
    }
}

impl std::ops::Add for Cost {
    type Output = Cost;

    /// Both costs together, as a `$batch` of requests costs.
    fn add(self, other: Cost) -> Cost {
        Cost {
            reads: self.reads + other.reads,
            writes: self.writes + other.writes,
        }
    }
}

/// What the service answered to a request sent under a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Feedback {
    /// An answer that is not a throttle.
    Served,
    /// `429`, or a `503`/`504` with `Retry-After`: slow down, for this long
    /// if the service said.
    Throttled {
        /// The service's `Retry-After`.
        retry_after: Option<Duration>,
    },
    /// No answer came.
    NoAnswer,
}

/// Decides when each request may be sent, for every task that shares a
/// budget. A budget is named by a key: one tenant and app, e.g.
/// `contoso.onmicrosoft.com/11111111-…`.
///
/// Implement it to share a budget beyond one process; [`Pacer`] is the
/// in-process implementation.
pub trait RateLimiter: Send + Sync + 'static {
    /// Waits until `cost` may be sent under `key`'s budget, and books it.
    fn acquire<'a>(&'a self, key: &'a str, cost: Cost) -> BoxFuture<'a, ()>;

    /// Reports what the service answered to a request booked under `key`.
    fn observe(&self, key: &str, feedback: Feedback);
}

/// A budget: writes and requests per window, with the share of it that is
/// sent at once and the share of its rate used after that.
///
/// The default is Intune's documented limit for one app in one tenant
/// ([Microsoft Graph throttling limits, Intune service
/// limits](https://learn.microsoft.com/graph/throttling-limits#intune-service-limits)):
/// 100 writes and 1,000 requests per 20 s; the tenant, all apps together,
/// has 200 and 2,000.
///
/// ```
/// use std::time::Duration;
/// use graph_resource::http::RateLimit;
///
/// // The same budget, with its window run ten times faster (an emulator's).
/// let limit = RateLimit::intune().with_window(Duration::from_secs(2));
/// assert_eq!(limit.writes(), 100);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RateLimit {
    writes: u32,
    requests: u32,
    window: Duration,
    burst: f64,
    headroom: f64,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit::intune()
    }
}

impl RateLimit {
    /// Intune's limit for one app in one tenant: 100 writes and 1,000
    /// requests per 20 s. Sent at 97 % of that rate after a burst of 90 %
    /// of the budget, which leaves room for the jitter of the network.
    pub fn intune() -> RateLimit {
        RateLimit {
            writes: 100,
            requests: 1000,
            window: Duration::from_secs(20),
            burst: 0.9,
            headroom: 0.97,
        }
    }

    /// Writes per window.
    pub fn with_writes(mut self, n: u32) -> Self {
        self.writes = n.max(1);
        self
    }

    /// Requests of any kind per window.
    pub fn with_requests(mut self, n: u32) -> Self {
        self.requests = n.max(1);
        self
    }

    /// The window the budgets are per (default 20 s).
    pub fn with_window(mut self, window: Duration) -> Self {
        self.window = window.max(Duration::from_millis(1));
        self
    }

    /// The share of a budget sent at once, from 0 to 1 (default 0.9).
    pub fn with_burst(mut self, share: f64) -> Self {
        self.burst = share.clamp(0.0, 1.0);
        self
    }

    /// The share of the budget's rate used once the burst is spent, from
    /// 0.1 to 1 (default 0.97).
    pub fn with_headroom(mut self, share: f64) -> Self {
        self.headroom = share.clamp(0.1, 1.0);
        self
    }

    /// Writes per window.
    pub fn writes(&self) -> u32 {
        self.writes
    }

    /// Requests per window.
    pub fn requests(&self) -> u32 {
        self.requests
    }

    /// The window.
    pub fn window(&self) -> Duration {
        self.window
    }
}
