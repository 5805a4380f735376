//! The fault matrix, part two: what comes back broken or hostile. Bodies
//! that do not read, redirects, answers too large, echoed secrets, and a
//! token endpoint that never answers.

use std::time::Duration;

use graph_resource::emulator::{Emulator, Fault};
use graph_resource::{Client, ClientCredentials, Error, ResourcePath, StaticToken};
use graph_resource_models::{
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath, EnrollmentConfigurationAssignment,
};

use crate::faults::{COLLECTION, PATH, client, fast, posts, seed};

#[tokio::test]
async fn a_truncated_json_body_is_a_decode_error() {
    let emulator = Emulator::start().await.unwrap();
    emulator.inject(1, Fault::truncated_json(201));
    let err = seed().create(&client(&emulator, fast()), PATH).await.unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("a decode error: {err:?}");
    };
    assert_eq!(d.status.as_u16(), 201);
    assert!(d.body.starts_with(r#"{"@odata.type""#), "{}", d.body);
    assert!(err.to_string().contains("201 Created"), "{err}");
    assert_eq!(posts(&emulator), 1);
}

#[tokio::test]
async fn an_html_error_page_is_reported_with_its_start() {
    let emulator = Emulator::start().await.unwrap();
    emulator.inject(1, Fault::html(502));
    let err = seed().create(&client(&emulator, fast()), PATH).await.unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.status.as_u16(), 502);
    assert_eq!(api.content_type.as_deref(), Some("text/html"));
    assert!(api.code.is_none());
    let shown = err.to_string();
    assert!(
        shown.contains("text/html") && shown.contains("502 Gateway Error"),
        "{shown}"
    );
    assert_eq!(posts(&emulator), 1, "502 is not retried");
}

#[tokio::test]
async fn an_oversized_error_body_is_read_only_in_part() {
    let emulator = Emulator::start().await.unwrap();
    let huge = format!("{{\"junk\": \"{}\"}}", "x".repeat(20 * 1024 * 1024));
    emulator.inject(
        1,
        Fault::Status {
            status: 500,
            retry_after: None,
            content_type: "application/json".into(),
            body: huge,
        },
    );
    let err = seed().create(&client(&emulator, fast()), PATH).await.unwrap_err();
    let api = err.api().unwrap();
    assert_eq!(api.status.as_u16(), 500);
    let kept = api.body.as_deref().unwrap();
    assert!(
        kept.starts_with("{\"junk\": \"xxx") && kept.len() < 1024,
        "{}",
        kept.len()
    );
    assert!(err.to_string().len() < 1024);
}

#[tokio::test]
async fn a_redirect_to_another_origin_carries_no_token() {
    let other = Emulator::start().await.unwrap();
    let emulator = Emulator::start().await.unwrap();
    emulator.inject(
        1,
        Fault::redirect(307, &format!("{}{COLLECTION}", other.base_url())),
    );
    let err = seed().create(&client(&emulator, fast()), PATH).await.unwrap_err();
    // The other origin got the request without a token, and said so.
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err}");
    let there = other.requests();
    assert_eq!(there.len(), 1);
    assert_eq!(there[0].header("authorization"), None);
    assert_eq!(there[0].header("referer"), None, "the filled-in path stays here");
    assert!(emulator.requests()[0].header("authorization").is_some());
}

