use graph_resource::graph_resource;

#[graph_resource(path = "/users/{id}")]
#[derive(Debug, Default)]
struct User {
    id: Option<String>,
}

fn main() {}
