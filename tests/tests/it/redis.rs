//! One budget shared through a real Redis: processes (here, clients with
//! limiters of their own) that share it stay within the service's limit
//! together; a throttle seen by one slows all; a Redis that is down at the
//! start or goes away mid-run degrades to local pacing, with nothing lost or
//! sent twice, and is joined again when it is back.

use std::sync::Arc;
use std::time::{Duration, Instant};

use graph_resource::emulator::{Emulator, Limits};
use graph_resource::http::{Cost, Feedback, Pacer, RateLimit, RateLimiter, RedisLimiter};
use graph_resource::{Client, StaticToken};
use graph_resource_examples::RedisServer;
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath,
    EnrollmentConfigurationAssignment,
};
use graph_resource_tests::{Capture, assert_each_once};
use tracing::instrument::WithSubscriber;

const PATH: DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath<'static> =
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: "c1",
    };
const COLLECTION: &str = "/deviceManagement/deviceEnrollmentConfigurations/c1/assignments";
/// Intune's budget with its 20 s window run twenty times faster.
const WINDOW: Duration = Duration::from_secs(1);
fn write() -> Cost {
    Cost::of(&graph_resource::Method::POST)
}

fn limit() -> RateLimit {
    RateLimit::intune().with_window(WINDOW)
}

fn limiter(redis: &RedisServer) -> RedisLimiter {
    RedisLimiter::new(&redis.url(), limit())
        .unwrap()
        .reconnect_after(Duration::from_millis(200))
        // The tests share two cores: a loaded machine is not an outage.
        .timeout(Duration::from_millis(250))
}

fn client(emulator: &Emulator, limiter: Arc<dyn RateLimiter>) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new("t"))
        .rate_limiter(limiter)
        .build()
        .unwrap()
}

/// `n` creates from each client at once; every one must succeed.
async fn create_from(clients: &[Client], n: usize) {
    let mut tasks = tokio::task::JoinSet::new();
    for (c, client) in clients.iter().enumerate() {
        for i in 0..n {
            let client = client.clone();
            tasks.spawn(
                async move {
                    EnrollmentConfigurationAssignment {
                        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
                        source_id: Some(format!("worker-{c}-item-{i}")),
                        ..Default::default()
                    }
                    .create(&client, PATH)
                    .await
                }
                .with_current_subscriber(),
            );
        }
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap().expect("every create succeeds");
    }
}

async fn limited() -> Emulator {
    let emulator = Emulator::start().await.unwrap();
    emulator.enforce_limits(Limits::intune().window(WINDOW));
    emulator
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_that_share_redis_stay_within_one_budget() {
    let redis = RedisServer::start();
    let emulator = limited().await;
    // Three workers, each with its own limiter, as three processes would be.
    let shared: Vec<Client> = (0..3)
        .map(|_| client(&emulator, Arc::new(limiter(&redis))))
        .collect();
    create_from(&shared, 100).await;
    assert_each_once(&emulator, COLLECTION, 300);
    let usage = emulator.usage("default");
    assert_eq!(usage.served, 300);
    assert!(
        usage.throttled <= 6,
        "at most 2 % throttled when the budget is shared: {usage:?}"
    );

    // The same work with a budget each: together they overrun it.
    let alone = limited().await;
    let unshared: Vec<Client> = (0..3)
        .map(|_| client(&alone, Arc::new(Pacer::new(limit()))))
        .collect();
    create_from(&unshared, 100).await;
    assert_each_once(&alone, COLLECTION, 300);
    let usage_alone = alone.usage("default");
    assert!(
        usage_alone.throttled > usage.throttled + 20,
        "without sharing, workers throttle one another: {usage_alone:?} against {usage:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttle_seen_by_one_worker_slows_the_others() {
    let redis = RedisServer::start();
    let seen = Arc::new(limiter(&redis));
    let other = Arc::new(limiter(&redis));
    seen.acquire("tenant/app", write()).await;
    other.acquire("tenant/app", write()).await;
    assert!(seen.is_shared() && other.is_shared());
    seen.observe(
        "tenant/app",
        Feedback::Throttled {
            // The whole window, the longest pause there is.
            retry_after: Some(WINDOW),
        },
    );
    // `observe` sends on a task of its own: wait until Redis holds the pause.
    while !holds_pause(&redis, "tenant/app") {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let started = Instant::now();
    let held = tokio::spawn({
        let other = other.clone();
        async move { other.acquire("tenant/app", write()).await }
    });
    // Another budget is not held up: served while the paused one waits.
    other.acquire("tenant/other-app", write()).await;
    assert!(!held.is_finished(), "the paused budget waits, the other does not");
    held.await.unwrap();
    assert!(
        started.elapsed() >= WINDOW / 2,
        "the other worker waited for the pause: {:?}",
        started.elapsed()
    );
}

/// Whether Redis holds a pause of `budget`.
fn holds_pause(redis: &RedisServer, budget: &str) -> bool {
    let key = format!("graph-resource:budget:{budget}");
    redis.query(&["HEXISTS", &key, "paused"]).as_deref() == Some(":1")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_down_at_the_start_is_joined_when_it_comes_up() {
    let mut redis = RedisServer::start();
    redis.kill();
    let limiter = limiter(&redis);
    let capture = Capture::default();
    async {
        for _ in 0..20 {
            limiter.acquire("tenant/app", write()).await;
        }
    }
    .with_subscriber(capture.clone())
    .await;
    assert!(!limiter.is_shared(), "paced locally while Redis is down");
    let warnings = capture.text().matches("Redis cannot be reached").count();
    assert_eq!(warnings, 1, "one warning for the outage: {}", capture.text());

    redis.restart();
    // Tried again every 200 ms: joined within a few tries (a loaded machine
    // may make one slow), and said once.
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        limiter
            .acquire("tenant/app", write())
            .with_subscriber(capture.clone())
            .await;
        if limiter.is_shared() {
            break;
        }
    }
    assert!(limiter.is_shared(), "joined again");
    assert_eq!(
        capture.text().matches("Redis is back").count(),
        1,
        "{}",
        capture.text()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_mid_run_loses_and_doubles_nothing() {
    let mut redis = RedisServer::start();
    let emulator = limited().await;
    let limiter = Arc::new(limiter(&redis));
    let clients = vec![
        client(&emulator, limiter.clone()),
        client(&emulator, limiter.clone()),
    ];
    let capture = Capture::default();
    let run = tokio::spawn(async move { create_from(&clients, 150).await }.with_subscriber(capture.clone()));
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(limiter.is_shared(), "the run started on the shared budget");
    tokio::task::spawn_blocking(move || {
        redis.kill();
        redis
    })
    .await
    .unwrap();
    run.await.unwrap();
    assert_each_once(&emulator, COLLECTION, 300);
    assert!(!limiter.is_shared(), "it finished on the local budget");
    assert_eq!(
        capture.text().matches("Redis cannot be reached").count(),
        1,
        "one warning for the outage"
    );
}

#[test]
fn a_bad_url_is_a_clear_error_without_the_password() {
    let err = RedisLimiter::new("http://:hunter2@example.com", limit()).unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("is not a Redis URL"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
    let limiter = RedisLimiter::new("redis://:hunter2@127.0.0.1:1", limit()).unwrap();
    assert!(!format!("{limiter:?}").contains("hunter2"));
}