/// A read of one item, which would be retried on any transport failure
/// that may pass.
async fn get_one(emulator: &Emulator) -> Error {
    EnrollmentConfigurationAssignment::get(&client(emulator, fast()), PATH.item("a1"))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_redirect_to_plain_http_off_this_machine_is_refused_and_final() {
    let emulator = Emulator::start().await.unwrap();
    emulator.inject(1, Fault::redirect(302, "http://graph.example.invalid/beta/me"));
    let err = get_one(&emulator).await;
    let Error::Transport(t) = &err else {
        panic!("a transport error: {err:?}");
    };
    assert!(t.refused && !err.is_retryable(), "{err}");
    assert!(chain(&err).contains("plain http"), "{}", chain(&err));
    assert_eq!(emulator.requests().len(), 1, "not retried");
}

#[tokio::test]
async fn more_than_five_redirects_are_refused_and_final() {
    let emulator = Emulator::start().await.unwrap();
    for hop in 0..10 {
        let location = format!("{}{COLLECTION}/a1?hop={hop}", emulator.base_url());
        emulator.inject(1, Fault::redirect(307, &location));
    }
    let err = get_one(&emulator).await;
    assert!(chain(&err).contains("more than 5 redirects"), "{}", chain(&err));
    assert!(!err.is_retryable());
    assert_eq!(
        emulator.requests().len(),
        6,
        "the request and 5 redirects, never retried"
    );
}

#[tokio::test]
async fn a_redirect_loop_is_refused_and_final() {
    let emulator = Emulator::start().await.unwrap();
    // The item redirects to `?hop=b`, which redirects back to the item.
    let item = format!("{}{COLLECTION}/a1", emulator.base_url());
    for _ in 0..12 {
        emulator.inject(1, Fault::redirect(307, &format!("{item}?hop=b")));
        emulator.inject(1, Fault::redirect(307, &item));
    }
    let err = get_one(&emulator).await;
    assert!(chain(&err).contains("redirect loop"), "{}", chain(&err));
    assert!(!err.is_retryable());
    assert_eq!(emulator.requests().len(), 2, "the loop is seen when it closes");
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut s = e.source();
    while let Some(cause) = s {
        out.push_str(" | ");
        out.push_str(&cause.to_string());
        s = cause.source();
    }
    out
}

const BATCH_PATH: DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath<'static> =
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: "c1",
    };

#[tokio::test]
async fn a_batch_answered_200_with_an_unreadable_body_leaves_its_writes_unknown() {
    let emulator = Emulator::start().await.unwrap();
    emulator.inject(1, Fault::truncated_json(200));
    let items = vec![seed(), seed(), seed()];
    let results = client(&emulator, fast())
        .batch()
        .create(BATCH_PATH, &items)
        .await
        .unwrap();
    assert_eq!(results.len(), 3);
    for result in &results {
        let err = result.as_ref().unwrap_err();
        assert!(err.is_outcome_unknown(), "{err}");
        assert!(
            err.to_string()
                .contains("POST /deviceManagement/deviceEnrollmentConfigurations"),
            "{err}"
        );
    }
    assert_eq!(posts(&emulator), 1, "the writes were not sent again");
}

#[tokio::test]
async fn a_batch_answered_200_with_an_unreadable_body_sends_its_reads_again() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, fast());
    let created = seed().create(&client, PATH).await.unwrap();
    let id = created.id().unwrap().to_owned();
    emulator.inject(1, Fault::truncated_json(200));
    let ids = [id.as_str(); 2];
    let results = client.batch().get(PATH, &ids).await.unwrap();
    for result in results {
        assert_eq!(result.unwrap().id(), Some(id.as_str()));
    }
    // After the create and the unreadable batch, the reads went again: in
    // one batch, or two when their jittered waits fell apart.
    let batches = posts(&emulator) - 1;
    assert!((2..=3).contains(&batches), "{batches} batches");
}

const LONG_TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.payload.signature";

fn with_long_token(emulator: &Emulator) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new(LONG_TOKEN))
        .retry_policy(fast())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_error_page_that_echoes_the_token_shows_it_redacted() {
    let emulator = Emulator::start().await.unwrap();
    let page =
        format!("<html><pre>POST /beta/users HTTP/1.1\nAuthorization: Bearer {LONG_TOKEN}</pre></html>");
    emulator.inject(
        1,
        Fault::Status {
            status: 400,
            retry_after: None,
            content_type: "text/html".into(),
            body: page,
        },
    );
    let err = seed()
        .create(&with_long_token(&emulator), PATH)
        .await
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(LONG_TOKEN), "{shown}");
    assert!(shown.contains("Authorization: Bearer <redacted>"), "{shown}");
}

