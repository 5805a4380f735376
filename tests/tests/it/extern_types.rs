//! A generated module that holds a program's own type (`extern_type`): the
//! beta excerpt's enrollment configurations, whose expanded `assignments`
//! are `graph_resource_models::EnrollmentConfigurationAssignment`, the
//! seed's resource as written with the attribute.

#[allow(dead_code, clippy::large_enum_variant, missing_docs, unreachable_pub)]
mod models {
    include!(concat!(env!("OUT_DIR"), "/beta_extern.rs"));
}

use graph_resource_models::{DeviceAndAppManagementAssignmentTarget, EnrollmentConfigurationAssignment};
use models::beta_extern::DeviceEnrollmentConfiguration;

#[test]
fn an_expanded_navigation_property_decodes_into_the_programs_type() {
    let text = r##"{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration","id":"c1","limit":5,
        "assignments":[{"id":"a1","source":"direct","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g1"}}]}"##;
    let config: DeviceEnrollmentConfiguration = serde_json::from_str(text).unwrap();
    let DeviceEnrollmentConfiguration::DeviceEnrollmentLimitConfiguration(limit) = &config else {
        panic!("a limit configuration: {config:?}");
    };
    assert_eq!(limit.limit, Some(5));
    let assignments: Vec<EnrollmentConfigurationAssignment> = limit
        .base
        .assignments
        .as_ref()
        .expect("expanded")
        .decode()
        .unwrap();
    assert_eq!(assignments.len(), 1);
    assert_eq!(assignments[0].id(), Some("a1"));
    assert!(
        matches!(&assignments[0].target, Some(DeviceAndAppManagementAssignmentTarget::GroupAssignmentTarget(g))
            if g.group_id.as_deref() == Some("g1")),
        "{:?}",
        assignments[0].target
    );
    // Written back as it came.
    let again: serde_json::Value = serde_json::to_value(&config).unwrap();
    assert_eq!(again, serde_json::from_str::<serde_json::Value>(text).unwrap());
}
