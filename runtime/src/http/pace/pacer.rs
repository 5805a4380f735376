//! The in-process limiter: one GCRA bucket for writes and one for all
//! requests per budget key, with a shared pause after a throttle.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Cost, Feedback, RateLimit, RateLimiter};
use crate::http::BoxFuture;
use crate::http::sync::lock;

/// The lowest share of the rate a run of throttles can bring it to.
pub(super) const MIN_FACTOR: f64 = 1.0 / 16.0;

/// How much of the rate one request served gives back: the full rate
/// returns over about four budgets served.
pub(super) fn recovery_step(limit: &RateLimit) -> f64 {
    1.0 / (4.0 * f64::from(limit.writes))
}

/// A bucket's interval between requests at the paced rate, and its
/// tolerance: how far ahead of now it may be booked (the burst).
pub(super) fn bucket_shape(limit: u32, rate: &RateLimit) -> (Duration, Duration) {
    let interval = rate.window.div_f64(f64::from(limit.max(1)) * rate.headroom);
    let burst = ((f64::from(limit) * rate.burst).floor() as u32).max(1);
    (interval, interval * (burst - 1))
}

/// The in-process [`RateLimiter`]: every task of every client given the
/// same `Pacer` shares its budgets, one per key.
///
/// - It books each request a place in time (GCRA): a burst, then one
///   request per interval of the budget's rate.
/// - A throttle pauses the whole budget until its `Retry-After` (a tenth of
///   the window if it gave none), halves the rate, and voids the places
///   booked in the meantime; after the pause one request probes alone,
///   then the others follow at the rate, without a burst to catch up.
/// - Each request served raises the rate a little, back to the budget's.
///
/// ```
/// use std::sync::Arc;
/// use graph_resource::{Client, StaticToken};
/// use graph_resource::http::{Pacer, RateLimit};
///
/// // Two clients of one app in one tenant share one budget.
/// let pacer = Arc::new(Pacer::new(RateLimit::intune()));
/// let a = Client::builder().token(StaticToken::new("t")).rate_limiter(pacer.clone()).build()?;
/// let b = Client::builder().token(StaticToken::new("t")).rate_limiter(pacer).build()?;
/// # Ok::<(), graph_resource::Error>(())
/// ```
#[derive(Debug)]
pub struct Pacer {
    limit: RateLimit,
    budgets: Mutex<HashMap<String, Arc<Budget>>>,
}

#[derive(Debug)]
struct Budget {
    state: Mutex<State>,
    changed: tokio::sync::Notify,
}

#[derive(Debug)]
struct State {
    writes: Bucket,
    requests: Bucket,
    /// The share of the rate in force.
    factor: f64,
    /// Until when nothing is sent, after a throttle.
    paused_until: Option<Instant>,
    probe: Probe,
    /// Counts throttles: a place booked before the last one is void.
    epoch: u64,
    /// Throttles since a request was last served.
    streak: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Probe {
    /// Requests go at the rate.
    Idle,
    /// The next request probes alone.
    Wanted,
    /// A probe is out since then; the others wait for its answer.
    Out(Instant),
}

#[derive(Debug)]
struct Bucket {
    /// Theoretical arrival time: when the budget would be used up.
    tat: Option<Instant>,
    /// The time between two requests at the paced rate.
    interval: Duration,
    /// How far ahead of now the budget may be booked: the burst.
    tolerance: Duration,
}

impl Bucket {
    fn new(limit: u32, rate: &RateLimit) -> Bucket {
        let (interval, tolerance) = bucket_shape(limit, rate);
        Bucket {
            tat: None,
            interval,
            tolerance,
        }
    }

    /// The earliest time, from `start`, that `n` requests fit.
    fn earliest(&self, start: Instant, n: u32, factor: f64) -> Instant {
        if n == 0 {
            return start;
        }
        let interval = self.interval.div_f64(factor);
        let tat = self.tat.map_or(start, |t| t.max(start));
        // A batch bigger than the burst goes once the budget is idle, not
        // later: waiting longer would spend its size twice.
        let ahead = (interval * (n - 1)).min(self.tolerance);
        (tat + ahead)
            .checked_sub(self.tolerance)
            .map_or(start, |at| at.max(start))
    }

