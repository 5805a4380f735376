//! The OData type system through `graph_resource_models`: the docs' bodies
//! round-trip, derived types read from both spellings, unknown members,
//! subtypes and properties are kept, and any model value survives a write
//! and a read.

mod arbitrary;

use graph_resource::odata::ODataType;
use graph_resource_models::{
    AllDevicesAssignmentTarget, AllLicensedUsersAssignmentTarget,
    ConfigurationManagerCollectionAssignmentTarget, DeviceAndAppManagementAssignmentFilterType as FilterType,
    DeviceAndAppManagementAssignmentSource as Source, DeviceAndAppManagementAssignmentTarget as Target,
    DeviceAndAppManagementAssignmentTargetBase as TargetBase, EnrollmentConfigurationAssignment,
    ExclusionGroupAssignmentTarget, GroupAssignmentTarget,
};
use graph_resource_tests::{canonical_types, payload, payload_names};
use serde_json::{Value, json};

fn canonical(mut v: Value) -> Value {
    canonical_types(&mut v);
    v
}

fn is_assignment(v: &Value) -> bool {
    v.get("@odata.type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.trim_start_matches('#') == "microsoft.graph.enrollmentConfigurationAssignment")
}

fn is_target(v: &Value) -> bool {
    v.get("@odata.type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.ends_with("AssignmentTarget"))
}

/// Every object in `v` that is an enrollment configuration assignment or an
/// assignment target, wherever it stands (a list, `value`, a request field).
fn collect<'a>(v: &'a Value, assignments: &mut Vec<&'a Value>, targets: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            if is_assignment(v) {
                assignments.push(v);
            } else if is_target(v) {
                targets.push(v);
            }
            map.values()
                .for_each(|child| collect(child, assignments, targets));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|child| collect(child, assignments, targets)),
        _ => {}
    }
}

