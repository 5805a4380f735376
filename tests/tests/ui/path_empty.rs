use graph_resource::graph_resource;

#[graph_resource(path = "")]
struct Item {
    id: Option<String>,
}

fn main() {}
