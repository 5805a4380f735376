//! Actions and functions: their declarations against their documented
//! requests and answers, byte for byte, and the emulator answering as Graph
//! does.

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::odata::ODataLiteral;
use graph_resource::{Error, graph_resource};
use graph_resource_models::{
    AssignDeviceEnrollmentConfiguration, AssignDeviceEnrollmentConfigurationPath,
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath, EnrollmentConfigurationAssignment,
    GroupAssignmentTarget,
};
use graph_resource_tests::actions::{
    AssignCompliancePolicy, AssignCompliancePolicyPath, DeviceCompliancePolicyAssignment,
    GetOmaSettingPlainTextValue, GetOmaSettingPlainTextValuePath, SyncManagedDevice, SyncManagedDevicePath,
    WipeManagedDevice, WipeManagedDevicePath,
};
use graph_resource_tests::payload;
use serde_json::{Value, json};

fn docs(name: &str) -> Value {
    serde_json::from_str(&payload(name)).unwrap()
}

#[test]
fn action_bodies_are_the_parameters_byte_for_byte() {
    // The docs' requests, read into the parameters and written back.
    for (name, written) in [
        (
            "beta--intune-shared-deviceenrollmentconfiguration-assign--request.json",
            serde_json::to_value(
                serde_json::from_value::<AssignDeviceEnrollmentConfiguration>(docs(
                    "beta--intune-shared-deviceenrollmentconfiguration-assign--request.json",
                ))
                .unwrap(),
            ),
        ),
        (
            "beta--intune-shared-devicecompliancepolicy-assign--request.json",
            serde_json::to_value(
                serde_json::from_value::<AssignCompliancePolicy>(docs(
                    "beta--intune-shared-devicecompliancepolicy-assign--request.json",
                ))
                .unwrap(),
            ),
        ),
        (
            "beta--intune-devices-manageddevice-wipe--request--contrib-013aa22-TRANSCRIBED.json",
            serde_json::to_value(
                serde_json::from_value::<WipeManagedDevice>(docs(
                    "beta--intune-devices-manageddevice-wipe--request--contrib-013aa22-TRANSCRIBED.json",
                ))
                .unwrap(),
            ),
        ),
    ] {
        let mut expected = docs(name);
        graph_resource_tests::canonical_types(&mut expected);
        assert_eq!(
            written.unwrap(),
            expected,
            "{name}: no top-level @odata.type, nested ones kept"
        );
    }
}

