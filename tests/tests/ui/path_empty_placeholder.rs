use graph_resource::graph_resource;

#[graph_resource(path = "/users/{}/events")]
struct Item {
    id: Option<String>,
}

fn main() {}
