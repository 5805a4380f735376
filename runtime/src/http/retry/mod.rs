//! Every retry decision, in one place: which answers are retried, which
//! requests are safe to send again, how long to wait, and reading
//! `Retry-After`. Single calls, `$batch` items and the token endpoint all
//! decide here.

use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};

/// How throttled (429) and unavailable (503, 504) answers are retried.
///
/// The defaults are those of Microsoft's Graph SDKs: 3 retries, a 3 s base
/// delay doubled on each retry (with up to 1 s of random jitter), and at
/// most 180 s of waiting in all. A `Retry-After` header wins over the
/// backoff; one that would take the total wait past the budget ends the
/// retries at once, and the error carries it.
///
/// ```
/// use std::time::Duration;
/// use graph_resource::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_retries(5)
///     .with_base_delay(Duration::from_millis(500))
///     .with_budget(Duration::from_secs(60));
/// assert_eq!(policy.max_retries(), 5);
/// ```
///
/// Off by default, a policy can also wait out Entra ID's replication delay:
/// a user or group just created can be unknown for a while to a read or an
/// assignment that names it (`404 Request_ResourceNotFound`), and
/// [`with_replication_retries`](RetryPolicy::with_replication_retries)
/// sends such a request again, so many times, so far apart. Graph did not
/// carry out a request it answered with 404, so sending it again is safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    budget: Duration,
    /// Retries of a `404 Request_ResourceNotFound`, and their interval.
    replication: Option<(u32, Duration)>,
}

/// The codes of a 404 that Entra's replication delay explains: the object
/// named exists, but not yet everywhere.
const NOT_YET_REPLICATED: [&str; 2] = ["Request_ResourceNotFound", "ResourceNotFound"];

/// The replication wait that [`RetryPolicy::wait_for_replication`] sets:
/// ten retries two seconds apart, as Terraform's azuread provider waits.
pub(crate) const REPLICATION_WAIT: (u32, Duration) = (10, Duration::from_secs(2));

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_secs(3),
            budget: Duration::from_secs(180),
            replication: None,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy::default().with_max_retries(0)
    }

    /// How many times a request may be sent again (default 3).
    pub fn with_max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The first backoff delay, doubled on each retry (default 3 s).
    pub fn with_base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// The most time spent waiting over all retries of one call (default 180 s).
    pub fn with_budget(mut self, d: Duration) -> Self {
        self.budget = d;
        self
    }

    /// Sends a request that Graph answered `404 Request_ResourceNotFound`
    /// again, up to `retries` times, `interval` apart (within the
    /// [`budget`](RetryPolicy::with_budget)): for a read or an assignment
    /// that names a user or group created moments ago, which Entra ID may
    /// not have replicated yet. Not for a request that may name something
    /// that does not exist, which would then fail only after the wait.
    pub fn with_replication_retries(mut self, retries: u32, interval: Duration) -> Self {
        self.replication = (retries > 0).then_some((retries, interval));
        self
    }

    /// [`with_replication_retries`](RetryPolicy::with_replication_retries)
    /// with ten retries two seconds apart, as Terraform's azuread provider
    /// waits out Entra's replication after creating an object.
    pub fn wait_for_replication(self) -> Self {
        let (retries, interval) = REPLICATION_WAIT;
        self.with_replication_retries(retries, interval)
    }

    /// The replication retries and their interval, if the policy has them.
    pub fn replication_retries(&self) -> Option<(u32, Duration)> {
        self.replication
    }

    /// The retry count.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The base delay.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The budget.
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// The wait before retry number `retry` (1-based), or `None` to give up:
    /// retries used up, or the wait would overrun the budget.
    pub(crate) fn next_delay(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        waited: Duration,
    ) -> Option<Duration> {
        if retry > self.max_retries {
            return None;
        }
        let delay = retry_after.unwrap_or_else(|| self.backoff(retry));
        (waited.checked_add(delay)? <= self.budget).then_some(delay)
    }

    fn backoff(&self, retry: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << (retry - 1).min(16));
        let jitter_cap = self.base_delay.min(Duration::from_secs(1));
        exp.saturating_add(jitter_cap.mul_f64(crate::http::random::f64()))
    }
}

/// Whether an answer with this status says "not carried out, try again
/// later": 429 Too Many Requests, 503 Service Unavailable, 504 Gateway
/// Timeout. Graph carries out none of these requests.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 503 | 504)
}

/// Whether a request waits out its retry's delay by itself: with no rate
/// limiter, or for a wait that is its own (a 404 from replication). With a
/// limiter, a throttle's wait holds every request of the budget, the
/// limiter's to keep.
pub(crate) fn waits_alone(paced: bool, status: StatusCode) -> bool {
    !paced || !is_retryable_status(status)
}