#[tokio::test]
async fn assign_replaces_the_assignments_and_answers_204() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/deviceManagement/deviceEnrollmentConfigurations",
        [json!({"id": "c1"})],
    );
    let client = emulator.client();
    let groups = ["g1", "g2"].map(|g| EnrollmentConfigurationAssignment {
        target: Some(
            GroupAssignmentTarget {
                group_id: Some(g.into()),
                ..Default::default()
            }
            .into(),
        ),
        ..Default::default()
    });
    let () = AssignDeviceEnrollmentConfiguration {
        enrollment_configuration_assignments: Some(groups.to_vec()),
    }
    .call(
        &client,
        AssignDeviceEnrollmentConfigurationPath {
            device_enrollment_configuration_id: "c1",
        },
    )
    .await
    .unwrap();
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.target,
        "/beta/deviceManagement/deviceEnrollmentConfigurations/c1/assign"
    );
    assert_eq!(
        sent.json().unwrap(),
        json!({"enrollmentConfigurationAssignments": [
            {"@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment",
             "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "g1"}},
            {"@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment",
             "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "g2"}}]})
    );
    let listed = EnrollmentConfigurationAssignment::list(
        &client,
        DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
            device_enrollment_configuration_id: "c1",
        },
    )
    .all()
    .await
    .unwrap();
    assert_eq!(listed.len(), 2);
}

#[tokio::test]
async fn a_compliance_policys_assign_answers_its_assignments_in_value() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/deviceManagement/deviceCompliancePolicies",
        [json!({"id": "p1"})],
    );
    let parameters: AssignCompliancePolicy = serde_json::from_value(docs(
        "beta--intune-shared-devicecompliancepolicy-assign--request.json",
    ))
    .unwrap();
    let made: Vec<DeviceCompliancePolicyAssignment> = parameters
        .call(
            &emulator.client(),
            AssignCompliancePolicyPath {
                device_compliance_policy_id: "p1",
            },
        )
        .await
        .unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(
        made[0].id.as_deref(),
        Some("92dc3fef-3fef-92dc-ef3f-dc92ef3fdc92")
    );
    // The docs' answer reads the same way.
    let documented: Vec<DeviceCompliancePolicyAssignment> = graph_resource::odata::Returned::from_body(
        payload("beta--intune-shared-devicecompliancepolicy-assign--response-200--contrib-028b8e3-TRANSCRIBED.json")
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(documented, made);
}

#[tokio::test]
async fn device_actions_without_and_with_parameters() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let () = SyncManagedDevice {}
        .call(
            &client,
            SyncManagedDevicePath {
                managed_device_id: "d1",
            },
        )
        .await
        .unwrap();
    let sync = emulator.requests().pop().unwrap();
    assert_eq!(sync.target, "/beta/deviceManagement/managedDevices/d1/syncDevice");
    assert!(sync.body.is_empty(), "no parameters, no body");
    assert_eq!(sync.header("content-type"), None);
    WipeManagedDevice {
        keep_user_data: Some(true),
        ..Default::default()
    }
    .call(
        &client,
        WipeManagedDevicePath {
            managed_device_id: "d1",
        },
    )
    .await
    .unwrap();
    assert_eq!(
        emulator.requests().pop().unwrap().body,
        br#"{"keepUserData":true}"#[..]
    );
}

graph_resource::graph_path! {
    /// The wipe of a user's device: the same action at another address.
    pub struct UsersManagedDevicesWipePath for WipeManagedDevice =
        "/users/{userId}/managedDevices/{managedDeviceId}/wipe", call;
}

#[tokio::test]
async fn an_action_is_called_at_any_path_declared_for_it() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let wipe = WipeManagedDevice {
        keep_enrollment_data: Some(false),
        ..Default::default()
    };
    wipe.call(
        &client,
        UsersManagedDevicesWipePath {
            user_id: "adele@contoso.com",
            managed_device_id: "d 1",
        },
    )
    .await
    .unwrap();
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.target,
        "/beta/users/adele%40contoso.com/managedDevices/d%201/wipe"
    );
    assert_eq!(sent.body, br#"{"keepEnrollmentData":false}"#[..]);
}

#[tokio::test]
async fn a_function_takes_its_parameters_as_literals() {
    let emulator = Emulator::start().await.unwrap();
    emulator.answer_call(
        "getOmaSettingPlainTextValue",
        200,
        Some(docs(
            "beta--intune-deviceconfig-deviceconfiguration-getomasettingplaintextvalue--response-200--contrib-0b52ae1-TRANSCRIBED.json",
        )),
    );
    let value = GetOmaSettingPlainTextValue {
        secret_reference_value_id: "it's a/b?#".into(),
    }
    .call(
        &emulator.client(),
        GetOmaSettingPlainTextValuePath {
            device_configuration_id: "c1",
        },
    )
    .await
    .unwrap();
    assert_eq!(value, "Get Oma Setting Plain Text Value value");
    assert_eq!(
        emulator.requests().pop().unwrap().target,
        "/beta/deviceManagement/deviceConfigurations/c1/getOmaSettingPlainTextValue(secretReferenceValueId='it%27%27s%20a%2Fb%3F%23')"
    );
}

/// Every kind of literal, and an alias for a long one.
#[graph_resource(function = "/reports/{id}/report", returns = serde_json::Value)]
#[derive(Debug, Default)]
pub struct Report {
    pub name: String,
    pub count: i32,
    pub big: graph_resource::edm::Int64,
    pub on: bool,
    pub ratio: f64,
    pub id: graph_resource::edm::Guid,
    pub day: Option<graph_resource::edm::Date>,
    pub at: Option<graph_resource::edm::DateTimeOffset>,
    pub period: Option<graph_resource::edm::Duration>,
    pub state: Option<graph_resource_models::Enablement>,
    pub platforms: graph_resource::edm::Flags<PolicyPlatformType>,
    pub missing: Option<String>,
}

/// A flags enum, for a parameter that is a set of members.
#[graph_resource]
#[derive(Debug, Clone, PartialEq)]
pub enum PolicyPlatformType {
    Android,
    #[graph(rename = "macOS")]
    MacOs,
    Windows10,
}

