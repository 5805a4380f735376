use graph_resource::graph_resource;

#[graph_resource(path = "/users/{userId}/ events")]
struct Item {
    id: Option<String>,
}

fn main() {}
