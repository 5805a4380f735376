//! `create()` over HTTP: against the emulator, and against a wire-exact mock
//! server that shows the bytes sent.

mod errors;

use std::time::Duration;

use graph_resource::emulator::Emulator;
use graph_resource::{Client, Error, RetryPolicy, StaticToken};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, DeviceAndAppManagementAssignmentTarget,
    EnrollmentConfigurationAssignment, EnrollmentConfigurationAssignmentPath, GroupAssignmentTarget,
};
use graph_resource_tests::{MockServer, Reply, payload, raw_exchange};
use serde_json::{Value, json};

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJub25jZSI6InNlY3JldC10b2tlbiJ9.c2VjcmV0.c2ln";

fn seed() -> EnrollmentConfigurationAssignment {
    EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        target: Some(
            GroupAssignmentTarget {
                group_id: Some("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".into()),
                ..Default::default()
            }
            .into(),
        ),
        ..Default::default()
    }
}

const PATH: EnrollmentConfigurationAssignmentPath<'static> = EnrollmentConfigurationAssignmentPath {
    users_id: "adele@contoso.com",
    device_enrollment_configuration_id: "7a8e0f3c",
};

const COLLECTION: &str = "/users/adele%40contoso.com/deviceEnrollmentConfigurations/7a8e0f3c/assignments";

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .token(StaticToken::new(TOKEN))
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(10)))
        .build()
        .expect("a loopback base URL is accepted")
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

#[tokio::test]
async fn create_against_the_emulator() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator.base_url());
    let created = seed().create(&client, PATH).await.unwrap();

    let id = created.id().expect("Graph gives the new object an id").to_owned();
    assert!(is_uuid(&id), "{id}");
    assert_eq!(
        created.source,
        Some(DeviceAndAppManagementAssignmentSource::Direct)
    );
    assert!(matches!(
        &created.target,
        Some(DeviceAndAppManagementAssignmentTarget::GroupAssignmentTarget(g)) if g.group_id.as_deref() == Some("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0")
    ));
    assert!(
        created.base.extra["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/assignments/$entity")
    );

    let requests = emulator.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, format!("/beta{COLLECTION}"));
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.header("user-agent"),
        Some(concat!("graph-resource/", env!("CARGO_PKG_VERSION")))
    );
    assert!(is_uuid(r.header("client-request-id").unwrap()));
    assert_eq!(r.header("retry-attempt"), None);
    assert_eq!(r.json().unwrap(), serde_json::to_value(seed()).unwrap());

    let stored = emulator.items(COLLECTION);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["id"], json!(id));
}

#[tokio::test]
async fn the_seed_request_on_the_wire() {
    let body = payload("beta--intune-onboarding-enrollmentconfigurationassignment-create--response-201.json");
    let server = MockServer::start(vec![Reply::json("201 Created", &[("request-id", "r-1")], &body)]).await;
    let created = seed()
        .create(&client(&format!("{}/beta", server.url)), PATH)
        .await
        .unwrap();
    assert_eq!(created.id(), Some("705b021c-021c-705b-1c02-5b701c025b70"));
    assert_eq!(
        created.source,
        Some(DeviceAndAppManagementAssignmentSource::PolicySets)
    );
    assert!(matches!(
        created.target,
        Some(DeviceAndAppManagementAssignmentTarget::ConfigurationManagerCollectionAssignmentTarget(_))
    ));

    let sent = server.received();
    assert_eq!(sent.len(), 1);
    let r = &sent[0];
    assert_eq!(r.request_line(), format!("POST /beta{COLLECTION} HTTP/1.1"));
    let expected_body = r##"{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","source":"direct","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"}}"##;
    assert_eq!(String::from_utf8_lossy(&r.body), expected_body);
    assert_eq!(
        r.header("content-length"),
        Some(expected_body.len().to_string().as_str())
    );
    assert_eq!(
        r.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.header("user-agent").unwrap().starts_with("graph-resource/"));
    assert!(is_uuid(r.header("client-request-id").unwrap()));
}

