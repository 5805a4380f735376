//! Any model value survives a write and a read: assignments with arbitrary
//! sources, targets (known, derived, unknown) and kept properties.

use graph_resource::Properties;
use graph_resource_models::{
    AllDevicesAssignmentTarget, AllLicensedUsersAssignmentTarget,
    ConfigurationManagerCollectionAssignmentTarget, DeviceAndAppManagementAssignmentFilterType as FilterType,
    DeviceAndAppManagementAssignmentSource as Source, DeviceAndAppManagementAssignmentTarget as Target,
    DeviceAndAppManagementAssignmentTargetBase as TargetBase, EnrollmentConfigurationAssignment, Entity,
    ExclusionGroupAssignmentTarget, GroupAssignmentTarget,
};
use proptest::prelude::*;
use serde_json::Value;

// Strategies for arbitrary model values. Unknown members, types and keys are
// drawn so that they cannot collide with known ones, which would read back
// as the known thing.

fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(any::<String>())
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ]
}

fn extra() -> impl Strategy<Value = Properties> {
    proptest::collection::btree_map("x[A-Za-z0-9]{0,8}", json_leaf(), 0..3)
        .prop_map(|m| m.into_iter().collect())
}

fn source() -> impl Strategy<Value = Source> {
    prop_oneof![
        Just(Source::Direct),
        Just(Source::PolicySets),
        "future[A-Za-z]{0,8}".prop_map(Source::Other),
    ]
}

fn filter_type() -> impl Strategy<Value = FilterType> {
    prop_oneof![
        Just(FilterType::None),
        Just(FilterType::Include),
        Just(FilterType::Exclude),
        "future[A-Za-z]{0,8}".prop_map(FilterType::Other),
    ]
}

fn base() -> impl Strategy<Value = TargetBase> {
    (text(), proptest::option::of(filter_type()), extra()).prop_map(|(id, ty, extra)| TargetBase {
        device_and_app_management_assignment_filter_id: id,
        device_and_app_management_assignment_filter_type: ty,
        extra,
    })
}

/// A flattened base keeps no extra properties of its own: unknown keys go
/// to the outer struct's `extra`.
fn inner_base() -> impl Strategy<Value = TargetBase> {
    base().prop_map(|b| TargetBase {
        extra: Properties::new(),
        ..b
    })
}

fn target() -> impl Strategy<Value = Target> {
    prop_oneof![
        // A derived type without properties of its own keeps unknown ones
        // in its base's `extra`; one that derives from a type with derived
        // types, in that type's.
        base().prop_map(|base| Target::AllDevicesAssignmentTarget(AllDevicesAssignmentTarget { base })),
        base().prop_map(
            |base| Target::AllLicensedUsersAssignmentTarget(AllLicensedUsersAssignmentTarget { base })
        ),
        (text(), inner_base(), extra()).prop_map(|(group_id, base, extra)| Target::GroupAssignmentTarget(
            GroupAssignmentTarget {
                group_id,
                base,
                extra
            }
        )),
        (text(), inner_base(), extra()).prop_map(|(group_id, base, extra)| {
            Target::ExclusionGroupAssignmentTarget(ExclusionGroupAssignmentTarget {
                base: GroupAssignmentTarget {
                    group_id,
                    base,
                    extra,
                },
            })
        }),
        (text(), base()).prop_map(|(collection_id, base)| {
            Target::ConfigurationManagerCollectionAssignmentTarget(
                ConfigurationManagerCollectionAssignmentTarget { collection_id, base },
            )
        }),
        base().prop_map(Target::Base),
        ("#microsoft.graph.future[A-Za-z]{1,8}", extra()).prop_map(|(ty, mut m)| {
            m.insert("@odata.type".into(), Value::String(ty));
            Target::Other(m)
        }),
    ]
}

fn assignment() -> impl Strategy<Value = EnrollmentConfigurationAssignment> {
    (
        text(),
        proptest::option::of(source()),
        text(),
        proptest::option::of(target()),
        extra(),
    )
        .prop_map(
            |(id, source, source_id, target, extra)| EnrollmentConfigurationAssignment {
                base: Entity { id, extra },
                source,
                source_id,
                target,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn write_then_read_gives_the_same_value(value in assignment()) {
        let text = serde_json::to_string(&value).unwrap();
        let read: EnrollmentConfigurationAssignment = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(read, value);
    }
}
