//! Reading that loses one item, not the list; and delta queries: a full
//! sync, then only what changed, resumed from a stored link.

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::ops::{Change, Delta, RemovedReason};
use graph_resource::{Error, Query, ResourcePath, graph_resource};
use serde_json::json;

#[graph_resource(path = "/users")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct User {
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub account_enabled: Option<bool>,
}

fn user(i: usize) -> serde_json::Value {
    json!({"id": format!("u{i}"), "displayName": format!("User {i}"), "accountEnabled": true})
}

/// Five users over three pages, the third of which does not decode.
async fn with_a_bad_item() -> Emulator {
    let emulator = Emulator::start().await.unwrap();
    let mut items: Vec<_> = (0..5).map(user).collect();
    items[2] = json!({"id": "u2", "displayName": "User 2", "accountEnabled": "yes"});
    emulator.insert("/users", items);
    emulator.set_page_size(2);
    emulator
}

#[tokio::test]
async fn a_bad_item_costs_that_item_and_names_its_index_and_id() {
    let emulator = with_a_bad_item().await;
    let mut list = User::list(&emulator.client(), UserPath);
    let (mut read, mut bad) = (Vec::new(), Vec::new());
    while let Some(item) = list.next().await {
        match item {
            Ok(user) => read.push(user.id.unwrap()),
            Err(Error::Item(e)) => bad.push((e.index, e.id.clone(), e.to_string())),
            Err(e) => panic!("the list ends only with its last page: {e}"),
        }
    }
    assert_eq!(read, ["u0", "u1", "u3", "u4"]);
    assert_eq!(bad.len(), 1);
    let (index, id, text) = &bad[0];
    assert_eq!((*index, id.as_deref()), (2, Some("u2")));
    assert!(
        text.contains("item 2 of the list (id `u2`)") && text.contains("invalid type"),
        "{text}"
    );
}

#[tokio::test]
async fn strict_stops_at_the_first_bad_item_and_all_reports_it() {
    let emulator = with_a_bad_item().await;
    let client = emulator.client();
    let mut list = User::list(&client, UserPath).strict();
    let mut results = Vec::new();
    while let Some(item) = list.next().await {
        results.push(item.map(|u| u.id.unwrap()));
    }
    assert_eq!(results.len(), 3, "two items, then the bad one, then nothing");
    assert!(matches!(&results[2], Err(Error::Item(e)) if e.index == 2));
    assert_eq!(list.pages_read(), 2, "no page after the bad item is read");
    let err = User::list(&client, UserPath).all().await.unwrap_err();
    assert!(matches!(err, Error::Item(e) if e.id.as_deref() == Some("u2")));
}

#[tokio::test]
async fn a_delta_round_trip_gives_exactly_the_changes_since_the_stored_link() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", (0..3).map(user));
    emulator.set_page_size(2);
    let client = emulator.client();

    // The full sync: every user, over pages, then the link to store.
    let mut sync = Delta::start(&client, UserPath).select(["displayName"]);
    let mut seen = Vec::new();
    while let Some(change) = sync.next().await {
        match change.unwrap() {
            Change::Changed(u) => seen.push(u.id.unwrap()),
            Change::Removed(r) => panic!("nothing removed yet: {r:?}"),
        }
    }
    assert_eq!(seen, ["u0", "u1", "u2"]);
    assert_eq!(sync.pages_read(), 2);
    let stored: String = sync.delta_link().expect("the last page's link").to_owned();
    let first = emulator.requests()[0].target.clone();
    assert_eq!(first, "/beta/users/delta?$select=displayName");

    // Create, change and delete, through the client.
    let created = User {
        display_name: Some("New".into()),
        ..Default::default()
    }
    .create(&client, UserPath)
    .await
    .unwrap();
    User {
        display_name: Some("Renamed".into()),
        ..Default::default()
    }
    .update(&client, UserPath.item("u1"))
    .await
    .unwrap();
    User::delete(&client, UserPath.item("u0")).await.unwrap();

    // Resumed from the stored string, as another process would, days later.
    let mut resumed = Delta::<User>::resume(&client, &stored);
    let mut changes = Vec::new();
    while let Some(change) = resumed.next().await {
        changes.push(change.unwrap());
    }
    let new_id = created.id.unwrap();
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert!(matches!(&changes[0], Change::Changed(u) if u.id.as_ref() == Some(&new_id)));
    assert!(
        matches!(&changes[1], Change::Changed(u) if u.id.as_deref() == Some("u1") && u.display_name.as_deref() == Some("Renamed"))
    );
    assert!(matches!(&changes[2], Change::Removed(r) if r.id == "u0" && r.reason == RemovedReason::Deleted));
    // The link keeps the sync's `$select`.
    let resumed_target = &emulator.requests().pop().unwrap().target;
    assert!(
        resumed_target.starts_with("/beta/users/delta?$select=displayName&$deltatoken="),
        "{resumed_target}"
    );

    // Nothing changed since the newest link: nothing comes back.
    let newest = resumed.delta_link().unwrap().to_owned();
    let mut again = Delta::<User>::resume(&client, &newest);
    assert!(again.next().await.is_none());
    assert!(again.delta_link().is_some());
}

#[tokio::test]
async fn an_expired_link_is_a_typed_error_that_says_to_start_over() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", (0..2).map(user));
    let client = emulator.client();
    let mut sync = Delta::start(&client, UserPath);
    while sync.next().await.is_some() {}
    let stored = sync.delta_link().unwrap().to_owned();
    emulator.expire_delta_links();
    let err = Delta::<User>::resume(&client, &stored)
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert!(err.is_resync_required(), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(410));
    assert!(
        err.to_string().contains("start over with a full delta query"),
        "{err}"
    );
}

#[tokio::test]
async fn delta_refuses_what_it_does_not_support_before_sending() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let err = Delta::start(&client, UserPath)
        .query(Query::new().order_by("displayName"))
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("$orderby is not supported by delta queries"),
        "{err}"
    );
    let err = Delta::<User>::resume(&client, "https://evil.example/v1.0/users/delta?$deltatoken=1")
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Protocol(p) if p.kind == graph_resource::http::ProtocolKind::LinkToAnotherOrigin),
        "another origin is refused: {err:?}"
    );
    assert!(emulator.requests().is_empty());
}
