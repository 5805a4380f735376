//! The request span follows OpenTelemetry's HTTP client conventions, and
//! no secret reaches it.

use graph_resource::emulator::Emulator;
use graph_resource::{Client, ClientCredentials, ResourcePath};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentPath,
};
use graph_resource_tests::Capture;
use std::future::IntoFuture;
use tracing::instrument::WithSubscriber;

const SECRET: &str = "Zq8~another.s3cr3t_that-must-never-leak";
const CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";
const TEMPLATE: &str =
    "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments";
const PATH: EnrollmentConfigurationAssignmentPath<'static> = EnrollmentConfigurationAssignmentPath {
    users_id: "adele@contoso.com",
    device_enrollment_configuration_id: "c1",
};

fn client(emulator: &Emulator) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(
            ClientCredentials::new("contoso.onmicrosoft.com", CLIENT_ID, SECRET)
                .authority(emulator.authority()),
        )
        .retry_policy(
            graph_resource::RetryPolicy::default().with_base_delay(std::time::Duration::from_millis(10)),
        )
        .no_rate_limit()
        .build()
        .unwrap()
}

/// The lines of the capture that belong to request spans: the span
/// itself and what was recorded on it.
fn span_lines(capture: &Capture) -> Vec<String> {
    capture
        .lines()
        .into_iter()
        .map(|(_, l)| l)
        .filter(|l| l.starts_with("span graph.request") || l.starts_with("record"))
        .collect()
}

#[tokio::test]
async fn a_retried_create_has_the_http_semantic_convention_fields() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app(CLIENT_ID, SECRET);
    emulator.throttle_next(1, "0.01");
    let capture = Capture::default();
    let client = client(&emulator);
    let created = EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        ..Default::default()
    }
    .create(&client, PATH)
    .into_future()
    .with_subscriber(capture.clone())
    .await
    .unwrap();

    let lines = span_lines(&capture);
    let span = &lines[0];
    for field in [
        format!("otel.name=POST {TEMPLATE}"),
        "otel.kind=\"client\"".to_owned(),
        "http.request.method=POST".to_owned(),
        format!("url.template=\"{TEMPLATE}\""),
        "graph.item=false".to_owned(),
    ] {
        assert!(span.contains(&field), "{field} in {span}");
    }
    let recorded = lines[1..].join("\n");
    for field in [
        "server.address=\"127.0.0.1\"",
        &format!("server.port={}", emulator.addr().port()),
        "http.response.status_code=429",
        "http.request.resend_count=1",
        "http.response.status_code=201",
        "graph.request_id=\"",
    ] {
        assert!(recorded.contains(field), "{field} in {recorded}");
    }
    assert!(
        !recorded.contains("error.type"),
        "a success has no error.type: {recorded}"
    );
    // The filled-in path (the ids) is not in the span: the template is.
    assert!(!capture.text().contains("adele@contoso.com"));

    // An item path: the item's template, and a failure's error.type.
    let id = created.id().unwrap().to_owned();
    EnrollmentConfigurationAssignment::delete(&client, PATH.item(&id))
        .await
        .unwrap();
    let capture = Capture::default();
    let err = EnrollmentConfigurationAssignment::get(&client, PATH.item(&id))
        .into_future()
        .with_subscriber(capture.clone())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    let lines = span_lines(&capture).join("\n");
    for field in [
        "http.request.method=GET",
        "graph.item=true",
        "http.response.status_code=404",
        "otel.status_code=\"ERROR\"",
        "error.type=404",
    ] {
        assert!(lines.contains(field), "{field} in {lines}");
    }

    // No secret anywhere: neither the client secret nor a token.
    let text = capture.text();
    assert!(!text.contains(SECRET));
    for token in emulator.issued_tokens() {
        assert!(!text.contains(&token), "a token leaked: {text}");
    }
}
