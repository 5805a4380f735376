use graph_resource::graph_resource;

#[graph_resource(path = "/groups/{1st}/members")]
struct Item {
    id: Option<String>,
}

fn main() {}
