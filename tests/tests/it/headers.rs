//! Headers beyond a `get`'s and a list's: on an action or function, and
//! the client's defaults on every request, each `$batch` item included.

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Client, Error, ResourcePath, StaticToken};
use graph_resource_tests::actions::{
    SyncManagedDevice, SyncManagedDevicePath, WipeManagedDevice, WipeManagedDevicePath,
};
use serde_json::json;

use crate::fields::{User, UserPath};

fn client_with_defaults(emulator: &Emulator) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new("t"))
        .default_header("Prefer", "include-unknown-enum-members")
        .default_header("X-Tenant-Tag", "contoso")
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_action_and_a_function_take_headers() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    WipeManagedDevice {
        keep_user_data: Some(true),
        ..Default::default()
    }
    .call(
        &client,
        WipeManagedDevicePath {
            managed_device_id: "d1",
        },
    )
    .header("Prefer", "include-unknown-enum-members")
    .await
    .unwrap();
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.header("prefer"), Some("include-unknown-enum-members"));
    assert_eq!(sent.json().unwrap(), json!({"keepUserData": true}));
    // Checked as a get's are: one the client sets itself is refused, and
    // nothing is sent.
    let before = emulator.requests().len();
    let err = SyncManagedDevice {}
        .call(
            &client,
            SyncManagedDevicePath {
                managed_device_id: "d1",
            },
        )
        .header("Authorization", "Bearer other")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(e) if e.part == graph_resource::http::RequestPart::Header),
        "{err:?}"
    );
    assert!(err.to_string().contains("sets Authorization itself"), "{err}");
    assert_eq!(emulator.requests().len(), before);
}

#[tokio::test]
async fn a_default_header_goes_on_every_request_and_a_requests_own_wins() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", [json!({"id": "u1", "displayName": "Adele"})]);
    let client = client_with_defaults(&emulator);
    User::get(&client, UserPath.item("u1")).await.unwrap();
    User::list(&client, UserPath).all().await.unwrap();
    SyncManagedDevice {}
        .call(
            &client,
            SyncManagedDevicePath {
                managed_device_id: "d1",
            },
        )
        .await
        .unwrap();
    for sent in emulator.requests() {
        assert_eq!(
            sent.header("prefer"),
            Some("include-unknown-enum-members"),
            "{}",
            sent.target
        );
        assert_eq!(sent.header("x-tenant-tag"), Some("contoso"), "{}", sent.target);
    }
    User::get(&client, UserPath.item("u1"))
        .header("Prefer", "return=minimal")
        .await
        .unwrap();
    let sent = emulator.requests().pop().unwrap();
    let prefer: Vec<&str> = sent
        .headers
        .iter()
        .filter(|(n, _)| n == "prefer")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(prefer, ["return=minimal"], "the request's own, once");
}

#[tokio::test]
async fn each_batch_item_carries_the_default_headers() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", [json!({"id": "u1"}), json!({"id": "u2"})]);
    let client = client_with_defaults(&emulator);
    let read = client.batch().get(UserPath, &["u1", "u2"]).await.unwrap();
    assert!(read.iter().all(Result::is_ok), "{read:?}");
    let batch = emulator.requests().pop().unwrap().json().unwrap();
    for item in batch["requests"].as_array().unwrap() {
        assert_eq!(
            item["headers"]["Prefer"], "include-unknown-enum-members",
            "{item}"
        );
        assert_eq!(item["headers"]["X-Tenant-Tag"], "contoso", "{item}");
    }
    // A run's own header replaces the default of that name.
    client
        .batch()
        .header("Prefer", "return=minimal")
        .get(UserPath, &["u1"])
        .await
        .unwrap();
    let batch = emulator.requests().pop().unwrap().json().unwrap();
    assert_eq!(batch["requests"][0]["headers"]["Prefer"], "return=minimal");
}

#[test]
fn a_default_header_the_client_sets_itself_is_refused_when_built() {
    for name in ["Authorization", "Content-Type", "client-request-id"] {
        let err = Client::builder()
            .base_url("http://127.0.0.1:9/beta")
            .token(StaticToken::new("t"))
            .default_header(name, "x")
            .build()
            .unwrap_err();
        assert!(
            matches!(&err, Error::Config(c) if c.setting == graph_resource::http::Setting::DefaultHeader),
            "{err:?}"
        );
        assert!(err.to_string().contains("itself"), "{err}");
    }
    let err = Client::builder()
        .token(StaticToken::new("t"))
        .default_header("Prefer", "a\r\nInjected: yes")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("line break"), "{err}");
    assert!(
        !err.to_string().contains("Injected"),
        "the value is not repeated: {err}"
    );
}
