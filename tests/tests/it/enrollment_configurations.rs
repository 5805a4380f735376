//! The models' `deviceEnrollmentConfiguration` family: the docs' example of
//! each derived type round-trips, every member reads into its variant, and
//! the seed's flow (list, pick one by type, assign it) runs whole.

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Expanded, ResourcePath};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, DeviceAndAppManagementAssignmentTarget,
    DeviceEnrollmentConfiguration, DeviceEnrollmentConfigurationPath, DeviceEnrollmentConfigurationType,
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath, Enablement,
    EnrollmentConfigurationAssignment, GroupAssignmentTarget, UsersDeviceEnrollmentConfigurationsPath,
};
use graph_resource_tests::{canonical_types, payload, payload_names};
use serde_json::{Value, json};

/// The properties the service computes (`Core.Computed` in the excerpt the
/// models are generated from): read, never written.
const READ_ONLY: [&str; 3] = ["createdDateTime", "lastModifiedDateTime", "version"];

#[test]
fn the_docs_example_of_each_derived_type_round_trips() {
    let mut seen = Vec::new();
    for name in payload_names() {
        if !name.contains("-get--response-200--contrib-") || !name.contains("configuration-get") {
            continue;
        }
        let body: Value = serde_json::from_str(&payload(&name)).unwrap();
        let item = &body["value"];
        let read: DeviceEnrollmentConfiguration =
            serde_json::from_value(item.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !matches!(read, DeviceEnrollmentConfiguration::Other(_)),
            "{name}: a type the model knows"
        );
        // Written back: everything but the read-only properties, types with `#`.
        let mut expected = item.clone();
        canonical_types(&mut expected);
        for key in READ_ONLY {
            expected.as_object_mut().unwrap().remove(key);
        }
        assert_eq!(serde_json::to_value(&read).unwrap(), expected, "{name}");
        // The read-only ones were read, with the docs' values.
        let base = base_of(&mut read.clone()).cloned().unwrap();
        assert_eq!(base.id(), item["id"].as_str(), "{name}");
        assert_eq!(
            base.created_date_time.map(|t| t.to_string()).as_deref(),
            Some("2017-01-01T00:02:43.5775965-08:00"),
            "{name}"
        );
        assert_eq!(base.version, Some(7), "{name}");
        seen.push(item["@odata.type"].as_str().unwrap().to_owned());
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "#microsoft.graph.deviceComanagementAuthorityConfiguration",
            "#microsoft.graph.deviceEnrollmentLimitConfiguration",
            "#microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration",
            "#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration",
            "#microsoft.graph.deviceEnrollmentWindowsHelloForBusinessConfiguration",
            "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration",
        ],
        "one docs example per derived type"
    );
}

fn family() -> Vec<serde_json::Value> {
    vec![
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentLimitConfiguration", "id": "limit1",
               "displayName": "Limit", "priority": 1, "deviceEnrollmentConfigurationType": "limit", "limit": 5,
               "createdDateTime": "2024-05-01T10:00:00.0000000Z", "version": 2}),
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentWindowsHelloForBusinessConfiguration", "id": "whfb1",
               "state": "enabled", "pinMinimumLength": 6, "pinUppercaseCharactersUsage": "allowed"}),
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration", "id": "pr1",
               "macOSRestriction": {"platformBlocked": true, "blockedManufacturers": ["x"]}}),
        json!({"@odata.type": "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration", "id": "esp1",
               "showInstallationProgress": true, "selectedMobileAppIds": ["a1"]}),
        json!({"@odata.type": "#microsoft.graph.deviceComanagementAuthorityConfiguration", "id": "co1",
               "installConfigurationManagerAgent": true, "managedDeviceAuthority": 1}),
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration", "id": "one1",
               "platformType": "android", "platformRestriction": {"osMinimumVersion": "12"}}),
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentNotificationConfiguration", "id": "n1",
               "brandingOptions": "includeCompanyLogo"}),
    ]
}

#[test]
fn every_member_of_the_family_reads_into_its_variant_and_writes_back() {
    for item in family() {
        let config: DeviceEnrollmentConfiguration = serde_json::from_value(item.clone()).unwrap();
        let back = serde_json::to_value(&config).unwrap();
        if matches!(config, DeviceEnrollmentConfiguration::Other(_)) {
            assert_eq!(back, item, "an unknown type is kept whole");
            continue;
        }
        assert_eq!(back["@odata.type"], item["@odata.type"]);
        // Read-only properties are read, never written.
        for read_only in READ_ONLY {
            assert!(back.get(read_only).is_none(), "{back}");
        }
        // Everything else comes back the same.
        let mut again: DeviceEnrollmentConfiguration = serde_json::from_value(back).unwrap();
        let mut original = config.clone();
        for c in [&mut again, &mut original] {
            if let Some(base) = base_of(c) {
                (base.created_date_time, base.last_modified_date_time, base.version) = (None, None, None);
            }
        }
        assert_eq!(again, original, "{item}");
    }
    let limit: DeviceEnrollmentConfiguration = serde_json::from_value(family()[0].clone()).unwrap();
    let DeviceEnrollmentConfiguration::DeviceEnrollmentLimitConfiguration(limit) = limit else {
        panic!("a limit configuration")
    };
    assert_eq!(
        limit.base.device_enrollment_configuration_type,
        Some(DeviceEnrollmentConfigurationType::Limit)
    );
    assert_eq!(limit.base.version, Some(2));
    let whfb: DeviceEnrollmentConfiguration = serde_json::from_value(family()[1].clone()).unwrap();
    assert!(
        matches!(whfb, DeviceEnrollmentConfiguration::DeviceEnrollmentWindowsHelloForBusinessConfiguration(w) if w.state == Some(Enablement::Enabled))
    );
}