#[tokio::test]
async fn control_characters_from_a_server_are_escaped() {
    let emulator = Emulator::start().await.unwrap();
    emulator.inject(
        1,
        Fault::graph_error(400, "bad\u{7}", "red \u{1b}[31mtext\r\nforged: line"),
    );
    let err = seed().create(&client(&emulator, fast()), PATH).await.unwrap_err();
    let shown = err.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(shown.contains("red \\u{1b}[31mtext\\r\\nforged: line"), "{shown}");
}

#[tokio::test]
async fn a_success_body_over_the_limit_is_a_clear_error() {
    let emulator = Emulator::start().await.unwrap();
    let big = serde_json::json!({"sourceId": "x".repeat(4096)});
    emulator.insert(COLLECTION, [big]);
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new("t"))
        .max_response_size(1024)
        .build()
        .unwrap();
    let err = EnrollmentConfigurationAssignment::list(&client, PATH)
        .all()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TooLarge { limit: 1024, .. }), "{err:?}");
    assert!(err.to_string().contains("max_response_size"), "{err}");
    // Within the limit, the same read works.
    emulator.insert(COLLECTION, []);
    let roomy = Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new("t"))
        .max_response_size(64 * 1024)
        .build()
        .unwrap();
    assert_eq!(
        EnrollmentConfigurationAssignment::list(&roomy, PATH)
            .all()
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn a_token_endpoint_that_never_answers_times_out_within_the_client_settings() {
    // Accepts connections and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let authority = format!("http://{}", listener.local_addr().unwrap());
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(stream);
        }
    });
    let emulator = Emulator::start().await.unwrap();
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token(ClientCredentials::new("t", "app", "secret-value").authority(authority))
        .timeout(Duration::from_millis(200))
        .retry_policy(fast().with_max_retries(1))
        .build()
        .unwrap();
    let err = seed().create(&client, PATH).await.unwrap_err();
    silent.abort();
    assert!(matches!(err, Error::Auth(_)) && err.is_timeout(), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.contains("timed out") && shown.contains("2 attempts"),
        "{shown}"
    );
    assert!(!shown.contains("secret-value"));
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        2,
        "the client's policy: one retry"
    );
    assert!(
        emulator.requests().is_empty(),
        "nothing reached Graph without a token"
    );
}

/// A token provider that panics on its first call, as buggy user code may.
struct PanicsOnce(std::sync::atomic::AtomicBool);

impl graph_resource::http::TokenProvider for PanicsOnce {
    fn token(
        &self,
        _client: &graph_resource::http::ClientSettings,
    ) -> graph_resource::http::BoxFuture<'_, Result<graph_resource::http::AccessToken, Error>> {
        let first = !self.0.swap(true, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move {
            assert!(!first, "a token provider that fails by panicking");
            Ok(graph_resource::http::AccessToken::new("t"))
        })
    }
}

fn panics_once(emulator: &Emulator) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(PanicsOnce(Default::default()))
        .retry_policy(fast())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_batch_task_that_ends_abnormally_leaves_its_writes_unknown() {
    let emulator = Emulator::start().await.unwrap();
    let items = vec![seed(), seed()];
    let results = panics_once(&emulator)
        .batch()
        .create(BATCH_PATH, &items)
        .await
        .unwrap();
    for result in &results {
        let err = result.as_ref().unwrap_err();
        assert!(err.is_outcome_unknown(), "{err}");
        assert!(err.to_string().contains("ended abnormally"), "{err}");
        // A panic is this library's (or its caller's code's) failure, not a
        // broken answer from Graph: it says so, and asks for a report.
        assert!(
            err.to_string().contains("internal failure of graph-resource"),
            "{err}"
        );
        assert!(!err.to_string().contains("answer cannot be followed"), "{err}");
    }
    assert_eq!(posts(&emulator), 0, "nothing was sent again");
}

#[tokio::test]
async fn a_batch_task_that_ends_abnormally_has_its_reads_sent_again() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(COLLECTION, [serde_json::json!({"id": "a1", "source": "direct"})]);
    let results = panics_once(&emulator)
        .batch()
        .get(PATH, &["a1", "a1"])
        .await
        .unwrap();
    for result in results {
        assert_eq!(result.unwrap().id(), Some("a1"));
    }
}
