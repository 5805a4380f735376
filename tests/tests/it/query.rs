//! Query options and headers on every operation, wire-exact, and the
//! emulator's answers to them with Graph's semantics.

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::odata::odata_string;
use graph_resource::{Error, Query, ResourcePath, graph_resource};
use serde_json::json;

/// A directory object, as Entra automation reads it.
#[graph_resource(path = "/users")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct User {
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    pub mail: Option<String>,
    /// Absent in a `$select` read that leaves it out.
    #[graph(default)]
    pub business_phones: Vec<String>,
    pub manager: Option<Box<User>>,
}

fn users(n: usize) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| {
            json!({"@odata.type": "#microsoft.graph.user", "id": format!("u{i}"),
                   "displayName": if i % 2 == 0 { format!("Adele {i}") } else { format!("Bob {i}") },
                   "userPrincipalName": format!("user{i}@contoso.com"), "mail": format!("user{i}@contoso.com"),
                   "businessPhones": ["+1 555 0100"]})
        })
        .collect()
}

#[tokio::test]
async fn every_list_option_is_sent_encoded_with_the_header_it_needs() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", users(3));
    let list = User::list(&emulator.client(), UserPath)
        .filter(format!("startswith(displayName,{})", odata_string("Adele")))
        .select(["id", "displayName"])
        .expand(["manager($select=id)"])
        .order_by("displayName")
        .top(5)
        .skip(1)
        .with_count()
        .search("displayName:adele")
        .option("$format", "json");
    list.all().await.unwrap();
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(
        sent.target,
        "/beta/users?$filter=startswith%28displayName%2C%27Adele%27%29&$select=id%2CdisplayName\
         &$expand=manager%28%24select%3Did%29&$orderby=displayName&$top=5&$skip=1&$count=true\
         &$search=%22displayName%3Aadele%22&$format=json"
    );
    assert_eq!(sent.header("consistencylevel"), Some("eventual"));
}

#[tokio::test]
async fn the_callers_consistency_level_is_kept_and_headers_go_with_every_page() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", users(5));
    emulator.set_page_size(2);
    let mut list = User::list(&emulator.client(), UserPath)
        .with_count()
        .header("ConsistencyLevel", "eventual")
        .header("Prefer", "odata.maxpagesize=2");
    let mut read = 0;
    while let Some(user) = list.next().await {
        user.unwrap();
        read += 1;
        assert_eq!(list.total_count(), Some(5), "known from the first page on");
    }
    assert_eq!((read, list.pages_read()), (5, 3));
    let sent = emulator.requests();
    assert_eq!(sent.len(), 3);
    for request in &sent {
        let levels: Vec<_> = request
            .headers
            .iter()
            .filter(|(n, _)| n == "consistencylevel")
            .collect();
        assert_eq!(levels.len(), 1, "set once, on every page: {:?}", request.headers);
        assert_eq!(request.header("prefer"), Some("odata.maxpagesize=2"));
    }
}

#[tokio::test]
async fn get_takes_select_and_expand_and_refuses_collection_options() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", users(1));
    let client = emulator.client();
    let user = User::get(&client, UserPath.item("u0"))
        .select(["displayName"])
        .expand(["manager"])
        .header("ConsistencyLevel", "eventual")
        .await
        .unwrap();
    // Only the named property, with the id, as Graph answers a `$select`;
    // the field that must be present reads as its default.
    assert_eq!(user.display_name.as_deref(), Some("Adele 0"));
    assert_eq!((user.mail, user.business_phones), (None, Vec::<String>::new()));
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.target, "/beta/users/u0?$select=displayName&$expand=manager");
    assert_eq!(sent.header("consistencylevel"), Some("eventual"));
    // One name is given as it is, without a list around it.
    User::get(&client, UserPath.item("u0"))
        .select("displayName")
        .expand("manager")
        .await
        .unwrap();
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.target, "/beta/users/u0?$select=displayName&$expand=manager");
    let names = vec![String::from("id"), String::from("mail")];
    User::list(&client, UserPath).select(&names).all().await.unwrap();
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.target, "/beta/users?$select=id%2Cmail");
    // Several in one string, as Graph's docs write them: the same bytes.
    User::list(&client, UserPath)
        .select("id,mail")
        .all()
        .await
        .unwrap();
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.target, "/beta/users?$select=id%2Cmail");

    let before = emulator.requests().len();
    let refused = User::get(&client, UserPath.item("u0"))
        .option("$top", "1")
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, Error::InvalidRequest(e) if e.part == graph_resource::http::RequestPart::Query),
        "{refused:?}"
    );
    assert!(
        refused.to_string().contains("$top applies to a collection"),
        "{refused}"
    );
    assert_eq!(emulator.requests().len(), before, "nothing sent");
}

#[tokio::test]
async fn a_misspelled_property_is_an_error_before_sending() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let err = User::list(&client, UserPath)
        .select(["id", "displayNmae"])
        .all()
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("`displayNmae` is not a property of #microsoft.graph.user")
            && text.contains("displayName"),
        "{text}"
    );
    let err = User::get(&client, UserPath.item("u0"))
        .expand(["managr"])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("`managr`"), "{err}");
    // Each of several names in one string is checked, and a comma inside
    // an expansion's own options is not a separator.
    for (names, says) in [
        ("id,displayNmae", "`displayNmae` is not a property"),
        ("id,", "`id,` has an empty name: leave out the extra comma"),
    ] {
        let err = User::list(&client, UserPath)
            .select(names)
            .all()
            .await
            .unwrap_err();
        assert!(err.to_string().contains(says), "{names}: {err}");
    }
    let err = User::get(&client, UserPath.item("u0"))
        .expand("manager($select=id,displayName),managr")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("`managr` is not a property"), "{err}");
    // The untyped query takes any name, for properties the type does not model.
    let users = User::list(&client, UserPath)
        .query(Query::new().select(["id", "employeeId"]))
        .all()
        .await
        .unwrap(); // nothing in /users yet: an empty page, as Graph answers
    assert!(users.is_empty());
    assert_eq!(emulator.requests().len(), 1, "only the untyped list was sent");
}

