//! Models generated from Graph's v1.0 schema (by `build.rs`, with the
//! generator's library, as the binary would): the closure of
//! `deviceManagement`, `user`, `group`, `deviceCompliancePolicy` and
//! `enrollmentConfigurationAssignment` compiles, and the docs' payloads of
//! those types round-trip through it.

use graph_resource_tests::{canonical_types, payload, payload_names};
use serde_json::Value;

#[allow(
    dead_code,
    clippy::enum_variant_names,
    clippy::large_enum_variant,
    clippy::upper_case_acronyms,
    missing_docs,
    unreachable_pub
)]
mod v1 {
    include!(concat!(env!("OUT_DIR"), "/generated_v1.rs"));
}

fn objects<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            if map.contains_key("@odata.type") {
                out.push(v);
            }
            map.values().for_each(|c| objects(c, out));
        }
        Value::Array(items) => items.iter().for_each(|c| objects(c, out)),
        _ => {}
    }
}

#[test]
fn the_docs_payloads_round_trip_through_the_generated_types() {
    let (mut assignments, mut targets) = (0, 0);
    for name in payload_names() {
        let Ok(body) = serde_json::from_str::<Value>(&payload(&name)) else {
            continue;
        };
        let mut found = Vec::new();
        objects(&body, &mut found);
        for object in found {
            let t = object["@odata.type"]
                .as_str()
                .unwrap_or("")
                .trim_start_matches('#');
            let mut expected = object.clone();
            canonical_types(&mut expected);
            let written = if t == "microsoft.graph.enrollmentConfigurationAssignment" {
                assignments += 1;
                let read: v1::EnrollmentConfigurationAssignment =
                    serde_json::from_value(object.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
                serde_json::to_value(&read).unwrap()
            } else if t.ends_with("AssignmentTarget") {
                targets += 1;
                let read: v1::DeviceAndAppManagementAssignmentTarget =
                    serde_json::from_value(object.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(
                    !matches!(read, v1::DeviceAndAppManagementAssignmentTarget::Other(_)),
                    "{name}: {t} is a v1.0 type"
                );
                serde_json::to_value(&read).unwrap()
            } else {
                continue;
            };
            assert_eq!(written, expected, "{name}");
        }
    }
    assert_eq!(
        (assignments, targets),
        (10, 26),
        "every such object of the corpus"
    );
}

#[test]
fn a_generated_polymorphic_family_reads_each_type_into_its_variant() {
    let policy: v1::DeviceCompliancePolicy = serde_json::from_value(serde_json::json!({
        "@odata.type": "#microsoft.graph.iosCompliancePolicy",
        "id": "p1",
        "displayName": "iOS baseline",
        "passcodeRequired": true,
        "osMinimumVersion": "17.0"
    }))
    .unwrap();
    let v1::DeviceCompliancePolicy::IosCompliancePolicy(ios) = &policy else {
        panic!("an iOS policy: {policy:?}");
    };
    assert_eq!(ios.passcode_required, Some(true));
    assert_eq!(ios.base.display_name.as_deref(), Some("iOS baseline"));
    assert_eq!(ios.base.base.id.as_deref(), Some("p1"));
}
