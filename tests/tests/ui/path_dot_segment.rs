use graph_resource::graph_resource;

#[graph_resource(path = "/me/drive/../items")]
struct Item {
    id: Option<String>,
}

fn main() {}
