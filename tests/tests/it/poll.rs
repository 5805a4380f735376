//! Waiting on long-running operations: a status read until the value the
//! caller names, and a `202 Accepted`'s `Location` followed to its end.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::http::PollEnd;
use graph_resource::ops::Poll;
use graph_resource::{Error, Method};
use serde_json::{Value, json};

const FILE: &str = "/deviceAppManagement/mobileApps/a1/contentVersions/1/files/f1";

async fn with_file(states: &[&str]) -> Emulator {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/deviceAppManagement/mobileApps/a1/contentVersions/1/files",
        [json!({"id": "f1", "name": "app.intunewin"})],
    );
    emulator.progress(FILE, "uploadState", states.iter().map(|s| json!(s)));
    emulator
}

fn upload_state(file: &Value) -> Option<String> {
    file["uploadState"].as_str().map(str::to_owned)
}

#[tokio::test]
async fn a_status_is_read_until_it_reaches_the_value_named_with_progress() {
    let emulator = with_file(&[
        "azureStorageUriRequestPending",
        "azureStorageUriRequestPending",
        "azureStorageUriRequestSuccess",
    ])
    .await;
    let client = emulator.client();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let file: Value = Poll::new(|| client.request(Method::GET, FILE).send(), upload_state)
        .until(["azureStorageUriRequestSuccess"])
        .failing(["azureStorageUriRequestFailed"])
        .interval(Duration::from_millis(5))
        .on_progress(move |p| log.lock().unwrap().push((p.status.map(str::to_owned), p.reads)))
        .wait()
        .await
        .unwrap();
    assert_eq!(file["uploadState"], "azureStorageUriRequestSuccess");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[2], (Some("azureStorageUriRequestSuccess".to_owned()), 3));
}

#[tokio::test]
async fn a_failing_status_or_the_deadline_ends_the_wait_with_what_was_seen() {
    let emulator = with_file(&["commitFilePending", "commitFileFailed"]).await;
    let client = emulator.client();
    let err = Poll::new(|| client.request(Method::GET, FILE).send::<Value>(), upload_state)
        .until(["commitFileSuccess"])
        .failing(["commitFileFailed", "commitFileTimedOut"])
        .interval(Duration::from_millis(5))
        .wait()
        .await
        .unwrap_err();
    let Error::Poll(poll) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (poll.end, poll.last_status.as_deref(), poll.reads),
        (PollEnd::Failed, Some("commitFileFailed"), 2)
    );
    assert!(err.to_string().contains("ended in `commitFileFailed`"), "{err}");

    let emulator = with_file(&["commitFilePending"]).await;
    let client = emulator.client();
    let err = Poll::new(|| client.request(Method::GET, FILE).send::<Value>(), upload_state)
        .until(["commitFileSuccess"])
        .interval(Duration::from_millis(20))
        .deadline(Duration::from_millis(100))
        .wait()
        .await
        .unwrap_err();
    let Error::Poll(poll) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(poll.end, PollEnd::DeadlinePassed);
    assert_eq!(poll.last_status.as_deref(), Some("commitFilePending"));
    // It read at least once; no bound on the time it took (the machine may
    // be slow).
    assert!(poll.reads >= 1, "{poll:?}");
    assert!(
        err.to_string()
            .contains("its last status was `commitFilePending`"),
        "{err}"
    );
}

#[tokio::test]
async fn a_wait_dropped_reads_no_more() {
    let emulator = with_file(&["commitFilePending"]).await;
    let client = emulator.client();
    let wait = Poll::new(|| client.request(Method::GET, FILE).send::<Value>(), upload_state)
        .until(["commitFileSuccess"])
        .interval(Duration::from_millis(10))
        .wait();
    assert!(
        tokio::time::timeout(Duration::from_millis(55), wait)
            .await
            .is_err()
    );
    // A read already on the wire when the wait was dropped may still land;
    // a wait still running would read again every 10 ms.
    let reads = emulator.requests().len();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = emulator.requests().len();
    assert!(
        after <= reads + 1,
        "cancelled by dropping it: {reads} reads, then {after}"
    );
}

#[tokio::test]
async fn an_accepted_operation_is_followed_from_its_location_to_its_end() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/drives/d1/items", [json!({"id": "i1", "name": "plan.docx"})]);
    emulator.set_copy_reads(2);
    let client = emulator.client();
    let accepted = client
        .request(Method::POST, "/drives/d1/items/i1/copy")
        .json(&json!({"name": "plan (copy).docx"}))
        .send_with_headers::<()>()
        .await
        .unwrap();
    assert_eq!(accepted.status().as_u16(), 202);
    let location = accepted.header("location").expect("a Location").to_owned();
    let done = client
        .follow_operation(&location, Duration::from_millis(5), Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(done["status"], "completed");
    assert!(done["resourceId"].is_string());
    let monitor: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/_monitor/"))
        .collect();
    assert_eq!(monitor.len(), 3);
    // Another origin: read without the token.
    assert!(monitor.iter().all(|r| r.header("authorization").is_none()));
}
