//! Serialization of user-written structs: the docs' bodies read and write
//! back equal, `@odata.type` comes first, both spellings read.

use graph_resource::odata::ODataType;
use graph_resource::{Properties, graph_resource};
use graph_resource_tests::{canonical_types, payload};
use serde_json::{Value, json};

/// The seed resource as a user would write it, the target kept as a struct
/// of its own.
#[graph_resource(
    path = "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments",
    odata_type = "#microsoft.graph.enrollmentConfigurationAssignment"
)]
#[derive(Debug, Clone, PartialEq, Default)]
struct Assignment {
    id: Option<String>,
    source: Option<String>,
    source_id: Option<String>,
    target: Option<CollectionTarget>,
    #[graph(extra)]
    extra: Properties,
}

#[graph_resource(odata_type = "microsoft.graph.configurationManagerCollectionAssignmentTarget")]
#[derive(Debug, Clone, PartialEq, Default)]
struct CollectionTarget {
    collection_id: Option<String>,
    #[graph(rename = "deviceAndAppManagementAssignmentFilterId")]
    filter_id: Option<String>,
    #[graph(extra)]
    extra: Properties,
}

/// A struct that names only `id`: everything else lands in `extra`.
#[graph_resource(odata_type = "microsoft.graph.enrollmentConfigurationAssignment")]
#[derive(Debug, Clone, PartialEq, Default)]
struct OnlyId {
    id: Option<String>,
    #[graph(extra)]
    rest: Properties,
}

