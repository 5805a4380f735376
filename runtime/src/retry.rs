//! When and how long to wait before sending a request again.

use std::time::{Duration, SystemTime};

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
///     .max_retries(5)
///     .base_delay(Duration::from_millis(500))
///     .budget(Duration::from_secs(60));
/// assert_eq!(policy.get_max_retries(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_secs(3),
            budget: Duration::from_secs(180),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy::default().max_retries(0)
    }

    /// How many times a request may be sent again (default 3).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The first backoff delay, doubled on each retry (default 3 s).
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// The most time spent waiting over all retries of one call (default 180 s).
    pub fn budget(mut self, d: Duration) -> Self {
        self.budget = d;
        self
    }

    /// The retry count.
    pub fn get_max_retries(&self) -> u32 {
        self.max_retries
    }

    /// The base delay.
    pub fn get_base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The budget.
    pub fn get_budget(&self) -> Duration {
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
        exp.saturating_add(jitter_cap.mul_f64(fastrand::f64()))
    }
}

/// The retries of one request so far: how many, and how long they waited.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Backoff {
    retries: u32,
    waited: Duration,
}

impl Backoff {
    /// Books one more retry if `policy` allows it, and returns the wait
    /// before it: `retry_after` if the server gave one, else backoff.
    pub(crate) fn next(&mut self, policy: &RetryPolicy, retry_after: Option<Duration>) -> Option<Duration> {
        let delay = policy.next_delay(self.retries + 1, retry_after, self.waited)?;
        self.retries += 1;
        self.waited += delay;
        Some(delay)
    }

    /// The retries booked so far.
    pub(crate) fn retries(&self) -> u32 {
        self.retries
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
    let date = httpdate::parse_http_date(value).ok()?;
    date.duration_since(now).ok().filter(|d| !d.is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("10", now), Some(Duration::from_secs(10)));
        assert_eq!(
            parse_retry_after(" 2.128 ", now),
            Some(Duration::from_millis(2128))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(30)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("NaN", now), None);
        assert!(parse_retry_after("1e300", now).is_some());
    }

    #[test]
    fn budget_and_count_end_the_retries() {
        let p = RetryPolicy::default();
        assert!(p.next_delay(1, None, Duration::ZERO).unwrap() >= Duration::from_secs(3));
        let third = p.next_delay(3, None, Duration::ZERO).unwrap();
        assert!(third >= Duration::from_secs(12) && third <= Duration::from_secs(13));
        assert_eq!(p.next_delay(4, None, Duration::ZERO), None);
        assert_eq!(
            p.next_delay(1, Some(Duration::from_secs(181)), Duration::ZERO),
            None
        );
        assert_eq!(
            p.next_delay(2, Some(Duration::from_secs(100)), Duration::from_secs(80)),
            Some(Duration::from_secs(100))
        );
        assert_eq!(
            p.next_delay(2, Some(Duration::from_secs(101)), Duration::from_secs(80)),
            None
        );
    }
}