/// Whether sending a request with this method twice does no more than
/// sending it once, so that a request whose answer was lost may go again.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// What a transport failure says about the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lost {
    /// It never left this machine (no connection could be made).
    NotSent,
    /// It may have reached the server; its answer did not arrive.
    NoAnswer,
    /// It was refused by this client's own rules (a redirect loop, too many
    /// redirects, a refused scheme or origin): sending it again would end
    /// the same way.
    Final,
}

impl Lost {
    /// Classifies a reqwest failure.
    pub(crate) fn of(e: &reqwest::Error) -> Lost {
        if e.is_redirect() || e.is_builder() {
            Lost::Final
        } else if e.is_connect() {
            Lost::NotSent
        } else {
            Lost::NoAnswer
        }
    }

    /// Whether the request may go again: one that was not sent always, one
    /// whose answer was lost only when sending it twice is harmless.
    pub(crate) fn may_resend(self, resendable: bool) -> bool {
        match self {
            Lost::NotSent => true,
            Lost::NoAnswer => resendable,
            Lost::Final => false,
        }
    }

    /// Whether the request may have been carried out although no answer
    /// tells (for a request that changes something).
    pub(crate) fn outcome_unknown(self, resendable: bool) -> bool {
        self == Lost::NoAnswer && !resendable
    }
}

/// What one attempt of a request came to, as the retry rules read it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Attempt<'a> {
    /// The service answered with this error status (a success is not
    /// retried); `code` is Graph's top-level error code, when read.
    Answered {
        status: StatusCode,
        headers: &'a reqwest::header::HeaderMap,
        code: Option<&'a str>,
    },
    /// No answer came, lost this way.
    Lost(Lost),
}

/// The retries of one request so far: how many, and how long they waited.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Backoff {
    retries: u32,
    waited: Duration,
    /// Of the retries, those after a 404 that replication explains.
    not_found: u32,
}

impl Backoff {
    /// Books one more retry if `policy` allows it, and returns the wait
    /// before it: `retry_after` if the server gave one, else backoff.
    fn next(&mut self, policy: &RetryPolicy, retry_after: Option<Duration>) -> Option<Duration> {
        let delay = policy.next_delay(self.retries + 1, retry_after, self.waited)?;
        self.retries += 1;
        self.waited += delay;
        Some(delay)
    }

    /// After one attempt, as its sender describes it: the wait before
    /// sending the request again, or `None` to stop. The one rule for every
    /// sender: a call, a token request, a `$batch` item.
    pub(crate) fn after(
        &mut self,
        policy: &RetryPolicy,
        attempt: Attempt<'_>,
        resendable: bool,
    ) -> Option<Duration> {
        match attempt {
            Attempt::Lost(lost) if lost.may_resend(resendable) => self.next(policy, None),
            Attempt::Lost(_) => None,
            Attempt::Answered { status, headers, .. } if is_retryable_status(status) => {
                self.next(policy, retry_after(headers))
            }
            Attempt::Answered { status, code, .. } => self.after_not_found(policy, status, code),
        }
    }

    /// A 404 that Entra's replication delay explains, when the policy waits
    /// for it: Graph did not carry the request out, so it may go again.
    fn after_not_found(
        &mut self,
        policy: &RetryPolicy,
        status: StatusCode,
        code: Option<&str>,
    ) -> Option<Duration> {
        let (retries, interval) = policy.replication?;
        let explained =
            status == StatusCode::NOT_FOUND && code.is_some_and(|c| NOT_YET_REPLICATED.contains(&c));
        if !explained || self.not_found >= retries {
            return None;
        }
        let waited = self.waited.checked_add(interval)?;
        if waited > policy.budget {
            return None;
        }
        self.not_found += 1;
        self.retries += 1;
        self.waited = waited;
        Some(interval)
    }

    /// The retries booked so far.
    pub(crate) fn retries(&self) -> u32 {
        self.retries
    }

    /// How many times the request has been sent, this attempt included.
    pub(crate) fn attempts(&self) -> u32 {
        self.retries + 1
    }
}

/// The `Retry-After` of an answer, if it has one that reads.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// Reads `Retry-After`: whole or fractional seconds (`10`, `2.128`), or an
/// HTTP date. A date in the past, or anything else, gives `None`, and the
/// caller falls back to backoff.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e9)));
    }
    let date = date::parse_http_date(value)?;
    date.duration_since(now).ok().filter(|d| !d.is_zero())
}

mod date;
#[cfg(test)]
mod tests;