/// A struct without an `extra` field ignores what it does not name.
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
struct NoExtra {
    source_id: Option<String>,
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(body: &str) -> (T, Value) {
    let value: T = serde_json::from_str(body).expect("the docs' body reads");
    let written = serde_json::to_value(&value).expect("writes");
    (value, written)
}

fn canonical(body: &str) -> Value {
    let mut v: Value = serde_json::from_str(body).expect("valid JSON");
    canonical_types(&mut v);
    v
}

#[test]
fn docs_request_and_response_round_trip() {
    for name in [
        "beta--intune-onboarding-enrollmentconfigurationassignment-create--request.json",
        "beta--intune-onboarding-enrollmentconfigurationassignment-create--response-201.json",
    ] {
        let body = payload(name);
        let (read, written) = round_trip::<Assignment>(&body);
        assert_eq!(written, canonical(&body), "{name}");
        let target = read.target.as_ref().expect("target read");
        assert_eq!(target.collection_id.as_deref(), Some("Collection Id value"));
        assert_eq!(
            target.filter_id.as_deref(),
            Some("Device And App Management Assignment Filter Id value")
        );
        // The filter type is not a field of CollectionTarget: kept in extra.
        assert_eq!(
            target.extra["deviceAndAppManagementAssignmentFilterType"],
            json!("include")
        );
        assert_eq!(read.source.as_deref(), Some("policySets"));

        let (only_id, written) = round_trip::<OnlyId>(&body);
        // What lands in `extra` is kept exactly as read, spelling included.
        let exact: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(written, exact, "{name} via extra");
        assert!(only_id.rest.contains_key("target") && only_id.rest.contains_key("sourceId"));
    }
}

#[test]
fn odata_type_is_written_first_with_its_hash() {
    let a = Assignment {
        source_id: Some("s".into()),
        target: Some(CollectionTarget::default()),
        ..Default::default()
    };
    let text = serde_json::to_string(&a).unwrap();
    assert!(
        text.starts_with(r##"{"@odata.type":"#microsoft.graph.enrollmentConfigurationAssignment","##),
        "{text}"
    );
    assert!(
        text.contains(
            r##""target":{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget"}"##
        ),
        "{text}"
    );
    assert_eq!(
        Assignment::ODATA_TYPE,
        "#microsoft.graph.enrollmentConfigurationAssignment"
    );
    // Without `odata_type`, the name is the struct's, lowerCamelCase.
    assert_eq!(NoExtra::ODATA_TYPE, "#microsoft.graph.noExtra");
    assert_eq!(
        CollectionTarget::ODATA_TYPE,
        "#microsoft.graph.configurationManagerCollectionAssignmentTarget"
    );
}

#[test]
fn none_is_left_out_and_null_reads_as_none() {
    let text = serde_json::to_string(&NoExtra::default()).unwrap();
    assert_eq!(text, r##"{"@odata.type":"#microsoft.graph.noExtra"}"##);
    let read: NoExtra = serde_json::from_str(r#"{"sourceId": null}"#).unwrap();
    assert_eq!(read.source_id, None);
}

#[test]
fn type_reads_with_or_without_hash_or_absent_and_annotations_are_accepted() {
    for body in [
        r##"{"@odata.type": "#microsoft.graph.noExtra", "sourceId": "x"}"##,
        r#"{"@odata.type": "microsoft.graph.noExtra", "sourceId": "x"}"#,
        r#"{"sourceId": "x"}"#,
        r#"{"@odata.context": "https://graph.microsoft.com/beta/$metadata#x/$entity", "@odata.etag": "W/\"1\"", "sourceId": "x", "unknown": [1, {"a": null}]}"#,
    ] {
        let read: NoExtra = serde_json::from_str(body).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(read.source_id.as_deref(), Some("x"), "{body}");
    }
    // With an extra field, annotations are kept and written back; the type is not doubled.
    let body = r#"{"@odata.type": "microsoft.graph.enrollmentConfigurationAssignment", "@odata.etag": "W/\"1\"", "id": "1"}"#;
    let (read, written) = round_trip::<OnlyId>(body);
    assert_eq!(read.rest.len(), 1);
    assert_eq!(
        written,
        json!({"@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment", "@odata.etag": "W/\"1\"", "id": "1"})
    );
}

#[test]
fn wrong_shapes_are_errors_not_panics() {
    for body in [
        "[]",
        "\"x\"",
        "null",
        r#"{"sourceId": 5}"#,
        r#"{"sourceId": "a", "sourceId": "b"}"#,
        "{",
    ] {
        let err = serde_json::from_str::<NoExtra>(body).unwrap_err().to_string();
        assert!(!err.is_empty(), "{body}");
    }
    let err = serde_json::from_str::<NoExtra>(r#"{"sourceId": "a", "sourceId": "b"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicate field `sourceId`"), "{err}");
}

/// A property that is not an `Option` is required.
#[graph_resource]
#[derive(Debug, PartialEq)]
struct Required {
    display_name: String,
    count: u32,
    tags: Option<Vec<String>>,
}

#[test]
fn required_properties_are_checked() {
    let read: Required = serde_json::from_str(r#"{"displayName": "a", "count": 2}"#).unwrap();
    assert_eq!(read.count, 2);
    let err = serde_json::from_str::<Required>(r#"{"displayName": "a"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field `count`"), "{err}");
    let written = serde_json::to_value(&read).unwrap();
    assert_eq!(
        written,
        json!({"@odata.type": "#microsoft.graph.required", "displayName": "a", "count": 2})
    );
}

/// The user's own derives and attributes stay as written.
#[graph_resource]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[allow(dead_code)]
struct KeepsDerives {
    /// A documented field.
    #[allow(unused)]
    n: Option<u8>,
}

#[test]
fn user_derives_are_kept() {
    let a = KeepsDerives { n: Some(1) };
    let b = a; // Copy
    assert!(a <= b);
    let mut set = std::collections::HashSet::new();
    set.insert(a);
    assert!(set.contains(&b));
}

/// A polymorphic enum that keeps no unknown types.
#[graph_resource]
#[derive(Debug)]
enum OnlyGroups {
    #[allow(dead_code)]
    Group(graph_resource_models::GroupAssignmentTarget),
}

/// A string enum that keeps no unknown members.
#[graph_resource]
#[derive(Debug, PartialEq)]
enum Closed {
    Yes,
    #[graph(rename = "NO")]
    No,
}

#[test]
fn enums_without_other_refuse_the_unknown_with_a_clear_error() {
    for body in [
        r#"{"@odata.type": "microsoft.graph.futureTarget", "a": 1}"#,
        r#"{"a": 1, "@odata.type": "microsoft.graph.futureTarget"}"#,
    ] {
        let err = serde_json::from_str::<OnlyGroups>(body).unwrap_err().to_string();
        assert!(
            err.contains("no variant of OnlyGroups is of type `microsoft.graph.futureTarget`"),
            "{err}"
        );
        assert!(err.contains("#[graph(other)]"), "{err}");
    }
    let err = serde_json::from_str::<OnlyGroups>(r#"{"a": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("has no `@odata.type`"), "{err}");
    assert!(matches!(
        serde_json::from_str::<OnlyGroups>(r##"{"@odata.type": "#microsoft.graph.groupAssignmentTarget"}"##),
        Ok(OnlyGroups::Group(_))
    ));

    assert_eq!(serde_json::from_str::<Closed>(r#""NO""#).unwrap(), Closed::No);
    assert_eq!(serde_json::to_string(&Closed::Yes).unwrap(), r#""yes""#);
    let err = serde_json::from_str::<Closed>(r#""maybe""#)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unknown variant `maybe`, expected `yes` or `NO`"),
        "{err}"
    );
}

/// A facade that re-exports the runtime, as `crate = "..."` serves.
pub mod facade {
    pub use graph_resource::*;
}

#[graph_resource(crate = "crate::serialization::facade", path = "/me/events")]
#[derive(Debug, Default, PartialEq)]
pub struct FacadeEvent {
    pub id: Option<String>,
    pub show_as: Option<FacadeStatus>,
}

#[graph_resource(crate = "crate::serialization::facade")]
#[derive(Debug, PartialEq)]
pub enum FacadeStatus {
    Free,
    Busy,
}

#[test]
fn generated_code_reaches_the_runtime_through_a_facade() {
    let event: FacadeEvent = serde_json::from_str(r#"{"id": "e1", "showAs": "busy"}"#).unwrap();
    assert_eq!(event.show_as, Some(FacadeStatus::Busy));
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({"@odata.type": "#microsoft.graph.facadeEvent", "id": "e1", "showAs": "busy"})
    );
    assert_eq!(
        facade::ResourcePath::render(&FacadeEventPath).unwrap(),
        "/me/events"
    );
}