#[test]
fn every_docs_body_with_an_assignment_or_target_round_trips() {
    let (mut files, mut assignments_seen, mut targets_seen) = (0, 0, 0);
    for name in payload_names() {
        let Ok(body) = serde_json::from_str::<Value>(&payload(&name)) else {
            continue; // the corpus's one invalid JSON file, an error example
        };
        let (mut assignments, mut targets) = (Vec::new(), Vec::new());
        collect(&body, &mut assignments, &mut targets);
        if assignments.is_empty() && targets.is_empty() {
            continue;
        }
        files += 1;
        for a in &assignments {
            let read: EnrollmentConfigurationAssignment =
                serde_json::from_value((*a).clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(read.target.is_some(), "{name}: the target is read into the model");
            assert_eq!(
                serde_json::to_value(&read).unwrap(),
                canonical((*a).clone()),
                "{name}"
            );
            assignments_seen += 1;
        }
        for t in &targets {
            let read: Target = serde_json::from_value((*t).clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!matches!(read, Target::Other(_)), "{name}: {t} is a known type");
            assert_eq!(
                serde_json::to_value(&read).unwrap(),
                canonical((*t).clone()),
                "{name}"
            );
            targets_seen += 1;
        }
        // A list of assignments, as `value` holds it, reads as a whole.
        if let Some(list) = body
            .get("value")
            .filter(|v| v.as_array().is_some_and(|items| items.iter().all(is_assignment)))
        {
            let read: Vec<EnrollmentConfigurationAssignment> = serde_json::from_value(list.clone()).unwrap();
            assert_eq!(
                serde_json::to_value(&read).unwrap(),
                canonical(list.clone()),
                "{name}"
            );
        }
    }
    eprintln!("{files} files, {assignments_seen} assignments, {targets_seen} targets");
    // The corpus: 26 files hold 10 enrollment configuration assignments and
    // 26 targets (the six target resources, and the targets of the other
    // Intune assignments, the compliance policy's `assign` answer among them).
    assert_eq!((files, assignments_seen, targets_seen), (26, 10, 26));
}

#[test]
fn each_derived_type_reads_from_both_spellings() {
    type IsVariant = fn(&Target) -> bool;
    let cases: [(&str, IsVariant); 6] = [
        ("allDevicesAssignmentTarget", |t| {
            matches!(t, Target::AllDevicesAssignmentTarget(_))
        }),
        ("allLicensedUsersAssignmentTarget", |t| {
            matches!(t, Target::AllLicensedUsersAssignmentTarget(_))
        }),
        (
            "groupAssignmentTarget",
            |t| matches!(t, Target::GroupAssignmentTarget(g) if g.group_id.as_deref() == Some("g")),
        ),
        (
            "exclusionGroupAssignmentTarget",
            |t| matches!(t, Target::ExclusionGroupAssignmentTarget(g) if g.group_id() == Some("g")),
        ),
        (
            "configurationManagerCollectionAssignmentTarget",
            |t| matches!(t, Target::ConfigurationManagerCollectionAssignmentTarget(c) if c.collection_id.as_deref() == Some("c")),
        ),
        ("deviceAndAppManagementAssignmentTarget", |t| {
            matches!(t, Target::Base(_))
        }),
    ];
    for (name, is_variant) in cases {
        for spelling in [
            format!("#microsoft.graph.{name}"),
            format!("microsoft.graph.{name}"),
        ] {
            let body = json!({
                "@odata.type": spelling,
                "deviceAndAppManagementAssignmentFilterId": "f",
                "deviceAndAppManagementAssignmentFilterType": "exclude",
                "groupId": "g",
                "collectionId": "c",
            });
            let read: Target = serde_json::from_value(body.clone()).unwrap();
            assert!(is_variant(&read), "{spelling}: {read:?}");
            let written = serde_json::to_value(&read).unwrap();
            assert_eq!(written, canonical(body), "{spelling}");
            assert_eq!(written["@odata.type"], json!(format!("#microsoft.graph.{name}")));
        }
    }
}

#[test]
fn the_type_is_found_wherever_it_stands() {
    // First, as Graph writes it: read straight into the variant.
    let first = r#"{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"g","x":1}"#;
    // Later: the object is read whole first, then the variant picked.
    let later = r##"{"groupId":"g","x":1,"@odata.type":"#microsoft.graph.groupAssignmentTarget"}"##;
    for text in [first, later] {
        let read: Target = serde_json::from_str(text).unwrap();
        let Target::GroupAssignmentTarget(g) = &read else {
            panic!("{text}: {read:?}");
        };
        assert_eq!(g.group_id.as_deref(), Some("g"));
        assert_eq!(g.extra["x"], json!(1));
    }
    // An unknown type keeps its spelling and every property either way.
    for text in [
        r#"{"@odata.type":"microsoft.graph.future","a":[1,{"b":null}]}"#,
        r#"{"a":[1,{"b":null}],"@odata.type":"microsoft.graph.future"}"#,
    ] {
        let read: Target = serde_json::from_str(text).unwrap();
        assert!(matches!(read, Target::Other(_)));
        let written = serde_json::to_value(&read).unwrap();
        assert_eq!(written, serde_json::from_str::<Value>(text).unwrap());
    }
    // A type that is not a string is an error, not a panic.
    assert!(serde_json::from_str::<Target>(r#"{"@odata.type": 5}"#).is_err());
}

#[test]
fn base_properties_are_on_every_derived_type() {
    let body = json!({
        "@odata.type": "microsoft.graph.groupAssignmentTarget",
        "deviceAndAppManagementAssignmentFilterId": "f1",
        "deviceAndAppManagementAssignmentFilterType": "include",
        "groupId": "g1",
    });
    let Target::GroupAssignmentTarget(group) = serde_json::from_value(body).unwrap() else {
        panic!("a group target");
    };
    assert_eq!(
        group
            .base
            .device_and_app_management_assignment_filter_id
            .as_deref(),
        Some("f1")
    );
    assert_eq!(
        group.base.device_and_app_management_assignment_filter_type,
        Some(FilterType::Include)
    );
    assert!(group.extra.is_empty());
}

#[test]
fn the_abstract_base_is_read_and_written() {
    let body = json!({"@odata.type": "microsoft.graph.deviceAndAppManagementAssignmentTarget"});
    let read: Target = serde_json::from_value(body).unwrap();
    assert_eq!(read, Target::Base(TargetBase::default()));
    assert_eq!(
        serde_json::to_value(Target::Base(TargetBase::default())).unwrap(),
        json!({"@odata.type": "#microsoft.graph.deviceAndAppManagementAssignmentTarget"})
    );
    assert_eq!(
        TargetBase::ODATA_TYPE,
        "#microsoft.graph.deviceAndAppManagementAssignmentTarget"
    );
}

#[test]
fn unknown_subtypes_and_members_round_trip_exactly() {
    let future = json!({
        "@odata.type": "#microsoft.graph.someFutureTarget",
        "deviceAndAppManagementAssignmentFilterId": "f",
        "futureProperty": {"nested": [1, 2, {"x": null}]},
        "weight": 0.5,
    });
    let read: Target = serde_json::from_value(future.clone()).unwrap();
    assert!(matches!(&read, Target::Other(m) if m["futureProperty"]["nested"][1] == json!(2)));
    assert_eq!(serde_json::to_value(&read).unwrap(), future);

    // Without `#`, or without any type: still kept whole, spelling and all.
    for body in [
        json!({"@odata.type": "microsoft.graph.someFutureTarget", "a": 1}),
        json!({"groupId": "g"}),
    ] {
        let read: Target = serde_json::from_value(body.clone()).unwrap();
        assert!(matches!(read, Target::Other(_)));
        assert_eq!(serde_json::to_value(&read).unwrap(), body);
    }

    let assignment = json!({
        "@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment",
        "id": "1",
        "source": "someFutureSource",
        "target": {
            "@odata.type": "#microsoft.graph.groupAssignmentTarget",
            "groupId": "g",
            "deviceAndAppManagementAssignmentFilterType": "someFutureFilter",
            "futureTargetProperty": true
        },
        "futureProperty": [1, "two"]
    });
    let read: EnrollmentConfigurationAssignment = serde_json::from_value(assignment.clone()).unwrap();
    assert_eq!(read.source, Some(Source::Other("someFutureSource".into())));
    let Some(Target::GroupAssignmentTarget(group)) = &read.target else {
        panic!("a group target");
    };
    assert_eq!(
        group.base.device_and_app_management_assignment_filter_type,
        Some(FilterType::Other("someFutureFilter".into()))
    );
    assert_eq!(group.extra["futureTargetProperty"], json!(true));
    assert_eq!(read.base.extra["futureProperty"], json!([1, "two"]));
    assert_eq!(serde_json::to_value(&read).unwrap(), assignment);
}

#[test]
fn string_enums_use_member_names() {
    assert_eq!(
        serde_json::to_value(Source::PolicySets).unwrap(),
        json!("policySets")
    );
    assert_eq!(
        serde_json::from_value::<Source>(json!("direct")).unwrap(),
        Source::Direct
    );
    assert_eq!(FilterType::None.as_str(), "none");
    assert_eq!(FilterType::Exclude.to_string(), "exclude");
    assert!(serde_json::from_value::<Source>(json!(3)).is_err());
}

#[test]
fn null_reads_as_none() {
    let body = json!({
        "id": null,
        "source": null,
        "sourceId": null,
        "target": null,
    });
    let read: EnrollmentConfigurationAssignment = serde_json::from_value(body).unwrap();
    assert_eq!(read, EnrollmentConfigurationAssignment::default());
}

#[test]
fn from_each_variant() {
    let targets: Vec<Target> = vec![
        AllDevicesAssignmentTarget::default().into(),
        AllLicensedUsersAssignmentTarget::default().into(),
        GroupAssignmentTarget::default().into(),
        ExclusionGroupAssignmentTarget::default().into(),
        ConfigurationManagerCollectionAssignmentTarget::default().into(),
        TargetBase::default().into(),
    ];
    let types: Vec<String> = targets
        .iter()
        .map(|t| {
            serde_json::to_value(t).unwrap()["@odata.type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        types,
        [
            "#microsoft.graph.allDevicesAssignmentTarget",
            "#microsoft.graph.allLicensedUsersAssignmentTarget",
            "#microsoft.graph.groupAssignmentTarget",
            "#microsoft.graph.exclusionGroupAssignmentTarget",
            "#microsoft.graph.configurationManagerCollectionAssignmentTarget",
            "#microsoft.graph.deviceAndAppManagementAssignmentTarget",
        ]
    );
}
