//! Singletons and single-valued navigation: `/me` and a user's manager,
//! read, updated and deleted against the emulator.

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::graph_resource;
use serde_json::json;

/// The signed-in user: a singleton.
#[graph_resource(path = "/me", singleton, odata_type = "#microsoft.graph.user")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Me {
    pub id: Option<String>,
    pub display_name: Option<String>,
    pub job_title: Option<String>,
}

/// A user's manager: a single-valued navigation to a directory object,
/// which may be a user.
#[graph_resource(odata_type = "#microsoft.graph.user")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct User {
    pub id: Option<String>,
    pub display_name: Option<String>,
}

#[graph_resource(path = "/users/{usersId}/manager", singleton)]
#[derive(Debug, Clone, PartialEq)]
pub enum Manager {
    User(User),
    #[graph(other)]
    Other(graph_resource::Properties),
}

#[tokio::test]
async fn singletons_and_single_valued_navigation_get_update_and_delete() {
    let emulator = Emulator::start().await.unwrap();
    emulator.put_object("/me", json!({"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Adele", "jobTitle": "Buyer"}));
    emulator.put_object(
        "/users/u1/manager",
        json!({"@odata.type": "#microsoft.graph.user", "id": "u2", "displayName": "Megan"}),
    );
    let client = emulator.client();
    let me = Me::get(&client, MePath).select(["displayName"]).await.unwrap();
    assert_eq!((me.display_name.as_deref(), me.job_title), (Some("Adele"), None));
    assert_eq!(
        emulator.requests().pop().unwrap().target,
        "/beta/me?$select=displayName"
    );
    Me {
        job_title: Some("Lead buyer".into()),
        ..Default::default()
    }
    .update(&client, MePath)
    .await
    .unwrap();
    let patch = emulator.requests().pop().unwrap();
    assert_eq!(
        (patch.method.as_str(), patch.target.as_str()),
        ("PATCH", "/beta/me")
    );
    let manager = Manager::get(&client, ManagerPath { users_id: "u1" })
        .await
        .unwrap();
    assert!(matches!(manager, Manager::User(u) if u.display_name.as_deref() == Some("Megan")));
    Manager::delete(&client, ManagerPath { users_id: "u1" })
        .await
        .unwrap();
    let err = Manager::get(&client, ManagerPath { users_id: "u1" })
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}
