//! Models generated from Graph's v1.0 schema (by `build.rs`, with the
//! generator's library, as the binary would): the closure of
//! `deviceManagement`, `user`, `group`, `deviceCompliancePolicy`,
//! `enrollmentConfigurationAssignment` and every type of the corpus
//! payloads that v1.0 has compiles, and every payload object of those
//! types round-trips through it.

use graph_resource_tests::{canonical_types, payload, payload_names};
use serde_json::Value;

/// The generated modules, with the lints generated code is allowed.
#[allow(
    dead_code,
    clippy::enum_variant_names,
    clippy::large_enum_variant,
    clippy::upper_case_acronyms,
    missing_docs,
    unreachable_pub
)]
mod models {
    // `pub mod v1`, written by the generator's `Builder`.
    include!(concat!(env!("OUT_DIR"), "/v1.rs"));
    // `round_trip`: each OData type of `v1` read and written back.
    include!(concat!(env!("OUT_DIR"), "/v1_round_trip.rs"));
    // `pub mod beta`: the seed's family, generated from a beta excerpt
    // written from Graph's beta typings
    // (`tests/corpus/metadata/beta-enrollment-configuration-excerpt.xml`).
    include!(concat!(env!("OUT_DIR"), "/beta.rs"));
}

use models::{beta, v1};

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

/// `value` without its objects' `null` members, at any depth.
fn without_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(without_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(without_nulls),
        _ => {}
    }
}

