//! Field-level control: `default`, `read_only`, `skip` and `with`.

use graph_resource::edm::DateTimeOffset;
use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{ResourcePath, graph_resource};
use serde_json::json;

/// Writes a string in upper case and reads it back in lower case.
mod shouting {
    use serde::{Deserialize, Deserializer, Serializer};

    // A `with` module is given a reference to the field's own type.
    #[allow(clippy::ptr_arg)]
    pub fn serialize<S: Serializer>(value: &String, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_uppercase())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        String::deserialize(d).map(|s| s.to_lowercase())
    }
}

/// The same for an optional value: the module handles the field's type.
mod maybe_shouting {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => s.serialize_str(&v.to_uppercase()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Option::<String>::deserialize(d).map(|s| s.map(|s| s.to_lowercase()))
    }
}

#[graph_resource(path = "/users")]
#[derive(Debug, Default, PartialEq)]
pub struct User {
    pub id: Option<String>,
    pub display_name: Option<String>,
    #[graph(default)]
    pub business_phones: Vec<String>,
    #[graph(default)]
    pub account_enabled: bool,
    #[graph(read_only)]
    pub created_date_time: Option<DateTimeOffset>,
    #[graph(skip)]
    pub seen_locally: u32,
    #[graph(with = "shouting", default)]
    pub code: String,
    #[graph(with = "maybe_shouting", rename = "nick")]
    pub nickname: Option<String>,
}

/// The last `PATCH` the emulator received.
fn last_patch(emulator: &Emulator) -> graph_resource::emulator::RecordedRequest {
    emulator
        .requests()
        .into_iter()
        .rfind(|r| r.method == "PATCH")
        .expect("a PATCH was sent")
}

