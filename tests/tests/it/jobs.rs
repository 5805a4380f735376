//! Jobs in a real Redis, run by workers against the emulator: every item
//! once across workers and tenants; a worker stopped between sending a
//! create and recording it (or before its create arrived) leaves the item
//! to another worker, which looks it up before sending; an item that fails
//! for good is recorded with Graph's error and re-runnable; a create whose
//! outcome no lookup can tell is not sent twice; a cancelled job stops;
//! Redis restarted with persistence on keeps everything the job recorded.

use std::future::pending;
use std::time::Duration;

use graph_resource::emulator::{Emulator, Fault, Limits};
use graph_resource::ops::jobs::{Item, Job, JobError, Worker, find_by};
use graph_resource::{Client, Error, Method, RetryPolicy, StaticToken};
use graph_resource_examples::RedisServer;
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath,
    EnrollmentConfigurationAssignment,
};
use graph_resource_tests::assert_each_once;
use serde_json::{Value, json};

const PATH: DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath<'static> =
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: "c1",
    };
const COLLECTION: &str = "/deviceManagement/deviceEnrollmentConfigurations/c1/assignments";

/// `n` assignment creates, spread over `tenants`, each known by its
/// `sourceId` (its lookup key).
fn items(n: usize, tenants: usize) -> Vec<Item> {
    (0..n)
        .map(|i| {
            let assignment = EnrollmentConfigurationAssignment {
                source: Some(DeviceAndAppManagementAssignmentSource::Direct),
                source_id: Some(format!("item-{i}")),
                ..Default::default()
            };
            Item::create(&PATH, &assignment)
                .unwrap()
                .tenant(format!("t{}", i % tenants))
                .kind("assignment")
                .key(json!(format!("item-{i}")))
        })
        .collect()
}

/// A client per tenant, each with its own token, as the emulator knows it.
fn clients(emulator: &Emulator) -> impl Fn(&str) -> Client + Send + Sync + 'static {
    let base = emulator.base_url();
    move |tenant: &str| {
        Client::builder()
            .base_url(&base)
            .token(StaticToken::new(format!("token-{tenant}")))
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap()
    }
}

