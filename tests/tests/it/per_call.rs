//! What one call sets for itself over its client's settings: the limit on
//! one attempt, the retry policy, and waiting out Entra ID's replication
//! delay (a 404 `Request_ResourceNotFound` for an object created moments
//! ago), on every kind of call.

use std::time::Duration;

use graph_resource::emulator::{Emulator, Fault};
use graph_resource::{Error, Method, ResourcePath, RetryPolicy};
use graph_resource_models::EnrollmentConfigurationAssignment;
use serde_json::json;

use crate::faults::{COLLECTION, PATH, client, posts, seed};

fn not_replicated() -> Fault {
    Fault::graph_error(
        404,
        "Request_ResourceNotFound",
        "Resource 'g1' does not exist or one of its queried reference-property objects are not present.",
    )
}

fn replication_in_ms() -> RetryPolicy {
    RetryPolicy::none().with_replication_retries(3, Duration::from_millis(20))
}

#[tokio::test]
async fn a_create_waits_out_replication_only_when_asked() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, RetryPolicy::none());
    emulator.inject(1, not_replicated());
    let err = seed().create(&client, PATH).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
    assert_eq!(posts(&emulator), 1, "a 404 is final by default");

    emulator.inject(2, not_replicated());
    let created = seed()
        .create(&client, PATH)
        .retry_policy(replication_in_ms())
        .await
        .unwrap();
    assert!(created.id().is_some());
    assert_eq!(posts(&emulator), 4, "two 404s, then the create");
    assert_eq!(emulator.items(COLLECTION).len(), 1, "created once");
}

#[tokio::test]
async fn replication_retries_end_and_other_404s_are_final() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, RetryPolicy::none());
    // Four: more than the three retries allow, and none left over.
    emulator.inject(4, not_replicated());
    let err = seed()
        .create(&client, PATH)
        .retry_policy(replication_in_ms())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
    assert_eq!(err.api().unwrap().attempts, 4, "three retries, then the error");
    assert_eq!(posts(&emulator), 4);

    // A 404 that replication does not explain (an item that is not there)
    // is not sent again.
    emulator.create_collection(COLLECTION);
    let before = emulator.requests().len();
    let err = EnrollmentConfigurationAssignment::get(&client, PATH.item("missing"))
        .retry_policy(replication_in_ms())
        .await
        .unwrap_err();
    assert_eq!(err.api().unwrap().code.as_deref(), Some("itemNotFound"));
    assert_eq!(emulator.requests().len(), before + 1);
}

#[tokio::test]
async fn wait_for_replication_waits_two_seconds_a_time() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(COLLECTION, [json!({"id": "a1", "source": "direct"})]);
    let client = client(&emulator, RetryPolicy::none());
    emulator.inject(1, not_replicated());
    let started = std::time::Instant::now();
    let read = EnrollmentConfigurationAssignment::get(&client, PATH.item("a1"))
        .wait_for_replication()
        .await
        .unwrap();
    assert_eq!(read.id(), Some("a1"));
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(emulator.requests().len(), 2);
}

#[tokio::test]
async fn a_calls_own_retry_policy_replaces_the_clients() {
    let emulator = Emulator::start().await.unwrap();
    emulator.create_collection(COLLECTION);
    let client = client(&emulator, RetryPolicy::none());
    emulator.throttle_next(1, "0");
    let err = EnrollmentConfigurationAssignment::list(&client, PATH)
        .all()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429), "{err}");

    emulator.throttle_next(2, "0");
    let listed = EnrollmentConfigurationAssignment::list(&client, PATH)
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
        .all()
        .await
        .unwrap();
    assert!(listed.is_empty());
    emulator.throttle_next(1, "0");
    client
        .request(
            Method::GET,
            "/users/{id}/deviceEnrollmentConfigurations/c1/assignments",
        )
        .value("id", "adele@contoso.com")
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
        .send::<serde_json::Value>()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_calls_own_timeout_replaces_the_clients() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(COLLECTION, [json!({"id": "a1"})]);
    // The client allows 5 s an attempt; this call 100 ms.
    let client = client(&emulator, RetryPolicy::none());
    emulator.inject(1, Fault::Delay(Duration::from_millis(600)));
    let err = EnrollmentConfigurationAssignment::delete(&client, PATH.item("a1"))
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    // The same delay within the client's own limit.
    emulator.inject(1, Fault::Delay(Duration::from_millis(300)));
    EnrollmentConfigurationAssignment::delete(&client, PATH.item("a1"))
        .await
        .unwrap();
    assert!(emulator.items(COLLECTION).is_empty());
}
