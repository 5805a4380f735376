//! The fault matrix: what the runtime does under throttling, outages,
//! broken connections, slow answers and bad bodies, against the emulator.

use std::time::{Duration, Instant, SystemTime};

use graph_resource::emulator::{Emulator, Fault};
use graph_resource::models::{
    DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentPath,
};
use graph_resource::{Client, Error, ResourcePath, RetryPolicy, StaticToken};

const PATH: EnrollmentConfigurationAssignmentPath<'static> = EnrollmentConfigurationAssignmentPath {
    users_id: "adele@contoso.com",
    device_enrollment_configuration_id: "c1",
};
const COLLECTION: &str = "/users/adele%40contoso.com/deviceEnrollmentConfigurations/c1/assignments";

fn seed() -> EnrollmentConfigurationAssignment {
    EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        ..Default::default()
    }
}

fn client(emulator: &Emulator, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new("t"))
        .retry_policy(policy)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn fast() -> RetryPolicy {
    RetryPolicy::default().base_delay(Duration::from_millis(10))
}

fn posts(emulator: &Emulator) -> usize {
    emulator.requests().iter().filter(|r| r.method == "POST").count()
}

#[tokio::test]
async fn a_429_storm_beyond_the_budget_gives_up_with_the_last_answer() {
    let emulator = Emulator::start().await.unwrap();
    emulator.throttle_next(100, "0.05");
    let policy = fast().max_retries(10).budget(Duration::from_millis(220));
    let started = Instant::now();
    let err = seed().create(&client(&emulator, policy), PATH).await.unwrap_err();
    let api = err.api().expect("the last 429");
    assert_eq!(api.status.as_u16(), 429);
    assert_eq!(api.code.as_deref(), Some("TooManyRequests"));
    assert_eq!(api.retry_after, Some(Duration::from_millis(50)));
    // 4 waits of 50 ms fit in 220 ms; the 5th answer ends it.
    assert_eq!(api.attempts, 5);
    assert_eq!(posts(&emulator), 5);
    assert!(started.elapsed() < Duration::from_secs(2));
    let shown = err.to_string();
    assert!(
        shown.contains("gave up after 5 attempts") && shown.contains("Retry-After 0.050s"),
        "{shown}"
    );
    assert!(emulator.items(COLLECTION).is_empty());
}

async fn one_throttle(retry_after: &str) -> (Duration, Emulator) {
    let emulator = Emulator::start().await.unwrap();
    emulator.throttle_next(1, retry_after);
    let started = Instant::now();
    seed().create(&client(&emulator, fast()), PATH).await.unwrap();
    let elapsed = started.elapsed();
    assert_eq!(posts(&emulator), 2, "{retry_after}");
    assert_eq!(emulator.items(COLLECTION).len(), 1);
    (elapsed, emulator)
}