#[test]
fn a_sparse_select_reads_without_every_field_an_option() {
    let user: User = serde_json::from_str(r#"{"id": "u1", "displayName": "Adele"}"#).unwrap();
    assert_eq!(user.business_phones, Vec::<String>::new());
    assert!(!user.account_enabled);
    assert_eq!(user.code, "");
}

#[test]
fn a_read_only_field_is_read_and_never_written() {
    let user: User =
        serde_json::from_str(r#"{"id": "u1", "createdDateTime": "2017-01-01T00:02:43.5775965-08:00"}"#)
            .unwrap();
    assert_eq!(
        user.created_date_time.unwrap().to_string(),
        "2017-01-01T00:02:43.5775965-08:00"
    );
    let written = serde_json::to_value(&user).unwrap();
    assert!(written.get("createdDateTime").is_none(), "{written}");
    assert!(<User as graph_resource::odata::ODataType>::has_property(
        "createdDateTime"
    ));
}

#[test]
fn a_skipped_field_exists_only_in_rust() {
    let user: User = serde_json::from_str(r#"{"seenLocally": 7}"#).unwrap();
    assert_eq!(user.seen_locally, 0, "never read");
    let written = serde_json::to_value(User {
        seen_locally: 3,
        ..Default::default()
    })
    .unwrap();
    assert!(written.get("seenLocally").is_none(), "{written}");
    assert!(!<User as graph_resource::odata::ODataType>::has_property(
        "seenLocally"
    ));
}

#[test]
fn a_with_module_shapes_the_value_both_ways() {
    let user: User = serde_json::from_str(r#"{"code": "ABC", "nick": "ADE"}"#).unwrap();
    assert_eq!(
        (user.code.as_str(), user.nickname.as_deref()),
        ("abc", Some("ade"))
    );
    let written = serde_json::to_value(&user).unwrap();
    assert_eq!(written["code"], "ABC");
    assert_eq!(written["nick"], "ADE");
    let none = serde_json::to_value(User::default()).unwrap();
    assert!(
        none.get("nick").is_none(),
        "an Option that is None is left out: {none}"
    );
    let twice = serde_json::from_str::<User>(r#"{"code": "A", "code": "B"}"#).unwrap_err();
    assert!(twice.to_string().contains("duplicate field `code`"), "{twice}");
}

#[tokio::test]
async fn a_get_change_update_loop_sends_no_read_only_property() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/users",
        [json!({"id": "u1", "displayName": "Adele", "createdDateTime": "2017-01-01T00:02:43Z"})],
    );
    let client = emulator.client();
    let mut user = User::get(&client, UserPath.item("u1")).await.unwrap();
    assert!(user.created_date_time.is_some());
    user.display_name = Some("Adele Vance".into());
    user.update(&client, UserPath.item("u1")).await.unwrap();
    let patch = last_patch(&emulator);
    let body = patch.json().unwrap();
    assert_eq!(body["displayName"], "Adele Vance");
    assert!(body.get("createdDateTime").is_none(), "{body}");
}

#[graph_resource(path = "/contacts")]
#[derive(Debug, Default, PartialEq)]
pub struct Contact {
    #[graph(read_only)]
    pub id: Option<String>,
    pub display_name: graph_resource::edm::Nullable<String>,
    pub office_location: graph_resource::edm::Nullable<String>,
    pub mobile_phone: graph_resource::edm::Nullable<String>,
}

#[test]
fn an_explicit_null_survives_a_read_modify_write() {
    use graph_resource::edm::Nullable;
    let json = r#"{"id":"c1","displayName":"Adele","officeLocation":null}"#;
    let contact: Contact = serde_json::from_str(json).unwrap();
    assert_eq!(contact.office_location, Nullable::Null);
    assert_eq!(contact.mobile_phone, Nullable::Absent);
    assert_eq!(
        serde_json::to_value(&contact).unwrap(),
        json!({"@odata.type": "#microsoft.graph.contact", "displayName": "Adele", "officeLocation": null})
    );
}

#[tokio::test]
async fn an_update_clears_a_property_through_its_field() {
    use graph_resource::edm::Nullable;
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/contacts",
        [json!({"id": "c1", "displayName": "Adele", "mobilePhone": "+1 555"})],
    );
    let client = emulator.client();
    let change = Contact {
        mobile_phone: Nullable::Null,
        ..Default::default()
    };
    change.update(&client, ContactPath.item("c1")).await.unwrap();
    let patch = last_patch(&emulator);
    assert_eq!(
        patch.json().unwrap(),
        json!({"@odata.type": "#microsoft.graph.contact", "mobilePhone": null})
    );
    assert_eq!(
        emulator.items("/contacts")[0]["mobilePhone"],
        serde_json::Value::Null
    );
}

#[tokio::test]
async fn an_update_built_from_default_sends_only_what_the_caller_set() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert(
        "/users",
        [json!({"id": "u1", "displayName": "Adele", "businessPhones": ["+1 555 0100"], "accountEnabled": true, "code": "X"})],
    );
    let client = emulator.client();
    let change = User {
        display_name: Some("Adele Vance".into()),
        ..Default::default()
    };
    change.update(&client, UserPath.item("u1")).await.unwrap();
    let patch = last_patch(&emulator);
    // `#[graph(default)]` fields at their default are left out: an empty
    // list, `false` and `""` would otherwise overwrite the user's.
    assert_eq!(
        patch.json().unwrap(),
        json!({"@odata.type": "#microsoft.graph.user", "displayName": "Adele Vance"})
    );
    let stored = &emulator.items("/users")[0];
    assert_eq!(stored["businessPhones"], json!(["+1 555 0100"]));
    assert_eq!(stored["accountEnabled"], true);
    assert_eq!(stored["code"], "X");
}

#[test]
fn a_default_field_is_written_when_it_holds_something_else() {
    let written = serde_json::to_value(User {
        business_phones: vec!["+1 555 0100".into()],
        account_enabled: true,
        code: "abc".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        written,
        json!({
            "@odata.type": "#microsoft.graph.user",
            "businessPhones": ["+1 555 0100"],
            "accountEnabled": true,
            "code": "ABC",
        })
    );
    // Absent reads as the default, and the default writes as absent.
    let back: User = serde_json::from_value(json!({})).unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        json!({"@odata.type": "#microsoft.graph.user"})
    );
}
