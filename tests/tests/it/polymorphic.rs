//! A polymorphic enum with a path: every operation takes and returns the
//! enum, each item read into its variant, unknown subtypes kept whole.

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Properties, ResourcePath, graph_path, graph_resource};
use serde_json::json;

/// The base type's properties.
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceEnrollmentConfiguration {
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub priority: Option<i32>,
}

#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceEnrollmentLimitConfiguration {
    #[graph(flatten)]
    pub base: DeviceEnrollmentConfiguration,
    pub limit: Option<i32>,
}

#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Windows10EnrollmentCompletionPageConfiguration {
    #[graph(flatten)]
    pub base: DeviceEnrollmentConfiguration,
    pub show_installation_progress: Option<bool>,
}

#[graph_resource(path = "/deviceManagement/deviceEnrollmentConfigurations")]
#[derive(Debug, Clone, PartialEq)]
pub enum EnrollmentConfiguration {
    Limit(DeviceEnrollmentLimitConfiguration),
    CompletionPage(Windows10EnrollmentCompletionPageConfiguration),
    #[graph(other)]
    Other(Properties),
}

graph_path! {
    /// The same configurations, through a user.
    pub struct UserConfigurationsPath for EnrollmentConfiguration =
        "/users/{usersId}/deviceEnrollmentConfigurations";
}

const COLLECTION: &str = "/deviceManagement/deviceEnrollmentConfigurations";

fn mixed() -> Vec<serde_json::Value> {
    vec![
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentLimitConfiguration", "id": "l1", "displayName": "Limit", "limit": 5}),
        json!({"@odata.type": "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration", "id": "w1", "showInstallationProgress": true}),
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration", "id": "p1", "androidRestriction": {"platformBlocked": false}}),
    ]
}

#[tokio::test]
async fn a_list_reads_each_item_into_its_variant_and_keeps_unknown_ones_whole() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(COLLECTION, mixed());
    let items = EnrollmentConfiguration::list(&emulator.client(), EnrollmentConfigurationPath)
        .all()
        .await
        .unwrap();
    assert!(
        matches!(&items[0], EnrollmentConfiguration::Limit(l) if l.limit == Some(5) && l.base.display_name.as_deref() == Some("Limit"))
    );
    assert!(
        matches!(&items[1], EnrollmentConfiguration::CompletionPage(c) if c.show_installation_progress == Some(true))
    );
    let EnrollmentConfiguration::Other(unknown) = &items[2] else {
        panic!("an unknown subtype lands in Other: {:?}", items[2]);
    };
    assert_eq!(
        serde_json::to_value(unknown).unwrap(),
        mixed()[2],
        "written back unchanged"
    );
}

#[tokio::test]
async fn a_create_sends_the_variants_type_and_returns_the_enum() {
    let emulator = Emulator::start().await.unwrap();
    let new = EnrollmentConfiguration::from(DeviceEnrollmentLimitConfiguration {
        base: DeviceEnrollmentConfiguration {
            display_name: Some("Ten devices".into()),
            ..Default::default()
        },
        limit: Some(10),
    });
    let created = new
        .create(&emulator.client(), EnrollmentConfigurationPath)
        .await
        .unwrap();
    let EnrollmentConfiguration::Limit(limit) = &created else {
        panic!("the created item reads as its variant: {created:?}");
    };
    assert!(limit.base.id.is_some());
    let sent = emulator
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        sent["@odata.type"],
        "#microsoft.graph.deviceEnrollmentLimitConfiguration"
    );
}

