//! Graph's throttling as Intune documents it (Microsoft Graph throttling
//! limits, Intune service limits:
//! <https://learn.microsoft.com/graph/throttling-limits#intune-service-limits>): per tenant
//! and per app, for writes and for all requests, each a budget of N
//! requests per window. Every request counts, a throttled one too, and a
//! throttled request is told when the next slot is free.
//!
//! Each budget is a GCRA bucket: a burst of N, then one request every
//! window ÷ N. Counting throttled requests is what makes uncoordinated
//! clients stall: each 429 pushes the next free slot back for everyone.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use crate::answer::Answer;
use crate::request::GraphRequest;
use crate::state::State;

/// The limits the emulator enforces, when asked to
/// ([`Emulator::enforce_limits`](crate::Emulator::enforce_limits)).
///
/// ```
/// use std::time::Duration;
/// use graph_resource_emulator::Limits;
///
/// // Intune's documented figures, with the 20 s window run in 2 s.
/// let limits = Limits::intune().window(Duration::from_secs(2));
/// assert_eq!(limits.writes_per_app, 100);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Writes (POST, PUT, PATCH, DELETE) per window for one app in one tenant (100).
    pub writes_per_app: u32,
    /// Writes per window for one tenant, all apps together (200).
    pub writes_per_tenant: u32,
    /// Requests of any method per window for one app in one tenant (1,000).
    pub requests_per_app: u32,
    /// Requests of any method per window for one tenant (2,000).
    pub requests_per_tenant: u32,
    /// The window (20 s). A shorter one runs the same budget faster, for tests.
    pub window: Duration,
}

impl Limits {
    /// Intune's documented limits: 100 writes per 20 s per app per tenant,
    /// 200 per tenant; 1,000 requests per 20 s per app per tenant, 2,000
    /// per tenant.
    pub fn intune() -> Limits {
        Limits {
            writes_per_app: 100,
            writes_per_tenant: 200,
            requests_per_app: 1000,
            requests_per_tenant: 2000,
            window: Duration::from_secs(20),
        }
    }

    /// The same budgets over another window: `Duration::from_secs(2)` runs
    /// Intune's 20 s window ten times faster.
    pub fn window(mut self, window: Duration) -> Limits {
        self.window = window;
        self
    }

    /// Writes per window for one app in one tenant.
    pub fn writes_per_app(mut self, n: u32) -> Limits {
        self.writes_per_app = n;
        self
    }

    /// Writes per window for one tenant.
    pub fn writes_per_tenant(mut self, n: u32) -> Limits {
        self.writes_per_tenant = n;
        self
    }

    /// Requests per window for one app in one tenant.
    pub fn requests_per_app(mut self, n: u32) -> Limits {
        self.requests_per_app = n;
        self
    }

    /// Requests per window for one tenant.
    pub fn requests_per_tenant(mut self, n: u32) -> Limits {
        self.requests_per_tenant = n;
        self
    }
}

/// What one tenant's requests came to under the limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Usage {
    /// Requests served (each `$batch` item counts as one).
    pub served: usize,
    /// Requests answered 429 by the limits.
    pub throttled: usize,
}

/// The buckets, and what each tenant used.
pub(crate) struct Budgets {
    limits: Limits,
    /// Theoretical arrival time of each bucket, by scope.
    tat: HashMap<String, Instant>,
    pub(crate) usage: BTreeMap<String, Usage>,
}

impl Budgets {
    pub(crate) fn new(limits: Limits) -> Budgets {
        Budgets {
            limits,
            tat: HashMap::new(),
            usage: BTreeMap::new(),
        }
    }