#[tokio::test]
async fn bad_headers_and_options_are_refused_with_what_was_wrong() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", users(1));
    let client = emulator.client();
    let cases: Vec<(graph_resource::ops::List<User>, &str)> = vec![
        (
            User::list(&client, UserPath).header("X-Note", "a\r\nInjected: 1"),
            "the value of header X-Note has a line break",
        ),
        (
            User::list(&client, UserPath).header("Authorization", "Bearer other"),
            "the client sets Authorization itself",
        ),
        (
            User::list(&client, UserPath).header("Bad Name", "x"),
            "`Bad Name` is not a header name",
        ),
        (
            User::list(&client, UserPath).option("a&b", "x"),
            "`a&b` is not a query option name",
        ),
        (
            User::list(&client, UserPath).filter("  "),
            "the query option $filter is empty",
        ),
        (User::list(&client, UserPath).top(0), "$top=0 asks for no items"),
        (
            User::list(&client, UserPath).option("$skiptoken", "x"),
            "$skiptoken comes from Graph's links",
        ),
    ];
    for (list, expected) in cases {
        let err = list.all().await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(err.to_string().contains(expected), "{err}");
        assert!(
            !err.to_string().contains("Injected"),
            "a header value is never repeated: {err}"
        );
    }
    assert!(emulator.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_update_can_ask_for_the_updated_object() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", users(1));
    let client = emulator.client();
    let change = User {
        display_name: Some("Adele Vance".into()),
        ..Default::default()
    };
    let updated = change
        .update(&client, UserPath.item("u0"))
        .header("Prefer", "return=representation")
        .await
        .unwrap();
    assert_eq!(updated.unwrap().display_name.as_deref(), Some("Adele Vance"));
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.header("prefer"), Some("return=representation"));
}

#[tokio::test]
async fn batch_items_carry_the_runs_options_and_headers() {
    let emulator = Emulator::start().await.unwrap();
    emulator.insert("/users", users(3));
    let client = emulator.client();
    let read = client
        .batch()
        .query(Query::new().select(["displayName"]))
        .header("ConsistencyLevel", "eventual")
        .get(UserPath, &["u0", "u2"])
        .await
        .unwrap();
    let names: Vec<_> = read
        .into_iter()
        .map(|r| r.unwrap().display_name.unwrap())
        .collect();
    assert_eq!(names, ["Adele 0", "Adele 2"]);
    let batch = emulator.requests().pop().unwrap().json().unwrap();
    assert_eq!(
        batch["requests"][0],
        json!({"id": "0", "method": "GET", "url": "/users/u0?$select=displayName",
               "headers": {"ConsistencyLevel": "eventual"}})
    );
    let refused = client
        .batch()
        .query(Query::new().top(1))
        .get(UserPath, &["u0"])
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("$top applies to a collection"),
        "{refused}"
    );
}

mod emulator_semantics {
    use super::*;

    async fn ids(list: graph_resource::ops::List<User>) -> Result<Vec<String>, Error> {
        Ok(list.all().await?.into_iter().map(|u| u.id.unwrap()).collect())
    }

    #[tokio::test]
    async fn filter_search_skip_top_and_select() {
        let emulator = Emulator::start().await.unwrap();
        emulator.insert("/users", users(6));
        let client = emulator.client();
        let list = || User::list(&client, UserPath);
        assert_eq!(
            ids(list().filter("startswith(displayName,'adele')"))
                .await
                .unwrap(),
            ["u0", "u2", "u4"]
        );
        assert_eq!(
            ids(list().filter("userPrincipalName eq 'user3@contoso.com'"))
                .await
                .unwrap(),
            ["u3"]
        );
        assert_eq!(
            ids(list().search("displayName:bob")).await.unwrap(),
            ["u1", "u3", "u5"]
        );
        assert_eq!(
            ids(list().skip(2).top(2)).await.unwrap(),
            ["u2", "u3", "u4", "u5"]
        );
        let selected = emulator.requests().len();
        let raw = list().select(["mail"]).all().await.unwrap();
        assert!(raw.iter().all(|u| u.display_name.is_none() && u.mail.is_some()));
        assert_eq!(emulator.requests().len(), selected + 1);
        let err = ids(list().filter("displayName ne 'x'")).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
        assert!(err.to_string().contains("Invalid filter clause"), "{err}");
    }

    #[tokio::test]
    async fn count_and_search_need_eventual_consistency_on_directory_objects() {
        let emulator = Emulator::start().await.unwrap();
        emulator.insert("/users", users(3));
        let client = emulator.client();
        // The client sends the header itself; a caller's other level is
        // kept, and Graph's refusal comes back.
        let err = User::list(&client, UserPath)
            .with_count()
            .header("ConsistencyLevel", "session")
            .all()
            .await
            .unwrap_err();
        let api = err.api().expect("Graph's error");
        assert_eq!(
            (api.status.as_u16(), api.code.as_deref()),
            (400, Some("Request_BadRequest"))
        );
        let err = User::list(&client, UserPath)
            .search("displayName:adele")
            .header("ConsistencyLevel", "session")
            .all()
            .await
            .unwrap_err();
        assert!(err.to_string().contains("ConsistencyLevel: eventual"), "{err}");
    }
}
