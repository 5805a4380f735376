use graph_resource::graph_resource;

#[graph_resource(path = "/me/events?$select=subject")]
struct Item {
    id: Option<String>,
}

fn main() {}