    /// Counts one request of `tenant`'s `app`; `Some(retry_after)`, the time
    /// until its next free slot, when it is throttled.
    pub(crate) fn admit(&mut self, tenant: &str, app: &str, write: bool, now: Instant) -> Option<Duration> {
        let l = &self.limits;
        let mut scopes = vec![
            (format!("all/{tenant}/{app}"), l.requests_per_app),
            (format!("all/{tenant}"), l.requests_per_tenant),
        ];
        if write {
            scopes.push((format!("write/{tenant}/{app}"), l.writes_per_app));
            scopes.push((format!("write/{tenant}"), l.writes_per_tenant));
        }
        let window = l.window;
        let mut throttled = false;
        let mut next_free = now;
        let mut updates = Vec::with_capacity(scopes.len());
        for (scope, limit) in scopes {
            let limit = limit.max(1);
            let interval = window / limit;
            let tolerance = window.saturating_sub(interval);
            let tat = self.tat.get(&scope).copied().unwrap_or(now).max(now);
            if tat > now + tolerance {
                throttled = true;
            }
            // Every request counts, a throttled one too.
            let new_tat = tat + interval;
            next_free = next_free.max(new_tat.checked_sub(tolerance).unwrap_or(now));
            updates.push((scope, new_tat, tat > now + tolerance));
        }
        for (scope, new_tat, _) in updates {
            self.tat.insert(scope, new_tat);
        }
        let usage = self.usage.entry(tenant.to_owned()).or_default();
        if throttled {
            usage.throttled += 1;
            Some(next_free.saturating_duration_since(now))
        } else {
            usage.served += 1;
            None
        }
    }
}

/// `POST`, `PUT`, `PATCH` and `DELETE` count as writes.
pub(crate) fn is_write(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH" | "DELETE")
}

/// Counts a request against the limits, if any are enforced: the 429 to
/// answer with when it is over them.
pub(crate) fn over_limit(state: &mut State, req: &GraphRequest<'_>) -> Option<Answer> {
    let (tenant, app) = crate::token::caller(state, req);
    let budgets = state.budgets.as_mut()?;
    let wait = budgets.admit(&tenant, &app, is_write(req.method), Instant::now())?;
    Some(throttled(wait))
}

/// Graph's answer to a throttled request: 429, the wait in fractional
/// seconds, and its error body.
pub(crate) fn throttled(wait: Duration) -> Answer {
    Answer::error(429, "TooManyRequests", "Please retry again later.")
        .header("retry-after", format!("{:.3}", wait.as_secs_f64().max(0.001)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scaled() -> Budgets {
        Budgets::new(Limits::intune().window(Duration::from_secs(2)))
    }

    #[test]
    fn a_burst_of_the_budget_then_one_slot_per_interval() {
        let mut b = scaled();
        let t0 = Instant::now();
        for _ in 0..100 {
            assert_eq!(b.admit("t", "a", true, t0), None);
        }
        // The 101st waits one interval (2 s / 100), counted in full.
        let wait = b.admit("t", "a", true, t0).unwrap();
        assert!(
            wait > Duration::from_millis(19) && wait <= Duration::from_millis(40),
            "{wait:?}"
        );
        // Told when its slot is free, it gets it.
        assert_eq!(b.admit("t", "a", true, t0 + wait), None);
        assert_eq!(
            b.usage["t"],
            Usage {
                served: 101,
                throttled: 1
            }
        );
    }

    #[test]
    fn throttled_requests_push_the_next_slot_back() {
        let mut b = scaled();
        let t0 = Instant::now();
        for _ in 0..100 {
            b.admit("t", "a", true, t0);
        }
        let first = b.admit("t", "a", true, t0).unwrap();
        let later = (0..10)
            .map(|_| b.admit("t", "a", true, t0).unwrap())
            .last()
            .unwrap();
        assert!(
            later >= first + Duration::from_millis(190),
            "{first:?} then {later:?}"
        );
    }

    #[test]
    fn tenants_have_budgets_of_their_own_and_apps_share_the_tenants() {
        let mut b = scaled();
        let t0 = Instant::now();
        for _ in 0..100 {
            assert_eq!(b.admit("t1", "a", true, t0), None);
            assert_eq!(b.admit("t2", "a", true, t0), None);
            assert_eq!(b.admit("t1", "b", true, t0), None);
        }
        // t1 has used its 200 writes across apps a and b.
        assert!(b.admit("t1", "c", true, t0).is_some());
        // Reads are within the 1,000.
        assert_eq!(b.admit("t1", "c", false, t0), None);
    }
}
