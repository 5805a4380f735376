//! One type of a polymorphic family read alone: a derived struct refuses an
//! item of another type, naming both; a `base` struct keeps the item's real
//! type and writes it back.

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Error, Properties, ResourcePath, graph_resource};
use graph_resource_models::DeviceEnrollmentConfigurationBase;
use serde_json::json;

const COLLECTION: &str = "/deviceManagement/deviceEnrollmentConfigurations";

/// A derived type, used on the family's own collection.
#[graph_resource(path = "/deviceManagement/deviceEnrollmentConfigurations")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Windows10EnrollmentCompletionPageConfiguration {
    pub id: Option<String>,
    pub show_installation_progress: Option<bool>,
}

/// The family's base type, on the same collection.
#[graph_resource(
    path = "/deviceManagement/deviceEnrollmentConfigurations",
    odata_type = "#microsoft.graph.deviceEnrollmentConfiguration",
    base
)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnrollmentConfiguration {
    pub id: Option<String>,
    pub display_name: Option<String>,
    #[graph(extra)]
    pub extra: Properties,
}

fn limit() -> serde_json::Value {
    json!({"@odata.type": "#microsoft.graph.deviceEnrollmentLimitConfiguration", "id": "l1", "displayName": "Limit", "limit": 5})
}

#[tokio::test]
async fn a_get_through_a_derived_struct_of_another_type_is_an_error_naming_both() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(COLLECTION, [limit()]);
    let path = Windows10EnrollmentCompletionPageConfigurationPath.item("l1");
    let err = Windows10EnrollmentCompletionPageConfiguration::get(&emulator.client(), path)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("`#microsoft.graph.deviceEnrollmentLimitConfiguration`")
            && text.contains("`#microsoft.graph.windows10EnrollmentCompletionPageConfiguration`"),
        "{text}"
    );
}

#[test]
fn a_derived_struct_reads_its_own_type_in_any_spelling() {
    for name in [
        "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration",
        "microsoft.graph.windows10EnrollmentCompletionPageConfiguration",
        "#Microsoft.Graph.Windows10EnrollmentCompletionPageConfiguration",
    ] {
        let page: Windows10EnrollmentCompletionPageConfiguration =
            serde_json::from_value(json!({"@odata.type": name, "showInstallationProgress": true})).unwrap();
        assert_eq!(page.show_installation_progress, Some(true), "{name}");
    }
    // Escapes are read as the characters they stand for.
    let escaped =
        r#"{"@odata.type": "\u0023microsoft.graph.windows10Enrollment\u0043ompletionPageConfiguration"}"#;
    serde_json::from_str::<Windows10EnrollmentCompletionPageConfiguration>(escaped).unwrap();
    let err = serde_json::from_value::<Windows10EnrollmentCompletionPageConfiguration>(
        json!({"@odata.type": "#microsoft.graph.windows10EnrollmentCompletionPageConfigurationX"}),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("not a `#microsoft.graph.windows10EnrollmentCompletionPageConfiguration`"),
        "{err}"
    );
}

#[tokio::test]
async fn a_base_struct_keeps_the_real_type_and_an_update_sends_it() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(COLLECTION, [limit()]);
    let client = emulator.client();
    let mut items = EnrollmentConfiguration::list(&client, EnrollmentConfigurationPath)
        .all()
        .await
        .unwrap();
    let mut item = items.pop().unwrap();
    assert_eq!(
        serde_json::to_value(&item).unwrap(),
        limit(),
        "written back with its real type and its derived property"
    );
    item.display_name = Some("Renamed".into());
    item.update(&client, EnrollmentConfigurationPath.item("l1"))
        .await
        .unwrap();
    let patch = emulator
        .requests()
        .into_iter()
        .rfind(|r| r.method == "PATCH")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        patch["@odata.type"], "#microsoft.graph.deviceEnrollmentLimitConfiguration",
        "never the base's: {patch}"
    );
    assert_eq!(emulator.items(COLLECTION)[0]["limit"], 5);
}

#[test]
fn a_base_struct_of_its_own_type_writes_its_own() {
    let own = json!({"@odata.type": "#microsoft.graph.deviceEnrollmentConfiguration", "id": "b1"});
    let read: EnrollmentConfiguration = serde_json::from_value(own.clone()).unwrap();
    assert!(read.extra.is_empty(), "nothing kept for its own type");
    assert_eq!(serde_json::to_value(&read).unwrap(), own);
    // The model's base type is a `base` struct too: it writes the derived
    // type it read, and what it does not name from its `extra`.
    let model: DeviceEnrollmentConfigurationBase = serde_json::from_value(limit()).unwrap();
    assert_eq!(serde_json::to_value(&model).unwrap(), limit());
}

/// A derived type used alone, its path a type cast on its family's
/// collection: `list` asks Graph for that type only, `get` reads through it.
#[graph_resource(
    path = "/deviceManagement/deviceEnrollmentConfigurations/microsoft.graph.deviceEnrollmentLimitConfiguration"
)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceEnrollmentLimitConfiguration {
    pub id: Option<String>,
    pub limit: Option<i32>,
}

#[tokio::test]
async fn a_derived_struct_with_a_cast_path_lists_and_gets_only_its_type() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        COLLECTION,
        [
            limit(),
            json!({"@odata.type": "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration", "id": "w1"}),
        ],
    );
    let client = emulator.client();
    let limits = DeviceEnrollmentLimitConfiguration::list(&client, DeviceEnrollmentLimitConfigurationPath)
        .all()
        .await
        .unwrap();
    assert_eq!(limits.len(), 1, "only its type, no error for the other");
    assert_eq!(limits[0].limit, Some(5));
    let one =
        DeviceEnrollmentLimitConfiguration::get(&client, DeviceEnrollmentLimitConfigurationPath.item("l1"))
            .await
            .unwrap();
    assert_eq!(one.id.as_deref(), Some("l1"));
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(
        sent.target,
        "/beta/deviceManagement/deviceEnrollmentConfigurations/microsoft.graph.deviceEnrollmentLimitConfiguration/l1"
    );
    // An item of another type is not found through the cast, as Graph answers.
    let err =
        DeviceEnrollmentLimitConfiguration::get(&client, DeviceEnrollmentLimitConfigurationPath.item("w1"))
            .await
            .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}