#[test]
fn every_payload_object_of_a_v1_type_round_trips_through_its_generated_type() {
    let mut by_type: std::collections::BTreeMap<String, usize> = Default::default();
    let mut not_in_v1 = std::collections::BTreeSet::new();
    for name in payload_names() {
        let Ok(body) = serde_json::from_str::<Value>(&payload(&name)) else {
            continue; // the corpus's one invalid JSON file
        };
        let mut found = Vec::new();
        objects(&body, &mut found);
        for object in found {
            let t = object["@odata.type"]
                .as_str()
                .unwrap_or("")
                .trim_start_matches('#')
                .to_owned();
            let Some(written) = models::round_trip(&t, object.clone()) else {
                not_in_v1.insert(t);
                continue;
            };
            // Modelled objects are written with `#`, unknown properties as
            // they came: compared with every type spelled with `#`. A
            // property's `null` reads as `None`, which is left out: the
            // comparison is of what is not null.
            let mut expected = object.clone();
            canonical_types(&mut expected);
            without_nulls(&mut expected);
            let mut written = written.unwrap_or_else(|e| panic!("{name}: {t}: {e}"));
            canonical_types(&mut written);
            without_nulls(&mut written);
            assert_eq!(written, expected, "{name}: {t}");
            *by_type.entry(t).or_default() += 1;
        }
    }
    let total: usize = by_type.values().sum();
    eprintln!(
        "{total} objects of {} v1.0 types round-tripped; not in v1.0: {not_in_v1:?}",
        by_type.len()
    );
    // Every type of the corpus that v1.0 has (19, in 59 objects); the four
    // others are beta's only.
    assert_eq!((by_type.len(), total), (19, 59), "{by_type:?}");
    assert_eq!(
        not_in_v1.into_iter().collect::<Vec<_>>(),
        [
            "microsoft.graph.deviceComanagementAuthorityConfiguration",
            "microsoft.graph.deviceConfigurationGroupAssignment",
            "microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration",
            "microsoft.graph.embeddedSIMActivationCodePoolAssignment",
        ]
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

/// A navigation property is kept as its JSON when read (so that reading a
/// `user` compiles no reading code for what its navigation reaches), read
/// into its type on `decode`, and written back as it came.
#[test]
fn an_expanded_navigation_property_decodes_into_its_generated_type() {
    let text = r##"{"@odata.type":"#microsoft.graph.user","id":"u1","displayName":"Adele",
        "manager":{"@odata.type":"#microsoft.graph.user","id":"m1","displayName":"Megan"},
        "memberOf":[{"@odata.type":"#microsoft.graph.group","id":"g1","displayName":"Devices"},
                    {"@odata.type":"#microsoft.graph.administrativeUnit","id":"a1"}]}"##;
    let as_value: Value = serde_json::from_str(text).unwrap();
    // Read from the bytes, and from a `serde_json::Value` alike.
    for user in [
        serde_json::from_str::<v1::AnyUser>(text).unwrap(),
        serde_json::from_value::<v1::AnyUser>(as_value.clone()).unwrap(),
    ] {
        let v1::AnyUser::User(user) = &user else {
            panic!("a user: {user:?}");
        };
        let manager = user.manager.as_ref().expect("expanded").decode().unwrap();
        let v1::AnyDirectoryObject::User(manager) = &manager else {
            panic!("the manager is a user: {manager:?}");
        };
        assert_eq!(manager.display_name, "Megan".to_owned().into());
        let groups = user.member_of.as_ref().expect("expanded").decode().unwrap();
        assert!(
            matches!(&groups[..], [v1::AnyDirectoryObject::Group(g), v1::AnyDirectoryObject::AdministrativeUnit(_)]
                if g.display_name == "Devices".to_owned().into()),
            "{groups:?}"
        );
        assert!(user.direct_reports.is_none(), "not expanded: absent");
        // Written back as it came.
        assert_eq!(serde_json::to_value(user).unwrap(), as_value);
    }
    // JSON that is not of the property's type is an error on decode that
    // says what was found, not on the read of the user.
    let user: v1::User = serde_json::from_str(r#"{"manager": [1, 2]}"#).unwrap();
    let e = user.manager.unwrap().decode().unwrap_err();
    assert!(e.to_string().contains("invalid type: sequence"), "{e}");
}

/// The same property names, on the same type names, as the hand-written
/// models of `graph_resource_models` (its enrollment configurations; its
/// assignment targets are this excerpt's, generated).
#[test]
fn the_beta_excerpt_generates_the_hand_written_models_names_and_properties() {
    use graph_resource::odata::PropertyNames;
    use graph_resource_models as hand;

    fn same<H: PropertyNames, G: PropertyNames>(name: &str) {
        let (mut h, mut g) = (H::property_names(), G::property_names());
        h.sort_unstable();
        g.sort_unstable();
        assert_eq!(h, g, "{name}");
        assert_eq!(H::TYPE_NAME, G::TYPE_NAME, "{name}");
    }
    same::<hand::DeviceEnrollmentConfigurationBase, beta::DeviceEnrollmentConfigurationBase>("base");
    same::<hand::DeviceEnrollmentLimitConfiguration, beta::DeviceEnrollmentLimitConfiguration>("limit");
    same::<
        hand::DeviceEnrollmentPlatformRestrictionsConfiguration,
        beta::DeviceEnrollmentPlatformRestrictionsConfiguration,
    >("platform restrictions");
    same::<
        hand::DeviceEnrollmentWindowsHelloForBusinessConfiguration,
        beta::DeviceEnrollmentWindowsHelloForBusinessConfiguration,
    >("Windows Hello");
    same::<
        hand::Windows10EnrollmentCompletionPageConfiguration,
        beta::Windows10EnrollmentCompletionPageConfiguration,
    >("completion page");
    same::<hand::DeviceComanagementAuthorityConfiguration, beta::DeviceComanagementAuthorityConfiguration>(
        "co-management",
    );
    same::<
        hand::DeviceEnrollmentPlatformRestrictionConfiguration,
        beta::DeviceEnrollmentPlatformRestrictionConfiguration,
    >("one platform");
    same::<hand::DeviceEnrollmentPlatformRestriction, beta::DeviceEnrollmentPlatformRestriction>(
        "restriction",
    );
    same::<hand::EnrollmentConfigurationAssignment, beta::EnrollmentConfigurationAssignment>("assignment");
    // And the enums' members, each known to both.
    fn members<H, G>(names: &[&str])
    where
        H: serde::de::DeserializeOwned + std::fmt::Debug,
        G: serde::de::DeserializeOwned + std::fmt::Debug,
    {
        for m in names {
            let h: H = serde_json::from_value(Value::from(*m)).unwrap();
            let g: G = serde_json::from_value(Value::from(*m)).unwrap();
            assert!(!format!("{h:?}").starts_with("Other"), "{m}");
            assert!(!format!("{g:?}").starts_with("Other"), "{m}");
        }
    }
    members::<hand::DeviceEnrollmentConfigurationType, beta::DeviceEnrollmentConfigurationType>(&[
        "unknown",
        "limit",
        "platformRestrictions",
        "windowsHelloForBusiness",
        "defaultLimit",
        "defaultPlatformRestrictions",
        "defaultWindowsHelloForBusiness",
        "defaultWindows10EnrollmentCompletionPageConfiguration",
        "windows10EnrollmentCompletionPageConfiguration",
        "deviceComanagementAuthorityConfiguration",
        "singlePlatformRestriction",
        "unknownFutureValue",
        "enrollmentNotificationsConfiguration",
        "windowsRestore",
    ]);
    members::<hand::Enablement, beta::Enablement>(&["notConfigured", "enabled", "disabled"]);
    members::<hand::WindowsHelloForBusinessPinUsage, beta::WindowsHelloForBusinessPinUsage>(&[
        "allowed",
        "required",
        "disallowed",
    ]);
    members::<hand::EnrollmentRestrictionPlatformType, beta::EnrollmentRestrictionPlatformType>(&[
        "allPlatforms",
        "ios",
        "windows",
        "windowsPhone",
        "android",
        "androidForWork",
        "mac",
        "linux",
        "unknownFutureValue",
    ]);
}

/// An emulator and a client of its v1.0, which the generated models are.
async fn v1_emulator() -> (graph_resource::emulator::Emulator, graph_resource::Client) {
    let emulator = graph_resource::emulator::Emulator::start().await.unwrap();
    let client = graph_resource::Client::builder()
        .base_url(emulator.base_url_for("v1.0"))
        .token(graph_resource::StaticToken::new("t"))
        .build()
        .unwrap();
    (emulator, client)
}

#[tokio::test]
async fn the_generated_user_is_addressed_by_users_and_me() {
    use graph_resource::ResourcePath;
    let (emulator, client) = v1_emulator().await;
    emulator.insert(
        "/users",
        [serde_json::json!({"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Adele"})],
    );
    emulator.put_object(
        "/me",
        serde_json::json!({"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Adele"}),
    );
    // `/users`, the entity set, is the type's path: an app lists users.
    let users = v1::AnyUser::list(&client, v1::UserPath).all().await.unwrap();
    assert_eq!(users.len(), 1);
    let v1::AnyUser::User(adele) = v1::AnyUser::get(&client, v1::UserPath.item("u1")).await.unwrap() else {
        panic!("a user reads into the user variant");
    };
    assert_eq!(adele.display_name.as_deref(), Some("Adele"));
    // `/me`, the singleton, is one more path, to one object.
    let me = v1::AnyUser::get(&client, v1::MePath).await.unwrap();
    assert!(matches!(me, v1::AnyUser::User(_)), "{me:?}");
    let sent: Vec<String> = emulator.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(sent, ["/v1.0/users", "/v1.0/users/u1", "/v1.0/me"]);
}

#[tokio::test]
async fn every_generated_property_is_an_option_null_reads_as_none_and_set_null_clears() {
    use graph_resource::ResourcePath;
    let (emulator, client) = v1_emulator().await;
    emulator.insert(
        "/users",
        [serde_json::json!({"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Adele", "officeLocation": null})],
    );
    let v1::AnyUser::User(adele) = v1::AnyUser::get(&client, v1::UserPath.item("u1")).await.unwrap() else {
        panic!("a user reads into the user variant");
    };
    // Nullable in the schema or not, one rule: `None` is absent or null.
    assert_eq!(adele.office_location, None);
    assert_eq!(adele.mobile_phone, None);
    // A change is written `Some(x)`; what is `None` is not sent, and a
    // property is cleared by naming it.
    let change = v1::User {
        office_location: Some("18/2111".to_owned()),
        ..Default::default()
    };
    v1::AnyUser::from(change)
        .update(&client, v1::UserPath.item("u1"))
        .set_null("mobilePhone")
        .await
        .unwrap();
    let patch = emulator
        .requests()
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    let body: Value = serde_json::from_slice(&patch.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"@odata.type": "#microsoft.graph.user", "officeLocation": "18/2111", "mobilePhone": null})
    );
}

