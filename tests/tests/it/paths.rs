//! Typed paths: what the generated `<Struct>Path` renders, for chosen and
//! for arbitrary values.

use graph_resource::odata::GraphResource;
use graph_resource::{Error, ResourcePath, graph_resource};
use graph_resource_models::{
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath, EnrollmentConfigurationAssignmentPath,
};
use percent_encoding::percent_decode_str;
use proptest::prelude::*;

#[graph_resource(path = "/applications(appId='{appId}')/owners")]
#[derive(Debug, Default)]
struct Owner {
    id: Option<String>,
}

#[graph_resource(path = "/drives/{drive-id}/root:/{item-path}:/children")]
#[derive(Debug, Default)]
struct Child {
    id: Option<String>,
}

/// A polymorphic collection whose path type is named for the collection,
/// not for the enum (`path_type`), with its item path alias.
#[graph_resource(odata_type = "#microsoft.graph.user")]
#[derive(Debug, Clone, PartialEq, Default)]
struct Person {
    id: Option<String>,
}

#[graph_resource(path = "/users/{userId}/people", path_type = PeoplePath)]
#[derive(Debug, Clone, PartialEq)]
enum AnyPerson {
    Person(Person),
    #[graph(other)]
    Other(graph_resource::Properties),
}

#[test]
fn path_type_names_the_path_and_its_item_alias() {
    let people = PeoplePath { user_id: "a b" };
    assert_eq!(people.render().unwrap(), "/users/a%20b/people");
    let one: PeopleItemPath<'_> = people.item("p/1");
    assert_eq!(one.render().unwrap(), "/users/a%20b/people/p%2F1");
    let _: <AnyPerson as GraphResource>::Path<'_> = people;
}

fn seed(user: &str, config: &str) -> Result<String, Error> {
    EnrollmentConfigurationAssignmentPath {
        users_id: user,
        device_enrollment_configuration_id: config,
    }
    .render()
    .map_err(Error::from)
}

#[test]
fn template_and_fields_are_exposed() {
    use graph_resource_models::EnrollmentConfigurationAssignment;
    let t = <EnrollmentConfigurationAssignment as GraphResource>::PATH;
    assert_eq!(
        t.source(),
        "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments"
    );
    assert_eq!(
        t.placeholders().collect::<Vec<_>>(),
        ["usersId", "deviceEnrollmentConfigurationId"]
    );
    assert_eq!(
        DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
            device_enrollment_configuration_id: "c/1"
        }
        .render()
        .unwrap(),
        "/deviceManagement/deviceEnrollmentConfigurations/c%2F1/assignments"
    );
}

#[test]
fn table() {
    let cases = [
        (
            "user@contoso.com",
            "c1",
            "/users/user%40contoso.com/deviceEnrollmentConfigurations/c1/assignments",
        ),
        (
            "adele_contoso.com#EXT#@fabrikam.onmicrosoft.com",
            "7a8e0f3c-9d2b-4c1e-8f6a-2b3c4d5e6f70",
            "/users/adele_contoso.com%23EXT%23%40fabrikam.onmicrosoft.com/deviceEnrollmentConfigurations/7a8e0f3c-9d2b-4c1e-8f6a-2b3c4d5e6f70/assignments",
        ),
        (
            "a/b",
            "?x=1",
            "/users/a%2Fb/deviceEnrollmentConfigurations/%3Fx%3D1/assignments",
        ),
        (
            "100%",
            "a b",
            "/users/100%25/deviceEnrollmentConfigurations/a%20b/assignments",
        ),
        (
            "Zoë",
            "日本",
            "/users/Zo%C3%AB/deviceEnrollmentConfigurations/%E6%97%A5%E6%9C%AC/assignments",
        ),
        (
            "\n\t",
            "'",
            "/users/%0A%09/deviceEnrollmentConfigurations/%27/assignments",
        ),
        (
            "...",
            "a..b",
            "/users/.../deviceEnrollmentConfigurations/a..b/assignments",
        ),
    ];
    for (user, config, want) in cases {
        assert_eq!(seed(user, config).unwrap(), want, "{user:?} {config:?}");
    }
    assert_eq!(
        OwnerPath { app_id: "it's" }.render().unwrap(),
        "/applications(appId='it%27%27s')/owners"
    );
    assert_eq!(
        ChildPath {
            drive_id: "b!x",
            item_path: "Reports/2026/Q1 #final.xlsx"
        }
        .render()
        .unwrap(),
        "/drives/b%21x/root:/Reports/2026/Q1%20%23final.xlsx:/children"
    );
}

#[test]
fn values_that_would_change_the_shape_are_errors() {
    for (user, config) in [("", "c"), ("u", ""), (".", "c"), ("u", "..")] {
        let err = seed(user, config).unwrap_err();
        assert!(matches!(err, Error::InvalidPath(_)), "{user:?} {config:?}: {err}");
        let text = err.to_string();
        assert!(
            text.contains("{usersId}") || text.contains("{deviceEnrollmentConfigurationId}"),
            "{text}"
        );
    }
    for item in ["", "/a", "a/", "a//b", "a/../b", "./a"] {
        let err = ChildPath {
            drive_id: "d",
            item_path: item,
        }
        .render()
        .unwrap_err();
        assert!(err.to_string().contains("{item-path}"), "{item:?}: {err}");
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8().expect("UTF-8").into_owned()
}

proptest! {
    #[test]
    fn any_values_keep_the_template_shape(user in "\\PC{1,40}|[/?#% .']{1,5}", config in any::<String>()) {
        prop_assume!(!config.is_empty() && config != "." && config != "..");
        prop_assume!(user != "." && user != "..");
        let rendered = seed(&user, &config).unwrap();
        let segments: Vec<&str> = rendered.split('/').collect();
        prop_assert_eq!(segments.len(), 6);
        prop_assert_eq!(segments[0], "");
        prop_assert_eq!(segments[1], "users");
        prop_assert_eq!(segments[3], "deviceEnrollmentConfigurations");
        prop_assert_eq!(segments[5], "assignments");
        prop_assert_eq!(decode(segments[2]), user);
        prop_assert_eq!(decode(segments[4]), config);
        let outside_path_syntax = |b: u8| !b.is_ascii_graphic() || br#"?#\"<>`{}|^"#.contains(&b);
        prop_assert!(!rendered.bytes().any(outside_path_syntax), "{}", rendered);
    }

    #[test]
    fn any_quoted_key_decodes_back(app in any::<String>()) {
        prop_assume!(!app.is_empty());
        let rendered = OwnerPath { app_id: &app }.render().unwrap();
        let inner = rendered
            .strip_prefix("/applications(appId='")
            .and_then(|r| r.strip_suffix("')/owners"))
            .expect("the literal text around the value is intact");
        prop_assert!(!inner.contains('/') && !inner.contains('\''));
        prop_assert_eq!(decode(inner).replace("''", "'"), app);
    }
}