    fn book(&mut self, at: Instant, n: u32, factor: f64) {
        if n > 0 {
            let tat = self.tat.map_or(at, |t| t.max(at));
            self.tat = Some(tat + self.interval.div_f64(factor) * n);
        }
    }

    /// Empty at `at`: the first request goes then, the next one interval later.
    fn restart(&mut self, at: Instant) {
        self.tat = Some(at + self.tolerance);
    }
}

impl Pacer {
    /// A pacer for budgets of this size.
    pub fn new(limit: RateLimit) -> Pacer {
        Pacer {
            limit,
            budgets: Mutex::new(HashMap::new()),
        }
    }

    /// The budget each key gets.
    pub fn limit(&self) -> &RateLimit {
        &self.limit
    }

    fn budget(&self, key: &str) -> Arc<Budget> {
        let mut budgets = lock(&self.budgets);
        if let Some(budget) = budgets.get(key) {
            return budget.clone();
        }
        budgets
            .entry(key.to_owned())
            .or_insert_with(|| {
                Arc::new(Budget {
                    state: Mutex::new(State {
                        writes: Bucket::new(self.limit.writes, &self.limit),
                        requests: Bucket::new(self.limit.requests, &self.limit),
                        factor: 1.0,
                        paused_until: None,
                        probe: Probe::Idle,
                        epoch: 0,
                        streak: 0,
                    }),
                    changed: tokio::sync::Notify::new(),
                })
            })
            .clone()
    }

    async fn wait_for_place(&self, key: &str, cost: Cost) {
        let budget = self.budget(key);
        loop {
            let changed = budget.changed.notified();
            let booked = {
                let mut s = lock(&budget.state);
                let now = Instant::now();
                match s.probe {
                    // A probe that never reported is given up after a window.
                    Probe::Out(since) if now.duration_since(since) < self.limit.window => None,
                    _ => {
                        let start = s.paused_until.map_or(now, |p| p.max(now));
                        let f = s.factor;
                        let at = s.writes.earliest(start, cost.writes, f).max(s.requests.earliest(
                            start,
                            cost.requests(),
                            f,
                        ));
                        s.writes.book(at, cost.writes, f);
                        s.requests.book(at, cost.requests(), f);
                        if s.probe != Probe::Idle {
                            s.probe = Probe::Out(at);
                        }
                        Some((at, s.epoch))
                    }
                }
            };
            match booked {
                None => {
                    let _ = tokio::time::timeout(self.limit.window, changed).await;
                }
                Some((at, epoch)) => {
                    if at <= Instant::now() {
                        return;
                    }
                    tokio::time::sleep_until(at.into()).await;
                    if lock(&budget.state).epoch == epoch {
                        return;
                    }
                    // A throttle came while this one waited: its place is void.
                }
            }
        }
    }
}

impl RateLimiter for Pacer {
    fn acquire<'a>(&'a self, key: &'a str, cost: Cost) -> BoxFuture<'a, ()> {
        Box::pin(self.wait_for_place(key, cost))
    }

