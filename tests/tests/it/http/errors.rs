//! What `create()` makes of an answer that is not `201 Created`: Graph's
//! error bodies parsed, a non-JSON gateway page reported, a 400 left alone
//! and a throttled request sent again.

use graph_resource::emulator::Emulator;
use graph_resource_tests::{MockServer, Reply, payload};
use serde_json::Value;

use super::{COLLECTION, PATH, TOKEN, client, seed};

#[tokio::test]
async fn a_graph_error_is_parsed() {
    let body = r#"{"error":{"code":"accessDenied","message":"Either scp or roles claim need to be present in the token.","innerError":{"code":"insufficientPermissions","date":"2026-11-29T10:17:05","request-id":"9c5e0b7c-1111-2222-3333-444455556666","client-request-id":"inner-crid"}}}"#;
    let server = MockServer::start(vec![Reply::json("403 Forbidden", &[], body)]).await;
    let err = seed()
        .create(&client(&format!("{}/beta", server.url)), PATH)
        .await
        .unwrap_err();
    let api = err.api().expect("an API error");
    assert_eq!(api.status.as_u16(), 403);
    assert_eq!(api.code.as_deref(), Some("accessDenied"));
    assert_eq!(
        api.message.as_deref(),
        Some("Either scp or roles claim need to be present in the token.")
    );
    assert_eq!(api.most_specific_code(), Some("insufficientPermissions"));
    assert_eq!(
        api.request_id.as_deref(),
        Some("9c5e0b7c-1111-2222-3333-444455556666")
    );
    assert_eq!(api.client_request_id.as_deref(), Some("inner-crid"));
    assert_eq!(api.date.as_deref(), Some("2026-11-29T10:17:05"));
    assert_eq!(api.attempts, 1);
    let shown = err.to_string();
    assert!(
        shown.contains("403 Forbidden: accessDenied: Either scp"),
        "{shown}"
    );
    assert!(!shown.contains(TOKEN) && !format!("{err:?}").contains(TOKEN));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn docs_error_bodies_are_parsed() {
    // (file, code, most specific code, request-id, client-request-id)
    let cases = [
        (
            "concepts--errors--error-example.json",
            "invalidRange",
            "invalidRange",
            Some("request-id"),
            None,
        ),
        (
            "beta--insights-list-used--error-403.json",
            "ItemInsightsDisabled",
            "ItemInsightsDisabled",
            None,
            None,
        ),
        (
            "beta--educationassignment-setupresourcesfolder--response-400-zhCN2023.json",
            "badRequest",
            "folderAlreadyExists",
            Some("f88be238-1339-49c8-b03d-37f45d54761f"),
            Some("30d8081a-f3e8-73e0-2da4-3480fb56ccdb"),
        ),
        (
            "concepts--throttling--response-429.json",
            "TooManyRequests",
            "429",
            Some("94fb3b52-452a-4535-a601-69e0a90e3aa2"),
            None,
        ),
        (
            "beta--group-validateproperties--response-422.json",
            "Request_UnprocessableEntity",
            "Request_UnprocessableEntity",
            Some("id-value"),
            None,
        ),
    ];
    for (name, code, specific, request_id, client_request_id) in cases {
        let body = payload(name);
        let value: Value = serde_json::from_str(&body).unwrap();
        let server = MockServer::start(vec![Reply::json("400 Bad Request", &[], &body)]).await;
        let err = seed()
            .create(&client(&format!("{}/beta", server.url)), PATH)
            .await
            .unwrap_err();
        let api = err.api().unwrap();
        assert_eq!(api.code.as_deref(), Some(code), "{name}");
        assert_eq!(api.most_specific_code(), Some(specific), "{name}");
        assert_eq!(
            api.message.as_deref(),
            value["error"]["message"].as_str(),
            "{name}"
        );
        if request_id.is_some() {
            assert_eq!(api.request_id.as_deref(), request_id, "{name}");
        }
        if client_request_id.is_some() {
            assert_eq!(api.client_request_id.as_deref(), client_request_id, "{name}");
        }
    }
    // `details` name their targets.
    let body = payload("beta--group-validateproperties--response-422.json");
    let server = MockServer::start(vec![Reply::json("422 Unprocessable Entity", &[], &body)]).await;
    let err = seed()
        .create(&client(&format!("{}/beta", server.url)), PATH)
        .await
        .unwrap_err();
    let detail = &err.api().unwrap().details[0];
    assert_eq!(detail.target.as_deref(), Some("mailNickname"));
    assert_eq!(detail.code.as_deref(), Some("PropertyConflict"));
    assert!(
        err.to_string().contains("mailNickname: PropertyConflict"),
        "{err}"
    );
}

#[tokio::test]
async fn a_non_json_502_is_reported_and_not_retried() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>upstream failed</body></html>";
    let err = refused_once(Reply::with_type("502 Bad Gateway", "text/html", &[], html)).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    let shown = err.to_string();
    assert!(
        shown.contains("502 Bad Gateway") && shown.contains("text/html"),
        "{shown}"
    );
    assert!(shown.contains("upstream failed"), "{shown}");
}

#[tokio::test]
async fn throttled_twice_then_created() {
    let emulator = Emulator::start().await.unwrap();
    emulator.throttle_next(2, "0.01");
    let created = seed().create(&client(&emulator.base_url()), PATH).await.unwrap();
    assert!(created.id().is_some());

    let requests = emulator.requests();
    assert_eq!(requests.len(), 3);
    let attempts: Vec<Option<&str>> = requests.iter().map(|r| r.header("retry-attempt")).collect();
    assert_eq!(attempts, [None, Some("1"), Some("2")]);
    let ids: Vec<&str> = requests
        .iter()
        .map(|r| r.header("client-request-id").unwrap())
        .collect();
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "one client-request-id per call: {ids:?}"
    );
    assert_eq!(emulator.items(COLLECTION).len(), 1);
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let err = refused_once(Reply::json(
        "400 Bad Request",
        &[],
        r#"{"error":{"code":"BadRequest","message":"Invalid target."}}"#,
    ))
    .await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
}

/// The error of a create answered with `answer` first: sent once, never
/// again, though a `201 Created` waits behind it.
async fn refused_once(answer: Reply) -> graph_resource::Error {
    let server = MockServer::start(vec![answer, Reply::json("201 Created", &[], "{}")]).await;
    let err = seed()
        .create(&client(&format!("{}/beta", server.url)), PATH)
        .await
        .unwrap_err();
    assert_eq!(server.received().len(), 1, "sent once: {err}");
    err
}
