//! The emulator answers as Graph does where a looser answer would hide a
//! client's bug: ids that need percent-encoding, actions on items that are
//! not there, `$select` beside `$expand`.

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Error, Method, ResourcePath};
use graph_resource_models::{AssignDeviceEnrollmentConfiguration, AssignDeviceEnrollmentConfigurationPath};
use serde_json::{Value, json};

use crate::fields::{User, UserPath};

#[tokio::test]
async fn an_id_that_needs_encoding_finds_its_item() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/users",
        [
            json!({"id": "u1", "userPrincipalName": "adele@contoso.com", "displayName": "Adele"}),
            json!({"id": "a/1 b#c", "displayName": "Odd"}),
        ],
    );
    let client = emulator.client();
    // A user by name, as Graph reads `/users/{id | userPrincipalName}`.
    let adele = User::get(&client, UserPath.item("adele@contoso.com"))
        .await
        .unwrap();
    assert_eq!(adele.id.as_deref(), Some("u1"));
    assert_eq!(
        emulator.requests().pop().unwrap().target,
        "/beta/users/adele%40contoso.com"
    );
    let odd = User::get(&client, UserPath.item("a/1 b#c")).await.unwrap();
    assert_eq!(odd.display_name.as_deref(), Some("Odd"));
    User {
        display_name: Some("Even".into()),
        ..Default::default()
    }
    .update(&client, UserPath.item("a/1 b#c"))
    .await
    .unwrap();
    assert_eq!(emulator.items("/users")[1]["displayName"], "Even");
    User::delete(&client, UserPath.item("a/1 b#c")).await.unwrap();
    assert_eq!(emulator.items("/users").len(), 1);
    let gone = User::get(&client, UserPath.item("a/1 b#c")).await.unwrap_err();
    assert_eq!(gone.status().map(|s| s.as_u16()), Some(404), "{gone}");
}

#[tokio::test]
async fn assign_on_an_item_that_is_not_there_is_404() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/deviceManagement/deviceEnrollmentConfigurations",
        [json!({"id": "c1"})],
    );
    let client = emulator.client();
    // No assignments: the configuration's are cleared.
    let assign = AssignDeviceEnrollmentConfiguration {
        enrollment_configuration_assignments: Some(Vec::new()),
    };
    assign
        .call(
            &client,
            AssignDeviceEnrollmentConfigurationPath {
                device_enrollment_configuration_id: "c1",
            },
        )
        .await
        .unwrap();
    let err = assign
        .call(
            &client,
            AssignDeviceEnrollmentConfigurationPath {
                device_enrollment_configuration_id: "nope",
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
async fn select_keeps_what_expand_names() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/users",
        [json!({"id": "u1", "displayName": "Adele", "jobTitle": "CEO", "manager": {"id": "m1"}})],
    );
    emulator.insert(
        "/deviceManagement/deviceEnrollmentConfigurations",
        [json!({"id": "c1", "displayName": "Limit"})],
    );
    emulator.insert(
        "/deviceManagement/deviceEnrollmentConfigurations/c1/assignments",
        [json!({"id": "a1"})],
    );
    let client = emulator.client();
    let read = |path: &'static str, select: &'static str, expand: &'static str| {
        let client = client.clone();
        async move {
            client
                .request(Method::GET, path)
                .option("$select", select)
                .option("$expand", expand)
                .send::<Value>()
                .await
                .unwrap()
        }
    };
    let user = read("/users/u1", "displayName", "manager($select=id)").await;
    assert_eq!(user["manager"], json!({"id": "m1"}), "{user}");
    assert!(user.get("jobTitle").is_none(), "{user}");
    let listed = read("/users", "displayName", "manager").await;
    assert_eq!(listed["value"][0]["manager"], json!({"id": "m1"}), "{listed}");
    // A contained collection the emulator keeps at its own path comes inline.
    let configuration = read(
        "/deviceManagement/deviceEnrollmentConfigurations/c1",
        "displayName",
        "assignments",
    )
    .await;
    assert_eq!(
        configuration["assignments"],
        json!([{"id": "a1"}]),
        "{configuration}"
    );
}

#[tokio::test]
async fn a_collection_nothing_was_put_in_lists_empty_and_an_unknown_segment_is_404() {
    let emulator = graph_resource::emulator::Emulator::start().await.unwrap();
    let client = graph_resource::emulator::EmulatorExt::client(&emulator);
    let groups: serde_json::Value = client
        .request(graph_resource::Method::GET, "/groups")
        .send()
        .await
        .unwrap();
    assert_eq!(groups["value"], serde_json::json!([]));
    let err = client
        .request(graph_resource::Method::GET, "/deviceManagement/frobnicate")
        .send::<serde_json::Value>()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

/// An item's `@odata.context` names its collection, as Graph writes it, so
/// that what a create answered equals what a read of the same item answers
/// (both keep the annotation with the item's other properties).
#[tokio::test]
async fn an_item_reads_back_as_its_create_answered() {
    use graph_resource_models::{
        DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
        EnrollmentConfigurationAssignmentPath,
    };
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let path = EnrollmentConfigurationAssignmentPath {
        users_id: "adele@contoso.com",
        device_enrollment_configuration_id: "c1",
    };
    let created = EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        ..Default::default()
    }
    .create(&client, path)
    .await
    .unwrap();
    let id = created.id().unwrap();
    let read = EnrollmentConfigurationAssignment::get(&client, path.item(id))
        .await
        .unwrap();
    assert_eq!(read, created);
    let context = read.base.extra["@odata.context"].as_str().unwrap();
    assert!(
        context.ends_with(
            "/$metadata#users/adele%40contoso.com/deviceEnrollmentConfigurations/c1/assignments/$entity"
        ),
        "{context}"
    );
}