/// Runs `work` until `reached` holds, then drops it, as killing its
/// process would stop it.
async fn stop_when<T: std::fmt::Debug>(
    work: impl std::future::Future<Output = T>,
    reached: impl Fn() -> bool,
) {
    tokio::select! {
        ended = work => panic!("the worker ended before it was stopped: {ended:?}"),
        () = async {
            while !reached() {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        } => {}
    }
}

fn worker(redis: &RedisServer, job: &str, emulator: &Emulator) -> Worker {
    Worker::new(&redis.url(), job, clients(emulator))
        .unwrap()
        .claim_after(Duration::from_millis(300))
        .lookup("assignment", find_by("sourceId"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_workers_run_each_item_once_across_tenants() {
    let redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    emulator.enforce_limits(Limits::intune());
    for t in 0..3 {
        emulator.register_token(&format!("token-t{t}"), &format!("t{t}"), "app");
    }
    let job = Job::submit(&redis.url(), "each-once", items(90, 3))
        .await
        .unwrap();
    let (a, b, c) = (
        worker(&redis, "each-once", &emulator),
        worker(&redis, "each-once", &emulator),
        worker(&redis, "each-once", &emulator),
    );
    let (a, b, c) = tokio::join!(a.run(), b.run(), c.run());
    for progress in [a.unwrap(), b.unwrap(), c.unwrap()] {
        assert!(progress.finished(), "{progress:?}");
    }
    let progress = job.progress().await.unwrap();
    assert_eq!((progress.total, progress.done, progress.failed), (90, 90, 0));
    assert_each_once(&emulator, COLLECTION, 90);
    // Each tenant's items went with its own token.
    let by_tenant = emulator.usage_by_tenant();
    for t in 0..3 {
        assert_eq!(by_tenant[&format!("t{t}")].served, 30, "{by_tenant:?}");
    }
    let outcomes = job.outcomes().await.unwrap();
    assert_eq!(outcomes.len(), 90);
    assert!(outcomes.iter().all(|o| o.state.as_deref() == Some("done")));
    assert_eq!(outcomes[7].result.as_ref().unwrap()["sourceId"], "item-7");
    // A name in use is refused.
    let again = Job::submit(&redis.url(), "each-once", items(1, 1))
        .await
        .unwrap_err();
    assert!(matches!(again, JobError::Exists(_)), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_stopped_between_sending_and_recording_leaves_the_item_to_be_looked_up() {
    let redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    let job = Job::submit(&redis.url(), "stopped", items(1, 1)).await.unwrap();
    // The create arrives and is stored, and its answer is lost; the worker
    // that sent it is stopped before it records anything (its check never
    // ends, and it is dropped), as a killed process would be.
    emulator.inject(1, Fault::DropAfterServing);
    let stuck = Worker::new(&redis.url(), "stopped", clients(&emulator))
        .unwrap()
        .lookup("assignment", |_: Client, _: Item| {
            pending::<Result<Option<Value>, Error>>()
        });
    stop_when(stuck.run(), || emulator.items(COLLECTION).len() == 1).await;
    assert_eq!(job.progress().await.unwrap().done, 0);

    // Another worker claims the item, finds the assignment, records it.
    let progress = worker(&redis, "stopped", &emulator).run().await.unwrap();
    assert_eq!((progress.done, progress.failed), (1, 0));
    assert_each_once(&emulator, COLLECTION, 1);
    let creates = emulator.requests().iter().filter(|r| r.method == "POST").count();
    assert_eq!(creates, 1, "not sent again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_stopped_before_its_create_arrived_leaves_it_to_be_sent() {
    let redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    Job::submit(&redis.url(), "never-arrived", items(1, 1))
        .await
        .unwrap();
    // The connection is cut before the create is served: nothing stored.
    emulator.inject(1, Fault::Drop);
    let stuck = Worker::new(&redis.url(), "never-arrived", clients(&emulator))
        .unwrap()
        .lookup("assignment", |_: Client, _: Item| {
            pending::<Result<Option<Value>, Error>>()
        });
    stop_when(stuck.run(), || {
        emulator.requests().iter().any(|r| r.method == "POST")
    })
    .await;
    assert!(emulator.items(COLLECTION).is_empty());

    let progress = worker(&redis, "never-arrived", &emulator).run().await.unwrap();
    assert_eq!((progress.done, progress.failed), (1, 0));
    assert_each_once(&emulator, COLLECTION, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redis_restart_with_persistence_loses_nothing_the_job_recorded() {
    let mut redis = RedisServer::start_persistent();
    let emulator = Emulator::start().await.unwrap();
    let job = Job::submit(&redis.url(), "persisted", items(40, 2))
        .await
        .unwrap();
    // A worker runs part of the job and stops; then Redis dies and comes
    // back from its append-only file.
    let first = worker(&redis, "persisted", &emulator).concurrency(4);
    stop_when(first.run(), || emulator.items(COLLECTION).len() >= 12).await;
    let before = job.progress().await.unwrap();
    let outcomes_before = job.outcomes().await.unwrap();
    redis.restart();
    let after = job.progress().await.unwrap();
    assert_eq!(after, before);
    assert!(before.done >= 8, "{before:?}");
    assert_eq!(job.outcomes().await.unwrap(), outcomes_before);

    // Another worker finishes it: the items under way when the first
    // stopped are looked up, none is sent twice.
    let progress = worker(&redis, "persisted", &emulator).run().await.unwrap();
    assert_eq!((progress.done, progress.failed), (40, 0));
    assert_each_once(&emulator, COLLECTION, 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_item_is_recorded_with_graphs_error_and_runs_again_as_a_new_job() {
    let redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    emulator.reject_creates_where(
        |body| body["sourceId"] == "item-3",
        400,
        "BadRequest",
        "The target group does not exist.",
    );
    let job = Job::submit(&redis.url(), "one-fails", items(6, 2)).await.unwrap();
    let progress = worker(&redis, "one-fails", &emulator).run().await.unwrap();
    assert_eq!((progress.done, progress.failed), (5, 1));
    let outcomes = job.outcomes().await.unwrap();
    let failed = outcomes
        .iter()
        .find(|o| o.state.as_deref() == Some("failed"))
        .unwrap();
    assert_eq!(failed.n, 3);
    let error = failed.result.as_ref().unwrap();
    assert_eq!(
        (error["status"].as_u64(), error["code"].as_str()),
        (Some(400), Some("BadRequest"))
    );

    let retry = job.retry_failed("one-fails-again").await.unwrap();
    assert_eq!(retry.progress().await.unwrap().total, 1);
    let retried = retry.outcomes().await.unwrap();
    assert_eq!(retried[0].item.lookup_key(), Some(&json!("item-3")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_whose_outcome_nothing_can_tell_is_not_sent_twice() {
    let redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    let job = Job::submit(&redis.url(), "unknowable", items(2, 1))
        .await
        .unwrap();
    emulator.inject(1, Fault::DropAfterServing);
    // No lookup for the kind: the lost create is recorded failed.
    let progress = Worker::new(&redis.url(), "unknowable", clients(&emulator))
        .unwrap()
        .concurrency(1)
        .run()
        .await
        .unwrap();
    assert_eq!((progress.done, progress.failed), (1, 1));
    assert_eq!(emulator.items(COLLECTION).len(), 2, "each create went once");
    let failed = job
        .outcomes()
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.state.as_deref() == Some("failed"))
        .unwrap();
    let message = failed.result.unwrap()["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("no lookup") && message.contains("assignment"),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_whose_lookup_keeps_failing_ends_failed_after_its_attempts() {
    let redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    let job = Job::submit(&redis.url(), "lookup-fails", items(1, 1))
        .await
        .unwrap();
    emulator.inject(1, Fault::DropAfterServing);
    // A lookup that always fails: Graph answers it 404.
    let failing = |client: Client, _: Item| async move {
        client
            .request(Method::GET, "/nowhere/here")
            .send::<Value>()
            .await
            .map(|_| None)
    };
    let progress = Worker::new(&redis.url(), "lookup-fails", clients(&emulator))
        .unwrap()
        .claim_after(Duration::from_millis(20))
        .max_attempts(3)
        .lookup("assignment", failing)
        .run()
        .await
        .unwrap();
    assert_eq!((progress.done, progress.failed), (0, 1));
    let outcome = &job.outcomes().await.unwrap()[0];
    let message = outcome.result.as_ref().unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("taken up 3 times"), "{message}");
    assert_eq!(emulator.items(COLLECTION).len(), 1, "sent once, never again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_actions_updates_and_deletes_are_items_too() {
    use graph_resource::ResourcePath as _;
    use graph_resource_models::{
        AssignDeviceEnrollmentConfiguration, AssignDeviceEnrollmentConfigurationPath, GroupAssignmentTarget,
    };
    let redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/deviceManagement/deviceEnrollmentConfigurations",
        [json!({"id": "c1"}), json!({"id": "c2"})],
    );
    let assign = AssignDeviceEnrollmentConfiguration {
        enrollment_configuration_assignments: Some(vec![EnrollmentConfigurationAssignment {
            target: Some(
                GroupAssignmentTarget {
                    group_id: Some("g1".into()),
                    ..Default::default()
                }
                .into(),
            ),
            ..Default::default()
        }]),
    };
    let action = Item::call(
        &AssignDeviceEnrollmentConfigurationPath {
            device_enrollment_configuration_id: "c1",
        },
        &assign,
    )
    .unwrap();
    assert_eq!((action.method(), action.kind_name()), (&Method::POST, "assign"));
    assert_eq!(
        action.path(),
        "/deviceManagement/deviceEnrollmentConfigurations/c1/assign"
    );
    let configurations = graph_resource_models::DeviceEnrollmentConfigurationPath;
    let rename = Item::update(&configurations.item("c1"), &json!({"displayName": "renamed"})).unwrap();
    let delete = Item::delete(&configurations.item("c2")).unwrap();
    assert_eq!(
        delete.path(),
        "/deviceManagement/deviceEnrollmentConfigurations/c2"
    );
    Job::submit(&redis.url(), "typed", vec![action, rename, delete])
        .await
        .unwrap();
    let progress = worker(&redis, "typed", &emulator)
        .concurrency(1)
        .run()
        .await
        .unwrap();
    assert_eq!((progress.done, progress.failed), (3, 0));
    let left = emulator.items("/deviceManagement/deviceEnrollmentConfigurations");
    assert_eq!(left.len(), 1, "c2 deleted");
    assert_eq!(left[0]["displayName"], "renamed");
    assert_eq!(emulator.items(COLLECTION).len(), 1, "c1 assigned");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_job_stops_and_bad_names_are_refused() {
    let redis = RedisServer::start();
    let emulator = Emulator::start().await.unwrap();
    let job = Job::submit(&redis.url(), "cancelled", items(5, 1)).await.unwrap();
    job.cancel().await.unwrap();
    let progress = worker(&redis, "cancelled", &emulator).run().await.unwrap();
    assert!(progress.cancelled);
    assert_eq!(progress.done, 0);
    assert!(emulator.items(COLLECTION).is_empty());
    let empty = Job::submit(&redis.url(), "empty", Vec::new()).await.unwrap_err();
    assert!(empty.to_string().contains("no items"), "{empty}");
    let bad = Job::open(&redis.url(), "a job").unwrap_err();
    assert!(bad.to_string().contains("not a job name"), "{bad}");
    let missing = worker(&redis, "never-submitted", &emulator)
        .run()
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("no job"), "{missing}");
}
