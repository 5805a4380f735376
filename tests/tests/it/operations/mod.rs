//! The whole collection: list with paging, get, update, delete, and
//! batched creates at scale, against the emulator.

mod paging;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_resource::emulator::Emulator;
use graph_resource::odata::odata_string;
use graph_resource::ops::BatchProgress;
use graph_resource::{Client, Error, Query, ResourcePath, RetryPolicy, StaticToken};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource as Source, DeviceAndAppManagementAssignmentTarget as Target,
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath as ConfigPath,
    EnrollmentConfigurationAssignment as Assignment, Entity, GroupAssignmentTarget,
};
use graph_resource_tests::{MockServer, Reply, assert_each_once};
use serde_json::json;

const PATH: ConfigPath<'static> = ConfigPath {
    device_enrollment_configuration_id: "c1",
};
const COLLECTION: &str = "/deviceManagement/deviceEnrollmentConfigurations/c1/assignments";

fn builder(base: &str) -> graph_resource::ClientBuilder {
    Client::builder()
        .base_url(base)
        .token(StaticToken::new("t"))
        .retry_policy(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(5))
                .with_max_retries(10),
        )
}

fn client(base: &str) -> Client {
    builder(base).build().unwrap()
}

fn group(i: usize) -> Assignment {
    Assignment {
        source: Some(Source::Direct),
        source_id: Some(format!("item-{i:04}")),
        target: Some(
            GroupAssignmentTarget {
                group_id: Some(format!("group-{i:04}")),
                ..Default::default()
            }
            .into(),
        ),
        ..Default::default()
    }
}

fn gets(emulator: &Emulator) -> usize {
    emulator.requests().iter().filter(|r| r.method == "GET").count()
}