#[tokio::test]
async fn retry_after_in_whole_seconds() {
    let (elapsed, _e) = one_throttle("1").await;
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn retry_after_in_fractional_seconds() {
    let (elapsed, _e) = one_throttle("0.3").await;
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_millis(1500),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date() {
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let (elapsed, _e) = one_throttle(&date).await;
    // The date has whole seconds: the wait is between 1 and 2 s.
    assert!(
        elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(4),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn retry_after_in_the_past_or_garbage_falls_back_to_backoff() {
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
    for value in [past.as_str(), "soon", "-5", ""] {
        let (elapsed, _e) = one_throttle(value).await;
        // Backoff from a 10 ms base with at most 10 ms of jitter.
        assert!(elapsed < Duration::from_millis(900), "{value:?}: {elapsed:?}");
    }
}

#[tokio::test]
async fn a_huge_retry_after_ends_the_retries_at_once() {
    let emulator = Emulator::start().await.unwrap();
    emulator.throttle_next(1, "100000");
    let started = Instant::now();
    let err = seed().create(&client(&emulator, fast()), PATH).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    let api = err.api().unwrap();
    assert_eq!(api.retry_after, Some(Duration::from_secs(100_000)));
    assert_eq!(api.attempts, 1);
    assert_eq!(posts(&emulator), 1);
}

#[tokio::test]
async fn a_503_and_a_504_are_retried() {
    for status in [503, 504] {
        let emulator = Emulator::start().await.unwrap();
        emulator.inject(1, Fault::status(status).retry_after("0.01"));
        emulator.inject(1, Fault::status(status));
        let created = seed().create(&client(&emulator, fast()), PATH).await.unwrap();
        assert!(created.id.is_some());
        let attempts: Vec<_> = emulator
            .requests()
            .iter()
            .map(|r| r.header("retry-attempt").map(str::to_owned))
            .collect();
        assert_eq!(attempts, [None, Some("1".into()), Some("2".into())], "{status}");
    }
}

#[tokio::test]
async fn a_post_whose_connection_closed_is_reported_as_unknown_and_not_resent() {
    let emulator = Emulator::start().await.unwrap();
    emulator.inject(1, Fault::Drop);
    let err = seed().create(&client(&emulator, fast()), PATH).await.unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    let Error::OutcomeUnknown(unknown) = &err else {
        panic!("outcome unknown: {err:?}");
    };
    assert!(matches!(unknown.cause, Error::Transport(_)), "{err:?}");
    let shown = err.to_string();
    assert!(
        shown.contains("outcome is unknown") && shown.contains("POST /users/{usersId}"),
        "{shown}"
    );
    assert_eq!(posts(&emulator), 1, "exactly one POST reached the server");
}

#[tokio::test]
async fn a_get_whose_connection_closed_is_retried() {
    let emulator = Emulator::start().await.unwrap();
    let client = client(&emulator, fast());
    let created = seed().create(&client, PATH).await.unwrap();
    let id = created.id.clone().unwrap();
    emulator.inject(1, Fault::Drop);
    let read = EnrollmentConfigurationAssignment::get(&client, PATH.item(&id))
        .await
        .unwrap();
    assert_eq!(read.id, created.id);
    let gets: Vec<_> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect();
    assert_eq!(gets.len(), 2);
    assert_eq!(gets[1].header("retry-attempt"), Some("1"));
}

#[tokio::test]
async fn a_slow_answer_times_out() {
    let emulator = Emulator::start().await.unwrap();
    emulator.inject(1, Fault::Delay(Duration::from_secs(3)));
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new("t"))
        .retry_policy(fast())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = seed().create(&client, PATH).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.is_timeout() && err.is_outcome_unknown(), "{err}");
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_eq!(posts(&emulator), 1);

    // A read that times out is sent again.
    let created = seed().create(&client, PATH).await.unwrap();
    emulator.inject(1, Fault::Delay(Duration::from_secs(3)));
    let id = created.id.unwrap();
    let read = EnrollmentConfigurationAssignment::get(&client, PATH.item(&id))
        .await
        .unwrap();
    assert_eq!(read.id.as_deref(), Some(id.as_str()));
    let gets = emulator.requests().iter().filter(|r| r.method == "GET").count();
    assert_eq!(gets, 2);
}

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

    // A redirect to plain http off this machine is not followed.
    emulator.inject(1, Fault::redirect(302, "http://graph.example.invalid/beta/me"));
    let err = seed().create(&client(&emulator, fast()), PATH).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(super_chain(&err).contains("plain http"), "{}", super_chain(&err));

    // Redirects stop after 5, each to a new place.
    for hop in 0..7 {
        emulator.inject(
            1,
            Fault::redirect(307, &format!("{}{COLLECTION}?hop={hop}", emulator.base_url())),
        );
    }
    let err = seed().create(&client(&emulator, fast()), PATH).await.unwrap_err();
    assert!(
        super_chain(&err).contains("more than 5 redirects"),
        "{}",
        super_chain(&err)
    );
}

fn super_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut s = e.source();
    while let Some(cause) = s {
        out.push_str(" | ");
        out.push_str(&cause.to_string());
        s = cause.source();
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_creates_under_throttling_are_each_made_once() {
    let emulator = Emulator::start().await.unwrap();
    emulator.throttle_every(10, "0.01");
    // A tenth of all requests throttled, retries included: with 3 retries a
    // call would be refused 4 times in a row once in 10,000; allow 10.
    let client = client(&emulator, fast().max_retries(10));
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(64));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..1000 {
        let (client, permits) = (client.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.unwrap();
            let body = EnrollmentConfigurationAssignment {
                source_id: Some(format!("item-{i}")),
                ..seed()
            };
            body.create(&client, PATH).await
        });
    }
    let mut ids = std::collections::HashSet::new();
    while let Some(result) = tasks.join_next().await {
        let created = result.unwrap().expect("every create succeeds");
        assert!(ids.insert(created.id.unwrap()));
    }
    let stored = emulator.items(COLLECTION);
    assert_eq!(stored.len(), 1000);
    let distinct: std::collections::HashSet<_> = stored
        .iter()
        .map(|i| i["sourceId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(distinct.len(), 1000, "no item created twice");
    let throttled = emulator.requests().len() - 1000;
    assert!(throttled >= 100, "{throttled} requests were throttled");
}
