use graph_resource::graph_resource;

#[graph_resource(path = "/me/events")]
#[derive(Debug, serde::Serialize)]
struct Event {
    id: Option<String>,
}

fn main() {}
