use graph_resource::graph_resource;

#[graph_resource(path = "/security//policies")]
struct Item {
    id: Option<String>,
}

fn main() {}
