//! The template language, case by case.

use super::*;
use graph_resource_naming::snake_case;

fn fields(src: &str) -> Vec<(String, ParamKind)> {
    parse(src)
        .unwrap()
        .parts
        .into_iter()
        .filter_map(|p| match p {
            Part::Param(p) => Some((p.field, p.kind)),
            Part::Literal(_) => None,
        })
        .collect()
}

#[test]
fn seed_path() {
    assert_eq!(
        fields(
            "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments"
        ),
        vec![
            ("users_id".into(), ParamKind::Segment),
            ("device_enrollment_configuration_id".into(), ParamKind::Segment)
        ]
    );
}

#[test]
fn kinds() {
    assert_eq!(
        fields("/applications(appId='{appId}')"),
        vec![("app_id".into(), ParamKind::Quoted)]
    );
    assert_eq!(
        fields("/drives/{drive-id}/root:/{item-path}:/content"),
        vec![
            ("drive_id".into(), ParamKind::Segment),
            ("item_path".into(), ParamKind::ItemPath)
        ]
    );
    assert_eq!(
        fields("/reports/getEmailActivityCounts(period={period_value})"),
        vec![("period_value".into(), ParamKind::Inline)]
    );
}

#[test]
fn snake() {
    for (a, b) in [
        ("usersId", "users_id"),
        ("item-path", "item_path"),
        ("ID", "id"),
        ("Id", "id"),
        ("id_value", "id_value"),
        ("azureADDeviceId", "azure_ad_device_id"),
        ("id1", "id1"),
        ("directoryPropertyName-Value", "directory_property_name_value"),
    ] {
        assert_eq!(snake_case(a), b, "{a}");
    }
}

fn kind(src: &str) -> (ErrorKind, String) {
    let e = parse(src).unwrap_err();
    (e.kind, e.message)
}

#[test]
fn rejections_name_the_fix() {
    let (k, m) = kind("users/{id}");
    assert_eq!(k, ErrorKind::NoLeadingSlash);
    assert!(m.contains("\"/users/{id}\""), "{m}");

    let (k, m) = kind("/users/{id | userPrincipalName}/photo");
    assert_eq!(k, ErrorKind::Alternatives);
    assert!(
        m.contains("pick one") && m.contains("\"/users/{id}/photo\""),
        "{m}"
    );

    let (k, m) = kind("/calls/{id}/participants/{id}");
    assert_eq!(k, ErrorKind::DuplicatePlaceholder);
    assert!(
        m.contains("write \"/calls/{id}/participants/{participantId}\""),
        "{m}"
    );

    let (k, m) = kind("/me/events?$select=subject");
    assert_eq!(k, ErrorKind::QueryOrFragment);
    assert!(m.contains("\"/me/events\""), "{m}");

    assert_eq!(kind("/users/{}").0, ErrorKind::EmptyPlaceholder);
    assert_eq!(kind("/users/{id").0, ErrorKind::UnclosedBrace);
    assert_eq!(kind("/users/id}").0, ErrorKind::StrayBrace);
    assert_eq!(kind("/users/{tenant id}").0, ErrorKind::Whitespace);
    assert_eq!(kind("/users /x").0, ErrorKind::Whitespace);
    assert_eq!(kind("/a/{x}{y}").0, ErrorKind::AdjacentPlaceholders);
    assert_eq!(kind("/a//b").0, ErrorKind::EmptySegment);
    assert_eq!(kind("/a/b/").0, ErrorKind::TrailingSlash);
    assert_eq!(kind("/a/../b").0, ErrorKind::DotSegment);
    assert_eq!(kind("/a/b\"c").0, ErrorKind::BadCharacter);
    assert_eq!(kind("/a/{1x}").0, ErrorKind::BadPlaceholderName);
    assert_eq!(kind("/a/{self}").0, ErrorKind::BadPlaceholderName);
    let (k, m) = kind("https://graph.microsoft.com/beta/me/onlineMeetings/{meetingId}");
    assert_eq!(k, ErrorKind::FullUrl);
    assert!(m.contains("\"/me/onlineMeetings/{meetingId}\""), "{m}");
}
