//! Client credentials against the emulator's token endpoint: caching, one
//! refresh at a time, 401 handling, token-endpoint errors, and secrets that
//! never show in `Debug`, `Display` or logs.

use std::future::IntoFuture;
use std::time::Duration;

use graph_resource::emulator::Emulator;
use graph_resource::{ApiVersion, Client, ClientCredentials, Cloud, Error, RetryPolicy};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentPath,
};
use graph_resource_tests::Capture;
use tracing::instrument::WithSubscriber;

const SECRET: &str = "Zq8~s3cr3t.VALUE_that-must-never-leak";
const CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";
const PATH: EnrollmentConfigurationAssignmentPath<'static> = EnrollmentConfigurationAssignmentPath {
    users_id: "adele@contoso.com",
    device_enrollment_configuration_id: "c1",
};

fn seed() -> EnrollmentConfigurationAssignment {
    EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        ..Default::default()
    }
}

fn credentials(emulator: &Emulator, secret: &str) -> ClientCredentials {
    ClientCredentials::new("contoso.onmicrosoft.com", CLIENT_ID, secret).authority(emulator.authority())
}

fn client(emulator: &Emulator, secret: &str) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(credentials(emulator, secret))
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(10)))
        // Bursts of 100 calls test the token cache, not pacing.
        .no_rate_limit()
        .build()
        .unwrap()
}

/// Checks that nothing secret shows in what a user could print or log.
fn assert_no_secret(emulator: &Emulator, shown: &str) {
    assert!(!shown.contains(SECRET), "the secret leaked: {shown}");
    for token in emulator.issued_tokens() {
        assert!(!shown.contains(&token), "a token leaked: {shown}");
    }
}

async fn burst(client: &Client, n: usize) {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..n {
        let client = client.clone();
        tasks.spawn(async move { seed().create(&client, PATH).await }.with_current_subscriber());
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap().expect("every call succeeds");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_token_request_per_expiry_however_many_calls_wait() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app(CLIENT_ID, SECRET);
    // Refreshed a quarter of its lifetime ahead: after 3 s.
    emulator.set_token_lifetime(Duration::from_secs(4));
    let client = client(&emulator, SECRET);
    let capture = Capture::default();

    burst(&client, 100).with_subscriber(capture.clone()).await;
    assert_eq!(emulator.token_requests(), 1);

    // Past the refresh point (a quarter of the lifetime before expiry).
    tokio::time::sleep(Duration::from_millis(3000)).await;
    burst(&client, 100).with_subscriber(capture.clone()).await;
    assert_eq!(
        emulator.token_requests(),
        2,
        "one refresh for 100 concurrent calls"
    );

    let graph_posts = emulator
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && !r.target.contains("oauth2"))
        .count();
    assert_eq!(graph_posts, 200, "no call was refused for an expired token");
    assert_no_secret(&emulator, &capture.text());
    assert!(capture.text().contains("token acquired"));
}

#[tokio::test]
async fn a_401_refreshes_once_then_succeeds() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app(CLIENT_ID, SECRET);
    let client = client(&emulator, SECRET);
    let capture = Capture::default();
    seed()
        .create(&client, PATH)
        .into_future()
        .with_subscriber(capture.clone())
        .await
        .unwrap();
    assert_eq!(emulator.token_requests(), 1);

    emulator.revoke_tokens();
    seed()
        .create(&client, PATH)
        .into_future()
        .with_subscriber(capture.clone())
        .await
        .unwrap();
    assert_eq!(emulator.token_requests(), 2);
    let statuses: Vec<_> = emulator.requests().iter().map(|r| r.target.clone()).collect();
    assert_eq!(
        statuses.len(),
        5,
        "token, POST, POST (401), token, POST: {statuses:?}"
    );

    // A token that is refused again is not retried a second time.
    let refusing = Emulator::start().await.unwrap();
    refusing.register_app(CLIENT_ID, SECRET);
    let refusing_client = Client::builder()
        .base_url(refusing.base_url())
        .token(credentials(&emulator, SECRET)) // tokens from the other emulator
        .build()
        .unwrap();
    let err = seed().create(&refusing_client, PATH).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    let graph_posts = refusing.requests().iter().filter(|r| r.method == "POST").count();
    assert_eq!(graph_posts, 2, "sent, refused, refreshed, sent again once");
    assert_no_secret(&emulator, &format!("{err} {err:?} {}", capture.text()));
}