#[tokio::test]
async fn function_literals_for_every_parameter_type() {
    let emulator = Emulator::start().await.unwrap();
    emulator.answer_call("report", 200, Some(json!({"value": 1})));
    let report = Report {
        name: "o'brien".into(),
        count: -3,
        big: graph_resource::edm::Int64(9_007_199_254_740_993),
        on: true,
        ratio: 0.5,
        id: "5d2a2e3c-4f50-6172-8394-a5b6c7d8e9f0".parse().unwrap(),
        day: Some("2024-05-01".parse().unwrap()),
        at: Some("2024-05-01T10:00:00+02:00".parse().unwrap()),
        period: Some("PT12H".parse().unwrap()),
        state: Some(graph_resource_models::Enablement::Enabled),
        platforms: [PolicyPlatformType::Android, PolicyPlatformType::MacOs]
            .into_iter()
            .collect(),
        missing: None,
    };
    report
        .call(&emulator.client(), ReportPath { id: "r1" })
        .await
        .unwrap();
    assert_eq!(
        emulator.requests().pop().unwrap().target,
        "/beta/reports/r1/report(name='o%27%27brien',count=-3,big=9007199254740993,on=true,ratio=0.5,\
         id=5d2a2e3c-4f50-6172-8394-a5b6c7d8e9f0,day=2024-05-01,at=2024-05-01T10%3A00%3A00%2B02%3A00,\
         period=duration'PT12H',state=microsoft.graph.enablement'enabled',\
         platforms=microsoft.graph.policyPlatformType'android%2CmacOS',missing=null)"
    );
    let long = Report {
        name: "x".repeat(120),
        ..Default::default()
    };
    long.call(&emulator.client(), ReportPath { id: "r1" })
        .await
        .unwrap();
    let target = emulator.requests().pop().unwrap().target;
    assert!(target.contains("(name=@name,count=0,"), "{target}");
    // In a query, the URL parser writes `'` as `%27`, which Graph reads the same.
    assert!(
        target.ends_with(&format!("?@name=%27{}%27", "x".repeat(120))),
        "{target}"
    );
    let mut literal = String::new();
    "a b".write_literal(&mut literal);
    assert_eq!(literal, "'a%20b'");
}

#[tokio::test]
async fn the_emulator_answers_unknown_routes_with_404_never_a_made_up_201() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let err = client
        .request(
            graph_resource::Method::POST,
            "/deviceManagement/managedDevices/{id}/frobnicate",
        )
        .value("id", "d1")
        .json(&json!({}))
        .send::<Value>()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(
        err.to_string()
            .contains("Resource not found for the segment 'frobnicate'"),
        "{err}"
    );
    let err = GetOmaSettingPlainTextValue::default()
        .call(
            &client,
            GetOmaSettingPlainTextValuePath {
                device_configuration_id: "c1",
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.as_u16() == 404),
        "{err:?}"
    );
}

#[tokio::test]
async fn actions_and_functions_go_in_batch_with_a_result_each() {
    let emulator = Emulator::start().await.unwrap();
    emulator.answer_call(
        "getOmaSettingPlainTextValue",
        200,
        Some(json!({"value": "plain"})),
    );
    let client = emulator.client();
    let devices = ["d1", "d2", "d3"].map(|d| {
        (
            SyncManagedDevicePath { managed_device_id: d },
            &SyncManagedDevice {},
        )
    });
    let synced = client.batch().call(&devices).await.unwrap();
    assert_eq!(synced.len(), 3);
    assert!(synced.iter().all(Result::is_ok), "{synced:?}");
    let batch = emulator.requests().pop().unwrap().json().unwrap();
    // Alone, `syncDevice` goes without a body; in `$batch` Graph refuses a
    // write without a body or `Content-Type`, so it carries `{}`.
    assert_eq!(
        batch["requests"][1],
        json!({
            "id": "1",
            "method": "POST",
            "url": "/deviceManagement/managedDevices/d2/syncDevice",
            "headers": {"Content-Type": "application/json"},
            "body": {},
        })
    );
    let lookup = GetOmaSettingPlainTextValue {
        secret_reference_value_id: "s'1".into(),
    };
    let read = client
        .batch()
        .call(&[(
            GetOmaSettingPlainTextValuePath {
                device_configuration_id: "c1",
            },
            &lookup,
        )])
        .await
        .unwrap();
    assert_eq!(read[0].as_deref().unwrap(), "plain");
    let batch = emulator.requests().pop().unwrap().json().unwrap();
    assert_eq!(
        batch["requests"][0]["url"],
        "/deviceManagement/deviceConfigurations/c1/getOmaSettingPlainTextValue(secretReferenceValueId='s%27%271')"
    );
}