#[tokio::test]
async fn get_update_and_delete_take_the_enum() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(COLLECTION, mixed());
    let client = emulator.client();
    let item = EnrollmentConfiguration::get(&client, EnrollmentConfigurationPath.item("w1"))
        .await
        .unwrap();
    assert!(matches!(item, EnrollmentConfiguration::CompletionPage(_)));
    let change = EnrollmentConfiguration::from(Windows10EnrollmentCompletionPageConfiguration {
        show_installation_progress: Some(false),
        ..Default::default()
    });
    change
        .update(&client, EnrollmentConfigurationPath.item("w1"))
        .set_null("displayName")
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
        patch,
        json!({"@odata.type": "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration", "showInstallationProgress": false, "displayName": null})
    );
    let refused = change
        .update(&client, EnrollmentConfigurationPath.item("w1"))
        .set_null("nope")
        .await
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("`nope` is not a property of EnrollmentConfiguration"),
        "{refused}"
    );
    EnrollmentConfiguration::delete(&client, EnrollmentConfigurationPath.item("l1"))
        .await
        .unwrap();
    assert_eq!(emulator.items(COLLECTION).len(), 2);
}

#[tokio::test]
async fn a_batch_and_another_path_take_the_enum_too() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let items: Vec<EnrollmentConfiguration> = (0..3)
        .map(|i| {
            DeviceEnrollmentLimitConfiguration {
                limit: Some(i),
                ..Default::default()
            }
            .into()
        })
        .collect();
    let path = UserConfigurationsPath {
        users_id: "adele@contoso.com",
    };
    let results = client.batch().create(path, &items).await.unwrap();
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(EnrollmentConfiguration::Limit(_))))
    );
    let listed = EnrollmentConfiguration::list(&client, path).all().await.unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(
        path.render().unwrap(),
        "/users/adele%40contoso.com/deviceEnrollmentConfigurations"
    );
}

/// A recursive family: a user's manager is a directory object, which may be
/// a user, so the variant boxes it.
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct User {
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub manager: Option<DirectoryObject>,
}

#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    pub id: Option<String>,
    pub display_name: Option<String>,
}

#[graph_resource]
#[derive(Debug, Clone, PartialEq)]
pub enum DirectoryObject {
    User(Box<User>),
    Group(Group),
    #[graph(other)]
    Other(Properties),
}

#[test]
fn boxed_variants_make_recursive_families() {
    let json = json!({
        "@odata.type": "#microsoft.graph.user",
        "id": "u1",
        "manager": {"@odata.type": "#microsoft.graph.user", "id": "u2", "displayName": "Lead"},
    });
    let user: User = serde_json::from_value(json.clone()).unwrap();
    let Some(DirectoryObject::User(manager)) = &user.manager else {
        panic!("the manager reads as a user: {:?}", user.manager);
    };
    assert_eq!(manager.display_name.as_deref(), Some("Lead"));
    assert_eq!(serde_json::to_value(&user).unwrap(), json);
    // Type after other keys: read from the buffered object.
    let late: DirectoryObject =
        serde_json::from_value(json!({"id": "u3", "@odata.type": "microsoft.graph.user"})).unwrap();
    assert!(matches!(late, DirectoryObject::User(u) if u.id.as_deref() == Some("u3")));
    assert_eq!(
        DirectoryObject::from(User::default()),
        DirectoryObject::User(Box::default())
    );
}

/// Objects whose type comes after other keys, read from text: each is read
/// whole and then into its variant, with everything an object read as it
/// streams has.
#[test]
fn an_object_typed_after_other_keys_reads_as_one_typed_first() {
    let text = r##"{"id": "u4", "manager": {"id": "u5", "@odata.type": "#microsoft.graph.user"},
        "unknown": [1, {"a": null}], "@odata.type": "#microsoft.graph.user"}"##;
    let DirectoryObject::User(user) = serde_json::from_str(text).unwrap() else {
        panic!("read into its variant");
    };
    assert_eq!(user.id.as_deref(), Some("u4"));
    assert!(matches!(&user.manager, Some(DirectoryObject::User(m)) if m.id.as_deref() == Some("u5")));
    // An unknown type is kept whole, type and all, written back typed first.
    let other = r##"{"id": "d1", "@odata.type": "#microsoft.graph.device", "n": 12345678901234567890}"##;
    let DirectoryObject::Other(kept) = serde_json::from_str(other).unwrap() else {
        panic!("kept as an unknown type");
    };
    assert_eq!(kept["@odata.type"], "#microsoft.graph.device");
    assert_eq!(kept.len(), 3);
    // No type at all: kept too, as the enum has an `other` variant.
    let untyped: DirectoryObject = serde_json::from_str(r#"{"id": "x"}"#).unwrap();
    assert!(matches!(untyped, DirectoryObject::Other(o) if o["id"] == "x"));
    // A bad property is reported once, at its place in the document read,
    // not in the text the object was put back together as.
    let err = serde_json::from_str::<DirectoryObject>(
        "{\n  \"id\": 5,\n  \"@odata.type\": \"#microsoft.graph.user\"\n}",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("invalid type: integer `5`, expected a string"),
        "{err}"
    );
    assert_eq!(err.matches(" at line ").count(), 1, "{err}");
    assert!(err.ends_with("at line 4 column 1"), "{err}");
}

