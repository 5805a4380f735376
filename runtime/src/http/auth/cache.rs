//! One cached token per provider, refreshed ahead of its expiry, one
//! refresh at a time however many requests wait: every provider that fetches
//! tokens keeps them here.

use std::future::Future;
use std::time::{Duration, Instant};

use super::AccessToken;
use crate::http::error::Error;
use crate::http::sync::lock;

/// A token and when it expires.
#[derive(Clone)]
pub(crate) struct Fetched {
    pub(crate) token: AccessToken,
    /// When it was asked for, so a slow answer does not stretch its life.
    pub(crate) asked_at: Instant,
    /// How long it lives from `asked_at`.
    pub(crate) lifetime: Duration,
}

#[derive(Clone)]
struct Cached {
    token: AccessToken,
    refresh_at: Instant,
    expires_at: Instant,
}

impl From<Fetched> for Cached {
    fn from(f: Fetched) -> Self {
        // A quarter of its lifetime, at most five minutes, before it expires.
        let margin = (f.lifetime / 4).min(Duration::from_secs(300));
        let expires_at = f.asked_at + f.lifetime;
        Cached {
            token: f.token,
            refresh_at: expires_at - margin,
            expires_at,
        }
    }
}

/// The cache itself.
#[derive(Default)]
pub(crate) struct TokenCache {
    cached: std::sync::Mutex<Option<Cached>>,
    refreshing: tokio::sync::Mutex<()>,
}

impl TokenCache {
    fn cached(&self) -> Option<Cached> {
        lock(&self.cached).clone()
    }

    /// The cached token while it is fresh and not `rejected`; else the one
    /// `fetch` gives, fetched by one caller while the others wait for it. A
    /// refresh ahead of expiry that fails leaves the old token in use.
    pub(crate) async fn get<F, Fut>(
        &self,
        rejected: Option<&AccessToken>,
        fetch: F,
    ) -> Result<AccessToken, Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Fetched, Error>>,
    {
        let usable = |c: &Cached| Instant::now() < c.refresh_at && Some(&c.token) != rejected;
        if let Some(c) = self.cached().filter(usable) {
            return Ok(c.token);
        }
        let _one_at_a_time = self.refreshing.lock().await;
        // Another caller may have refreshed while this one waited.
        let cached = self.cached();
        if let Some(c) = cached.clone().filter(usable) {
            return Ok(c.token);
        }
        match fetch().await {
            Ok(fresh) => {
                let fresh = Cached::from(fresh);
                let token = fresh.token.clone();
                *lock(&self.cached) = Some(fresh);
                Ok(token)
            }
            Err(e) => match cached.filter(|c| Instant::now() < c.expires_at && Some(&c.token) != rejected) {
                Some(c) => {
                    tracing::warn!(error = %e, "token refresh failed; the current token is still valid");
                    Ok(c.token)
                }
                None => Err(e),
            },
        }
    }
}
