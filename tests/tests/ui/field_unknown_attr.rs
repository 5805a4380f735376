use graph_resource::graph_resource;

#[graph_resource(path = "/me/events")]
struct Event {
    #[graph(skip_serializing)]
    id: Option<String>,
}

fn main() {}
