//! `Client::request`: any method and path through the one pipeline, the
//! values encoded as typed paths encode theirs, and the three shapes of
//! answer Graph gives, wire-exact against a mock server.

use std::time::Duration;

use graph_resource::{Client, Error, Method, RetryPolicy, StaticToken, graph_resource};
use graph_resource_tests::{MockServer, Reply};
use serde_json::{Value, json};

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .token(StaticToken::new("t"))
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
        .no_rate_limit()
        .build()
        .unwrap()
}

#[graph_resource(odata_type = "#microsoft.graph.deviceCompliancePolicyAssignment")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyAssignment {
    pub id: Option<String>,
}

#[tokio::test]
async fn values_are_encoded_by_where_they_stand_and_options_and_headers_go_along() {
    let server = MockServer::start(vec![Reply::json("200 OK", &[], r#"{"id":"m1"}"#)]).await;
    let manager: Value = client(&format!("{}/beta", server.url))
        .request(Method::GET, "/users/{id}/manager")
        .value("id", "a/b?c#d'e f")
        .option("$select", "id,displayName")
        .header("ConsistencyLevel", "eventual")
        .send()
        .await
        .unwrap();
    assert_eq!(manager, json!({"id": "m1"}));
    let sent = &server.received()[0];
    assert_eq!(
        sent.request_line(),
        "GET /beta/users/a%2Fb%3Fc%23d%27e%20f/manager?$select=id%2CdisplayName HTTP/1.1"
    );
    assert_eq!(sent.header("consistencylevel"), Some("eventual"));
    assert!(sent.header("authorization").is_some_and(|a| a == "Bearer t"));

    // Inside an OData string literal, a quote is doubled.
    let server = MockServer::start(vec![Reply::json("200 OK", &[], r#"{"value":"secret"}"#)]).await;
    let plain: String = client(&format!("{}/beta", server.url))
        .request(
            Method::GET,
            "/deviceManagement/deviceConfigurations/{id}/getOmaSettingPlainTextValue(secretReferenceValueId='{secret}')",
        )
        .value("id", "c1")
        .value("secret", "o'brien")
        .send()
        .await
        .unwrap();
    assert_eq!(plain, "secret", "a primitive, unwrapped from `value`");
    assert_eq!(
        server.received()[0].request_line(),
        "GET /beta/deviceManagement/deviceConfigurations/c1/getOmaSettingPlainTextValue(secretReferenceValueId='o%27%27brien') HTTP/1.1"
    );
}

#[tokio::test]
async fn every_return_shape() {
    let server = MockServer::start(vec![
        Reply::json("204 No Content", &[], ""),
        Reply::json("200 OK", &[], ""),
        Reply::json(
            "200 OK",
            &[],
            r##"{"@odata.context":"x","value":[{"@odata.type":"#microsoft.graph.deviceCompliancePolicyAssignment","id":"a1"}]}"##,
        ),
        Reply::json("200 OK", &[], r#"{"id":"a2"}"#),
        Reply::json("204 No Content", &[], ""),
        Reply::json("200 OK", &[], r#"{"value":true}"#),
    ])
    .await;
    let client = client(&format!("{}/beta", server.url));
    let post = |path: &'static str| client.request(Method::POST, path).json(&json!({"a": 1}));
    let () = post("/a").send().await.unwrap();
    let () = post("/b").send().await.unwrap();
    let many: Vec<PolicyAssignment> = post("/c").send().await.unwrap();
    assert_eq!(many[0].id.as_deref(), Some("a1"));
    let one: PolicyAssignment = post("/d").send().await.unwrap();
    assert_eq!(one.id.as_deref(), Some("a2"));
    let none: Option<PolicyAssignment> = post("/e").send().await.unwrap();
    assert_eq!(none, None);
    let yes: bool = post("/f").send().await.unwrap();
    assert!(yes);
    let sent = &server.received()[0];
    assert_eq!(
        sent.body, br#"{"a":1}"#,
        "the body as given, no @odata.type added"
    );
    assert_eq!(sent.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn an_action_whose_answer_is_lost_is_not_sent_again() {
    let server = MockServer::start(vec![Reply::Close, Reply::json("204 No Content", &[], "")]).await;
    let err = client(&format!("{}/beta", server.url))
        .request(Method::POST, "/deviceManagement/managedDevices/{id}/wipe")
        .value("id", "d1")
        .json(&json!({"keepUserData": true}))
        .send::<()>()
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(server.received().len(), 1, "a POST is never resent");
    // A GET is read again.
    let server = MockServer::start(vec![Reply::Close, Reply::json("200 OK", &[], "{}")]).await;
    client(&format!("{}/beta", server.url))
        .request(Method::GET, "/me")
        .send::<Value>()
        .await
        .unwrap();
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn links_of_the_same_origin_only_and_clear_refusals() {
    let server = MockServer::start(vec![Reply::json("200 OK", &[], "{}")]).await;
    let client = client(&format!("{}/beta", server.url));
    let link = format!("{}/beta/users?$skiptoken=abc", server.url);
    client.request(Method::GET, &link).send::<Value>().await.unwrap();
    assert_eq!(
        server.received()[0].request_line(),
        "GET /beta/users?$skiptoken=abc HTTP/1.1"
    );
    let refusals = [
        (
            client.request(Method::GET, "https://evil.example/beta/me"),
            "another origin",
        ),
        (
            client.request(Method::GET, "/users/{id}"),
            "no value was given: add `.value(\"id\", ...)`",
        ),
        (
            client.request(Method::GET, "/me").value("id", "x"),
            "placeholders the path does not have: id",
        ),
        (
            client.request(Method::GET, "/users?$top=1"),
            "give query options with `option`",
        ),
        (
            client.request(Method::GET, "/users/{id}").value("id", ".."),
            "dot segment",
        ),
        (
            client.request(Method::GET, "users"),
            "neither a path below the base URL",
        ),
        (
            client.request(Method::GET, "/me").header("X", "a\nb"),
            "line break",
        ),
    ];
    for (request, expected) in refusals {
        let err = request.send::<Value>().await.unwrap_err();
        assert!(
            matches!(err, Error::InvalidRequest(_) | Error::Protocol(_)),
            "{err:?}"
        );
        assert!(err.to_string().contains(expected), "{err}");
    }
    assert_eq!(server.received().len(), 1, "nothing else was sent");
}