/// `$expand=assignments`: the docs' limit configuration with the docs'
/// list of assignments in it. The assignments are read on `decode`, and a
/// configuration written with them (`Expanded::new`) carries them as given.
#[test]
fn expanded_assignments_decode_and_write_back() {
    let mut item = serde_json::from_str::<Value>(&payload(
        "beta--intune-onboarding-deviceenrollmentlimitconfiguration-get--response-200--contrib-0461a97-TRANSCRIBED.json",
    ))
    .unwrap()["value"]
        .take();
    let assignments = serde_json::from_str::<Value>(&payload(
        "beta--intune-onboarding-enrollmentconfigurationassignment-list--response-200.json",
    ))
    .unwrap()["value"]
        .take();
    item["assignments"] = assignments.clone();
    let DeviceEnrollmentConfiguration::DeviceEnrollmentLimitConfiguration(limit) =
        serde_json::from_value(item.clone()).unwrap()
    else {
        panic!("a limit configuration")
    };
    let expanded = limit.base.assignments.as_ref().expect("expanded");
    let read = expanded.decode().unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].source_id.as_deref(), Some("Source Id value"));
    assert!(matches!(
        &read[0].target,
        Some(DeviceAndAppManagementAssignmentTarget::ConfigurationManagerCollectionAssignmentTarget(t))
            if t.collection_id.as_deref() == Some("Collection Id value")
    ));
    // Written back as read: the assignments' JSON is not rewritten.
    assert_eq!(serde_json::to_value(&limit).unwrap()["assignments"], assignments);

    // Built from values: written as the values would be on their own.
    let mut config = limit.clone();
    config.base.assignments = Some(Expanded::new(&read).unwrap());
    let written = serde_json::to_value(&config).unwrap();
    assert_eq!(written["assignments"], serde_json::to_value(&read).unwrap());
    assert_eq!(
        format!("{:?}", config.base.assignments.unwrap()),
        format!("Expanded({:?})", serde_json::to_string(&read).unwrap())
    );
}

fn base_of(
    c: &mut DeviceEnrollmentConfiguration,
) -> Option<&mut graph_resource_models::DeviceEnrollmentConfigurationBase> {
    Some(match c {
        DeviceEnrollmentConfiguration::Base(x) => x,
        DeviceEnrollmentConfiguration::DeviceEnrollmentLimitConfiguration(x) => &mut x.base,
        DeviceEnrollmentConfiguration::DeviceEnrollmentPlatformRestrictionsConfiguration(x) => &mut x.base,
        DeviceEnrollmentConfiguration::DeviceEnrollmentWindowsHelloForBusinessConfiguration(x) => &mut x.base,
        DeviceEnrollmentConfiguration::Windows10EnrollmentCompletionPageConfiguration(x) => &mut x.base,
        DeviceEnrollmentConfiguration::DeviceComanagementAuthorityConfiguration(x) => &mut x.base,
        DeviceEnrollmentConfiguration::DeviceEnrollmentPlatformRestrictionConfiguration(x) => &mut x.base,
        DeviceEnrollmentConfiguration::Other(_) => return None,
    })
}

#[tokio::test]
async fn list_pick_one_by_type_and_assign_it() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/deviceManagement/deviceEnrollmentConfigurations", family());
    let client = emulator.client();
    let configurations = DeviceEnrollmentConfiguration::list(&client, DeviceEnrollmentConfigurationPath)
        .all()
        .await
        .unwrap();
    let limit_id = configurations
        .iter()
        .find_map(|c| match c {
            DeviceEnrollmentConfiguration::DeviceEnrollmentLimitConfiguration(l) => l.id().map(str::to_owned),
            _ => None,
        })
        .unwrap();
    let assignment = EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        target: Some(
            GroupAssignmentTarget {
                group_id: Some("g1".into()),
                ..Default::default()
            }
            .into(),
        ),
        ..Default::default()
    };
    let path = DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: &limit_id,
    };
    let created = assignment.create(&client, path).await.unwrap();
    assert!(created.id().is_some());
    let sent = emulator
        .requests()
        .into_iter()
        .rfind(|r| r.method == "POST")
        .unwrap();
    assert_eq!(
        sent.target,
        "/beta/deviceManagement/deviceEnrollmentConfigurations/limit1/assignments"
    );
    let user = UsersDeviceEnrollmentConfigurationsPath {
        users_id: "adele@contoso.com",
    };
    assert_eq!(
        user.render().unwrap(),
        "/users/adele%40contoso.com/deviceEnrollmentConfigurations"
    );
}