#[tokio::test]
async fn plain_http_to_another_host_is_refused() {
    for base in [
        "http://graph.microsoft.com/beta",
        "http://10.0.0.1/beta",
        "ftp://127.0.0.1/beta",
    ] {
        let err = Client::builder()
            .base_url(base)
            .token(StaticToken::new(TOKEN))
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{base}");
        assert!(!err.to_string().contains(TOKEN));
    }
    assert!(
        Client::builder()
            .base_url("http://graph.microsoft.com/beta")
            .token(StaticToken::new(TOKEN))
            .build()
            .unwrap_err()
            .to_string()
            .contains("plain http")
    );
    for base in [
        "http://localhost:1/beta",
        "http://127.0.0.2:1/beta",
        "http://[::1]:1/beta",
        "https://graph.microsoft.us/v1.0",
    ] {
        assert!(
            Client::builder()
                .base_url(base)
                .token(StaticToken::new(TOKEN))
                .build()
                .is_ok(),
            "{base}"
        );
    }
    let err = Client::builder()
        .base_url("not a url")
        .token(StaticToken::new(TOKEN))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("malformed"), "{err}");
    // A host without its scheme says what a whole root looks like.
    let err = Client::builder()
        .base_url("graph.microsoft.com/beta")
        .token(StaticToken::new(TOKEN))
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("`graph.microsoft.com/beta` is malformed (relative URL without a base): give the whole root, e.g. https://graph.microsoft.com/beta"),
        "{err}"
    );
}

#[tokio::test]
async fn the_token_never_shows() {
    let client = Client::new(StaticToken::new(TOKEN));
    assert_eq!(client.base_url(), "https://graph.microsoft.com/beta");
    assert!(!format!("{client:?}").contains(TOKEN));
    assert!(!format!("{:?}", StaticToken::new(TOKEN)).contains(TOKEN));
}

#[tokio::test]
async fn bad_path_values_are_refused_before_sending() {
    let emulator = Emulator::start().await.unwrap();
    let path = EnrollmentConfigurationAssignmentPath {
        users_id: "",
        device_enrollment_configuration_id: "c",
    };
    let err = seed()
        .create(&client(&emulator.base_url()), path)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidPath(_)), "{err}");
    assert!(emulator.requests().is_empty());
}

#[tokio::test]
async fn the_emulator_answers_like_graph() {
    let emulator = Emulator::start().await.unwrap();
    // No bearer token: 401 with a Graph error body.
    let no_token = Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new(""))
        .build()
        .unwrap();
    let err = seed().create(&no_token, PATH).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        err.api().unwrap().code.as_deref(),
        Some("InvalidAuthenticationToken")
    );

    // A body that is not JSON: 400.
    let answer = raw_exchange(
        emulator.addr(),
        "POST /beta/me/things HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\ncontent-length: 1\r\nconnection: close\r\n\r\n{",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains(r#""code":"BadRequest""#), "{answer}");

    // An unknown item in a known collection: 404 itemNotFound.
    seed().create(&client(&emulator.base_url()), PATH).await.unwrap();
    let answer = raw_exchange(
        emulator.addr(),
        &format!("GET /beta{COLLECTION}/nope HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\nconnection: close\r\n\r\n"),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(answer.contains("itemNotFound"), "{answer}");

    // The collection lists what was created.
    let answer = raw_exchange(
        emulator.addr(),
        &format!("GET /beta{COLLECTION} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer t\r\nconnection: close\r\n\r\n"),
    )
    .await;
    let body = &answer[answer.find("\r\n\r\n").unwrap() + 4..];
    let list: Value = serde_json::from_str(body).unwrap();
    assert_eq!(list["value"].as_array().unwrap().len(), 1);
}

#[test]
fn the_public_types_work_across_threads() {
    fn send_sync<T: Send + Sync + 'static>() {}
    fn send<T: Send>(_: &T) {}
    send_sync::<Error>();
    send_sync::<Client>();
    send_sync::<graph_resource::ClientCredentials>();
    send_sync::<graph_resource::ops::Batch>();
    send_sync::<EnrollmentConfigurationAssignment>();
    let client = Client::new(StaticToken::new(TOKEN));
    let item = seed();
    send(&item.create(&client, PATH));
    send(&EnrollmentConfigurationAssignment::get(
        &client,
        graph_resource::ResourcePath::item(PATH, "i"),
    ));
    send(&EnrollmentConfigurationAssignment::list(&client, PATH));
    send(&std::future::IntoFuture::into_future(
        item.update(&client, graph_resource::ResourcePath::item(PATH, "i")),
    ));
    send(&client.batch().create(PATH, std::slice::from_ref(&item)));
}

#[tokio::test]
async fn a_token_is_sent_as_given_once_without_a_copied_prefix_and_a_broken_one_is_refused() {
    let emulator = Emulator::start().await.unwrap();
    let with_prefix = Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new(format!("Bearer {TOKEN}\n")))
        .build()
        .unwrap();
    seed().create(&with_prefix, PATH).await.unwrap();
    assert_eq!(
        emulator.requests()[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );

    let broken = Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new(format!("{TOKEN}\nX-Other: 1")))
        .build()
        .unwrap();
    let err = seed().create(&broken, PATH).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(err.to_string().contains("line break"), "{err}");
    assert!(!format!("{err} {err:?}").contains(TOKEN));
    assert_eq!(
        emulator.requests().len(),
        1,
        "nothing was sent with the broken token"
    );
}