#[tokio::test]
async fn get_update_and_delete_round_trip() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator.base_url());
    let created = group(1).create(&client, PATH).await.unwrap();
    let id = created.id().unwrap().to_owned();

    let read = Assignment::get(&client, PATH.item(&id)).await.unwrap();
    assert_eq!(read.source_id.as_deref(), Some("item-0001"));
    assert!(matches!(read.target, Some(Target::GroupAssignmentTarget(_))));

    // Only what is set is sent: `source` and `sourceId` stay as they were.
    let change = Assignment {
        target: Some(
            GroupAssignmentTarget {
                group_id: Some("group-new".into()),
                ..Default::default()
            }
            .into(),
        ),
        ..Default::default()
    };
    let updated = change
        .update(&client, PATH.item(&id))
        .await
        .unwrap()
        .expect("the updated object");
    assert_eq!(updated.source_id.as_deref(), Some("item-0001"));
    let patch = emulator.requests().last().unwrap().json().unwrap();
    assert_eq!(
        patch.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["@odata.type", "target"]
    );
    let read = Assignment::get(&client, PATH.item(&id)).await.unwrap();
    assert_eq!(read.source, Some(Source::Direct));
    assert!(
        matches!(&read.target, Some(Target::GroupAssignmentTarget(g)) if g.group_id.as_deref() == Some("group-new"))
    );

    // An explicit null clears.
    Assignment::default()
        .update(&client, PATH.item(&id))
        .set_null("sourceId")
        .await
        .unwrap();
    let patch = emulator.requests().last().unwrap().json().unwrap();
    assert_eq!(patch["sourceId"], json!(null));
    let read = Assignment::get(&client, PATH.item(&id)).await.unwrap();
    assert_eq!(read.source_id, None);
    assert_eq!(read.source, Some(Source::Direct));

    // A property the type does not have is refused before sending.
    let before = emulator.requests().len();
    let err = Assignment::default()
        .update(&client, PATH.item(&id))
        .set_null("sourceIdd")
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("`sourceIdd` is not a property") && err.to_string().contains("sourceId"),
        "{err}"
    );
    assert!(!err.is_not_found(), "refused before sending, not a 404: {err}");
    assert_eq!(emulator.requests().len(), before);

    Assignment::delete(&client, PATH.item(&id)).await.unwrap();
    assert_eq!(emulator.requests().last().unwrap().method, "DELETE");
    let err = Assignment::get(&client, PATH.item(&id)).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(err.is_not_found(), "{err}");
    assert_eq!(err.api().unwrap().code.as_deref(), Some("itemNotFound"));
    assert!(emulator.items(COLLECTION).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_batched_creates_with_throttling_and_rejections() {
    let emulator = Emulator::start().await.unwrap();
    emulator.throttle_batch_items_every(10, "0.01");
    emulator.reject_creates_where(
        |body| body["sourceId"].as_str().is_some_and(|s| s.ends_with("00")),
        400,
        "BadRequest",
        "The target group does not exist.",
    );
    // Each throttled item waits for its own Retry-After: the subject here.
    let client = builder(&emulator.base_url()).no_rate_limit().build().unwrap();
    let items: Vec<Assignment> = (0..1000).map(group).collect();
    let last = Arc::new(Mutex::new(BatchProgress::default()));
    let seen = last.clone();
    let results = client
        .batch()
        .concurrency(4)
        .on_progress(move |p| *seen.lock().unwrap() = *p)
        .create(PATH, &items)
        .await
        .unwrap();

    assert_eq!(results.len(), 1000);
    let mut failures = 0;
    for (i, result) in results.iter().enumerate() {
        match result {
            Ok(created) => {
                assert_eq!(
                    created.source_id, items[i].source_id,
                    "results are in input order"
                );
                assert!(created.id().is_some());
            }
            Err(e) => {
                failures += 1;
                assert_eq!(i % 100, 0, "only the rejected items fail: {i}: {e}");
                assert_eq!(e.status().map(|s| s.as_u16()), Some(400));
                assert_eq!(
                    e.api().unwrap().message.as_deref(),
                    Some("The target group does not exist.")
                );
            }
        }
    }
    assert_eq!(failures, 10);
    assert_each_once(&emulator, COLLECTION, 990);

    let p = *last.lock().unwrap();
    assert_eq!((p.total, p.succeeded, p.failed), (1000, 990, 10));
    assert!(p.retried >= 100, "{p:?}");
    // The final counts come with the results, equal to the last progress.
    assert_eq!(*results.counts(), p);
    let batches = emulator
        .requests()
        .iter()
        .filter(|r| r.target.ends_with("/$batch"))
        .count();
    assert_eq!(batches, p.batches);
    assert!(
        emulator
            .requests()
            .iter()
            .filter_map(|r| r.json())
            .all(|b| b["requests"].as_array().is_none_or(|r| r.len() <= 20))
    );
    println!("{} batches, {} retries", p.batches, p.retried);
}

#[tokio::test]
async fn batched_reads_and_deletes() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator.base_url());
    let created = client
        .batch()
        .create(PATH, &(0..25).map(group).collect::<Vec<_>>())
        .await
        .unwrap();
    // Each item's own answer's headers, as Graph put them in the batch.
    let item_headers = created.headers(3).expect("a created item's headers");
    assert_eq!(item_headers.get("content-type").unwrap(), "application/json");
    assert!(created.headers(25).is_none(), "no such item");
    let ids: Vec<String> = created
        .into_iter()
        .map(|c| c.unwrap().id().unwrap().to_owned())
        .collect();
    let mut wanted: Vec<&str> = ids.iter().map(String::as_str).collect();
    wanted.push("missing");
    let read = client.batch().get(PATH, &wanted).await.unwrap();
    for (i, r) in read.iter().take(25).enumerate() {
        assert_eq!(
            r.as_ref().unwrap().source_id.as_deref(),
            Some(format!("item-{i:04}").as_str())
        );
    }
    assert_eq!(
        read[25].as_ref().unwrap_err().status().map(|s| s.as_u16()),
        Some(404)
    );
    assert!(read[25].as_ref().unwrap_err().is_not_found());
    let deleted = client.batch().delete(PATH, &wanted[..10]).await.unwrap();
    assert!(deleted.iter().all(Result::is_ok));
    assert_eq!(emulator.items(COLLECTION).len(), 15);
}