#[tokio::test]
async fn a_list_of_one_derived_type_is_an_odata_type_cast() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(COLLECTION, mixed());
    let limits = EnrollmentConfiguration::list_of::<DeviceEnrollmentLimitConfiguration, _>(
        &emulator.client(),
        EnrollmentConfigurationPath,
    )
    .all()
    .await
    .unwrap();
    assert_eq!(limits.len(), 1);
    assert_eq!(limits[0].limit, Some(5));
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(
        sent.target,
        "/beta/deviceManagement/deviceEnrollmentConfigurations/microsoft.graph.deviceEnrollmentLimitConfiguration"
    );
}

/// The groups among a user's memberships: a type-cast segment in a template.
#[graph_resource(
    path = "/users/{usersId}/memberOf/microsoft.graph.group",
    odata_type = "#microsoft.graph.group"
)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MemberGroup {
    pub id: Option<String>,
    pub display_name: Option<String>,
}

#[tokio::test]
async fn a_type_cast_segment_in_a_template_lists_that_type() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/users/u1/memberOf",
        [
            json!({"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Admins"}),
            json!({"@odata.type": "#microsoft.graph.directoryRole", "id": "r1"}),
        ],
    );
    let groups = MemberGroup::list(&emulator.client(), MemberGroupPath { users_id: "u1" })
        .all()
        .await
        .unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].display_name.as_deref(), Some("Admins"));
}

/// A family whose variants are compiled by `#[cfg]`: as a generated crate
/// gates each derived type by the features that need it.
mod compiled_variants {
    use graph_resource::odata::PropertyNames;
    use graph_resource::{Properties, graph_resource};
    use serde_json::json;

    use super::{DeviceEnrollmentConfiguration, DeviceEnrollmentLimitConfiguration};

    #[graph_resource]
    #[derive(Debug, Clone, PartialEq)]
    pub enum Gated {
        #[cfg(test)]
        Limit(DeviceEnrollmentLimitConfiguration),
        // Compiled out: its type is never named, so it need not exist.
        #[cfg(not(test))]
        Missing(NoSuchType),
        #[graph(other)]
        Other(Properties),
    }

    #[test]
    fn a_variant_compiled_out_reads_as_other_and_adds_no_property() {
        let limit: Gated = serde_json::from_value(json!({
            "@odata.type": "#microsoft.graph.deviceEnrollmentLimitConfiguration", "id": "l1", "limit": 5
        }))
        .unwrap();
        assert_eq!(
            limit,
            Gated::Limit(DeviceEnrollmentLimitConfiguration {
                base: DeviceEnrollmentConfiguration {
                    id: Some("l1".into()),
                    ..Default::default()
                },
                limit: Some(5),
            })
        );
        let other: Gated =
            serde_json::from_value(json!({"@odata.type": "#microsoft.graph.noSuchType", "id": "n1"}))
                .unwrap();
        assert!(
            matches!(other, Gated::Other(ref p) if p["id"] == "n1"),
            "{other:?}"
        );
        assert_eq!(serde_json::to_value(&limit).unwrap()["limit"], 5);
        assert!(Gated::has_property("limit"));
        assert!(!Gated::has_property("noSuchProperty"));
        assert!(Gated::property_names().contains(&"limit"));
    }
}
