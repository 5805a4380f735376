use graph_resource::graph_resource;

#[graph_resource(path = "/calls/{id}/participants/{id}")]
struct Item {
    id: Option<String>,
}

fn main() {}