#[tokio::test]
async fn a_bad_secret_gives_the_aadsts_message() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app(CLIENT_ID, SECRET);
    let wrong = "not-the-secret-either";
    let client = client(&emulator, wrong);
    let capture = Capture::default();
    let err = seed()
        .create(&client, PATH)
        .into_future()
        .with_subscriber(capture.clone())
        .await
        .unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("an auth error: {err:?}");
    };
    assert_eq!(auth.error.as_deref(), Some("invalid_client"));
    assert_eq!(auth.aadsts.as_deref(), Some("AADSTS7000215"));
    let shown = err.to_string();
    assert!(
        shown.contains("AADSTS7000215: Invalid client secret provided"),
        "{shown}"
    );
    assert!(shown.contains("401 Unauthorized"), "{shown}");
    let everything = format!(
        "{err} {err:?} {} {client:?} {:?}",
        capture.text(),
        credentials(&emulator, SECRET)
    );
    assert_no_secret(&emulator, &everything);
    assert!(!everything.contains(wrong));
    // Nothing reached Graph without a token.
    assert!(emulator.requests().iter().all(|r| r.target.contains("oauth2")));
}

#[tokio::test]
async fn an_unreachable_or_insecure_authority_is_a_clear_error() {
    let emulator = Emulator::start().await.unwrap();
    let creds = ClientCredentials::new("t", CLIENT_ID, SECRET).authority("http://login.example.invalid");
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token(creds)
        .build()
        .unwrap();
    let err = seed().create(&client, PATH).await.unwrap_err();
    assert!(matches!(err, Error::Config(_)));
    assert!(err.to_string().contains("plain http"), "{err}");
    assert!(!format!("{err} {err:?}").contains(SECRET));
}

#[tokio::test]
async fn logs_name_templates_not_ids_and_never_tokens() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app(CLIENT_ID, SECRET);
    emulator.throttle_next(1, "0.01");
    let client = client(&emulator, SECRET);
    let capture = Capture::default();
    seed()
        .create(&client, PATH)
        .into_future()
        .with_subscriber(capture.clone())
        .await
        .unwrap();
    let info = capture.info_text();
    assert!(
        info.contains("/users/{usersId}/deviceEnrollmentConfigurations"),
        "{info}"
    );
    assert!(info.contains("client_request_id="), "{info}");
    assert!(!info.contains("adele"), "filled-in ids stay out of info: {info}");
    let all = capture.text();
    assert!(
        all.contains("http.response.status_code=429")
            && all.contains("wait_ms=")
            && all.contains("attempt=2"),
        "{all}"
    );
    assert!(all.contains("request_id="), "{all}");
    assert_no_secret(&emulator, &all);
}

#[test]
fn clouds_set_root_and_authority_together() {
    let cases = [
        (
            Cloud::Global,
            "https://graph.microsoft.com",
            "https://login.microsoftonline.com",
        ),
        (
            Cloud::UsGov,
            "https://graph.microsoft.us",
            "https://login.microsoftonline.us",
        ),
        (
            Cloud::UsGovDod,
            "https://dod-graph.microsoft.us",
            "https://login.microsoftonline.us",
        ),
        (
            Cloud::China,
            "https://microsoftgraph.chinacloudapi.cn",
            "https://login.chinacloudapi.cn",
        ),
    ];
    for (cloud, root, authority) in cases {
        assert_eq!(cloud.graph_root(), root);
        assert_eq!(cloud.authority(), authority);
        assert_eq!(cloud.default_scope(), format!("{root}/.default"));
        let client = Client::builder()
            .cloud(cloud, ApiVersion::V1)
            .token(ClientCredentials::new("t", CLIENT_ID, SECRET).cloud(cloud))
            .build()
            .unwrap();
        assert_eq!(client.base_url(), format!("{root}/v1.0"));
        let creds = format!(
            "{:?}",
            ClientCredentials::new("t", CLIENT_ID, SECRET).cloud(cloud)
        );
        assert!(
            creds.contains(authority) && creds.contains(&format!("{root}/.default")),
            "{creds}"
        );
        assert!(!creds.contains(SECRET));
    }
}

#[tokio::test]
async fn a_token_endpoint_that_fails_for_a_moment_is_asked_again() {
    use graph_resource_tests::{MockServer, Reply};
    let authority = MockServer::start(vec![
        Reply::with_type(
            "503 Service Unavailable",
            "text/html",
            &[("retry-after", "0")],
            "<h1>busy</h1>",
        ),
        Reply::json(
            "200 OK",
            &[],
            r#"{"token_type":"Bearer","expires_in":3599,"access_token":"from-the-second-try"}"#,
        ),
    ])
    .await;
    let emulator = Emulator::start().await.unwrap();
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token(ClientCredentials::new("t", CLIENT_ID, SECRET).authority(&authority.url))
        .build()
        .unwrap();
    seed().create(&client, PATH).await.unwrap();
    let asked = authority.received();
    assert_eq!(asked.len(), 2);
    assert!(
        asked[0].request_line().starts_with("POST /t/oauth2/v2.0/token "),
        "{}",
        asked[0].request_line()
    );
    let form = String::from_utf8_lossy(&asked[1].body).into_owned();
    assert!(
        form.contains("grant_type=client_credentials") && form.contains("%2F.default"),
        "{form}"
    );
    assert_eq!(
        emulator.requests()[0].header("authorization"),
        Some("Bearer from-the-second-try")
    );
}
