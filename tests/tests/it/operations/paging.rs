//! Listing: every page read once, in order, one at a time, and a next link
//! that leaves the origin, repeats or cycles ending the list with an error.

use graph_resource::Error;
use graph_resource::emulator::Emulator;
use graph_resource_tests::{MockServer, Reply};
use serde_json::json;

use super::{Assignment, COLLECTION, PATH, client, gets};

#[tokio::test]
async fn list_reads_every_item_once_in_order_one_page_at_a_time() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        COLLECTION,
        (0..10_001).map(|i| json!({"id": format!("{i:05}"), "sourceId": format!("s{i}")})),
    );
    let client = client(&emulator.base_url());
    let mut list = Assignment::list(&client, PATH).top(100);
    let mut n = 0;
    while let Some(item) = list.next().await {
        let item = item.unwrap();
        assert_eq!(item.id(), Some(format!("{n:05}").as_str()));
        n += 1;
        // A page is fetched only when the one before it is used up.
        if n == 1 || n == 100 {
            assert_eq!(gets(&emulator), 1, "after {n} items");
        }
        if n == 101 {
            assert_eq!(gets(&emulator), 2, "after {n} items");
        }
    }
    assert_eq!(n, 10_001);
    assert_eq!(list.pages_read(), 101);
    assert_eq!(gets(&emulator), 101);
    let first = &emulator.requests()[0];
    assert_eq!(first.target, format!("/beta{COLLECTION}?$top=100"));
    assert!(emulator.requests()[1].target.contains("$skiptoken="));
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused() {
    let page = json!({
        "value": [{"id": "a"}, {"id": "b"}],
        "@odata.nextLink": "https://graph.example.invalid/beta/deviceManagement/deviceEnrollmentConfigurations/c1/assignments?$skiptoken=2"
    });
    let server = MockServer::start(vec![Reply::json("200 OK", &[], &page.to_string())]).await;
    let client = client(&format!("{}/beta", server.url));
    let mut list = Assignment::list(&client, PATH);
    assert_eq!(list.next().await.unwrap().unwrap().id(), Some("a"));
    assert_eq!(list.next().await.unwrap().unwrap().id(), Some("b"));
    let err = list.next().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert!(err.to_string().contains("another origin"), "{err}");
    assert!(list.next().await.is_none());
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_next_link_that_repeats_ends_the_list_with_an_error() {
    let server = MockServer::start_with(|url| {
        let page = json!({
            "value": [{"id": "a"}],
            "@odata.nextLink": format!("{url}/beta{COLLECTION}?$skiptoken=1"),
        })
        .to_string();
        vec![Reply::json("200 OK", &[], &page); 5]
    })
    .await;
    let client = client(&format!("{}/beta", server.url));
    let mut list = Assignment::list(&client, PATH);
    let mut items = 0;
    let err = loop {
        match list.next().await {
            Some(Ok(_)) => items += 1,
            Some(Err(e)) => break e,
            None => panic!("the list ended without an error"),
        }
    };
    assert_eq!(items, 2, "the first page and the first follow-up");
    assert!(
        err.to_string().contains("leads back to a page already read"),
        "{err}"
    );
    assert_eq!(server.received().len(), 2);
    assert!(list.next().await.is_none());
}

#[tokio::test]
async fn a_cycle_of_next_links_ends_the_list_with_an_error() {
    // Page A links to B, B back to A: each link is new to the one before it.
    let server = MockServer::start_with(|url| {
        let page = |id: &str, next: &str| {
            json!({"value": [{"id": id}], "@odata.nextLink": format!("{url}/beta{COLLECTION}?$skiptoken={next}")})
                .to_string()
        };
        vec![
            Reply::json("200 OK", &[], &page("first", "A")),
            Reply::json("200 OK", &[], &page("a", "B")),
            Reply::json("200 OK", &[], &page("b", "A")),
            Reply::json("200 OK", &[], &page("a again", "B")),
        ]
    })
    .await;
    let client = client(&format!("{}/beta", server.url));
    let mut list = Assignment::list(&client, PATH);
    let mut ids = Vec::new();
    let err = loop {
        match list.next().await {
            Some(Ok(item)) => ids.push(item.id().unwrap().to_owned()),
            Some(Err(e)) => break e,
            None => panic!("the list ended without an error"),
        }
    };
    assert_eq!(ids, ["first", "a", "b"]);
    assert!(matches!(err, Error::Protocol(_)), "{err:?}");
    assert!(err.to_string().contains("after 3 pages"), "{err}");
    assert_eq!(server.received().len(), 3, "page A is not asked for twice");
    assert!(list.next().await.is_none());
}
