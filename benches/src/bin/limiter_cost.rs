//! The rate limiter's own cost per request, for `scripts/bench-fleet.sh`:
//! `acquire` on a budget large enough never to wait, one request after the
//! other and 64 at once, through Redis on loopback (`REDIS_URL`) and through
//! the in-process `Pacer`.
//!
//! ```text
//! REDIS_URL=redis://127.0.0.1:6379 limiter_cost
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use graph_resource::Method;
use graph_resource::http::{Cost, Feedback, Pacer, RateLimit, RateLimiter, RedisLimiter};

const N: usize = 20_000;

/// A budget no run reaches.
fn huge() -> RateLimit {
    RateLimit::intune()
        .with_writes(1_000_000_000)
        .with_requests(1_000_000_000)
        .with_window(Duration::from_secs(3600))
}

/// Microseconds per `acquire` + `observe`, one after the other.
async fn sequential(limiter: &dyn RateLimiter) -> f64 {
    let write = Cost::of(&Method::POST);
    let started = Instant::now();
    for _ in 0..N {
        limiter.acquire("tenant/app", write).await;
        limiter.observe("tenant/app", Feedback::Served);
    }
    started.elapsed().as_secs_f64() * 1e6 / N as f64
}

/// Microseconds per request, 64 at a time: the throughput one process gets.
async fn concurrent(limiter: Arc<dyn RateLimiter>) -> f64 {
    let write = Cost::of(&Method::POST);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let limiter = limiter.clone();
        tasks.spawn(async move {
            for _ in 0..N / 64 {
                limiter.acquire("tenant/app", write).await;
                limiter.observe("tenant/app", Feedback::Served);
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    started.elapsed().as_secs_f64() * 1e6 / (N / 64 * 64) as f64
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("REDIS_URL").map_err(|_| "set REDIS_URL to a Redis on loopback")?;
    let redis = Arc::new(RedisLimiter::new(&url, huge())?.key_prefix("bench:"));
    let pacer: Arc<dyn RateLimiter> = Arc::new(Pacer::new(huge()));
    // Warm up: connect, load the script.
    sequential(redis.as_ref()).await;
    if !redis.is_shared() {
        return Err(format!("Redis at {url} did not answer").into());
    }
    let (rs, ps) = (sequential(redis.as_ref()).await, sequential(pacer.as_ref()).await);
    let (rc, pc) = (concurrent(redis.clone()).await, concurrent(pacer).await);
    println!("limiter cost per request ({N} requests; acquire + observe):");
    println!("  one after the other: Redis {rs:7.1} µs   in-process {ps:7.3} µs");
    println!("  64 at once:          Redis {rc:7.1} µs   in-process {pc:7.3} µs");
    Ok(())
}