#[tokio::test]
async fn bad_input_gets_a_clear_error_or_a_correct_request() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator.base_url());

    // An empty id: refused before sending.
    let err = Assignment::get(&client, PATH.item("")).await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidPath(_)) && err.to_string().contains("{id}"),
        "{err}"
    );
    assert!(emulator.requests().is_empty());

    // An id with `/` stays one segment.
    emulator.create_collection(COLLECTION);
    let err = Assignment::get(&client, PATH.item("a/b")).await.unwrap_err();
    assert_eq!(emulator.requests()[0].target, format!("/beta{COLLECTION}/a%2Fb"));
    assert_eq!(err.api().unwrap().code.as_deref(), Some("itemNotFound"));

    // A batch of nothing sends nothing.
    let before = emulator.requests().len();
    let none: Vec<Assignment> = Vec::new();
    assert!(client.batch().create(PATH, &none).await.unwrap().is_empty());
    assert_eq!(emulator.requests().len(), before);

    // Query values with `&`, `#` and `'` arrive as written.
    let filter = format!("sourceId eq {}", odata_string("a&b#c'd=e+f"));
    let items = Assignment::list(&client, PATH)
        .query(
            Query::new()
                .filter(filter.clone())
                .select(["id", "sourceId"])
                .order_by("id desc"),
        )
        .all()
        .await
        .unwrap();
    assert!(items.is_empty());
    let target = emulator.requests().last().unwrap().target.clone();
    let query = target.split_once('?').unwrap().1;
    let options: Vec<(String, String)> = query
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (
                k.to_owned(),
                percent_encoding::percent_decode_str(v)
                    .decode_utf8()
                    .unwrap()
                    .into_owned(),
            )
        })
        .collect();
    assert_eq!(
        options,
        [
            ("$filter".to_owned(), filter),
            ("$select".to_owned(), "id,sourceId".to_owned()),
            ("$orderby".to_owned(), "id desc".to_owned())
        ]
    );

    // An empty query option is refused.
    let err = Assignment::list(&client, PATH)
        .filter(" ")
        .all()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("$filter is empty"), "{err}");
}

#[tokio::test]
async fn a_batch_answer_missing_a_response_reports_it_unknown_and_sends_nothing_twice() {
    let created = serde_json::to_value(Assignment {
        base: Entity {
            id: Some("new".into()),
            ..Default::default()
        },
        ..group(0)
    })
    .unwrap();
    let answer = json!({"responses": [{"id": "0", "status": 201, "body": created}]});
    let server = MockServer::start(vec![Reply::json("200 OK", &[], &answer.to_string())]).await;
    let client = client(&format!("{}/beta", server.url));
    let results = client
        .batch()
        .create(PATH, &[group(0), group(1), group(2)])
        .await
        .unwrap();
    assert_eq!(results[0].as_ref().unwrap().id(), Some("new"));
    for missing in &results[1..] {
        let err = missing.as_ref().unwrap_err();
        assert!(err.is_outcome_unknown(), "{err}");
        assert!(err.to_string().contains("no response for this request"), "{err}");
    }
    assert_eq!(server.received().len(), 1, "nothing was sent again");
    let sent: serde_json::Value = serde_json::from_slice(&server.received()[0].body).unwrap();
    assert_eq!(sent["requests"].as_array().unwrap().len(), 3);
    assert_eq!(sent["requests"][1]["method"], json!("POST"));
    assert_eq!(sent["requests"][1]["url"], json!(COLLECTION));
    assert_eq!(
        sent["requests"][1]["headers"]["Content-Type"],
        json!("application/json")
    );
}
