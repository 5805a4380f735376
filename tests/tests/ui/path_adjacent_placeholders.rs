use graph_resource::graph_resource;

#[graph_resource(path = "/items/{a}{b}")]
struct Item {
    id: Option<String>,
}

fn main() {}