    fn observe(&self, key: &str, feedback: Feedback) {
        let budget = self.budget(key);
        let mut s = lock(&budget.state);
        let now = Instant::now();
        match feedback {
            Feedback::Served | Feedback::NoAnswer => {
                if feedback == Feedback::Served {
                    s.streak = 0;
                    // Back to the full rate over about four budgets served.
                    s.factor = (s.factor + recovery_step(&self.limit)).min(1.0);
                }
                if matches!(s.probe, Probe::Out(_)) {
                    s.probe = Probe::Idle;
                    drop(s);
                    budget.changed.notify_waiters();
                }
            }
            Feedback::Throttled { retry_after } => {
                // Throttles in a row mean others spend the same budget (and a
                // throttled request still counts): each one lengthens the pause,
                // so that the budget can come back, up to a window.
                let backoff = s.writes.interval * ((1u32 << s.streak.min(16)) - 1);
                let pause = (retry_after.unwrap_or(self.limit.window / 10) + backoff).min(self.limit.window);
                s.streak = s.streak.saturating_add(1);
                let already_paused = s.paused_until.is_some_and(|p| p > now);
                if !already_paused {
                    // One halving per throttled moment, however many answers tell of it.
                    s.factor = (s.factor / 2.0).max(MIN_FACTOR);
                }
                let until = s.paused_until.map_or(now + pause, |p| p.max(now + pause));
                s.paused_until = Some(until);
                s.writes.restart(until);
                s.requests.restart(until);
                s.epoch += 1;
                s.probe = Probe::Wanted;
                drop(s);
                budget.changed.notify_waiters();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scaled() -> RateLimit {
        RateLimit::intune().with_window(Duration::from_secs(2))
    }

    #[test]
    fn a_burst_then_one_place_per_interval() {
        let rate = scaled();
        let mut b = Bucket::new(100, &rate);
        let t0 = Instant::now();
        for _ in 0..90 {
            let at = b.earliest(t0, 1, 1.0);
            assert_eq!(at, t0);
            b.book(at, 1, 1.0);
        }
        let next = b.earliest(t0, 1, 1.0);
        // 2 s / 100 at 97 %: about 20.6 ms.
        let gap = next - t0;
        assert!(
            gap > Duration::from_millis(20) && gap < Duration::from_millis(21),
            "{gap:?}"
        );
    }

    #[test]
    fn batches_bigger_than_the_burst_go_at_the_rate() {
        // No burst: 25 writes per 2 s at 97 %, batches of 20.
        let rate = scaled().with_burst(0.0);
        let mut b = Bucket::new(25, &rate);
        let t0 = Instant::now();
        let mut at = t0;
        for _ in 0..10 {
            at = b.earliest(t0, 20, 1.0);
            b.book(at, 20, 1.0);
        }
        // 200 writes at 25 × 0.97 per 2 s: a batch every 20 intervals of
        // 82.5 ms, the tenth after 180, not twice that.
        let interval = Duration::from_secs(2).div_f64(25.0 * 0.97);
        let expected = interval * 180;
        let took = at - t0;
        assert!(
            took >= expected - Duration::from_millis(1) && took <= expected + Duration::from_millis(1),
            "{took:?} against {expected:?}"
        );
    }

    #[test]
    fn a_restarted_bucket_does_not_burst() {
        let rate = scaled();
        let mut b = Bucket::new(100, &rate);
        let t0 = Instant::now();
        b.restart(t0);
        let first = b.earliest(t0, 1, 1.0);
        b.book(first, 1, 1.0);
        let second = b.earliest(t0, 1, 1.0);
        assert_eq!(first, t0);
        assert!(
            second - first >= Duration::from_millis(20),
            "{:?}",
            second - first
        );
    }

    #[tokio::test]
    async fn a_throttle_pauses_the_budget_halves_the_rate_and_lets_one_probe_go() {
        let pacer = Arc::new(Pacer::new(scaled()));
        let write = Cost { reads: 0, writes: 1 };
        pacer.acquire("t", write).await;
        let throttled = Feedback::Throttled {
            retry_after: Some(Duration::from_millis(50)),
        };
        pacer.observe("t", throttled);
        pacer.observe("t", throttled);
        let budget = pacer.budget("t");
        {
            let s = lock(&budget.state);
            assert_eq!(s.factor, 0.5, "halved once for one throttled moment");
            assert_eq!(s.probe, Probe::Wanted);
            assert!(s.paused_until.is_some());
        }
        // The probe goes after the pause; the next request waits for its answer.
        pacer.acquire("t", write).await;
        assert!(matches!(lock(&budget.state).probe, Probe::Out(_)));
        let waiting = tokio::spawn({
            let pacer = pacer.clone();
            async move { pacer.acquire("t", write).await }
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "held until the probe is answered");
        // Another budget is not held up.
        pacer.acquire("u", write).await;
        pacer.observe("t", Feedback::Served);
        waiting.await.unwrap();
        assert_eq!(lock(&budget.state).probe, Probe::Idle);
    }
}