#[tokio::test]
async fn a_generated_collection_runs_a_delta_query_with_its_link() {
    use graph_resource::ops::Change;
    let (emulator, client) = v1_emulator().await;
    emulator.insert(
        "/groups",
        [serde_json::json!({"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Sales"})],
    );
    // A collection with a delta query has `delta`: a `Delta` stream that
    // keeps its link, not a function that would lose it.
    let mut delta = v1::Group::delta(&client, v1::GroupPath);
    let mut changed = 0;
    while let Some(change) = delta.next().await {
        assert!(matches!(change.unwrap(), Change::Changed(_)));
        changed += 1;
    }
    assert_eq!(changed, 1);
    let link = delta.delta_link().expect("the link to resume from").to_owned();
    assert_eq!(emulator.requests()[0].target, "/v1.0/groups/delta");
    // Resumed from the link, it reads only what changed since: nothing.
    let mut again = graph_resource::ops::Delta::<v1::Group>::resume(&client, &link);
    assert!(again.next().await.is_none());
    // `AnyUser`, the polymorphic enum of `user`, has one too, over `/users`.
    emulator.insert(
        "/users",
        [serde_json::json!({"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Adele"})],
    );
    let mut users = v1::AnyUser::delta(&client, v1::UserPath);
    let Some(Ok(Change::Changed(adele))) = users.next().await else {
        panic!("the one user, changed");
    };
    assert_eq!(adele.id(), Some("u1"));
    assert!(users.next().await.is_none());
    assert!(users.delta_link().is_some());
}
