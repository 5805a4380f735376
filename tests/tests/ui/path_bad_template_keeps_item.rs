use graph_resource::graph_resource;

// One mistake, one error: the corrected template stands in, so the path type
// and the operations exist and this code adds no error.
#[graph_resource(path = "/users/{id}/events/{id}")]
#[derive(Debug, Default)]
struct Event {
    id: Option<String>,
}

async fn run(client: &graph_resource::Client) {
    let path = EventPath { id: "u1", event_id: "e1" };
    let _ = Event::list(client, path).all().await;
}

fn main() {}
