//! The retry rules, each decision on its own.

use super::*;

#[test]
fn retry_after_forms() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    assert_eq!(parse_retry_after("10", now), Some(Duration::from_secs(10)));
    assert_eq!(
        parse_retry_after(" 2.128 ", now),
        Some(Duration::from_millis(2128))
    );
    let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
    assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(30)));
    let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
    assert_eq!(parse_retry_after(&earlier, now), None);
    assert_eq!(parse_retry_after("soon", now), None);
    assert_eq!(parse_retry_after("-1", now), None);
    assert_eq!(parse_retry_after("NaN", now), None);
    assert!(parse_retry_after("1e300", now).is_some());
}

#[test]
fn one_list_of_retried_statuses_and_of_safe_methods() {
    let retried: Vec<u16> = (100..600)
        .filter(|s| StatusCode::from_u16(*s).is_ok_and(is_retryable_status))
        .collect();
    assert_eq!(retried, [429, 503, 504]);
    assert!(is_idempotent(&Method::GET) && is_idempotent(&Method::DELETE) && is_idempotent(&Method::PUT));
    assert!(!is_idempotent(&Method::POST) && !is_idempotent(&Method::PATCH));
}

#[test]
fn a_lost_answer_is_resent_only_when_that_is_harmless() {
    assert!(Lost::NotSent.may_resend(false));
    assert!(Lost::NoAnswer.may_resend(true) && !Lost::NoAnswer.may_resend(false));
    assert!(!Lost::Final.may_resend(true));
    assert!(Lost::NoAnswer.outcome_unknown(false));
    assert!(!Lost::NotSent.outcome_unknown(false) && !Lost::Final.outcome_unknown(false));
}

#[test]
fn a_404_is_retried_only_for_replication_and_only_so_often() {
    let headers = reqwest::header::HeaderMap::new();
    let answered = |status, code| Attempt::Answered {
        status,
        headers: &headers,
        code,
    };
    let not_found = StatusCode::NOT_FOUND;
    let code = Some("Request_ResourceNotFound");
    let two = Some(Duration::from_secs(2));
    let mut b = Backoff::default();
    let off = RetryPolicy::default();
    assert_eq!(
        b.after(&off, answered(not_found, code), false),
        None,
        "off by default"
    );
    let p = RetryPolicy::default().with_replication_retries(2, Duration::from_secs(2));
    assert_eq!(
        b.after(&p, answered(not_found, Some("itemNotFound")), false),
        None
    );
    assert_eq!(b.after(&p, answered(StatusCode::FORBIDDEN, code), false), None);
    assert_eq!(b.after(&p, answered(not_found, code), false), two);
    assert_eq!(b.after(&p, answered(not_found, code), false), two);
    assert_eq!(b.after(&p, answered(not_found, code), false), None, "two retries");
    assert_eq!(b.attempts(), 3);
    let short = RetryPolicy::default()
        .with_budget(Duration::from_secs(3))
        .with_replication_retries(5, Duration::from_secs(2));
    let mut b = Backoff::default();
    assert!(b.after(&short, answered(not_found, code), false).is_some());
    assert_eq!(
        b.after(&short, answered(not_found, code), false),
        None,
        "within the budget"
    );
    assert_eq!(
        RetryPolicy::default()
            .wait_for_replication()
            .replication_retries(),
        Some(REPLICATION_WAIT)
    );
}

#[test]
fn one_rule_for_every_kind_of_attempt() {
    let headers = reqwest::header::HeaderMap::new();
    let p = RetryPolicy::default().with_base_delay(Duration::from_millis(1));
    let throttled = Attempt::Answered {
        status: StatusCode::TOO_MANY_REQUESTS,
        headers: &headers,
        code: None,
    };
    assert!(
        Backoff::default().after(&p, throttled, false).is_some(),
        "a throttled write may go again"
    );
    let failed = Attempt::Answered {
        status: StatusCode::BAD_REQUEST,
        headers: &headers,
        code: Some("BadRequest"),
    };
    assert_eq!(Backoff::default().after(&p, failed, true), None);
    assert!(
        Backoff::default()
            .after(&p, Attempt::Lost(Lost::NotSent), false)
            .is_some()
    );
    assert_eq!(
        Backoff::default().after(&p, Attempt::Lost(Lost::NoAnswer), false),
        None
    );
    assert!(
        Backoff::default()
            .after(&p, Attempt::Lost(Lost::NoAnswer), true)
            .is_some()
    );
    assert_eq!(
        Backoff::default().after(&p, Attempt::Lost(Lost::Final), true),
        None
    );
}

#[test]
fn budget_and_count_end_the_retries() {
    let p = RetryPolicy::default();
    assert!(p.next_delay(1, None, Duration::ZERO).unwrap() >= Duration::from_secs(3));
    let third = p.next_delay(3, None, Duration::ZERO).unwrap();
    assert!(third >= Duration::from_secs(12) && third <= Duration::from_secs(13));
    assert_eq!(p.next_delay(4, None, Duration::ZERO), None);
    assert_eq!(
        p.next_delay(1, Some(Duration::from_secs(181)), Duration::ZERO),
        None
    );
    assert_eq!(
        p.next_delay(2, Some(Duration::from_secs(100)), Duration::from_secs(80)),
        Some(Duration::from_secs(100))
    );
    assert_eq!(
        p.next_delay(2, Some(Duration::from_secs(101)), Duration::from_secs(80)),
        None
    );
}
