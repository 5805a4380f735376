//! A proxy set on the client carries every request, the token endpoint's
//! too; and one token provider serves several clients, each asking with
//! its own settings.

use std::sync::Arc;

use graph_resource::emulator::Emulator;
use graph_resource::{Client, ClientCredentials, Error, ResourcePath};
use serde_json::json;

use crate::fields::{User, UserPath};

const CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";
const SECRET: &str = "proxy-test-secret";

/// An origin nothing listens on: a request reaches the emulator only
/// through the proxy (loopback, so plain http may carry the token).
const UNREACHABLE: &str = "http://127.0.0.2:9";

#[tokio::test]
async fn a_proxy_carries_graph_requests_and_the_token_endpoints() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app(CLIENT_ID, SECRET);
    emulator.insert("/users", [json!({"id": "u1", "displayName": "Adele"})]);
    let credentials =
        ClientCredentials::new("contoso.onmicrosoft.com", CLIENT_ID, SECRET).authority(UNREACHABLE);
    let proxied = Client::builder()
        .base_url(format!("{UNREACHABLE}/beta"))
        .token(credentials)
        .proxy(format!("http://{}", emulator.addr()))
        .build()
        .unwrap();
    let user = User::get(&proxied, UserPath.item("u1")).await.unwrap();
    assert_eq!(user.display_name.as_deref(), Some("Adele"));
    assert_eq!(emulator.token_requests(), 1, "the token came through the proxy");
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(
        sent.header("host"),
        Some("127.0.0.2:9"),
        "addressed to the origin, through the proxy"
    );

    // Without the proxy, the same origin cannot be reached.
    let direct = Client::builder()
        .base_url(format!("{UNREACHABLE}/beta"))
        .token(ClientCredentials::new("contoso.onmicrosoft.com", CLIENT_ID, SECRET).authority(UNREACHABLE))
        .retry_policy(graph_resource::RetryPolicy::none())
        .build()
        .unwrap();
    let err = User::get(&direct, UserPath.item("u1")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
}

#[test]
fn a_proxy_that_is_not_a_url_is_refused_when_built() {
    let err = Client::builder()
        .token(graph_resource::StaticToken::new("t"))
        .proxy("not a proxy")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("not a URL"), "{err}");
}

#[tokio::test]
async fn one_provider_serves_several_clients_each_with_its_own_settings() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app(CLIENT_ID, SECRET);
    emulator.insert("/users", [json!({"id": "u1"})]);
    let shared =
        Arc::new(ClientCredentials::new("contoso.onmicrosoft.com", CLIENT_ID, SECRET).authority(UNREACHABLE));
    // The first client to ask reaches the token endpoint only through its
    // proxy; a provider that kept the first client's settings would fail
    // the second client's refresh below, which has its own.
    let direct = Client::builder()
        .base_url(emulator.base_url())
        .token(shared.clone())
        .retry_policy(graph_resource::RetryPolicy::none())
        .build()
        .unwrap();
    let err = User::get(&direct, UserPath.item("u1")).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "no proxy, no token: {err:?}");
    let proxied = Client::builder()
        .base_url(emulator.base_url())
        .token(shared.clone())
        .proxy(format!("http://{}", emulator.addr()))
        .build()
        .unwrap();
    User::get(&proxied, UserPath.item("u1")).await.unwrap();
    // The token is cached once for both.
    User::get(&direct, UserPath.item("u1")).await.unwrap();
    assert_eq!(emulator.token_requests(), 1);
}
