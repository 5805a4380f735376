// One misspelled key gives one error: the type keeps its Serialize impl, its
// path type and its operations, so the code that uses them compiles.
use graph_resource::{graph_resource, Client, ResourcePath};

#[graph_resource(path = "/groups/{groupId}/events")]
#[derive(Debug, Default)]
pub struct Event {
    pub id: Option<String>,
    #[graph(renam = "subject")]
    pub title: Option<String>,
}

async fn uses(client: &Client) -> Result<(), graph_resource::Error> {
    let path = EventPath { group_id: "g1" };
    let _ = path.render()?;
    let created = Event::default().create(client, path).await?;
    let _ = serde_json::to_string(&created);
    let _ = Event::list(client, path).all().await?;
    Ok(())
}

fn main() {
    let _ = uses;
}
