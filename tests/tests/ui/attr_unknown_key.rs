use graph_resource::graph_resource;

#[graph_resource(path = "/me/events", odata = "#microsoft.graph.event")]
struct Event {
    id: Option<String>,
}

fn main() {}
