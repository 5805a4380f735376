use graph_resource::graph_resource;

#[graph_resource(path = "/tenants/{tenant id}/users")]
struct Item {
    id: Option<String>,
}

fn main() {}
